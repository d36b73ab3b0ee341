"""A report whose subtrees hold every unit (the top of a one-province tree; a province with the
provinces it took over) is the whole record: the same counts as the report without a unit,
read the same fast way (no join to the assignments), whoever is counted — people without any
assignment, awarded before their first one or after leaving every unit, collectives, the
lineage predecessors. With a second top unit outside the report it stays a subtree report."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.accounts.models import Role, User
from thidua.accounts.scope import SYSTEM
from thidua.org.choices import Gender, UnitKind
from thidua.org.models import Person, Unit
from thidua.org.services import person_move, person_save, unit_save
from thidua.reports import dashboard, exemplars, selectors
from thidua.reports.models import Conference
from thidua.reports.summary import period_summary
from thidua.reports.tests.test_lineage_summary import bac_giang  # noqa: F401 (fixture)
from thidua.reports.tests.test_summary import give, record  # noqa: F401 (fixture)

# The keys that name the report's unit rather than count anything.
NAMING = ("unit", "units_included")


def _person(code, name, unit=None):
    """A person saved as an import leaves them: no assignment at all, `unit` as given."""
    person = Person(code=code, full_name=name, gender=Gender.MALE, birth_date=dt.date(1990, 1, 1))
    person.unit = unit
    person.save()
    return person


@pytest.fixture
def mixed(record, types, units, people):  # noqa: F811
    """Beside `record`: an award before An's first assignment, a person with a unit and no
    assignment, one with neither, Cường awarded after leaving every unit, the province's own
    title, and a conference of the province with an exemplar."""
    give(types.chien_si_tien_tien, 2015, people.an)  # his assignment starts in 2016
    em = _person("CA0005", "Hoàng Văn Em", units.cah_b)
    give(types.chien_si_tien_tien, 2017, em)
    giao = _person("CA0006", "Ngô Văn Giao")  # in no unit, ever
    give(types.giay_khen_giam_doc, 2018, giao)
    person_move(person=people.cuong, unit=None, start=dt.date(2019, 6, 1))
    give(types.giay_khen_giam_doc, 2019, people.cuong, units.cat)
    conference = Conference.objects.create(
        title="Hội nghị điển hình tiên tiến 2015–2020", unit=units.cat, year_from=2015, year_to=2020
    )
    exemplars.exemplar_add(conference=conference, person=people.dung)
    return types


def _report(code=None, user=SYSTEM, **kwargs):
    data = period_summary(
        user=user, year_from=2015, year_to=2020, unit_code=code, **kwargs
    ).as_json()
    return {key: value for key, value in data.items() if key not in NAMING}


def _joins_assignments(parts) -> bool:
    return any("org_assignment" in str(part.query) for part in parts)


def test_the_top_units_report_counts_what_the_whole_record_counts(mixed, units):
    whole = _report()
    assert _report("CAT") == whole
    # Giao (in no unit) and Cường (awarded after leaving) count in the province's record;
    # An's award of 2015 counts under his current unit.
    assert whole["totals"]["individuals"] == 6
    assert whole["totals"]["individual_times"] == 10
    council = User.objects.create_user(
        username="council_cat", password="x", role=Role.COUNCIL_MEMBER, unit=units.cat
    )
    assert _report(user=council) == whole


def test_the_top_units_report_reads_the_awards_without_the_assignments(mixed, units):
    parts = selectors.awards_in_span(2015, 2020, units.cat)
    assert not _joins_assignments(parts)
    # Still the two parts a subtree has, collectives then people (exemplars.candidates).
    collectives, people = parts
    assert not collectives.filter(unit__isnull=True).exists()
    assert not people.filter(person__isnull=True).exists()
    assert _joins_assignments(selectors.awards_in_span(2015, 2020, units.cah_a))


def test_a_subunit_still_leaves_out_people_in_no_unit(mixed, people):
    cah_b = _report("CAH-B")
    # Cường's award of 2017 (in Bình Sơn then) counts, not that of 2019; Em counts there.
    assert cah_b["totals"]["individual_times"] == 2
    assert cah_b["totals"]["collectives"] == 1


def test_the_dashboard_of_the_top_unit_is_the_whole_records(mixed, units):
    whole = dashboard.build(user=SYSTEM, year_from=2015, year_to=2020)
    top = dashboard.build(user=SYSTEM, year_from=2015, year_to=2020, unit_code="CAT")
    assert top.totals == whole.totals
    for slug in ("cap", "hinh-thuc", "don-vi", "nam"):
        assert top.chart(slug).rows == whole.chart(slug).rows, slug


def test_a_province_with_the_provinces_it_took_over_is_the_whole_record(
    bac_giang,  # noqa: F811
    mixed,
    units,
):
    assert Unit.objects.filter(parent__isnull=True).count() == 2
    through, whole = _report("CAT"), _report()
    # The speech of the whole record names no unit when the tree has two tops.
    assert through.pop("text")[1:] == whole.pop("text")[1:]
    assert through == whole
    assert not _joins_assignments(selectors.awards_in_span(2015, 2020, units.cat, _also(units.cat)))
    # Its own subtree only is a subtree report again: Bắc Giang's two people out, and Giao,
    # in no unit of it (Cường still counts, for his award of 2017 in Bình Sơn).
    own = _report("CAT", own_only=True)
    assert own["totals"]["individuals"] == whole["totals"]["individuals"] - 2 - 1
    assert _joins_assignments(selectors.awards_in_span(2015, 2020, units.cat))


def test_a_second_top_unit_keeps_its_awards_out_of_the_first(mixed, types, units):
    other = unit_save(
        unit=Unit(
            code="CAT-X",
            name="Công an tỉnh X",
            kind=UnitKind.PROVINCE,
            active_from=dt.date(2015, 1, 1),
        )
    )
    hung = person_save(
        person=Person(code="X0001", full_name="Đinh Văn Hùng", gender=Gender.MALE),
        unit=other,
        start=dt.date(2016, 1, 1),
    )
    give(types.giay_khen_giam_doc, 2017, hung, other)
    top, whole = _report("CAT"), _report()
    # Hùng out, and Giao (in no unit: only the whole record counts him).
    assert top["totals"]["individuals"] == whole["totals"]["individuals"] - 1 - 1
    assert top["totals"]["collectives"] == whole["totals"]["collectives"] - 1
    assert _joins_assignments(selectors.awards_in_span(2015, 2020, units.cat))


def _also(root):
    """The predecessors a report over root covers (period_summary: inherited)."""
    return [i.unit for i in selectors.inherited(root)]
