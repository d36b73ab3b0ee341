"""The engine's input: plain facts about people and units, and the History that holds them.

This is the contract with the Django side (thidua.eligibility selectors): it fills these
dataclasses from a few set-based queries and hands one History to the engine. Codes are the
catalogue's award codes; grades, initiative scopes and discipline forms are the codes listed
in the rule packs' `scales` (see docs/rule-packs.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import ClassVar

INDIVIDUAL = "individual"
COLLECTIVE = "collective"

# The kinds of a reorganisation's edge (org.choices.EdgeKind) a collective's record can be
# carried across (Pack.reorganisation), and their words in the why/why-not.
LINEAGE_KINDS = {
    "rename": "đổi tên",
    "merge": "sáp nhập",
    "consolidate": "hợp nhất",
    "split": "chia tách",
}

# The facts are read-only by convention, not frozen: a frozen dataclass's __init__ sets each
# field through object.__setattr__ and builds about four times slower, which counts at
# 100,000 persons and their records per load. The small record facts stay hashable.


@dataclass(slots=True, unsafe_hash=True)
class AwardFact:
    """One award record (revoked ones are left out by the loader). `movement_kind` and
    `movement`: the kind (movements.MovementKind: regular, themed, peak) and name of the
    movement its decision rewards, empty for an award outside any movement."""

    award_code: str
    year_from: int
    year_to: int
    decision_number: str = ""
    decision_date: date | None = None
    movement_kind: str = ""
    movement: str = ""
    # A collective's award carried over from a unit it took over (the pack allowing it:
    # Pack.reorganisation): whose it was, "đơn vị cũ X (sáp nhập 01/07/2025)"; else "".
    via: str = ""


@dataclass(slots=True, unsafe_hash=True)
class PredecessorFact:
    """A unit a collective took over (org LineageEdge: merge, consolidate, split), directly
    or down a chain: its `kind` and `date` are those of the edge that ended it; `counted`
    whether the pack lets its collective years count for the successor (then they are among
    the successor's awards, with `via`)."""

    code: str
    name: str
    kind: str  # merge | consolidate | split
    date: date
    counted: bool = False


@dataclass(slots=True, unsafe_hash=True)
class InitiativeFact:
    """An initiative (sáng kiến) credited to a person, recognised in `year` at `scope`."""

    year: int
    scope: str  # co_so | bo_tinh | toan_quoc
    decision_number: str = ""
    title: str = ""


@dataclass(slots=True, unsafe_hash=True)
class DisciplineFact:
    """A disciplinary measure; `end_date` wins over `months`, both None = pack default."""

    form: str  # khien_trach | canh_cao | ... (scales.discipline in the packs)
    decision_number: str
    date: date
    months: int | None = None
    end_date: date | None = None


@dataclass(slots=True, eq=True)
class PersonFacts:
    """Everything the rules look at for one person.

    `appraisals` and `titles` map a year to a grade code / an award code (the yearly result).
    `unit_by_year` maps a year to the unit the person belonged to that year (for the member
    statistics of collectives); years missing from it fall back to `unit_code`.
    `registrations` maps a year to the titles the person was registered for (đăng ký thi
    đua) in a unit's registration of that year; a year missing: not registered.
    """

    kind: ClassVar[str] = INDIVIDUAL

    code: str
    name: str
    gender: str = ""  # "M" | "F" (org.choices.Gender)
    birth_date: date | None = None
    service_start: date | None = None
    service_end: date | None = None
    service_interruptions: Sequence[tuple[date, date]] = ()
    unit_code: str = ""
    unit_path: str = ""
    awards: Sequence[AwardFact] = ()
    appraisals: Mapping[int, str] = field(default_factory=dict)
    titles: Mapping[int, str] = field(default_factory=dict)
    initiatives: Sequence[InitiativeFact] = ()
    disciplines: Sequence[DisciplineFact] = ()
    unit_by_year: Mapping[int, str] = field(default_factory=dict)
    registrations: Mapping[int, frozenset[str]] = field(default_factory=dict)

    def unit_in(self, year: int) -> str:
        return self.unit_by_year.get(year, self.unit_code)


@dataclass(frozen=True, slots=True)
class UnitFacts:
    """Everything the rules look at for one unit as a collective recipient."""

    kind: ClassVar[str] = COLLECTIVE

    code: str
    name: str
    unit_kind: str = ""  # org.choices.UnitKind
    path: str = ""  # "/CAT/PV01/", codes from the root
    active_from: date | None = None
    active_to: date | None = None
    awards: Sequence[AwardFact] = ()
    appraisals: Mapping[int, str] = field(default_factory=dict)
    titles: Mapping[int, str] = field(default_factory=dict)
    # Units have no initiatives or disciplines of their own; kept so conditions read alike.
    initiatives: Sequence[InitiativeFact] = ()
    disciplines: Sequence[DisciplineFact] = ()
    # {year: the collective title the unit registered for}: only years it named one.
    registrations: Mapping[int, frozenset[str]] = field(default_factory=dict)
    # Lineage (docs/lineage.md): the units it took over; its former names (name, last day
    # in use), oldest first; the day a reorganisation closed it and the kind of that edge.
    predecessors: Sequence[PredecessorFact] = ()
    former_names: Sequence[tuple[str, date]] = ()
    closed_on: date | None = None
    closed_kind: str = ""  # merge | consolidate | split | dissolve

    def closed_before_end_of(self, year: int) -> bool:
        """Closed by a reorganisation taking effect by 31/12 of `year` (its last day in
        service before the end of the year judged)."""
        return self.closed_on is not None and self.closed_on <= date(year, 12, 31)

    def is_active_in(self, year: int) -> bool:
        return (self.active_from is None or self.active_from.year <= year) and (
            self.active_to is None or self.active_to.year >= year
        )


Subject = PersonFacts | UnitFacts


def path_codes(path: str) -> list[str]:
    """Unit codes from the root down: "/CAT/PV01/" -> ["CAT", "PV01"]."""
    return [c for c in path.split("/") if c]


class YearSets:
    """Who holds what in which year, over a whole population: the sets a sweep intersects.

    held[(award code, year)]: codes of the subjects holding it that year (every year of an
        award's period, and the yearly titles);
    ended[(award code, year)]: the subjects given it for a period ending that year (and the
        yearly titles), for counting awards and "years since the last one";
    grades[(year, grade)]: the subjects appraised at that grade that year;
    titles[(year, title code)]: the subjects whose yearly result that year is that title;
    initiatives[(year, scope)]: the subjects credited with an initiative recognised then, once
    per initiative (a list: two initiatives count twice).
    movement_held / movement_ended[(movement kind, award code, year)]: the subjects holding /
    given it through an award of a movement of that kind (a few: the awards a pack may not
    count as grounds, Pack.movement_grounds).
    `of()` builds them from the facts; the Django loader builds the same sets straight from
    grouped database rows, which is cheaper (a test checks they agree).
    """

    __slots__ = (
        "ended",
        "grades",
        "held",
        "initiatives",
        "movement_ended",
        "movement_held",
        "titles",
    )

    def __init__(self) -> None:
        self.held: dict[tuple[str, int], set[str]] = {}
        self.ended: dict[tuple[str, int], set[str]] = {}
        self.movement_held: dict[tuple[str, str, int], set[str]] = {}
        self.movement_ended: dict[tuple[str, str, int], set[str]] = {}
        self.grades: dict[tuple[int, str], set[str]] = {}
        self.titles: dict[tuple[int, str], set[str]] = {}
        self.initiatives: dict[tuple[int, str], list[str]] = {}

    @classmethod
    def of(cls, subjects: Iterable[Subject]) -> YearSets:
        sets = cls()
        held, ended, grades, titles = sets.held, sets.ended, sets.grades, sets.titles
        for subject in subjects:
            code = subject.code
            for year, title in subject.titles.items():
                held.setdefault((title, year), set()).add(code)
                ended.setdefault((title, year), set()).add(code)
                titles.setdefault((year, title), set()).add(code)
            for award in subject.awards:
                for year in range(award.year_from, award.year_to + 1):
                    held.setdefault((award.award_code, year), set()).add(code)
                ended.setdefault((award.award_code, award.year_to), set()).add(code)
                if award.movement_kind:
                    sets.add_movement_award(award, (code,))
            for year, grade in subject.appraisals.items():
                grades.setdefault((year, grade), set()).add(code)
            for initiative in subject.initiatives:
                sets.add_initiative(initiative.year, initiative.scope, code)
        return sets

    def add_title(self, code: str, year: int, codes: Iterable[str]) -> None:
        # (A set merges into the sets below without hashing its members again.)
        self.held.setdefault((code, year), set()).update(codes)
        self.ended.setdefault((code, year), set()).update(codes)
        self.titles.setdefault((year, code), set()).update(codes)

    def add_award(self, code: str, year_from: int, year_to: int, codes: Iterable[str]) -> None:
        codes = codes if isinstance(codes, (set, frozenset)) else set(codes)
        for year in range(year_from, year_to + 1):
            self.held.setdefault((code, year), set()).update(codes)
        self.ended.setdefault((code, year_to), set()).update(codes)

    def add_movement_award(self, award: AwardFact, codes: Iterable[str]) -> None:
        """Also note the holders of an award given in a movement (add_award counts it)."""
        kind, code = award.movement_kind, award.award_code
        for year in range(award.year_from, award.year_to + 1):
            self.movement_held.setdefault((kind, code, year), set()).update(codes)
        self.movement_ended.setdefault((kind, code, award.year_to), set()).update(codes)

    def add_grade(self, year: int, grade: str, codes: Iterable[str]) -> None:
        self.grades.setdefault((year, grade), set()).update(codes)

    def add_initiative(self, year: int, scope: str, code: str) -> None:
        self.initiatives.setdefault((year, scope), []).append(code)

    def __eq__(self, other: object) -> bool:
        def content(sets: YearSets, name: str) -> dict:
            return {k: sorted(v) for k, v in getattr(sets, name).items() if v}

        return isinstance(other, YearSets) and all(
            content(self, name) == content(other, name) for name in self.__slots__
        )


class YearView(Mapping):
    """One subject's {year: code} (appraisals or titles) read from a YearSets table
    ((year, code) -> subject codes) on first use. A sweep never reads a person's own
    appraisals or titles (it intersects the YearSets), so the loader hands persons these
    views instead of building 100,000 small dicts; explaining a verdict reads one."""

    __slots__ = ("_code", "_data", "_table")

    def __init__(self, table: dict[tuple[int, str], set[str]], code: str):
        self._table, self._code, self._data = table, code, None

    def _years(self) -> dict[int, str]:
        data = self._data
        if data is None:
            code = self._code
            data = self._data = {
                year: value for (year, value), codes in self._table.items() if code in codes
            }
        return data

    def __getitem__(self, year: int) -> str:
        return self._years()[year]

    def get(self, year, default=None):
        return self._years().get(year, default)

    def __contains__(self, year: object) -> bool:
        return year in self._years()

    def __iter__(self):
        return iter(self._years())

    def __len__(self) -> int:
        return len(self._years())

    def items(self):
        return self._years().items()

    def __repr__(self) -> str:
        return repr(self._years())


class History:
    """All persons and units needed for the years judged, with indexes built once.

    The engine keeps its per-year caches (member statistics, subject indexes) here, so one
    History can be evaluated for several award types and years without recomputing.
    `person_sets`: the persons' YearSets when the caller already has them (the loader);
    otherwise they are built from the facts on first use.
    `registration_years`: the years for which registrations (đăng ký thi đua) are recorded
    at all, over the whole force, whatever part of it is loaded (the loader reads them);
    None: the years of the registrations among the facts given.
    """

    def __init__(
        self,
        persons: Iterable[PersonFacts] = (),
        units: Iterable[UnitFacts] = (),
        person_sets: YearSets | None = None,
        registration_years: Iterable[int] | None = None,
    ):
        self.persons: tuple[PersonFacts, ...] = tuple(persons)
        self.units: tuple[UnitFacts, ...] = tuple(units)
        self.person_by_code = {p.code: p for p in self.persons}
        self.unit_by_code = {u.code: u for u in self.units}
        self.cache: dict = {}
        self._ancestors: dict[str, list[str]] = {}
        self._sets = {INDIVIDUAL: person_sets} if person_sets is not None else {}
        self._registration_years = (
            frozenset(registration_years) if registration_years is not None else None
        )

    def registration_years(self) -> frozenset[int]:
        """The years with any registration recorded (see the class's docstring)."""
        if self._registration_years is None:
            self._registration_years = frozenset(
                year for subject in (*self.persons, *self.units) for year in subject.registrations
            )
        return self._registration_years

    def year_sets(self, kind: str) -> YearSets:
        found = self._sets.get(kind)
        if found is None:
            found = self._sets[kind] = YearSets.of(
                self.persons if kind == INDIVIDUAL else self.units
            )
        return found

    def subject(self, kind: str, code: str) -> Subject | None:
        table = self.person_by_code if kind == INDIVIDUAL else self.unit_by_code
        return table.get(code)

    def unit_ancestors(self, unit_code: str, fallback_path: str = "") -> list[str]:
        """The unit and all units above it (codes), from its path."""
        known = self._ancestors.get(unit_code)
        if known is not None:
            return known
        unit = self.unit_by_code.get(unit_code)
        path = unit.path if unit and unit.path else fallback_path
        codes = path_codes(path) or ([unit_code] if unit_code else [])
        if unit is not None:  # a fallback path belongs to the person, not to the code
            self._ancestors[unit_code] = codes
        return codes

    def in_subtree(self, subject: Subject, root_code: str, year: int) -> bool:
        if isinstance(subject, UnitFacts):
            return root_code in path_codes(subject.path) or subject.code == root_code
        return root_code in self.unit_ancestors(subject.unit_in(year), subject.unit_path)
