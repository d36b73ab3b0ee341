"""The hand entry of a person's initiatives (sáng kiến) and discipline (kỷ luật) on their
record page (awards.record_page): the imports' rules, scope and audit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.awards import services
from thidua.awards.models import Discipline, Initiative
from thidua.awards.record_forms import DisciplineEntryForm, InitiativeEntryForm
from thidua.awards.record_page import person_or_404, posted_instance, require_entry, submit
from thidua.lib.dates import format_date


@login_required
@require_POST
def person_initiative_save(request: HttpRequest, code: str) -> HttpResponse:
    person = person_or_404(request, code)
    require_entry(request, person)
    instance = posted_instance(request, Initiative.objects.filter(authorships__person=person))
    form = InitiativeEntryForm(request.POST, person=person, user=request.user, instance=instance)

    def save(form: InitiativeEntryForm) -> str:
        if instance is not None:
            initiative = services.initiative_update(initiative=instance, **form.service_fields())
            done = _("Đã sửa sáng kiến “%(title)s” năm %(year)s.")
        else:
            initiative = services.initiative_create(**form.service_fields())
            done = _("Đã thêm sáng kiến “%(title)s” năm %(year)s.")
        return done % {
            "title": initiative.title,
            "year": initiative.year,
        }

    return submit(request, person, form, save, anchor="sang-kien", form_key="initiative_form")


@login_required
@require_POST
def person_discipline_save(request: HttpRequest, code: str) -> HttpResponse:
    person = person_or_404(request, code)
    require_entry(request, person)
    instance = posted_instance(request, Discipline.objects.filter(person=person))
    form = DisciplineEntryForm(request.POST, instance=instance)

    def save(form: DisciplineEntryForm) -> str:
        if instance is not None:
            discipline = services.discipline_update(discipline=instance, **form.service_fields())
            done = _("Đã sửa kỷ luật theo quyết định %(number)s ngày %(date)s.")
        else:
            discipline = services.discipline_create(person=person, **form.service_fields())
            done = _("Đã thêm kỷ luật theo quyết định %(number)s ngày %(date)s.")
        return done % {
            "number": discipline.decision_number,
            "date": format_date(discipline.decision_date),
        }

    return submit(request, person, form, save, anchor="ky-luat", form_key="discipline_form")
