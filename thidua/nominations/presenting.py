"""What the dossier pages show, shaped in a fixed number of queries: the items grouped by
award type, the event log with its labels, the buttons, the review panel, and the rows of
the suggestions page."""

from __future__ import annotations

from dataclasses import dataclass, field

from thidua.accounts import scope
from thidua.eligibility import presenters
from thidua.eligibility.services import EligibilityRun
from thidua.nominations import services
from thidua.nominations.forms import AttachmentForm
from thidua.nominations.models import Dossier, DossierItem, DossierStatus, ItemStatus
from thidua.nominations.review import candidate, review_panel
from thidua.rules.facts import COLLECTIVE, INDIVIDUAL
from thidua.rules.results import Verdict

S = DossierStatus
# The review panel: live while the office reviews, read-only once the dossier moved on.
REVIEW_SHOWN = {S.UNDER_REVIEW, S.RETURNED, S.RESUBMITTED, S.AT_COUNCIL, S.DECIDED}
_COMMENTED = {"withdraw", "return"}  # the steps whose button asks for a comment


def _status_label(value: str) -> str:
    return S(value).label if value in S.values else value


@dataclass
class ItemGroup:
    award_type: object
    items: list[DossierItem] = field(default_factory=list)


def group_items(items: list[DossierItem]) -> list[ItemGroup]:
    """By award type, in the order the dossier lists them."""
    groups: dict[int, ItemGroup] = {}
    for item in items:
        groups.setdefault(item.award_type_id, ItemGroup(item.award_type)).items.append(item)
    return list(groups.values())


def shown_items(user, dossier: Dossier) -> list[DossierItem]:
    items = dossier.items.select_related("person", "unit", "award_type").order_by("position", "id")
    if not scope.sees_rejections(user, dossier):
        items = items.exclude(status=ItemStatus.REJECTED)
    return list(items)


def dossier_context(user, dossier: Dossier) -> dict:
    items = shown_items(user, dossier)
    events = dossier.events.select_related("actor", "item__person", "item__unit")
    if not scope.sees_rejections(user, dossier):  # nor the steps of a rejected item
        events = events.exclude(item__status=ItemStatus.REJECTED)
    can_review = scope.can_review_dossiers(user)
    context = {
        "dossier": dossier,
        "items": items,
        "groups": group_items(items),
        "events": [
            {
                "event": e,
                "label": services.ACTION_LABELS.get(e.action, e.action),
                "before": _status_label(e.from_status),
                "after": _status_label(e.to_status),
            }
            for e in events
        ],
        "attachments": list(dossier.attachments.select_related("uploaded_by")),
        # The steps that ask for a comment last: the plain step is the usual one.
        "actions": sorted(
            (
                (a, services.ACTION_LABELS[a], a in _COMMENTED)
                for a in services.allowed_actions(user, dossier)
            ),
            key=lambda step: step[2],
        ),
        "can_edit": scope.can_edit_dossier(user, dossier),
        "is_draft": dossier.status == S.DRAFT,
        "is_returned": dossier.status == S.RETURNED,
        "can_review": can_review,
        "reviewing": can_review and dossier.status == S.UNDER_REVIEW,
    }
    if context["can_edit"]:
        context["attachment_form"] = AttachmentForm()
    if can_review and dossier.status in REVIEW_SHOWN:
        panel = context["review"] = review_panel(user, dossier, items)
        context["review_rows"] = [(item, panel.items.get(item.pk)) for item in items]
    return context


# ── Suggestions ───────────────────────────────────────────────────────────────────────


def pick_value(kind: str, code: str, award_code: str) -> str:
    return f"{kind}|{code}|{award_code}"


def parse_pick(value: str) -> tuple[str, str, str] | None:
    parts = value.split("|")
    if len(parts) != 3 or parts[0] not in (INDIVIDUAL, COLLECTIVE) or not all(parts):
        return None
    return parts[0], parts[1], parts[2]


@dataclass
class SuggestionRow:
    verdict: Verdict
    reasons: list
    value: str = ""  # the checkbox, for a single award type
    # For alternatives: (value, award name, already in the dossier) of each form.
    options: list[tuple[str, str, bool]] = field(default_factory=list)
    already: bool = False

    @property
    def field_name(self) -> str:
        return f"alt-{self.verdict.recipient_kind}-{self.verdict.recipient_code}"


@dataclass
class SuggestionGroup:
    group: presenters.AwardGroup
    quotas: list
    rows: list[SuggestionRow]


def suggestion_groups(run: EligibilityRun, dossier: Dossier) -> list[SuggestionGroup]:
    present = {
        (c.recipient_kind, c.recipient_code, c.award_code)
        for c in map(candidate, dossier.items.select_related("person", "unit", "award_type"))
    }
    out = []
    for group in presenters.group_by_award(run.verdicts, run.pack.alternatives):
        code_of = {name: code for code, name in group.choices}
        rows = []
        for v in group.verdicts:
            row = SuggestionRow(v, presenters.reasons(v))
            if group.choices:
                for name in group.options_of(v):
                    key = (v.recipient_kind, v.recipient_code, code_of[name])
                    row.options.append((pick_value(*key), name, key in present))
                row.already = any(done for _v, _n, done in row.options)
            else:
                key = (v.recipient_kind, v.recipient_code, v.award_code)
                row.value, row.already = pick_value(*key), key in present
            rows.append(row)
        out.append(SuggestionGroup(group, presenters.quotas_of(group, run.quotas), rows))
    return out
