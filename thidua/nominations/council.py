"""Disclosure of candidate lists and the council's record: meetings, agendas, secret-ballot
tallies. The period of a disclosure and a ballot's result come from the pack of the year
(thidua.rules.procedure) and the working-day calendar (thidua.lib.workdays): computed, never
typed. Every write is for the province's office (scope.can_review_dossiers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.lib import workdays
from thidua.lib.versioning import expect_version
from thidua.lib.vntext import clean_text
from thidua.nominations.models import (
    Ballot,
    Council,
    CouncilMember,
    Disclosure,
    DisclosureComment,
    DossierItem,
    DossierStatus,
    ItemStatus,
    Meeting,
    OfficeDayOff,
)
from thidua.nominations.services import close_if_done, log_step, notify, unit_users
from thidua.rules.engine import default_rulebook
from thidua.rules.procedure import BallotOutcome, DisclosureRule, Procedure, tally


def _require_office(actor) -> None:
    if not scope.can_review_dossiers(actor):
        raise PermissionDenied


def procedure_for(year: int) -> Procedure:
    return default_rulebook().pack_for(year).procedure


def days_off() -> set[dt.date]:
    return set(OfficeDayOff.objects.values_list("date", flat=True))


@transaction.atomic
def day_off_add(*, actor, date: dt.date, name: str) -> OfficeDayOff:
    """A day the office adds to the public holidays; it counts for disclosures published
    from now on (a published period keeps the end it was given)."""
    _require_office(actor)
    day = OfficeDayOff(date=date, name=clean_text(name))
    day.full_clean()
    day.save()
    return day


@transaction.atomic
def day_off_remove(*, actor, day: OfficeDayOff) -> None:
    _require_office(actor)
    day.delete()


def disclosure_rule(item: DossierItem) -> DisclosureRule | None:
    """The pack's disclosure rule for the item's award type, None when none is required."""
    return procedure_for(item.dossier.year).disclosure_for(item.award_type.code)


def needs_disclosure(items: Iterable[DossierItem]) -> list[DossierItem]:
    return [i for i in items if disclosure_rule(i) is not None]


# ── Disclosure ────────────────────────────────────────────────────────────────────────


@transaction.atomic
def disclosure_create(
    *, actor, year: int, start: dt.date, items: Iterable[DossierItem], title: str = ""
) -> Disclosure:
    """Publish the items at the council stage whose award types the pack says to disclose,
    for the longest period any of them requires."""
    _require_office(actor)
    items = list(items)
    wrong = [i for i in items if i.dossier.status != DossierStatus.AT_COUNCIL]
    if wrong:
        raise ValidationError(
            _("Chỉ công khai đề nghị của hồ sơ đã trình Hội đồng: %(names)s.")
            % {"names": ", ".join(i.recipient_name for i in wrong)}
        )
    problems = [p for p in (_date_problem(i, start, _("công khai")) for i in items) if p]
    if problems:
        raise ValidationError(problems)
    rules = [r for r in (disclosure_rule(i) for i in items) if r is not None]
    if not rules:
        raise ValidationError(_("Không có đề nghị nào thuộc diện phải công khai."))
    rule = max(rules, key=lambda r: r.working_days)
    end = workdays.nth_working_day(start, rule.working_days, days_off())
    disclosure = Disclosure(
        title=clean_text(title)
        or _("Công khai danh sách đề nghị khen thưởng năm %(year)s") % {"year": year},
        year=year,
        start=start,
        working_days=rule.working_days,
        end=end,
        rule_text=f"{rule.text} ({rule.cited})"[:500],
        published_by=scope.history_author(actor),
    )
    disclosure.full_clean()
    disclosure.save()
    disclosure.items.set(needs_disclosure(items))
    return disclosure


@transaction.atomic
def comment_add(
    *,
    actor,
    disclosure: Disclosure,
    received_on: dt.date,
    sender: str,
    content: str,
    item: DossierItem | None = None,
    response: str = "",
) -> DisclosureComment:
    _require_office(actor)
    if item is not None and not disclosure.items.filter(pk=item.pk).exists():
        raise ValidationError({"item": _("Người, tập thể này không có trong danh sách công khai.")})
    comment = DisclosureComment(
        disclosure=disclosure,
        item=item,
        received_on=received_on,
        sender=clean_text(sender),
        content=content.strip(),
        response=response.strip(),
        recorded_by=scope.history_author(actor),
    )
    comment.full_clean()
    comment.save()
    return comment


def _date_problem(item: DossierItem, day: dt.date, what: str) -> str:
    """A date of the item's procedure before its achievement year began cannot be right: a
    list is disclosed and voted on after the achievements it rewards."""
    if day.year >= item.dossier.year:
        return ""
    return _(
        "Ngày %(what)s %(day)s trước năm thành tích %(year)s của %(name)s: kiểm tra lại ngày."
    ) % {
        "what": what,
        "day": f"{day:%d/%m/%Y}",
        "year": item.dossier.year,
        "name": item.recipient_name,
    }


def disclosure_problem(
    item: DossierItem, meeting_date: dt.date, published: list[Disclosure] | None = None
) -> str:
    """Why the item may not be voted on at a meeting of that date ("" when it may): a list
    that must be disclosed is voted on only after its period has ended."""
    rule = disclosure_rule(item)
    if rule is None:
        return ""
    if published is None:
        published = list(item.disclosures.all())
    if any(d.end < meeting_date and d.working_days >= rule.working_days for d in published):
        return ""
    current = max(published, key=lambda d: d.end, default=None)
    if current is None:
        return _("%(name)s (%(award)s) chưa được công khai: %(rule)s.") % {
            "name": item.recipient_name,
            "award": item.award_type.name,
            "rule": rule.text,
        }
    return _(
        "%(name)s: danh sách công khai đến hết ngày %(end)s, Hội đồng chỉ họp xét từ ngày sau đó."
    ) % {"name": item.recipient_name, "end": f"{current.end:%d/%m/%Y}"}


def _disclosures_of(items: list[DossierItem]) -> dict[int, list[Disclosure]]:
    """item id -> its disclosures, in one query for a whole agenda."""
    links = Disclosure.items.through.objects.filter(
        dossieritem_id__in=[i.pk for i in items]
    ).select_related("disclosure")
    found: dict[int, list[Disclosure]] = {i.pk: [] for i in items}
    for link in links:
        found[link.dossieritem_id].append(link.disclosure)
    return found


# ── Council and meetings ──────────────────────────────────────────────────────────────


@transaction.atomic
def council_create(*, actor, name: str, unit, term_from: dt.date, term_to=None) -> Council:
    _require_office(actor)
    council = Council(name=clean_text(name), unit=unit, term_from=term_from, term_to=term_to)
    council.full_clean()
    council.save()
    return council


@transaction.atomic
def member_add(
    *, actor, council: Council, full_name: str, role: str, position: str = "", user=None
) -> CouncilMember:
    _require_office(actor)
    last = council.members.order_by("-order").values_list("order", flat=True).first() or 0
    member = CouncilMember(
        council=council,
        full_name=clean_text(full_name),
        role=role,
        position=clean_text(position),
        user=user,
        order=last + 1,
    )
    member.full_clean()
    if role == "chair" and council.members.filter(role="chair").exists():
        raise ValidationError({"role": _("Hội đồng đã có Chủ tịch.")})
    member.save()
    return member


@transaction.atomic
def meeting_create(
    *, actor, council: Council, date: dt.date, items: Iterable[DossierItem], place: str = ""
) -> Meeting:
    """A meeting with its agenda: items of dossiers at the council, each disclosed for its
    full period before the meeting's date where the pack requires it."""
    _require_office(actor)
    items = list(items)
    if not items:
        raise ValidationError(_("Chương trình họp chưa có đề nghị nào."))
    wrong = [
        i
        for i in items
        if i.dossier.status != DossierStatus.AT_COUNCIL or i.status != ItemStatus.PROPOSED
    ]
    if wrong:
        raise ValidationError(
            _("Chỉ đưa vào chương trình họp đề nghị đang chờ Hội đồng xét: %(names)s.")
            % {"names": ", ".join(i.recipient_name for i in wrong)}
        )
    on_agenda = DossierItem.objects.filter(pk__in=[i.pk for i in items], ballots__isnull=False)
    if on_agenda.exists():
        raise ValidationError(
            _("Đã có trong chương trình một phiên họp khác: %(names)s.")
            % {"names": ", ".join(i.recipient_name for i in on_agenda.distinct())}
        )
    problems = [p for p in (_date_problem(i, date, _("họp")) for i in items) if p]
    published = _disclosures_of(items)
    problems += [p for p in (disclosure_problem(i, date, published[i.pk]) for i in items) if p]
    if problems:
        raise ValidationError(problems)
    if not council.members.exists():
        raise ValidationError(_("Hội đồng chưa có thành viên."))
    meeting = Meeting(council=council, date=date, place=clean_text(place))
    meeting.full_clean()
    meeting.save()
    members = council.members.count()
    Ballot.objects.bulk_create(Ballot(meeting=meeting, item=i, members=members) for i in items)
    seats = council.members.filter(user__is_active=True).select_related("user")
    notify(
        [seat.user for seat in seats],
        None,
        _("Phiên họp %(council)s ngày %(date)s: %(n)s đề nghị cần bỏ phiếu.")
        % {"council": council.name, "date": f"{date:%d/%m/%Y}", "n": len(items)},
        actor=actor,
    )
    return meeting


@transaction.atomic
def attendance_set(*, actor, meeting: Meeting, present: Iterable[CouncilMember]) -> Meeting:
    _require_office(actor)
    present = list(present)
    if any(m.council_id != meeting.council_id for m in present):
        raise ValidationError(_("Chỉ chọn thành viên của Hội đồng này."))
    if meeting.ballots.filter(counted=True).exists():
        raise ValidationError(_("Đã kiểm phiếu: không đổi danh sách dự họp được nữa."))
    meeting.present.set(present)
    meeting.save()
    return meeting


def outcome(ballot: Ballot) -> BallotOutcome:
    """The result of a ballot as the pack of the item's year computes it."""
    rule = procedure_for(ballot.item.dossier.year).ballot_for(ballot.item.award_type.code)
    return tally(
        rule,
        members=ballot.members,
        present=ballot.present,
        agree=ballot.agree,
        disagree=ballot.disagree,
        invalid=ballot.invalid,
        written_agree=ballot.written_agree,
        written_disagree=ballot.written_disagree,
    )


_TALLY_FIELDS = ("agree", "disagree", "invalid", "written_agree", "written_disagree")


@transaction.atomic
def ballot_record(*, actor, ballot: Ballot, version: int | None = None, **counts: int) -> Ballot:
    """Record one item's tally; the item is passed or not as the pack's threshold says."""
    _require_office(actor)
    ballot = Ballot.objects.select_for_update().select_related("meeting").get(pk=ballot.pk)
    if version is not None:
        expect_version(ballot, version)
    item = (
        DossierItem.objects.select_for_update()
        .select_related("dossier", "award_type")
        .get(pk=ballot.item_id)
    )
    if item.dossier.status != DossierStatus.AT_COUNCIL or item.status not in (
        ItemStatus.PROPOSED,
        ItemStatus.APPROVED,
        ItemStatus.REJECTED,
    ):
        raise ValidationError(_("Hồ sơ đã có kết quả: không sửa kết quả bỏ phiếu được."))
    for name in _TALLY_FIELDS:
        setattr(ballot, name, int(counts.get(name, 0) or 0))
    ballot.members = ballot.meeting.council.members.count()
    ballot.present = ballot.meeting.present.count()
    ballot.item = item
    try:
        result = outcome(ballot)
    except ValueError as exc:
        raise ValidationError(_tally_message(str(exc), ballot)) from exc
    ballot.counted, ballot.passed = True, result.passed
    ballot.rule_text = f"{result.rule.approval.text}; {result.rule.quorum.text}"[:500]
    ballot.save()
    item.status = ItemStatus.APPROVED if result.passed else ItemStatus.REJECTED
    item.save()
    log_step(
        item.dossier,
        "vote",
        actor,
        item=item,
        comment=_("%(agree)s/%(members)s đồng ý (cần %(needed)s): %(result)s")
        % {
            "agree": result.agree,
            "members": result.members,
            "needed": result.needed,
            "result": _("thông qua") if result.passed else _("không thông qua"),
        },
    )
    notify(
        unit_users(item.dossier),
        item.dossier,
        (
            _("Hội đồng thông qua đề nghị %(award)s cho %(name)s.")
            if result.passed
            else _("Hội đồng không thông qua đề nghị %(award)s cho %(name)s.")
        )
        % {"award": item.award_type.name, "name": item.recipient_name},
        actor=actor,
    )
    if not ballot.meeting.held:
        ballot.meeting.held = True
        ballot.meeting.save()
    close_if_done(actor, item.dossier)
    return ballot


def _tally_message(code: str, ballot: Ballot) -> str:
    return {
        "present > members": _("Số người dự họp nhiều hơn số thành viên Hội đồng."),
        "ballots > present": _(
            "Tổng số phiếu (%(n)s) nhiều hơn số thành viên dự họp (%(present)s)."
        )
        % {
            "n": ballot.agree + ballot.disagree + ballot.invalid,
            "present": ballot.present,
        },
        "written votes not allowed": _(
            "Quy định không cho thành viên vắng mặt bỏ phiếu bằng văn bản cho hình thức này."
        ),
        "written > absent": _(
            "Số phiếu bằng văn bản nhiều hơn số thành viên vắng mặt (%(absent)s)."
        )
        % {"absent": ballot.members - ballot.present},
    }.get(code, _("Số phiếu không hợp lệ."))
