"""Pages of the disclosure (công khai) and of the council (Hội đồng thi đua – khen thưởng):
published lists with their comments, the office's days off, councils with their members,
meetings with attendance and each agenda item's secret-ballot tally.

Scope: every signed-in user reads disclosures (scope.visible_disclosures); the office and
the council members read councils and meetings (scope.visible_councils, visible_meetings:
others get 404); only the office writes (scope.can_review_dossiers, else 403). Every
period and result is computed by thidua.nominations.council, never typed."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from thidua.accounts import scope
from thidua.awards.choices import SourceStatus
from thidua.awards.models import AwardType
from thidua.lib import workdays
from thidua.lib.security import allow_inline_styles
from thidua.lib.views import add_service_error, paginate, require, run_service
from thidua.nominations import council as services
from thidua.nominations import council_selectors as selectors
from thidua.nominations.council_forms import (
    AttendanceForm,
    BallotForm,
    CommentForm,
    CouncilForm,
    DayOffForm,
    DisclosureForm,
    MeetingForm,
    MemberForm,
)
from thidua.nominations.models import Ballot, Council, Disclosure, Meeting, OfficeDayOff
from thidua.org.models import Unit
from thidua.rules.procedure import Threshold

ONE_DAY = dt.timedelta(days=1)


def _office(request: HttpRequest) -> bool:
    return scope.can_review_dossiers(request.user)


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A page of this part; `office` shows its writing forms."""
    context.setdefault("office", _office(request))
    return render(request, template, context)


def _status_label(status: str) -> str:
    """A rule's verification status, said plainly ("" when verified)."""
    if status == SourceStatus.VERIFIED:
        return ""
    return str(SourceStatus(status).label) if status in SourceStatus.values else status


_SHARE_LABELS = {
    ("members", False): gettext_lazy("ít nhất %(share)s tổng số thành viên"),
    ("members", True): gettext_lazy("quá %(share)s tổng số thành viên"),
    ("present", False): gettext_lazy("ít nhất %(share)s số thành viên dự họp"),
    ("present", True): gettext_lazy("quá %(share)s số thành viên dự họp"),
}


def _share_label(threshold: Threshold) -> str:
    percent: Fraction = threshold.share * 100
    value = f"{percent.numerator} %" if percent.denominator == 1 else str(threshold.share)
    return str(_SHARE_LABELS[threshold.of, threshold.strict]) % {"share": value}


def _threshold(threshold: Threshold) -> dict:
    return {
        "text": threshold.text,
        "share": _share_label(threshold),
        "cited": threshold.cited,
        "status": _status_label(threshold.status),
    }


def _award_names(codes) -> str:
    names = dict(AwardType.objects.filter(code__in=codes).values_list("code", "name"))
    return ", ".join(names.get(c, c) for c in codes)


# ── Disclosure ────────────────────────────────────────────────────────────────────────


@login_required
@require_safe
def disclosure_list(request: HttpRequest) -> HttpResponse:
    disclosures = scope.visible_disclosures(request.user).prefetch_related("items")
    return _render(
        request,
        "nominations/disclosure_list.html",
        {"page_obj": paginate(request, disclosures), "office": _office(request)},
    )


def _disclosure_rules(year: int) -> list[dict]:
    return [
        {
            "text": rule.text,
            "cited": rule.cited,
            "working_days": rule.working_days,
            "status": _status_label(rule.status),
            "awards": _award_names(rule.awards),
        }
        for rule in services.procedure_for(year).disclosure
    ]


def _preview_end(form: DisclosureForm) -> dict | None:
    """The period the chosen items and start would get (the longest rule of the items)."""
    data = form.cleaned_data
    rules = [r for r in (services.disclosure_rule(i) for i in data["items"]) if r is not None]
    if not rules:
        return None
    days = max(r.working_days for r in rules)
    end = workdays.nth_working_day(data["start"], days, services.days_off())
    return {"start": data["start"], "days": days, "end": end, "meeting": end + ONE_DAY}


def _default_preview(year: int) -> dict | None:
    """Before anything is chosen: the period of the year's longest rule from today."""
    rules = services.procedure_for(year).disclosure
    if not rules:
        return None
    start, days = dt.date.today(), max(r.working_days for r in rules)
    end = workdays.nth_working_day(start, days, services.days_off())
    return {"start": start, "days": days, "end": end, "meeting": end + ONE_DAY}


@login_required
def disclosure_create(request: HttpRequest) -> HttpResponse:
    require(_office(request))
    form = DisclosureForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = _preview_end(form)
        if "preview" not in request.POST:
            data = form.cleaned_data
            try:
                disclosure = services.disclosure_create(
                    actor=request.user,
                    year=data["year"],
                    start=data["start"],
                    items=data["items"],
                    title=data["title"],
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Đã công khai danh sách."))
                return redirect(disclosure)
    year = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    year = year or form.fields["year"].initial()
    if preview is None and not form.is_bound:
        preview = _default_preview(year)
    return _render(
        request,
        "nominations/disclosure_form.html",
        {"form": form, "preview": preview, "rules": _disclosure_rules(year), "year": year},
    )


def _disclosure(request: HttpRequest, pk: int) -> Disclosure:
    return scope.get_visible_or_404(scope.visible_disclosures(request.user), pk=pk)


def _disclosure_context(request: HttpRequest, disclosure: Disclosure, form=None) -> dict:
    today = dt.date.today()
    office = _office(request)
    if office and form is None:
        form = CommentForm(disclosure=disclosure)
    return {
        "disclosure": disclosure,
        "items": [(i, selectors.item_unit_name(i)) for i in selectors.disclosure_items(disclosure)],
        "comments": disclosure.comments.select_related("item__person", "item__unit"),
        "remaining": selectors.remaining_working_days(disclosure, today),
        "ended": today > disclosure.end,
        "not_started": today < disclosure.start,
        "meeting_from": disclosure.end + ONE_DAY,
        "office": office,
        "form": form,
    }


@login_required
@require_safe
def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    return _render(
        request, "nominations/disclosure_detail.html", _disclosure_context(request, disclosure)
    )


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    require(_office(request))
    form = CommentForm(request.POST, disclosure=disclosure)
    if form.is_valid():
        try:
            services.comment_add(actor=request.user, disclosure=disclosure, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Đã ghi ý kiến góp ý."))
            return redirect(disclosure)
    context = _disclosure_context(request, disclosure, form)
    return _render(request, "nominations/disclosure_detail.html", context)


@allow_inline_styles
@login_required
@require_safe
def disclosure_print(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = _disclosure(request, pk)
    items = [(i, selectors.item_unit_name(i)) for i in selectors.disclosure_items(disclosure)]
    return _render(
        request,
        "nominations/disclosure_print.html",
        {"disclosure": disclosure, "items": items, **_issuer()},
    )


def _issuer() -> dict:
    """The heading of a printed list: the Ministry above the province's police."""
    root = Unit.objects.filter(parent__isnull=True).order_by("path").first()
    return {"issuer_superior": "BỘ CÔNG AN", "issuer_body": root.name.upper() if root else ""}


# ── Office days off ───────────────────────────────────────────────────────────────────


def _days_off_context(request: HttpRequest, form=None) -> dict:
    try:
        year = int(request.GET.get("nam", ""))
    except ValueError:
        year = dt.date.today().year
    year = min(max(year, 1990), 2100)
    office = _office(request)
    return {
        "days": OfficeDayOff.objects.all(),
        "holidays": sorted(workdays.public_holidays(year).items()),
        "year": year,
        "office": office,
        "form": form or (DayOffForm() if office else None),
    }


@login_required
def days_off(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _render(request, "nominations/days_off.html", _days_off_context(request))
    require(_office(request))
    form = DayOffForm(request.POST)
    if form.is_valid():
        try:
            day = services.day_off_add(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("Đã thêm ngày nghỉ %(day)s.") % {"day": f"{day.date:%d/%m/%Y}"}
            )
            return redirect("nominations:days_off")
    return _render(request, "nominations/days_off.html", _days_off_context(request, form))


@login_required
@require_POST
def day_off_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require(_office(request))
    day = get_object_or_404(OfficeDayOff, pk=pk)
    run_service(
        request,
        lambda: services.day_off_remove(actor=request.user, day=day),
        _("Đã bỏ ngày nghỉ %(day)s.") % {"day": f"{day.date:%d/%m/%Y}"},
    )
    return redirect("nominations:days_off")


# ── Councils ──────────────────────────────────────────────────────────────────────────


@login_required
@require_safe
def council_list(request: HttpRequest) -> HttpResponse:
    if not scope.sees_councils(request.user):
        raise Http404
    councils = scope.visible_councils(request.user).select_related("unit")
    return _render(
        request,
        "nominations/council_list.html",
        {"page_obj": paginate(request, councils), "office": _office(request)},
    )


@login_required
def council_create(request: HttpRequest) -> HttpResponse:
    require(_office(request))
    form = CouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            council = services.council_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Đã thêm Hội đồng."))
            return redirect(council)
    return _render(request, "nominations/council_form.html", {"form": form})


def _council(request: HttpRequest, pk: int) -> Council:
    return scope.get_visible_or_404(
        scope.visible_councils(request.user).select_related("unit"), pk=pk
    )


def ballot_rules(year: int) -> list[dict]:
    """The pack's ballot rules for a year, each with its award types and thresholds."""
    procedure = services.procedure_for(year)
    rules = [(r, _award_names(r.awards)) for r in procedure.ballots]
    if procedure.default_ballot is not None:
        rules.append((procedure.default_ballot, _("Các hình thức khác")))
    return [
        {
            "awards": awards,
            "quorum": _threshold(rule.quorum),
            "approval": _threshold(rule.approval),
            "written_votes": rule.written_votes,
        }
        for rule, awards in rules
    ]


def _council_context(request: HttpRequest, council: Council, form=None) -> dict:
    office = _office(request)
    year = dt.date.today().year
    return {
        "council": council,
        "members": council.members.select_related("user"),
        "meetings": council.meetings.all(),
        "rules": ballot_rules(year),
        "rules_year": year,
        "office": office,
        "form": form or (MemberForm() if office else None),
    }


@login_required
@require_safe
def council_detail(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council(request, pk)
    return _render(request, "nominations/council_detail.html", _council_context(request, council))


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council(request, pk)
    require(_office(request))
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            member = services.member_add(actor=request.user, council=council, **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Đã thêm %(name)s vào Hội đồng.") % {"name": member})
            return redirect(council)
    context = _council_context(request, council, form)
    return _render(request, "nominations/council_detail.html", context)


# ── Meetings ──────────────────────────────────────────────────────────────────────────


@login_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    council = _council(request, pk)
    require(_office(request))
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=request.user, council=council, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Đã lập phiên họp."))
            return redirect(meeting)
    return _render(request, "nominations/meeting_form.html", {"form": form, "council": council})


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return scope.get_visible_or_404(
        scope.visible_meetings(request.user).select_related("council"), pk=pk
    )


def _meeting_context(request: HttpRequest, meeting: Meeting, bound=None) -> dict:
    """`bound`: a form posted with errors, shown in place of the fresh one."""
    office = _office(request)
    rows = selectors.meeting_rows(meeting)
    present, absent = selectors.attendance(meeting)
    agenda = []
    for row in rows:
        form = None
        if office:
            form = (
                bound
                if isinstance(bound, BallotForm) and bound.prefix == f"b{row.ballot.pk}"
                else BallotForm(ballot=row.ballot)
            )
        agenda.append(
            {
                "row": row,
                "form": form,
                "approval": _threshold(row.rule.approval),
                "quorum": _threshold(row.rule.quorum),
            }
        )
    attendance_form = None
    if office:
        attendance_form = (
            bound if isinstance(bound, AttendanceForm) else AttendanceForm(meeting=meeting)
        )
    return {
        "meeting": meeting,
        "agenda": agenda,
        "present": present,
        "absent": absent,
        "member_count": len(present) + len(absent),
        "chair": selectors.meeting_chair(meeting),
        "counted": any(r.ballot.counted for r in rows),
        "office": office,
        "attendance_form": attendance_form,
    }


@login_required
@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return _render(request, "nominations/meeting_detail.html", _meeting_context(request, meeting))


def _refused(request: HttpRequest, form, exc: ValidationError | None = None) -> None:
    if exc is not None:
        add_service_error(form, exc)
    messages.error(
        request,
        " ".join(str(e) for e in form.non_field_errors())
        or _("Chưa lưu: kiểm tra lại các ô có lỗi."),
    )


@login_required
@require_POST
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    require(_office(request))
    form = AttendanceForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            services.attendance_set(
                actor=request.user, meeting=meeting, present=form.cleaned_data["present"]
            )
        except ValidationError as exc:
            _refused(request, form, exc)
        else:
            messages.success(request, _("Đã lưu danh sách dự họp."))
            return redirect(meeting)
    else:
        _refused(request, form)
    context = _meeting_context(request, meeting, form)
    return _render(request, "nominations/meeting_detail.html", context)


@login_required
@require_POST
def ballot_record(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = scope.get_visible_or_404(
        Ballot.objects.filter(meeting__in=scope.visible_meetings(request.user)).select_related(
            "meeting__council", "item"
        ),
        pk=pk,
    )
    require(_office(request))
    meeting = ballot.meeting
    form = BallotForm(request.POST, ballot=ballot)
    if form.is_valid():
        try:
            ballot = services.ballot_record(
                actor=request.user,
                ballot=ballot,
                version=form.cleaned_data["version"],
                **form.counts(),
            )
        except ValidationError as exc:
            _refused(request, form, exc)
        else:
            result = _("Thông qua") if ballot.passed else _("Không thông qua")
            messages.success(
                request,
                _("Đã ghi kết quả kiểm phiếu của %(name)s: %(result)s.")
                % {"name": ballot.item.recipient_name, "result": result},
            )
            return redirect(meeting)
    else:
        _refused(request, form)
    context = _meeting_context(request, meeting, form)
    return _render(request, "nominations/meeting_detail.html", context)
