"""Choosing the exemplars of a conference from the record, and the pages that keep them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import version_of
from thidua.reports import exemplars
from thidua.reports.models import Conference, Exemplar
from thidua.reports.tests.test_summary import give


@pytest.fixture
def conference(units):
    return Conference.objects.create(
        title="Hội nghị điển hình tiên tiến giai đoạn 2015–2020",
        unit=units.cat,
        year_from=2015,
        year_to=2020,
    )


@pytest.fixture
def decorated(types, units, people):
    give(types.hc_chien_cong_3, 2018, people.dung)  # one high award
    for year in (2016, 2017, 2018):
        give(types.chien_si_tien_tien, year, people.an)  # three low ones
    give(types.giay_khen_giam_doc, 2019, people.binh, units.cah_b)
    give(types.chien_si_tien_tien, 2021, people.cuong)  # outside the period


def _names(found):
    return [getattr(c.recipient, "full_name", None) or c.recipient.name for c in found]


def test_the_most_decorated_come_first_by_the_weight_of_their_awards(conference, decorated):
    found = exemplars.candidates(conference)
    assert _names(found)[:2] == ["Phạm Thị Dung", "Nguyễn Văn An"]  # rank 50 > 3 × 10
    assert found[0].highest == "Huân chương Chiến công hạng Ba"
    assert "Lê Đức Cường" not in _names(found)


def test_filters_by_kind_level_and_unit(conference, decorated, types, units):
    assert _names(exemplars.candidates(conference, kind=exemplars.COLLECTIVE)) == [
        "Công an huyện Bình Sơn"
    ]
    assert _names(exemplars.candidates(conference, min_level="state")) == ["Phạm Thị Dung"]
    assert _names(exemplars.candidates(conference, within=units.cah_a)) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
    ]


def test_an_officer_chooses_candidates_and_writes_their_story(
    client_for, users, conference, decorated, people
):
    client = client_for(users.officer)
    url = reverse("reports:exemplar_add", args=[conference.pk])
    client.post(url, {"candidate": f"person:{people.dung.pk}"})
    client.post(url, {"candidate": f"person:{people.dung.pk}"})  # twice: kept once
    exemplar = Exemplar.objects.get()
    assert exemplar.person == people.dung and exemplar.position == 1
    r = client.post(
        reverse("reports:exemplar_edit", args=[exemplar.pk]),
        {
            "story": "Chỉ huy phá chuyên án ma túy lớn năm 2018.",
            "position": 1,
            "version": version_of(exemplar),
        },
    )
    assert r.status_code == 302
    page = client.get(reverse("reports:honour_list", args=[conference.pk]) + "?ky-yeu=1")
    html = page.content.decode()
    assert "Phạm Thị Dung" in html and "Chỉ huy phá chuyên án ma túy lớn năm 2018." in html
    detail = client.get(conference.get_absolute_url()).content.decode()
    assert "đã chọn" in detail


def test_a_clerk_organises_its_own_unit_and_chooses_only_inside_it(
    client_for, users, units, people, decorated
):
    own = Conference.objects.create(
        title="Hội nghị An Phú", unit=units.cah_a, year_from=2015, year_to=2020
    )
    client = client_for(users.clerk_a)
    url = reverse("reports:exemplar_add", args=[own.pk])
    client.post(url, {"candidate": f"person:{people.cuong.pk}"})  # out of scope: not found
    client.post(url, {"candidate": f"person:{people.an.pk}"})
    assert list(own.exemplars.values_list("person__code", flat=True)) == ["CA0001"]
    province = Conference.objects.create(title="Tỉnh", unit=units.cat, year_from=2015, year_to=2020)
    assert client.get(province.get_absolute_url()).status_code == 404


def test_a_viewer_reads_but_cannot_choose(client_for, users, conference, decorated, people):
    client = client_for(users.viewer)
    page = client.get(conference.get_absolute_url())
    assert page.status_code == 200 and "Chọn từ sổ khen thưởng" not in page.content.decode()
    r = client.post(
        reverse("reports:exemplar_add", args=[conference.pk]),
        {"candidate": f"person:{people.an.pk}"},
    )
    assert r.status_code == 403 and not Exemplar.objects.exists()


def test_the_summary_names_the_exemplars_of_the_period(conference, decorated, people, units):
    from thidua.accounts.scope import SYSTEM
    from thidua.reports.summary import period_summary

    exemplars.exemplar_add(conference=conference, person=people.dung)
    exemplars.exemplar_add(conference=conference, unit=units.cah_b)
    data = period_summary(user=SYSTEM, year_from=2015, year_to=2020).as_json()
    assert [(e["kind"], e["code"]) for e in data["exemplars"]] == [
        ("individual", "CA0004"),
        ("collective", "CAH-B"),
    ]
    assert "1 tập thể, 1 cá nhân được tuyên dương là điển hình tiên tiến." in data["text"]
    assert period_summary(user=SYSTEM, year_from=2016, year_to=2020).as_json()["exemplars"] == []


def test_the_booklet_downloads_as_a_pdf_with_every_vietnamese_glyph(
    client_for, users, conference, decorated, people, tmp_path
):
    import shutil
    import subprocess

    exemplars.exemplar_add(conference=conference, person=people.dung)
    Exemplar.objects.update(story="Chỉ huy phá chuyên án; được tặng Huân chương Chiến công.")
    url = reverse("reports:honour_list", args=[conference.pk]) + "?ky-yeu=1&tai=pdf"
    response = client_for(users.officer).get(url)
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "ky-yeu.pdf"
    path.write_bytes(response.content)
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Phạm Thị Dung" in text and "Huân chương Chiến công" in text
    assert "KỶ YẾU" in text


@pytest.mark.parametrize("booklet", [False, True])
def test_the_honour_list_and_the_booklet_download_as_word(
    client_for, users, conference, decorated, people, units, booklet
):
    import io

    import docx

    exemplars.exemplar_add(conference=conference, unit=units.cah_b)
    exemplars.exemplar_add(conference=conference, person=people.dung)
    Exemplar.objects.filter(person=people.dung).update(story="Phá chuyên án ma túy lớn.")
    query = "?ky-yeu=1&tai=docx" if booklet else "?tai=docx"
    url = reverse("reports:honour_list", args=[conference.pk]) + query
    document = docx.Document(io.BytesIO(client_for(users.officer).get(url).content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "HỘI NGHỊ ĐIỂN HÌNH TIÊN TIẾN GIAI ĐOẠN 2015–2020" in text
    if booklet:
        assert "2. Đại úy Phạm Thị Dung — Cán bộ, Đội Tổng hợp" in text
        assert "Phá chuyên án ma túy lớn." in text
    else:
        assert "I. TẬP THỂ (1)" in text and "II. CÁ NHÂN (1)" in text
        assert "Công an huyện Bình Sơn" in cells and "Đại úy Phạm Thị Dung" in cells
