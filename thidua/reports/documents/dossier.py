"""The tờ trình of a nomination dossier: the proposing unit asks the competent authority to
award the dossier's items (all of them, less those the council did not pass), in the same
template and layout as the tờ trình of a decision (contexts.submission_context).

The items are not awards yet; they are laid out as the awards of the decision they propose
(unsaved Award rows of an unsaved Decision dated today), so one builder serves both.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from thidua.accounts import scope
from thidua.awards.models import Award, Decision
from thidua.nominations.models import Dossier, DossierItem, ItemStatus
from thidua.org.selectors import postings_on
from thidua.reports.documents import contexts, render
from thidua.reports.documents.views import _download
from thidua.reports.summary import precedence


def proposed_awards(dossier: Dossier) -> tuple[Decision, list[Award], list[Award]]:
    """(the proposed decision, its individual awards with `.posting`, its collective awards)."""
    items = [
        item
        for item in dossier.items.select_related(
            "award_type", "person", "person__unit", "unit", "unit__parent"
        )
        if item.status != ItemStatus.REJECTED
    ]
    if not items:
        raise render.DocumentError("hồ sơ không có đề nghị nào để trình")
    today = timezone.localdate()
    highest = min((i.award_type for i in items), key=precedence)
    single = len({i.award_type_id for i in items}) == 1
    proposed = Decision(number="", date=today, award_type=highest if single else None)
    proposed.authority = highest.authority
    people = sorted(
        (_award(proposed, i) for i in items if i.person_id),
        key=lambda a: (a.person.sort_key, a.person.code),
    )
    postings = postings_on(today, [a.person for a in people])
    for award in people:
        award.posting = postings[award.person_id]
    units = sorted((_award(proposed, i) for i in items if i.unit_id), key=lambda a: a.unit.path)
    return proposed, people, units


def _award(decision: Decision, item: DossierItem) -> Award:
    return Award(
        decision=decision,
        award_type=item.award_type,
        person=item.person,
        unit=item.unit,
        year_from=item.year_from,
        year_to=item.year_to,
        achievement=item.achievement,
    )


def dossier_submission_context(dossier: Dossier) -> dict[str, Any]:
    proposed, people, units = proposed_awards(dossier)
    context = contexts.submission_from(proposed, people, units, dossier.unit)
    context |= {"dossier": dossier.title, "decision_number": "", "decision_date": ""}
    return context


def render_dossier_submission_docx(dossier: Dossier, target) -> dict[str, Any]:
    context = dossier_submission_context(dossier)
    render.render("submission", context, target)
    return context


@login_required
@require_safe
def dossier_submission(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = scope.get_visible_or_404(
        scope.visible_dossiers(request.user).select_related("unit"), pk=pk
    )
    return _download(
        request,
        "submission",
        f"ho-so-{dossier.pk}",
        lambda target: render_dossier_submission_docx(dossier, target),
        dossier.get_absolute_url(),
    )
