"""Reading the council's record for the pages and the minutes: the items a disclosure or a
meeting may take, each agenda item with the threshold of the pack and its result, computed
(thidua.nominations.council.outcome), never typed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from thidua.lib import workdays
from thidua.nominations import council
from thidua.nominations.models import (
    Ballot,
    CouncilRole,
    Disclosure,
    DossierItem,
    DossierStatus,
    ItemStatus,
    Meeting,
)
from thidua.rules.procedure import BallotRule

_ITEM_RELATED = ("dossier__unit", "person__unit", "unit", "award_type")


def council_items() -> QuerySet[DossierItem]:
    """Items of the dossiers at the council still waiting for its vote."""
    return (
        DossierItem.objects.filter(
            dossier__status=DossierStatus.AT_COUNCIL, status=ItemStatus.PROPOSED
        )
        .select_related(*_ITEM_RELATED)
        .order_by("dossier__unit__path", "dossier_id", "position", "id")
    )


def agenda_items() -> QuerySet[DossierItem]:
    """Items waiting for the council that no meeting has on its agenda yet."""
    return council_items().filter(ballots__isnull=True)


def disclosable_items() -> QuerySet[DossierItem]:
    """Items at the council whose award type the pack says to disclose."""
    items = list(council_items())
    keep = [i.pk for i in council.needs_disclosure(items)]
    return council_items().filter(pk__in=keep)


def disclosure_items(disclosure: Disclosure) -> QuerySet[DossierItem]:
    return disclosure.items.select_related(*_ITEM_RELATED).order_by(
        "dossier__unit__path", "dossier_id", "position", "id"
    )


def remaining_working_days(disclosure: Disclosure, today: dt.date) -> int:
    """Working days of the period left from today (0 once it has ended)."""
    if today > disclosure.end:
        return 0
    first = max(today, disclosure.start)
    return workdays.working_days_between(first, disclosure.end, council.days_off())


def item_unit_name(item: DossierItem) -> str:
    """The unit a nominee is listed under: a person's unit, else the proposing unit."""
    if item.person_id:
        return item.person.unit.name if item.person.unit_id else item.dossier.unit.name
    return item.dossier.unit.name


@dataclass(frozen=True)
class BallotRow:
    """One agenda item as the meeting's page and minutes show it."""

    ballot: Ballot
    item: DossierItem
    rule: BallotRule
    members: int
    present: int
    quorum_needed: int
    quorum_met: bool
    needed: int
    agree: int | None  # the agree votes counted (written ones included); None before the count
    passed: bool | None  # None before the count

    @property
    def rule_text(self) -> str:
        return f"{self.rule.approval.text}; {self.rule.quorum.text}"


def ballot_row(ballot: Ballot, *, members: int, present: int) -> BallotRow:
    """A counted ballot as recorded (re-computed from its own tally); an open one with the
    thresholds of today's council and attendance."""
    item = ballot.item
    rule = council.procedure_for(item.dossier.year).ballot_for(item.award_type.code)
    if ballot.counted:
        result = council.outcome(ballot)
        return BallotRow(
            ballot,
            item,
            rule,
            result.members,
            result.present,
            result.quorum_needed,
            result.quorum_met,
            result.needed,
            result.agree,
            result.passed,
        )
    quorum = rule.quorum.needed(members, present)
    return BallotRow(
        ballot,
        item,
        rule,
        members,
        present,
        quorum,
        present >= quorum,
        rule.approval.needed(members, present),
        None,
        None,
    )


def meeting_rows(meeting: Meeting) -> list[BallotRow]:
    members = meeting.council.members.count()
    present = meeting.present.count()
    ballots = meeting.ballots.select_related(*(f"item__{r}" for r in _ITEM_RELATED))
    return [ballot_row(b, members=members, present=present) for b in ballots]


def meeting_chair(meeting: Meeting) -> str:
    chair = meeting.council.members.filter(role=CouncilRole.CHAIR).first()
    return chair.full_name if chair else ""


def attendance(meeting: Meeting) -> tuple[list, list]:
    """(present, absent) members of the council, in the council's order."""
    here = set(meeting.present.values_list("pk", flat=True))
    members = list(meeting.council.members.all())
    return [m for m in members if m.pk in here], [m for m in members if m.pk not in here]
