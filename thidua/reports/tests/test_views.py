"""The summary page: the figures on screen, the downloads, the scope."""

from __future__ import annotations

import io
import json

import openpyxl
from django.urls import reverse

from thidua.reports.tests.test_summary import record  # noqa: F401 (fixture)

URL = reverse("reports:summary")
SPAN = {"year_from": 2015, "year_to": 2020}


def test_the_page_shows_the_sentences_and_the_table(client_for, users, record):  # noqa: F811
    page = client_for(users.officer).get(URL, SPAN).content.decode()
    assert "Giai đoạn 2015–2020, Công an tỉnh Hưng Yên có 3 tập thể (7 lượt)" in page
    assert "Đơn vị quyết thắng" in page and "Tổng cộng (người, tập thể khác nhau)" in page
    assert "5 năm liền (2016–2020)" in page


def test_the_downloads_hold_the_same_figures(client_for, users, record):  # noqa: F811
    client = client_for(users.officer)
    data = json.loads(client.get(URL, {**SPAN, "tai": "json"}).content)
    assert data["totals"]["individuals"] == 4
    response = client.get(URL, {**SPAN, "tai": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="tong-ket-2015-2020.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    try:
        assert next(book["Theo hình thức"].iter_rows(values_only=True))[0].startswith(
            "Tổng kết khen thưởng giai đoạn 2015–2020"
        )
    finally:
        book.close()


def test_a_clerk_sees_its_scope_and_cannot_pick_another_unit(client_for, users, record):  # noqa: F811
    client = client_for(users.clerk_a)
    page = client.get(URL, SPAN).content.decode()
    assert "Giai đoạn 2015–2020, Công an huyện An Phú có" in page
    other = client.get(URL, {**SPAN, "unit": "CAH-B"})
    assert other.status_code == 400 and "Giai đoạn" not in other.content.decode()


def test_the_years_must_run_forward(client_for, users):
    r = client_for(users.officer).get(URL, {"year_from": 2021, "year_to": 2020})
    assert r.status_code == 400 and "Năm cuối phải không trước năm đầu." in r.content.decode()


def test_the_word_download_opens(client_for, users, record):  # noqa: F811
    import docx

    response = client_for(users.officer).get(URL, {**SPAN, "tai": "docx"})
    assert response["Content-Disposition"] == 'attachment; filename="tong-ket-2015-2020.docx"'
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Giai đoạn 2015–2020" in text


def test_a_repeat_view_is_read_from_the_cache_and_a_new_award_shows_at_once(
    client_for,
    users,
    people,
    record,  # noqa: F811
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.reports.tests.test_summary import give

    def aggregates(queries) -> list[str]:
        return [
            q["sql"]
            for q in queries
            if 'FROM "awards_award"' in q["sql"] and "GROUP BY" in q["sql"]
        ]

    client = client_for(users.officer)
    with CaptureQueriesContext(connection) as cold:
        first = client.get(URL, {**SPAN, "tai": "json"}).json()
    assert aggregates(cold.captured_queries)  # computed
    with CaptureQueriesContext(connection) as warm:
        assert client.get(URL, {**SPAN, "tai": "json"}).json() == first
    assert not aggregates(warm.captured_queries)  # from the cache
    give(record.chien_si_tien_tien, 2019, people.dung)
    after = client.get(URL, {**SPAN, "tai": "json"}).json()
    assert after["totals"]["individual_times"] == first["totals"]["individual_times"] + 1
