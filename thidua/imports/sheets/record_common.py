"""What the sheets of the record of commendations (awards, results, initiatives, discipline)
share: recipient kinds, years and periods, set-wise loading of people, recipient lookup
with scope, and the export filters --unit / --from / --to."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.core.management.base import CommandError
from django.db.models import Model, Q, QuerySet

from thidua.accounts import scope
from thidua.awards.catalogue import catalogue_index
from thidua.awards.checks import person_code_problem, yearly_title_problem
from thidua.imports.engine import ImportContext, Option, Plan
from thidua.imports.engine.lookups import UnitIndex, UnitRef, chunked, load_by
from thidua.lib.excel import cells
from thidua.org.models import Person, Unit

INDIVIDUAL, COLLECTIVE = "Cá nhân", "Tập thể"
RECIPIENT_BY_KEY = {"ca nhan": False, "tap the": True}
RECIPIENT_LABELS = [INDIVIDUAL, COLLECTIVE]
OUT_OF_SCOPE = "Đơn vị '{}' nằm ngoài phạm vi được phân quyền."
UNKNOWN_UNIT = "Không có đơn vị mã '{}' trong hệ thống."
PERSON_OUT_OF_SCOPE = "Cán bộ mã '{}' thuộc đơn vị nằm ngoài phạm vi được phân quyền."

EXPORT_OPTIONS = (
    Option(
        ("--unit",),
        {
            "metavar": "MA_DON_VI",
            "help": (
                "Chỉ xuất khen thưởng, kết quả, sáng kiến, kỷ luật của cán bộ đang công tác và tập thể "
                "thuộc đơn vị này (kể cả đơn vị trực thuộc)."
            ),
        },
        for_export=True,
    ),
    Option(
        ("--from",),
        {"dest": "year_from", "type": int, "metavar": "NAM", "help": "Chỉ xuất từ năm này."},
        for_export=True,
    ),
    Option(
        ("--to",),
        {"dest": "year_to", "type": int, "metavar": "NAM", "help": "Chỉ xuất đến năm này."},
        for_export=True,
    ),
)


def recipient_label(collective: bool) -> str:
    return COLLECTIVE if collective else INDIVIDUAL


# ── Years ────────────────────────────────────────────────────────────────────────────────


def format_period(first: int, last: int) -> int | str:
    """How an export writes a year (a number) or a period ("2015-2020")."""
    return first if first == last else f"{first}-{last}"


# ── People and units, set-wise ───────────────────────────────────────────────────────────


class PersonRef(NamedTuple):
    id: int
    code: str
    full_name: str
    search_key: str
    unit_id: int | None


_PERSON_COLUMNS = ("id", "code", "full_name", "search_key", "unit_id")


def load_people(codes: Iterable[str]) -> dict[str, PersonRef]:
    """{code: PersonRef} of the people with these codes: plain tuples, no model objects
    (100,000 of them in a fraction of a second)."""
    return load_by(
        Person.objects.values_list(*_PERSON_COLUMNS), "code", codes, make=PersonRef._make
    )


def load_people_by_name(keys: Iterable[str]) -> dict[str, list[PersonRef]]:
    """{folded full name: [PersonRef, …]} of everyone with one of these names."""
    found: dict[str, list[PersonRef]] = {}
    rows = Person.objects.values_list(*_PERSON_COLUMNS).order_by("code")
    for batch in chunked(sorted(set(keys))):
        for row in rows.filter(search_key__in=batch):
            found.setdefault(row[3], []).append(PersonRef(*row))
    return found


def by_person(queryset: QuerySet, person_ids: Iterable[int]) -> dict[int, list[Model]]:
    """{person id: [their rows of queryset, in its order]}, a query per 5,000 people."""
    found: dict[int, list[Model]] = {}
    for batch in chunked(sorted(set(person_ids))):
        for row in queryset.filter(person_id__in=batch):
            found.setdefault(row.person_id, []).append(row)
    return found


@dataclass
class Recipient:
    """A resolved recipient: exactly one of person_id / unit_id."""

    person_id: int | None = None
    unit_id: int | None = None
    code: str = ""
    name: str = ""


class Recipients:
    """Looks up people and units by code for a whole file, checking the user's scope.
    A person is in scope when their current unit is (as scope.visible_people)."""

    def __init__(self, person_codes: Iterable[str], index: UnitIndex | None = None):
        self.index = index or UnitIndex.load()
        self.people = load_people(person_codes)

    def unit_path(self, unit_id: int | None) -> str | None:
        ref = self.index.by_id.get(unit_id) if unit_id else None
        return ref.path if ref else None

    def person(self, code: str, ctx: ImportContext) -> tuple[PersonRef | None, str]:
        """(the person, '') or (None, the Vietnamese reason)."""
        ref = self.people.get(code)
        # The entry pages ask the same (awards.checks), so both refuse a code in one wording.
        problem = person_code_problem(
            code,
            found=ref is not None,
            in_scope=ref is not None and ctx.in_scope(self.unit_path(ref.unit_id)),
        )
        return (None, problem) if problem else (ref, "")

    def unit(self, code: str, ctx: ImportContext) -> tuple[UnitRef | None, str]:
        ref = self.index.get(code)
        if ref is None:
            return None, UNKNOWN_UNIT.format(code)
        if not ctx.in_scope(ref.path):
            return None, OUT_OF_SCOPE.format(ref.code)
        return ref, ""

    def resolve(
        self, code: str, collective: bool, ctx: ImportContext, plan: Plan, row: int, column: str
    ) -> Recipient | None:
        """The person or unit of Mã; None (with an error) when unknown or out of scope."""
        if collective:
            unit, problem = self.unit(code, ctx)
            if unit is not None:
                return Recipient(unit_id=unit.id, code=unit.code, name=unit.name)
        else:
            person, problem = self.person(code, ctx)
            if person is not None:
                return Recipient(person_id=person.id, code=person.code, name=person.full_name)
        plan.error(row, column, problem)
        return None


# ── Yearly titles ────────────────────────────────────────────────────────────────────


def resolve_yearly_titles(
    records: list, header: str, plan: Plan, *, hint: Callable[[object], str] | None = None
) -> None:
    """Each record's `title_text` → a yearly title of the catalogue for its kind of recipient
    (`collective`: True, False, or None when unknown), set as `title`; else an error in
    `header` (followed by `hint(record)` when the title does not fit) and `bad`."""
    found = catalogue_index(refresh=True).resolve_all(r.title_text for r in records if r.title_text)
    for record in records:
        if not record.title_text:
            continue
        title = found[record.title_text]
        if not isinstance(title, str):
            problem = yearly_title_problem(title, collective=record.collective)
            title = problem + (hint(record) if hint else "") if problem else title
        if isinstance(title, str):
            plan.error(record.row, header, title)
            record.bad = True
        else:
            record.title = title


# ── Export filters ───────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ExportFilter:
    """--unit / --from / --to of an export, checked against what the user may see."""

    unit: Unit | None = None
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def from_context(cls, ctx: ImportContext) -> ExportFilter:
        options = ctx.options
        unit = None
        code = cells.code(options.get("unit") or "")
        if code:
            units = scope.visible_units(ctx.user)
            unit = units.filter(code=code).first() or units.filter(code__iexact=code).first()
            if unit is None:  # the same answer for unknown and out-of-scope units
                raise CommandError(f"Không có đơn vị mã '{code}' trong phạm vi được xem.")
        first, last = options.get("year_from"), options.get("year_to")
        if first is not None and last is not None and first > last:
            raise CommandError(f"--from {first} phải trước hoặc bằng --to {last}.")
        return cls(unit, first, last)

    def people_q(self, prefix: str) -> Q:
        """People (through `prefix`, e.g. "person__") currently in the --unit subtree."""
        return Q(**{f"{prefix}unit__path__startswith": self.unit.path}) if self.unit else Q()

    def years(
        self, queryset: QuerySet, first_field: str, last_field: str | None = None
    ) -> QuerySet:
        """Rows whose year (or period first_field..last_field) overlaps --from..--to."""
        last_field = last_field or first_field
        if self.year_from is not None:
            queryset = queryset.filter(**{f"{last_field}__gte": self.year_from})
        if self.year_to is not None:
            queryset = queryset.filter(**{f"{first_field}__lte": self.year_to})
        return queryset


def visible_people_ids(ctx: ImportContext, flt: ExportFilter) -> QuerySet | None:
    """A subquery of the people an export may name, or None when there is no restriction."""
    if scope.sees_everything(ctx.user):
        if flt.unit is None:
            return None
        return Person.objects.filter(flt.people_q("")).values("id")
    return scope.visible_people(ctx.user).filter(flt.people_q("")).values("id")


def visible_unit_ids(ctx: ImportContext, flt: ExportFilter) -> QuerySet | None:
    units = scope.visible_units(ctx.user)
    if flt.unit is not None:
        units = units.filter(path__startswith=flt.unit.path)
    elif scope.sees_everything(ctx.user):
        return None
    return units.values("id")
