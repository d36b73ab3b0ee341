"""Pages of the conferences of exemplars (hội nghị điển hình tiên tiến): the list, a
conference with its exemplars and the candidates from the record, the printable honour list.

Scope: a conference is seen by the users who see its unit (scope.visible_conferences) and
organised by the editors of that unit (scope.can_organise_conference); candidates and
exemplars lie in the unit's subtree."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from thidua.accounts import scope
from thidua.lib.security import allow_inline_styles
from thidua.lib.views import add_service_error, paginate, require, run_service
from thidua.reports import exemplars
from thidua.reports.documents.render import DOCX_MIME, download_name, render_conference_docx
from thidua.reports.forms import CandidateFilterForm, ConferenceForm, ExemplarForm
from thidua.reports.models import Conference, Exemplar
from thidua.reports.pdf import html_to_pdf


def _conference(request: HttpRequest, pk: int) -> Conference:
    return scope.get_visible_or_404(
        scope.visible_conferences(request.user).select_related("unit"), pk=pk
    )


def _organised(request: HttpRequest, pk: int) -> Conference:
    conference = _conference(request, pk)
    require(scope.can_organise_conference(request.user, conference.unit))
    return conference


def _exemplar(request: HttpRequest, pk: int) -> Exemplar:
    visible = Exemplar.objects.filter(conference__in=scope.visible_conferences(request.user))
    exemplar = scope.get_visible_or_404(
        visible.select_related("conference__unit", "person__unit", "unit"), pk=pk
    )
    require(scope.can_organise_conference(request.user, exemplar.conference.unit))
    return exemplar


@login_required
@require_safe
def conference_list(request: HttpRequest) -> HttpResponse:
    conferences = (
        scope.visible_conferences(request.user)
        .select_related("unit")
        .annotate(exemplar_count=Count("exemplars"))
        .order_by("-year_to", "title", "pk")  # a GROUP BY drops Meta.ordering
    )
    # ?chua-chon=1: the conferences still without exemplars (the home page's to-do link).
    waiting = request.GET.get("chua-chon") == "1"
    if waiting:
        conferences = conferences.filter(exemplar_count=0)
    return render(
        request,
        "reports/conference_list.html",
        {
            "page_obj": paginate(request, conferences),
            "can_create": scope.can_edit(request.user),
            "waiting": waiting,
        },
    )


def _save(request: HttpRequest, form: ConferenceForm, message: str) -> HttpResponse | None:
    if not form.is_valid():
        return None
    try:
        conference = exemplars.conference_save(conference=form.save(commit=False))
    except ValidationError as exc:
        add_service_error(form, exc)
        return None
    messages.success(request, message)
    return redirect(conference)


@login_required
def conference_create(request: HttpRequest) -> HttpResponse:
    require(scope.can_edit(request.user))
    form = ConferenceForm(request.POST or None, user=request.user)
    if request.method == "POST" and (done := _save(request, form, _("Đã thêm hội nghị."))):
        return done
    return render(request, "reports/conference_form.html", {"form": form, "conference": None})


@login_required
def conference_edit(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _organised(request, pk)
    form = ConferenceForm(request.POST or None, instance=conference, user=request.user)
    if request.method == "POST" and (done := _save(request, form, _("Đã lưu hội nghị."))):
        return done
    return render(request, "reports/conference_form.html", {"form": form, "conference": conference})


@login_required
@require_safe
def conference_detail(request: HttpRequest, pk: int) -> HttpResponse:
    conference = _conference(request, pk)
    chosen = conference.exemplars.select_related("person__unit", "unit")
    can_organise = scope.can_organise_conference(request.user, conference.unit)
    context = {"conference": conference, "exemplars": chosen, "can_organise": can_organise}
    if can_organise:
        form = CandidateFilterForm(request.GET or None, conference=conference)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        context["filter_form"] = form
        context["candidates"] = exemplars.candidates(
            conference,
            kind=filters.get("kind", ""),
            min_level=filters.get("min_level", ""),
            within=filters.get("within"),
        )
    return render(request, "reports/conference_detail.html", context)


@login_required
@require_POST
def exemplar_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose a candidate, given as "person:<id>" or "unit:<id>" (within the user's scope)."""
    conference = _organised(request, pk)
    kind, _sep, raw = request.POST.get("candidate", "").partition(":")
    person = unit = None
    if kind == exemplars.PERSON and raw.isdigit():
        person = scope.visible_people(request.user).select_related("unit").filter(pk=raw).first()
    elif kind == exemplars.COLLECTIVE and raw.isdigit():
        unit = scope.visible_units(request.user).filter(pk=raw).first()
    if person is None and unit is None:
        messages.error(request, _("Không tìm thấy cá nhân, tập thể đã chọn trong phạm vi."))
    else:
        run_service(
            request,
            lambda: exemplars.exemplar_add(conference=conference, person=person, unit=unit),
            _("Đã thêm %(who)s vào danh sách điển hình.") % {"who": person or unit},
        )
    return redirect(conference)


@login_required
def exemplar_edit(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = _exemplar(request, pk)
    form = ExemplarForm(request.POST or None, instance=exemplar)
    if request.method == "POST" and form.is_valid():
        try:
            exemplars.exemplar_save(exemplar=form.save(commit=False))
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("Đã lưu thành tích của %(who)s.") % {"who": exemplar.recipient}
            )
            return redirect(exemplar.conference)
    return render(request, "reports/exemplar_form.html", {"form": form, "exemplar": exemplar})


@login_required
@require_POST
def exemplar_remove(request: HttpRequest, pk: int) -> HttpResponse:
    exemplar = _exemplar(request, pk)
    conference = exemplar.conference
    run_service(
        request,
        lambda: exemplars.exemplar_remove(exemplar=exemplar),
        _("Đã bỏ %(who)s khỏi danh sách điển hình.") % {"who": exemplar.recipient},
    )
    return redirect(conference)


@allow_inline_styles
@login_required
@require_safe
def honour_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The honour list and the booklet: a page to print from the browser, or ?tai=pdf."""
    conference = _conference(request, pk)
    chosen = list(conference.exemplars.select_related("person__unit", "unit"))
    booklet, pdf = request.GET.get("ky-yeu") == "1", request.GET.get("tai") == "pdf"
    context = {
        "conference": conference,
        "people": [e for e in chosen if e.person_id],
        "collectives": [e for e in chosen if e.unit_id],
        "booklet": booklet,
        "pdf": pdf,
    }
    if request.GET.get("tai") == "docx":
        buffer = io.BytesIO()
        render_conference_docx(conference, buffer, booklet=booklet)
        response = HttpResponse(buffer.getvalue(), content_type=DOCX_MIME)
        kind = "booklet" if booklet else "honour_list"
        response["Content-Disposition"] = (
            f'attachment; filename="{download_name(kind, str(conference.pk))}"'
        )
        return response
    if not pdf:
        return render(request, "reports/honour_list.html", context)
    html = render_to_string("reports/honour_list.html", context, request=request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    name = f"{'ky-yeu' if booklet else 'danh-sach-tuyen-duong'}-{conference.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
