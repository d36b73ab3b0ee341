"""The demo province generator: deterministic, plausible, and consistent with the register."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections import Counter, defaultdict

import pytest
from django.db import transaction

from thidua.demo.builder import build_demo
from thidua.demo.people import PeoplePlanner, duplicate_count
from thidua.demo.units import unit_plan
from thidua.org.choices import RANKS, UnitKind
from thidua.org.models import Assignment, Person, Unit
from thidua.org.selectors import duplicate_groups, shared_citizen_ids

N = 300
REFERENCE_DATE = dt.date(2025, 12, 31)


def _build(**options):
    return build_demo(stdout=io.StringIO(), **{"people": N, "seed": 7, **options})


def _snapshot(**options) -> tuple[list, list, list]:
    """Build in a transaction of its own, read everything that matters, roll back."""
    with transaction.atomic():
        _build(**options)
        units = list(
            Unit.objects.order_by("code").values_list(
                "code", "name", "kind", "parent__code", "active_from", "active_to"
            )
        )
        people = list(
            Person.objects.order_by("code").values_list(
                "code",
                "full_name",
                "gender",
                "birth_date",
                "service_start",
                "rank",
                "position",
                "citizen_id",
                "unit__code",
                "unverified",
            )
        )
        assignments = sorted(
            Assignment.objects.values_list(
                "person__code", "unit__code", "start", "end", "position"
            ),
            key=str,
        )
        transaction.set_rollback(True)
    return units, people, assignments


@pytest.mark.django_db
def test_same_seed_builds_identical_province_twice():
    first = _snapshot()
    assert Person.objects.count() == 0  # the first build was rolled back
    assert _snapshot() == first


@pytest.mark.django_db
def test_different_seeds_give_different_people():
    _, people_a, _ = _snapshot(seed=1)
    _, people_b, _ = _snapshot(seed=2)
    assert [p[:2] for p in people_a] != [p[:2] for p in people_b]


def test_plans_are_identical_without_a_database():
    def plan(seed):
        import random

        specs = unit_plan(2025, 10)
        planner = PeoplePlanner(
            random.Random(seed),
            specs,
            window_start=dt.date(2016, 1, 1),
            reference_date=REFERENCE_DATE,
        )
        return planner.plan(500)

    assert plan(3) == plan(3)
    assert plan(3) != plan(4)


@pytest.mark.django_db
def test_about_seventy_units_of_two_former_forces_in_three_levels():
    _build()
    units = list(Unit.objects.all())
    assert 65 <= len(units) <= 80
    assert {u.depth for u in units} == {0, 1, 2}
    roots = sorted(u.code for u in units if u.parent_id is None)
    assert roots == ["CAT", "LG-CAT"]  # the absorbed force keeps its place, closed
    kinds = Counter(u.kind for u in units)
    assert kinds[UnitKind.DEPARTMENT] >= 21 and kinds[UnitKind.DISTRICT] == 11
    assert kinds[UnitKind.TEAM] >= 5 and kinds[UnitKind.COMMUNE] >= 25
    assert Unit.objects.get(name="Phòng Cảnh sát giao thông", code="PC08").kind == (
        UnitKind.DEPARTMENT
    )
    # Today: one province, no district, communes straight under it.
    open_units = [u for u in units if u.active_to is None]
    assert {u.kind for u in open_units if u.parent_id is None} == {UnitKind.PROVINCE}
    assert not [u for u in open_units if u.kind == UnitKind.DISTRICT]
    cat = next(u for u in units if u.code == "CAT")
    assert all(u.parent_id == cat.pk for u in open_units if u.kind == UnitKind.COMMUNE)
    for unit in (u for u in units if u.active_to):
        assert not unit.people.exists(), unit  # nobody works in a unit that ended
        assert unit.history.count() >= 2  # created, then ended: in the audit trail
    assert Unit.objects.get(code="CAH02").assignments.exists()  # the district's past staff


@pytest.mark.django_db
def test_asked_number_of_people_is_created_with_their_history_records():
    ctx = _build()
    assert Person.objects.count() == N == len(ctx.people)
    assert Person.history.count() == N
    assert Assignment.history.count() == Assignment.objects.count() == ctx.assignment_count
    reasons = set(Person.history.values_list("history_change_reason", flat=True))
    assert reasons == {"Dữ liệu mẫu (thidua demo)"}


@pytest.mark.django_db
def test_every_person_has_a_contiguous_history_ending_in_their_unit():
    _build()
    units = {u.pk: u for u in Unit.objects.all()}
    stints = defaultdict(list)
    for a in Assignment.objects.order_by("start"):
        stints[a.person_id].append(a)
    for person in Person.objects.all():
        history = stints[person.pk]
        assert 1 <= len(history) <= 3, person
        assert history[0].start == person.service_start
        for before, after in itertools.pairwise(history):
            assert before.end == after.start - dt.timedelta(days=1), person
        current = history[-1]
        assert current.end is None and current.unit_id == person.unit_id
        assert current.position == person.position
        for a in history:
            unit = units[a.unit_id]
            assert unit.active_from is None or a.start >= unit.active_from, (person, unit)
            if unit.active_to is not None:
                assert a.end is not None and a.end <= unit.active_to, (person, unit)
        assert units[person.unit_id].active_to is None


@pytest.mark.django_db
def test_transfers_fall_inside_the_history_window():
    _build(years=3)
    window_start = dt.date(2023, 1, 1)
    service_start = dict(Person.objects.values_list("pk", "service_start"))
    for person_id, start in Assignment.objects.values_list("person_id", "start"):
        assert start == service_start[person_id] or window_start <= start <= REFERENCE_DATE


@pytest.mark.django_db
def test_people_look_like_a_real_provincial_force():
    _build(people=1000)
    people = list(Person.objects.select_related("unit"))
    male = sum(p.gender == "M" for p in people) / len(people)
    assert 0.72 <= male <= 0.88
    families = Counter(p.full_name.split()[0] for p in people)
    assert families.most_common(1)[0][0] == "Nguyễn"
    assert 0.30 <= families["Nguyễn"] / len(people) <= 0.46
    for p in people:
        assert 1965 <= p.birth_date.year <= 2002
        age_at_start = (p.service_start - p.birth_date).days / 365.25
        assert 18 <= age_at_start <= 31 and p.service_start <= REFERENCE_DATE
        assert p.rank in RANKS
    ids = [p.citizen_id for p in people if p.citizen_id]
    assert len(ids) >= 0.9 * len(people) and all(len(i) == 12 and i.isdigit() for i in ids)
    heads = Counter((p.unit.kind, p.position) for p in people)
    assert heads[(UnitKind.PROVINCE, "Giám đốc")] == 1
    assert heads[(UnitKind.DEPARTMENT, "Trưởng phòng")] == 15
    assert heads[(UnitKind.TEAM, "Đội trưởng")] >= 5
    rank_and_file = sum(n for (_, pos), n in heads.items() if pos in ("Cán bộ", "Chiến sĩ"))
    assert rank_and_file > 0.7 * len(people)
    director = next(p for p in people if p.position == "Giám đốc")
    assert RANKS.index(director.rank) >= RANKS.index("Đại tá")


@pytest.mark.django_db
def test_a_handful_of_likely_duplicates_show_on_the_duplicates_page():
    _build()
    groups = list(duplicate_groups(Person.objects.all()))
    assert len(groups) >= duplicate_count(N) >= 2
    copies = Person.objects.filter(unverified=True)
    assert copies.count() == duplicate_count(N)
    for copy in copies:
        original = Person.objects.exclude(pk=copy.pk).get(
            search_key=copy.search_key, birth_date=copy.birth_date, unverified=False
        )
        assert original.unit_id != copy.unit_id


@pytest.mark.django_db
def test_one_person_stands_in_both_registers_and_shows_as_a_likely_duplicate():
    _build()
    twin = Person.objects.get(code__startswith="LG-", unverified=True)
    original = Person.objects.exclude(pk=twin.pk).get(
        search_key=twin.search_key, birth_date=twin.birth_date
    )
    assert not original.code.startswith("LG-") and twin.unit.code.startswith("LG-")
    assert twin.citizen_id and twin.citizen_id == original.citizen_id
    assert list(shared_citizen_ids(Person.objects.all())) == [twin.citizen_id]
