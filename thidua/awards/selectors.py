"""Reads of the record of commendations for pages, API, CLI and the eligibility engine.

Everything a user sees goes through accounts.scope (readable_awards, readable_decisions): an
award is readable when its person or unit is, through lineage too (a successor's clerk reads
the decisions naming the units it took over).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.accounts.models import User
from thidua.awards.models import Award, AwardType, Decision, Discipline, Initiative, YearlyResult
from thidua.lib.dates import format_date
from thidua.lib.vntext import fold
from thidua.org.choices import CLOSING_KINDS
from thidua.org.models import Inheritance, LineageEdge, Person, Unit, predecessors_of
from thidua.org.selectors import name_units_as_on, postings_on
from thidua.rules.conditions import PackError
from thidua.rules.engine import DEFAULT_FAMILY, default_rulebook
from thidua.rules.packs import PackEntry


def decision_search(
    user: User,
    decisions: QuerySet[Decision],
    *,
    number: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    award_type: AwardType | None = None,
    unit: Unit | None = None,
    name: str = "",
) -> QuerySet[Decision]:
    """Filter decisions; recipient filters look only at awards the user may see, so a
    search cannot reveal who else a decision names."""
    number = fold(number)
    if number:
        decisions = decisions.filter(search_key__contains=number)
    if date_from:
        decisions = decisions.filter(date__gte=date_from)
    if date_to:
        decisions = decisions.filter(date__lte=date_to)
    people, units = scope.readable_recipients(user)
    if award_type:
        if scope.sees_everything(user):
            named = Q(pk__in=Award.objects.filter(award_type=award_type).values("decision_id"))
        else:
            named = scope.naming(people, units, award_type=award_type)
        decisions = decisions.filter(Q(award_type=award_type) | named)
    if unit:
        decisions = decisions.filter(
            scope.naming(
                people.filter(unit__path__startswith=unit.path),
                units.filter(path__startswith=unit.path),
            )
        )
    key = fold(name)
    if key:
        decisions = decisions.filter(
            scope.naming(
                people.filter(search_key__contains=key), units.filter(search_key__contains=key)
            )
        )
    return decisions


def recipient_counts(user: User, decisions: Iterable[Decision]) -> dict[int, dict[str, int]]:
    """{decision id: {"people": n, "units": n}} of visible recipients, in one query."""
    rows = (
        scope.readable_awards(user)
        .filter(decision__in=[d.pk for d in decisions])
        .values("decision")
        .annotate(people=Count("person"), units=Count("unit"))
    )
    return {r["decision"]: {"people": r["people"], "units": r["units"]} for r in rows}


def decision_recipients(
    user: User, decision: Decision, *, current: bool = False
) -> tuple[list[Award], list[Award]]:
    """(individual awards, collective awards) of the decision that the user may see; with
    `current`, only the awards that still count. Each individual award carries `.posting`:
    the unit and position its person held on the decision's date (org.selectors.postings_on),
    the same for 7 recipients or 700, in two queries. Every unit shown (postings, collective
    recipients and their parents) carries the name it had on the decision's date, the name
    since a later Đổi tên in `.current_name` (one more query)."""
    awards = scope.readable_awards(user).filter(decision=decision)
    if current:
        awards = awards.current()
    awards = list(
        awards.select_related("award_type", "person", "person__unit", "unit", "unit__parent")
    )
    people = sorted(
        (a for a in awards if a.person_id), key=lambda a: (a.person.sort_key, a.person.code)
    )
    postings = postings_on(decision.date, [a.person for a in people])
    for award in people:
        award.posting = postings[award.person_id]
    units = sorted((a for a in awards if a.unit_id), key=lambda a: a.unit.path)
    shown = [a.posting.unit for a in people] + [u for a in units for u in (a.unit, a.unit.parent)]
    name_units_as_on(decision.date, shown)
    return people, units


@dataclass
class UnitGroup:
    """The individual awards of one unit (the unit of the decision's date), in list order."""

    unit: Unit | None
    awards: list[Award] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"don-vi-{self.unit.code}" if self.unit else "khong-don-vi"


def group_by_unit(people: list[Award]) -> list[UnitGroup]:
    """decision_recipients' individual awards grouped by `.posting.unit`, units in the order
    of the tree (a unit before the units below it), people without a unit last."""
    groups: dict[int | None, UnitGroup] = {}
    for award in people:
        unit = award.posting.unit
        key = unit.pk if unit else None
        if key not in groups:
            groups[key] = UnitGroup(unit)
        groups[key].awards.append(award)
    return sorted(groups.values(), key=lambda g: (g.unit is None, g.unit.path if g.unit else ""))


def closed_units_rule(day: dt.date) -> PackEntry | None:
    """The pack's rule on units closed in a reorganisation (Pack.reorganisation.closed_units)
    for a decision of `day`: the pack of the force covering its year; None without one."""
    try:
        pack = default_rulebook().pack_for(day.year, DEFAULT_FAMILY)
    except PackError:
        return None
    return pack.reorganisation.closed_units


def closed_unit_warnings(day: dt.date, units: Iterable[Unit]) -> dict[int, str]:
    """{unit pk: the warning} for the `units` a reorganisation closed by `day` (its edge
    taking effect on or before it: Sáp nhập, Hợp nhất, Chia tách, Giải thể), when the pack
    has a rule about them; one query. The decision page and the awards import warn with it;
    nothing is refused (the decision may be a record of an earlier one)."""
    units = {u.pk: u for u in units if u is not None}
    if not units or closed_units_rule(day) is None:
        return {}
    found = {}
    for pk, edge in closing_edges(list(units)).items():
        warning = warning_if_closed(units[pk].name, edge, day)
        if warning:
            found[pk] = warning
    return found


def warning_if_closed(name: str, edge: LineageEdge | None, day: dt.date) -> str | None:
    """The warning on a unit closed by `edge` (closing_edges) for a decision of `day`: None
    when the edge takes effect after it or the pack of its year has no rule on it."""
    if edge is None or edge.reorganisation.effective_date > day:
        return None
    rule = closed_units_rule(day)
    return closed_warning(name, edge, day, rule) if rule is not None else None


def closing_edges(unit_ids: Iterable[int]) -> dict[int, LineageEdge]:
    """{unit pk: the edge of the reorganisation that closed it} for those of `unit_ids`
    closed by one (one query)."""
    edges = (
        LineageEdge.objects.filter(old_unit_id__in=list(unit_ids), kind__in=CLOSING_KINDS)
        .select_related("reorganisation", "old_unit")
        .order_by("-reorganisation__effective_date", "-pk")
    )
    return {edge.old_unit_id: edge for edge in edges}  # the earliest wins


def closed_warning(name: str, edge: LineageEdge, day: dt.date, rule: PackEntry) -> str:
    return _(
        "%(unit)s đã kết thúc hoạt động từ %(day)s (%(kind)s theo %(basis)s), trước ngày "
        "quyết định %(date)s: %(rule)s."
    ) % {
        "unit": name,
        "day": format_date(edge.reorganisation.effective_date),
        "kind": edge.get_kind_display().lower(),
        "basis": edge.reorganisation.basis,
        "date": format_date(day),
        "rule": rule.sentence(),
    }


def person_records(person: Person) -> dict[str, list]:
    """A person's whole record in four indexed queries (awards, results, initiatives,
    discipline), whatever its length."""
    return {
        "awards": list(person.awards.select_related("award_type", "decision")),
        "results": list(YearlyResult.objects.filter(person=person).select_related("title")),
        "initiatives": list(
            Initiative.objects.filter(authorships__person=person).select_related("decision")
        ),
        "disciplines": list(Discipline.objects.filter(person=person)),
    }


def unit_records(unit: Unit) -> dict[str, list]:
    """A unit's own record as a collective, in two indexed queries, and under "inherited"
    the collective awards of the units it took over (Sáp nhập, Hợp nhất, Chia tách,
    transitively; docs/lineage.md) as (Inheritance, their awards): one query per step back
    in the chain and one for all their awards."""
    return {
        "awards": list(unit.awards.select_related("award_type", "decision")),
        "results": list(YearlyResult.objects.filter(unit=unit).select_related("title")),
        "initiatives": [],
        "disciplines": [],
        "inherited": inherited_awards(unit),
    }


def inherited_awards(unit: Unit) -> list[tuple[Inheritance, list[Award]]]:
    """The unit's predecessors (predecessors_of the unit itself, not its subtree), oldest
    edge first, each with its own collective awards."""
    taken_over = predecessors_of([unit], subtrees=False)
    if not taken_over:
        return []
    awards: dict[int, list[Award]] = {i.unit.pk: [] for i in taken_over}
    rows = Award.objects.filter(unit_id__in=list(awards)).select_related("award_type", "decision")
    for award in rows.order_by("-year_to", "-decision__date", "pk"):
        awards[award.unit_id].append(award)
    return [(i, awards[i.unit.pk]) for i in taken_over if awards[i.unit.pk]]


def catalogue_listing() -> QuerySet[AwardType]:
    return AwardType.objects.prefetch_related("aliases").order_by("-active", "position", "code")
