"""Registered vs achieved at the year's end, on crafted data: the three lists for people and
for collective titles, achieved through a yearly result or an award, higher titles counting,
revoked awards not, a fixed number of queries, the Excel export."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from thidua.accounts.scope import SYSTEM
from thidua.awards.services import Recipient, decision_create, decision_revoke, yearly_result_save
from thidua.movements.models import Registration
from thidua.movements.registration_export import write_comparison_xlsx
from thidua.movements.registration_selectors import comparison
from thidua.movements.registration_services import registration_save
from thidua.org.choices import Gender, UnitKind
from thidua.org.models import Person, Unit
from thidua.org.services import person_save, unit_save

YEAR = 2024


def _person(code, name, unit):
    return person_save(
        person=Person(
            code=code,
            full_name=name,
            gender=Gender.MALE,
            birth_date=dt.date(1990, 1, 1),
            service_start=dt.date(2012, 1, 1),
        ),
        unit=unit,
        start=dt.date(2016, 1, 1),
    )


def _register(unit, titles, collective=None):
    registration_save(
        actor=SYSTEM,
        registration=Registration(unit=unit, year=YEAR, collective_title=collective),
        titles=titles,
    )


def _award(number, award_type, **recipient):
    return decision_create(
        number=number,
        date=dt.date(YEAR + 1, 1, 10),
        award_type=award_type,
        recipients=[Recipient(year_from=YEAR, **recipient)],
    )


@pytest.fixture
def year_end(units, people, types):
    """CAH-A (with CAX-A1 and a new CAX-A2) at the end of 2024."""
    a2 = unit_save(
        unit=Unit(
            code="CAX-A2",
            name="Công an xã An Hoà",
            kind=UnitKind.COMMUNE,
            parent=units.cah_a,
            active_from=dt.date(2015, 1, 1),
        )
    )
    chi = _person("CA0011", "Đỗ Văn Chí", units.cax_a1)
    duc = _person("CA0012", "Hoàng Minh Đức", units.cax_a1)
    em = _person("CA0013", "Vũ Thị Em", units.cax_a1)
    # Registered:
    _register(
        units.cax_a1,
        {
            people.an.pk: types.chien_si_tien_tien,  # achieves CSTĐCS: higher, counts
            duc.pk: types.cstd_co_so,  # achieves only CSTT: not achieved
            em.pk: types.chien_si_tien_tien,  # her award is revoked: not achieved
        },
        collective=types.don_vi_quyet_thang,  # achieves ĐVTT only: not achieved
    )
    _register(units.cah_a, {people.binh.pk: types.chien_si_tien_tien})  # no result at all
    _register(a2, {}, collective=types.don_vi_tien_tien)  # achieves it
    # Achieved:
    yearly_result_save(person=people.an, year=YEAR, appraisal="xuat_sac", title=types.cstd_co_so)
    yearly_result_save(person=duc, year=YEAR, appraisal="tot", title=types.chien_si_tien_tien)
    revoked = _award("9/QĐ", types.chien_si_tien_tien, person=em)
    decision_revoke(decision=revoked, reason="Sai đối tượng")
    _award("10/QĐ", types.chien_si_tien_tien, person=chi)  # without registering
    yearly_result_save(unit=units.cax_a1, year=YEAR, appraisal="tot", title=types.don_vi_tien_tien)
    yearly_result_save(unit=a2, year=YEAR, appraisal="tot", title=types.don_vi_tien_tien)
    _award("11/QĐ", types.don_vi_tien_tien, unit=units.cah_a)  # without registering
    # Outside CAH-A: never listed.
    yearly_result_save(
        person=people.cuong, year=YEAR, appraisal="tot", title=types.chien_si_tien_tien
    )
    return {"chi": chi, "duc": duc, "em": em, "a2": a2}


def codes(lines):
    return [line.code for line in lines]


def test_the_three_lists_of_people_and_of_collectives(units, users, year_end):
    result = comparison(users.officer, units.cah_a, YEAR, subtree=True)
    people = result.people
    assert codes(people.met) == ["CA0001"]
    assert people.met[0].achieved.code == "cstd_co_so"
    assert sorted(codes(people.missed)) == ["CA0002", "CA0012", "CA0013"]
    assert codes(people.unregistered) == ["CA0011"]
    assert people.registered == 4
    collectives = result.collectives
    assert codes(collectives.met) == ["CAX-A2"]
    assert codes(collectives.missed) == ["CAX-A1"]
    assert collectives.missed[0].achieved.code == "don_vi_tien_tien"
    assert codes(collectives.unregistered) == ["CAH-A"]


def test_without_the_subtree_only_the_unit_itself_is_compared(units, users, year_end):
    result = comparison(users.officer, units.cah_a, YEAR, subtree=False)
    assert codes(result.people.missed) == ["CA0002"]
    assert result.people.met == [] and result.people.unregistered == []
    assert codes(result.collectives.unregistered) == ["CAH-A"]


def test_a_clerk_compares_only_within_their_scope(units, users, year_end):
    result = comparison(users.clerk_b, units.cat, YEAR, subtree=True)
    assert codes(result.people.unregistered) == ["CA0003"]  # Cường of CAH-B only
    assert result.people.registered == 0


def test_the_comparison_reads_a_fixed_number_of_queries(
    units, users, year_end, django_assert_max_num_queries, types
):
    crowd = [_person(f"XB{n:04d}", f"Cán bộ {n}", units.cax_a1) for n in range(40)]
    for person in crowd:
        yearly_result_save(
            person=person, year=YEAR, appraisal="tot", title=types.chien_si_tien_tien
        )
    with django_assert_max_num_queries(12):
        result = comparison(users.officer, units.cah_a, YEAR, subtree=True)
    assert len(result.people.unregistered) == 41


def test_the_page_shows_counts_and_the_export_holds_every_list(client_for, users, year_end):
    client = client_for(users.clerk_a)
    url = reverse("movements:registration_comparison") + f"?don_vi=CAH-A&nam={YEAR}&cap_duoi=on"
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Đăng ký nhưng không đạt" in text and "Đỗ Văn Chí" in text
    export = client.get(page.context["export_url"])
    assert export.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(export.content))
    counts = book["Tổng hợp"]
    assert [c.value for c in counts[4]] == ["Cá nhân", 4, 1, 3, 1]
    assert [c.value for c in counts[5]] == ["Tập thể", 2, 1, 1, 1]
    assert len(book.sheetnames) == 7
    missed = book[book.sheetnames[2]]
    assert sorted(row[1].value for row in missed.iter_rows(min_row=2)) == [
        "CA0002",
        "CA0012",
        "CA0013",
    ]


def test_the_workbook_writes_names_as_text(units, users, year_end, tmp_path):
    result = comparison(users.officer, units.cah_a, YEAR)
    target = io.BytesIO()
    write_comparison_xlsx(result, target)
    book = openpyxl.load_workbook(io.BytesIO(target.getvalue()))
    assert book["Tổng hợp"]["A1"].value.startswith("Đối chiếu đăng ký và kết quả thi đua năm 2024")


def test_the_office_first_chooses_a_unit_without_an_error(client_for, users):
    page = client_for(users.officer).get(reverse("movements:registration_comparison"))
    assert page.status_code == 200
    assert page.context["result"] is None and not page.context["form"].errors
