"""What the reviewer (thẩm định) sees beside a dossier's items: the engine's verdict on each
item with its evidence, and the quota lines over this dossier and over every dossier of the
year. Two runs of the engine per page, whatever the number of items: one over the dossier's
items, one over the year's."""

from __future__ import annotations

from dataclasses import dataclass, field

from thidua.eligibility import presenters
from thidua.eligibility.services import EligibilityError, check_candidate_list_with_quotas
from thidua.nominations.models import DossierItem, DossierStatus, ItemStatus
from thidua.rules.engine import Candidate
from thidua.rules.facts import COLLECTIVE, INDIVIDUAL
from thidua.rules.results import Verdict

# The council and the decision no longer change what the review counted.
_NOT_COUNTED = {DossierStatus.WITHDRAWN}


def candidate(item: DossierItem) -> Candidate:
    kind = INDIVIDUAL if item.person_id else COLLECTIVE
    return Candidate(kind, item.recipient_code, item.award_type.code)


@dataclass
class ItemReview:
    verdict: Verdict
    lines: list


@dataclass
class Panel:
    items: dict[int, ItemReview] = field(default_factory=dict)  # by item pk
    dossier_quotas: list = field(default_factory=list)
    year_quotas: list = field(default_factory=list)
    year_dossiers: int = 0  # how many dossiers the year's lines count
    notes: list = field(default_factory=list)
    error: str = ""


def review_panel(user, dossier, items: list[DossierItem]) -> Panel:
    """items: the dossier's items as the page lists them (person, unit, award_type loaded)."""
    panel = Panel()
    try:
        verdicts, panel.dossier_quotas = check_candidate_list_with_quotas(
            user=user, year=dossier.year, candidates=[candidate(i) for i in items]
        )
        year_items = list(
            DossierItem.objects.filter(dossier__year=dossier.year)
            .exclude(dossier__status__in=_NOT_COUNTED)
            .exclude(status=ItemStatus.REJECTED)
            .select_related("person", "unit", "award_type")
            .order_by("dossier_id", "position", "id")
        )
        _verdicts, panel.year_quotas = check_candidate_list_with_quotas(
            user=user, year=dossier.year, candidates=[candidate(i) for i in year_items]
        )
    except EligibilityError as exc:
        panel.error = exc.message
        return panel
    panel.year_dossiers = len({i.dossier_id for i in year_items})
    panel.items = {item.pk: ItemReview(v, presenters.lines(v)) for item, v in zip(items, verdicts)}
    panel.notes = presenters.rule_notes(verdicts)
    return panel
