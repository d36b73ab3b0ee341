"""The home page's dashboard on crafted data (test_summary.record): each chart's counts, the
scope of a district clerk, the Excel downloads, bad period input, the to-do list, and the
number of queries."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from thidua.accounts.scope import SYSTEM
from thidua.org.models import Person
from thidua.org.services import person_move
from thidua.reports.dashboard import build, todos
from thidua.reports.models import Conference, Exemplar
from thidua.reports.summary import Counts
from thidua.reports.tests.test_summary import give, record  # noqa: F401 (fixture)

RECORD = pytest.mark.usefixtures("record")

SPAN = {"year_from": 2015, "year_to": 2020}


def table(board, slug) -> dict[str, tuple[int, ...]]:
    return {row.label: tuple(row.counts.as_json().values()) for row in board.chart(slug).rows}


@RECORD
def test_dashboard_counts_awards_by_level_and_form():
    board = build(user=SYSTEM, year_from=2015, year_to=2020)
    # (collectives, individuals, collective times, individual times)
    assert table(board, "cap") == {
        "Cơ sở (đơn vị)": (3, 3, 7, 5),
        "Tỉnh": (0, 0, 0, 0),
        "Bộ": (0, 1, 0, 1),
        "Chính phủ": (0, 0, 0, 0),
        "Nhà nước": (0, 0, 0, 0),
    }
    assert table(board, "hinh-thuc") == {
        "Danh hiệu thi đua": (1, 3, 5, 4),
        "Hình thức khen thưởng": (2, 2, 2, 2),
    }
    assert board.totals == Counts(3, 4, 7, 6)  # the period summary's totals


@RECORD
def test_dashboard_counts_each_subunit_with_its_subtree_and_each_year():
    board = build(user=SYSTEM, year_from=2015, year_to=2020)
    # The province's direct subunits in tree order; Bằng khen 2016–2020 counts in 2020.
    assert table(board, "don-vi") == {
        "Công an huyện An Phú": (2, 2, 6, 4),
        "Công an huyện Bình Sơn": (1, 1, 1, 1),
        "Phòng Tham mưu": (0, 1, 0, 1),
    }
    assert table(board, "nam") == {
        "2016": (1, 2, 1, 2),
        "2017": (1, 2, 1, 2),
        "2018": (3, 1, 3, 1),
        "2019": (1, 0, 1, 0),
        "2020": (1, 1, 1, 1),
    }


@RECORD
def test_dashboard_counts_only_awards_in_the_users_scope(users):
    board = build(user=users.clerk_a, year_from=2015, year_to=2020)
    assert board.root.code == "CAH-A" and board.totals == Counts(2, 2, 6, 4)
    assert table(board, "don-vi") == {"Công an xã An Lạc": (1, 1, 1, 3)}
    assert table(board, "cap")["Bộ"] == (0, 0, 0, 0)  # Dung's Bằng khen is in PV01


def test_a_person_counts_under_the_unit_of_the_decision_day(types, units, people):
    give(types.chien_si_tien_tien, 2018, people.binh)  # Bình served in CAH-A in 2018
    person_move(
        person=Person.objects.get(pk=people.binh.pk), unit=units.cah_b, start=dt.date(2020, 1, 1)
    )
    board = build(user=SYSTEM, year_from=2018, year_to=2018)
    assert table(board, "don-vi")["Công an huyện An Phú"] == (0, 1, 0, 1)
    assert table(board, "don-vi")["Công an huyện Bình Sơn"] == (0, 0, 0, 0)


@RECORD
def test_the_home_page_shows_the_tables_and_the_chart_data(client_for, users):
    page = client_for(users.officer).get("/", SPAN).content.decode()
    assert "Giai đoạn 2015–2020:" in page and "3 tập thể (7 lượt), 4 cá nhân (6 lượt)" in page
    assert 'id="dashboard-data"' in page and "dashboard.js" in page and "<canvas" in page
    assert "Công an huyện An Phú" in page and "Theo cấp khen thưởng" in page
    assert 'href="/bao-cao/tong-quan/nam.xlsx?year_from=2015&amp;year_to=2020"' in page


def test_the_home_page_defaults_to_the_last_complete_year(client_for, users):
    page = client_for(users.officer).get("/").content.decode()
    assert f"Năm {dt.date.today().year - 1}:" in page


@RECORD
def test_the_excel_download_holds_the_charts_numbers(client_for, users):
    response = client_for(users.officer).get(
        reverse("reports:dashboard_xlsx", args=["don-vi"]), SPAN
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="tong-quan-don-vi-2015-2020.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    try:
        assert book.sheetnames == ["Theo đơn vị trực thuộc"]
        rows = list(book.active.iter_rows(values_only=True))
    finally:
        book.close()
    assert rows[0][0].startswith("Khen thưởng giai đoạn 2015–2020")
    assert rows[2] == ("Đơn vị", "Số tập thể", "Số cá nhân", "Lượt tập thể", "Lượt cá nhân")
    assert rows[3] == ("Công an huyện An Phú", 2, 2, 6, 4)
    assert rows[-1] == ("Tổng cộng (người, tập thể khác nhau)", 3, 4, 7, 6)


@RECORD
def test_one_workbook_holds_all_four_charts_in_vietnamese(client_for, users):
    client = client_for(users.officer)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("reports:dashboard_xlsx", args=["tat-ca"]), SPAN)
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    try:
        assert book.sheetnames == [
            "Theo cấp khen thưởng",
            "Theo hình thức",
            "Theo đơn vị trực thuộc",
            "Theo năm",
        ]
        years = list(book["Theo năm"].iter_rows(values_only=True))
    finally:
        book.close()
    assert years[3] == ("2016", 1, 2, 1, 2)


@RECORD
def test_a_clerk_downloads_only_its_scope(client_for, users):
    client = client_for(users.clerk_a)
    url = reverse("reports:dashboard_xlsx", args=["cap"])
    other = client.get(url, {**SPAN, "unit": "CAH-B"})
    assert other.status_code == 400
    book = openpyxl.load_workbook(io.BytesIO(client.get(url, SPAN).content), read_only=True)
    try:
        rows = list(book.active.iter_rows(values_only=True))
    finally:
        book.close()
    assert rows[0][0].endswith("Công an huyện An Phú: theo cấp khen thưởng")
    assert rows[-1][1:] == (2, 2, 6, 4)


def test_an_unknown_chart_is_not_found(client_for, users):
    assert client_for(users.officer).get("/bao-cao/tong-quan/khac.xlsx").status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year_from": "abc", "year_to": "2020"}, "Nhập năm bằng chữ số, ví dụ 2025."),
        ({"year_from": "2021", "year_to": "2020"}, "Năm cuối phải không trước năm đầu."),
        ({"year_from": "1800", "year_to": "2020"}, "Năm phải từ 1945 trở đi."),
    ],
)
def test_bad_period_input_gets_a_vietnamese_message(client_for, users, query, message):
    client = client_for(users.officer)
    response = client.get("/", query)
    assert response.status_code == 400 and message in response.content.decode()
    assert 'id="dashboard-data"' not in response.content.decode()
    download = client.get(reverse("reports:dashboard_xlsx", args=["nam"]), query)
    assert download.status_code == 400 and message in download.content.decode()


def test_the_todo_list_names_clashes_and_conferences_without_exemplars(users, units, people):
    Person.objects.filter(pk__in=[people.an.pk, people.cuong.pk]).update(citizen_id="001088000001")
    waiting = Conference.objects.create(
        title="Hội nghị An Phú", unit=units.cah_a, year_from=2020, year_to=2024
    )
    done = Conference.objects.create(
        title="Hội nghị Bình Sơn", unit=units.cah_b, year_from=2020, year_to=2024
    )
    Exemplar.objects.create(conference=done, person=people.cuong, story="…")
    found = {item.text: (item.count, item.url) for item in todos(users.officer)}
    assert found == {
        "số CCCD ghi cho nhiều hồ sơ, cần kiểm tra": (1, "/can-bo/nghi-trung/"),
        "hội nghị điển hình tiên tiến chưa chọn điển hình": (1, "/bao-cao/hoi-nghi/?chua-chon=1"),
    }
    # A clerk sees neither half of a clash outside its subtree: An is in CAH-A, Cường in CAH-B.
    assert [(t.count, t.url) for t in todos(users.clerk_a)] == [
        (1, "/bao-cao/hoi-nghi/?chua-chon=1")
    ]
    assert todos(users.clerk_b) == []
    assert waiting.title in _conference_list_waiting(users)


def _conference_list_waiting(users) -> str:
    from django.test import Client

    client = Client()
    client.force_login(users.officer)
    page = client.get("/bao-cao/hoi-nghi/", {"chua-chon": "1"}).content.decode()
    assert "Hội nghị Bình Sơn" not in page
    return page


@RECORD
def test_the_home_page_reads_with_few_queries(client_for, users, django_assert_max_num_queries):
    client = client_for(users.officer)
    # Three subunits here; no query is asked per subunit, per person or per award. Four of
    # them are the nominations' (the task list's three aggregates, the header's unread count).
    with django_assert_max_num_queries(31):
        assert client.get("/", SPAN).status_code == 200
    # Again, nothing changed: the stamp of the record (one MAX a table), no counting.
    with django_assert_max_num_queries(22):
        assert client.get("/", SPAN).status_code == 200


@RECORD
def test_a_new_award_shows_at_once_though_the_figures_are_cached(types, people):
    before = build(user=SYSTEM, year_from=2015, year_to=2020)
    assert build(user=SYSTEM, year_from=2015, year_to=2020) == before  # from the cache
    give(types.chien_si_tien_tien, 2019, people.dung)
    after = build(user=SYSTEM, year_from=2015, year_to=2020)
    assert after.totals.individual_times == before.totals.individual_times + 1
    assert table(after, "nam")["2019"] == (1, 1, 1, 1)


def test_a_moved_person_is_counted_anew(types, units, people):
    give(types.chien_si_tien_tien, 2018, people.binh, on=dt.date(2018, 12, 20))
    assert table(build(user=SYSTEM, year_from=2018, year_to=2018), "don-vi")[
        "Công an huyện An Phú"
    ] == (0, 1, 0, 1)
    # Recorded afresh: Bình served in CAH-B from 2017, the decision's day falls there.
    person_move(
        person=Person.objects.get(pk=people.binh.pk), unit=units.cah_b, start=dt.date(2017, 1, 1)
    )
    rows = table(build(user=SYSTEM, year_from=2018, year_to=2018), "don-vi")
    assert rows["Công an huyện Bình Sơn"] == (0, 1, 0, 1)


def test_a_clerk_without_a_unit_is_told_so_not_shown_the_province(client_for, users):
    users.clerk_a.unit = None
    users.clerk_a.save()
    response = client_for(users.clerk_a).get("/")
    assert response.status_code == 200 and 'id="dashboard-data"' not in response.content.decode()
    assert 'class="error"' in response.content.decode()


def test_each_subunit_row_is_the_period_summary_of_that_subunit_even_with_overlaps(
    types, units, people
):
    from thidua.org.models import Assignment
    from thidua.reports.summary import period_summary

    give(types.chien_si_tien_tien, 2018, people.an, people.binh)
    give(types.don_vi_tien_tien, 2018, units.cax_a1)
    give(types.giay_khen_giam_doc, 2018, people.an, people.dung, on=dt.date(2019, 1, 10))
    # An overlap left by an edit: An held two assignments in An Phú's subtree on both days,
    # and one in Bình Sơn. Each award still counts once in each subtree it falls in.
    Assignment.objects.create(person=people.an, unit=units.cah_a, start=dt.date(2017, 1, 1))
    Assignment.objects.create(person=people.an, unit=units.cah_b, start=dt.date(2018, 6, 1))
    board = build(user=SYSTEM, year_from=2018, year_to=2018)
    rows = {row.label: row.counts for row in board.chart("don-vi").rows}
    for unit in (units.cah_a, units.cah_b, units.pv01):
        alone = period_summary(user=SYSTEM, year_from=2018, year_to=2018, unit_code=unit.code)
        assert rows[unit.name] == alone.totals, unit.code
    assert rows[units.cah_a.name] == Counts(1, 2, 1, 3)
