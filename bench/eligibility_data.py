"""The generated force of the eligibility benchmark (bench.eligibility).

Deterministic for a seed; written with bulk_create only (no history rows, no services), in
batches so memory stays flat. Shaped like careers: "hoàn thành tốt" most years and a few
"xuất sắc" depending on the person, Chiến sĩ tiên tiến most years, streaks of Chiến sĩ thi đua
cơ sở, Bằng khen after two CSTĐCS in a row, CSTĐ CAND after three with a ministry-level
initiative, Huy chương Chiến sĩ vẻ vang at 10/15/20 years of service, some initiatives (with
co-authors), a few disciplines; a quarter of the people changed unit inside the window.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable

from django.db import connection, transaction

from thidua.awards.models import (
    Award,
    AwardType,
    Decision,
    Discipline,
    Initiative,
    InitiativeAuthor,
    YearlyResult,
)
from thidua.demo.names import NameMaker
from thidua.org.choices import UnitKind
from thidua.org.models import Assignment, Person, Unit

BATCH = 5_000
FLUSH = 20_000
TOP_UNITS = 40
SENIORITY = ((10, "hccsvv_3"), (15, "hccsvv_2"), (20, "hccsvv_1"))


class _Writer:
    """Buffers model instances per model and bulk-creates them in batches."""

    def __init__(self) -> None:
        self.pending: defaultdict[type, list] = defaultdict(list)
        self.counts: defaultdict[str, int] = defaultdict(int)
        self.authors: list[tuple[Initiative, list[int]]] = []  # waiting for their pks

    def add(self, obj) -> None:
        bucket = self.pending[type(obj)]
        bucket.append(obj)
        if len(bucket) >= FLUSH:
            self.flush(type(obj))

    def flush(self, model: type | None = None) -> None:
        for kind in [model] if model else list(self.pending):
            objs = self.pending.pop(kind, [])
            if objs:
                kind.objects.bulk_create(objs, batch_size=BATCH)
                self.counts[kind._meta.verbose_name_plural] += len(objs)


class _Decisions:
    """One decision per (award type, year), created on first use."""

    def __init__(self, types: dict[str, AwardType]):
        self.types = types
        self.cache: dict[tuple[str, int], int] = {}

    def get(self, code: str, year: int) -> int:
        key = (code, year)
        found = self.cache.get(key)
        if found is None:
            decision = Decision(
                number=f"{len(self.cache) + 1}/QĐ-{code.upper()[:10]}",
                date=dt.date(year + 1, 1, 20),
                award_type=self.types[code],
                authority=self.types[code].authority,
            )
            decision.compute_derived()
            decision.save()
            found = self.cache[key] = decision.pk
        return found


def generate(
    *,
    people: int,
    units: int,
    last_year: int,
    years: int,
    seed: int,
    say: Callable[[str], None] = print,
) -> dict[str, int]:
    rnd = random.Random(seed)
    first = last_year - years + 1
    with _fast_sqlite(), transaction.atomic():
        leaves = _units(units)
        say(f"  {units} đơn vị")
        persons = _people(rnd, people, leaves, first, last_year)
        say(f"  {people} cán bộ và quá trình công tác")
        types = {t.code: t for t in AwardType.objects.all()}
        writer, decisions = _Writer(), _Decisions(types)
        _careers(rnd, persons, types, decisions, writer, first, last_year)
        _unit_history(rnd, leaves, types, decisions, writer, first, last_year)
        writer.flush()
    return dict(writer.counts)


class _fast_sqlite:
    """A large page cache and no fsync while generating (a throwaway database)."""

    def __enter__(self):
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")
                cursor.execute("PRAGMA synchronous = OFF")

    def __exit__(self, *exc):
        return False


def _units(total: int) -> list[Unit]:
    start = dt.date(2000, 1, 1)
    root = Unit(code="CAT", name="Công an tỉnh (bench)", kind=UnitKind.PROVINCE, active_from=start)
    root.compute_derived()
    root.save()
    tops = []
    for i in range(1, TOP_UNITS + 1):
        department = i <= TOP_UNITS // 2
        unit = Unit(
            code=f"{'PX' if department else 'CAH'}{i:02d}",
            parent=root,
            name=f"{'Phòng' if department else 'Công an huyện'} số {i}",
            kind=UnitKind.DEPARTMENT if department else UnitKind.DISTRICT,
            active_from=start,
        )
        unit.compute_derived()
        tops.append(unit)
    Unit.objects.bulk_create(tops)
    lows = []
    for j in range(total - 1 - TOP_UNITS):
        parent = tops[j % TOP_UNITS]
        team = parent.kind == UnitKind.DEPARTMENT
        unit = Unit(
            code=f"{parent.code}-{j // TOP_UNITS + 1:03d}",
            parent=parent,
            name=f"{'Đội' if team else 'Công an xã'} số {j // TOP_UNITS + 1}",
            kind=UnitKind.TEAM if team else UnitKind.COMMUNE,
            active_from=start,
        )
        unit.compute_derived()
        lows.append(unit)
    Unit.objects.bulk_create(lows, batch_size=BATCH)
    return tops + lows


def _people(
    rnd: random.Random, total: int, leaves: list[Unit], first: int, last: int
) -> list[tuple]:
    """(pk, start, end, unit pk, talent, gender) per person; people and assignments written."""
    names = NameMaker()
    specs, batch, stints = [], [], []
    for i in range(total):
        gender = "F" if rnd.random() < 0.18 else "M"
        start_year = max(1985, last - int(35 * rnd.random() ** 1.15))
        start = dt.date(start_year, rnd.choice((1, 3, 6, 9)), 1)
        end = dt.date(rnd.randint(last - 3, last), 6, 30) if rnd.random() < 0.03 else None
        if end is not None and end <= start:
            end = None
        born = dt.date(start_year - rnd.randint(18, 24), rnd.randint(1, 12), rnd.randint(1, 28))
        unit = rnd.choice(leaves)
        person = Person(
            code=f"B{i:06d}",
            full_name=names.full_name(rnd, gender, born.year),
            gender=gender,
            birth_date=born,
            service_start=start,
            service_end=end,
            unit=unit,
            rank="Đại úy",
        )
        person.compute_derived()
        batch.append(person)
        moved = None
        if rnd.random() < 0.25 and start_year < last:
            moved = dt.date(rnd.randint(max(first, start_year + 1), last), rnd.randint(1, 12), 1)
            if end is not None and moved >= end:
                moved = None
        specs.append(
            [
                person,
                start,
                end,
                unit,
                rnd.betavariate(2, 8),
                moved,
                rnd.choice(leaves) if moved else None,
            ]
        )
        if len(batch) >= BATCH:
            Person.objects.bulk_create(batch)
            batch = []
    Person.objects.bulk_create(batch)
    for person, start, end, unit, _, moved, before in specs:
        if moved:
            stints.append(
                Assignment(
                    person=person, unit=before, start=start, end=moved - dt.timedelta(days=1)
                )
            )
            stints.append(Assignment(person=person, unit=unit, start=moved, end=end))
        else:
            stints.append(Assignment(person=person, unit=unit, start=start, end=end))
    Assignment.objects.bulk_create(stints, batch_size=BATCH)
    return [(p.pk, start, end, unit.pk, talent) for p, start, end, unit, talent, _, _ in specs]


def _appraisal(rnd: random.Random, talent: float) -> str:
    r = rnd.random()
    if r < talent:
        return "xuat_sac"
    if r < 0.95:
        return "tot"
    return "hoan_thanh" if r < 0.985 else "khong"


def _careers(
    rnd, persons, types, decisions: _Decisions, writer: _Writer, first: int, last: int
) -> None:
    members: defaultdict[int, list[int]] = defaultdict(list)
    for pk, _, _, unit_pk, _ in persons:
        members[unit_pk].append(pk)
    counter = 0
    for pk, start, end, unit_pk, talent in persons:
        _seniority(rnd, pk, start, end, types, decisions, writer, last)
        streak, ministry_years = 0, []
        for year in range(max(first, start.year), (end.year if end else last) + 1):
            grade = _appraisal(rnd, talent)
            disciplined = rnd.random() < 0.006
            if disciplined:
                form = "khien_trach" if rnd.random() < 0.7 else "canh_cao"
                writer.add(
                    Discipline(
                        person_id=pk,
                        form=form,
                        decision_number=f"KL-{pk}-{year}",
                        decision_date=dt.date(year, rnd.randint(1, 12), 15),
                        duration_months=12,
                        end_date=dt.date(year + 1, 1, 1),
                    )
                )
            initiative = None
            if (grade == "xuat_sac" and rnd.random() < 0.35) or rnd.random() < 0.03:
                counter += 1
                r = rnd.random()
                initiative = "co_so" if r < 0.8 else "bo_tinh" if r < 0.97 else "toan_quoc"
                _initiative(rnd, writer, counter, year, initiative, pk, members[unit_pk])
                if initiative != "co_so":
                    ministry_years.append(year)
            good = grade in ("tot", "xuat_sac") and not disciplined
            title = None
            if year < last and good:
                cstd = (grade == "xuat_sac" or initiative) and (year >= 2024 or initiative)
                title = "cstd_co_so" if cstd and rnd.random() < 0.85 else "chien_si_tien_tien"
            writer.add(
                YearlyResult(
                    person_id=pk, year=year, appraisal=grade, title=types[title] if title else None
                )
            )
            if title == "cstd_co_so":
                streak += 1
                _award(writer, decisions, types, pk, "cstd_co_so", year)
                if streak == 2 and rnd.random() < 0.3:
                    _award(writer, decisions, types, pk, "bang_khen_bo_truong", year)
                ministry = any(y >= year - 2 for y in ministry_years)
                if streak >= 3 and ministry and rnd.random() < 0.6:
                    _award(writer, decisions, types, pk, "cstd_cand", year)
                    streak = 0
            else:
                streak = 0
            if good and title and rnd.random() < 0.06:
                _award(writer, decisions, types, pk, "giay_khen_giam_doc", year)
    _flush_initiatives(writer)


def _seniority(rnd, pk, start, end, types, decisions, writer, last) -> None:
    for years, code in SENIORITY:
        reached = start.year + years
        if reached < last and (end is None or reached <= end.year) and rnd.random() < 0.97:
            _award(writer, decisions, types, pk, code, reached)


def _award(writer, decisions, types, person_pk: int, code: str, year: int, unit_pk=None) -> None:
    writer.add(
        Award(
            decision_id=decisions.get(code, year),
            award_type=types[code],
            person_id=person_pk,
            unit_id=unit_pk,
            year_from=year,
            year_to=year,
        )
    )


def _initiative(
    rnd, writer: _Writer, n: int, year: int, scope: str, author: int, colleagues: list[int]
) -> None:
    # Authors need the initiative's pk: write it at once (SQLite and PostgreSQL return pks).
    item = Initiative(
        title=f"Sáng kiến số {n}", year=year, scope=scope, decision_number=f"SK-{n}/QĐ"
    )
    writer.pending[Initiative].append(item)
    authors = {author}
    if rnd.random() < 0.4 and len(colleagues) > 1:
        authors.add(rnd.choice(colleagues))
    writer.authors.append((item, sorted(authors)))
    if len(writer.pending[Initiative]) >= FLUSH:
        _flush_initiatives(writer)


def _flush_initiatives(writer: _Writer) -> None:
    writer.flush(Initiative)
    waiting, writer.authors = writer.authors, []
    for item, authors in waiting:
        for person_pk in authors:
            writer.add(InitiativeAuthor(initiative_id=item.pk, person_id=person_pk))


def _unit_history(
    rnd, leaves: list[Unit], types, decisions: _Decisions, writer: _Writer, first: int, last: int
) -> None:
    for unit in leaves:
        for year in range(first, last + 1):
            grade = "xuat_sac" if rnd.random() < 0.3 else "tot"
            title = None
            if year < last:
                r = rnd.random()
                title = "don_vi_quyet_thang" if r < 0.2 else "don_vi_tien_tien" if r < 0.8 else None
            writer.add(
                YearlyResult(
                    unit_id=unit.pk,
                    year=year,
                    appraisal=grade,
                    title=types[title] if title else None,
                )
            )
            if year < last and rnd.random() < 0.05:
                writer.add(
                    Award(
                        decision_id=decisions.get("giay_khen_giam_doc", year),
                        award_type=types["giay_khen_giam_doc"],
                        unit_id=unit.pk,
                        year_from=year,
                        year_to=year,
                    )
                )
