"""A person's and a unit's record: newest first, a year-by-year grid, scope, fixed cost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.awards import services
from thidua.awards.services import Recipient


@pytest.fixture
def career(types, people, decisions):
    """Nguyễn Văn An: CSTĐCS 2019–2021, a Bằng khen for 2019–2021 later revoked, yearly
    appraisals, an initiative and a reprimand."""
    for year in (2019, 2020):
        services.decision_create(
            number=f"{year}/QĐ-CSTĐCS",
            date=dt.date(year, 12, 28),
            award_type=types.cstd_co_so,
            recipients=[Recipient(person=people.an, year_from=year)],
        )
    bk = services.decision_create(
        number="501/QĐ-BCA",
        date=dt.date(2022, 5, 2),
        award_type=types.bang_khen_bo_truong,
        recipients=[
            Recipient(
                person=people.an, year_from=2019, year_to=2021, achievement="3 năm liên tục CSTĐCS"
            )
        ],
    )
    services.award_revoke(award=bk.awards.get(), reason="Trùng thành tích đã khen")
    services.yearly_result_save(
        person=people.an, year=2018, appraisal="tot", title=types.chien_si_tien_tien
    )
    services.yearly_result_save(
        person=people.an, year=2021, appraisal="xuat_sac", title=types.cstd_co_so
    )
    services.initiative_create(
        title="Sổ tay điều tra số",
        year=2020,
        scope="co_so",
        authors=[people.an],
        decision_number="45/QĐ-HĐSK",
    )
    services.discipline_create(
        person=people.an,
        form="khien_trach",
        decision_number="7/QĐ-KL",
        decision_date=dt.date(2017, 6, 1),
        duration_months=6,
    )
    return bk


def _url(person) -> str:
    return reverse("awards:person_history", args=[person.code])


def test_person_history_lists_everything_newest_first(client_for, users, people, career):
    response = client_for(users.officer).get(_url(people.an))
    assert response.status_code == 200
    history = response.context["history"]
    years = [e.year for e in history.entries]
    assert years == sorted(years, reverse=True)
    assert history.entries[0].label == "Giấy khen của Giám đốc Công an tỉnh"  # 2022, newest
    assert {e.kind for e in history.entries} == {"award", "result", "initiative", "discipline"}
    body = response.content.decode()
    assert body.index("78/QĐ-CAT") < body.index("12/QĐ-CAT-PX01") < body.index("2019/QĐ-CSTĐCS")
    assert "Sổ tay điều tra số" in body and "Khiển trách" in body


def test_revoked_award_stays_visible_struck_through_with_reason(client_for, users, people, career):
    body = client_for(users.officer).get(_url(people.an)).content.decode()
    assert "<del>Bằng khen của Bộ trưởng Bộ Công an</del>" in body
    assert "Trùng thành tích đã khen" in body
    assert "4 khen thưởng còn hiệu lực; 1 đã hủy bỏ." in body  # CSTĐCS ×3 + Giấy khen


def test_grid_has_a_row_per_year_and_a_column_per_award_type(
    client_for, users, people, career, types
):
    history = client_for(users.officer).get(_url(people.an)).context["history"]
    assert [r.year for r in history.rows] == list(range(2022, 2016, -1))  # gaps kept
    codes = [t.code for t in history.columns]
    assert codes == [
        "chien_si_tien_tien",
        "cstd_co_so",
        "giay_khen_giam_doc",
        "bang_khen_bo_truong",
    ]
    by_year = {r.year: r for r in history.rows}
    cstdcs = codes.index("cstd_co_so")
    assert [len(by_year[y].cells[cstdcs]) for y in (2019, 2020, 2021)] == [1, 1, 1]
    assert by_year[2021].cells[codes.index("bang_khen_bo_truong")][0].text == "2019–2021"
    assert by_year[2021].cells[codes.index("bang_khen_bo_truong")][0].revoked
    # 2018's title comes from the yearly review only: shown, but muted and without a link.
    cell = by_year[2018].cells[codes.index("chien_si_tien_tien")][0]
    assert cell.muted and not cell.url
    assert by_year[2021].appraisal == "Hoàn thành xuất sắc nhiệm vụ"
    assert by_year[2020].initiatives == ["Cơ sở"] and by_year[2017].disciplines == ["Khiển trách"]


def test_grid_cells_link_to_their_decision(client_for, users, people, career, decisions):
    body = client_for(users.officer).get(_url(people.an)).content.decode()
    assert reverse("awards:decision_detail", args=[decisions.cstdcs.pk]) in body


def test_profile_cost_does_not_grow_with_the_history(client_for, users, people, types, career):
    client = client_for(users.officer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(people.an)).status_code == 200
        return len(ctx.captured_queries)

    before = queries()
    for year in range(1995, 2017):
        services.decision_create(
            number=f"{year}/GK",
            date=dt.date(year, 12, 30),
            award_type=types.giay_khen_giam_doc,
            recipients=[Recipient(person=people.an, year_from=year)],
        )
        services.yearly_result_save(person=people.an, year=year, appraisal="tot")
    assert queries() == before


def test_unit_history_shows_the_units_own_awards(client_for, users, units, decisions):
    response = client_for(users.clerk_a).get(
        reverse("awards:unit_history", args=[units.cah_a.code])
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tập thể xuất sắc" in body and "78/QĐ-CAT" in body


def test_clerk_sees_own_subtree_person_history(client_for, users, people, decisions):
    assert client_for(users.clerk_a).get(_url(people.an)).status_code == 200


def test_clerk_gets_404_on_another_units_person_history(client_for, users, people, decisions):
    assert client_for(users.clerk_a).get(_url(people.cuong)).status_code == 404


def test_clerk_gets_404_on_another_units_history(client_for, users, units):
    assert (
        client_for(users.clerk_a)
        .get(reverse("awards:unit_history", args=[units.cah_b.code]))
        .status_code
        == 404
    )


def test_empty_history_says_so(client_for, users, people):
    body = client_for(users.officer).get(_url(people.dung)).content.decode()
    assert "Chưa có khen thưởng" in body


def test_include_renders_the_panel_for_a_person_or_a_unit(people, units, decisions):
    template = Template('{% include "awards/_history_panel.html" with person=person only %}')
    assert "Phá án ma túy" in template.render(Context({"person": people.an}))
    template = Template('{% include "awards/_history_panel.html" with unit=unit only %}')
    assert "Tập thể xuất sắc" in template.render(Context({"unit": units.cah_a}))
