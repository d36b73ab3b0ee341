"""Hand entry of yearly results (xếp loại) on a person's and a unit's record page: the same
rules, scope and audit as the results import, and the eligibility page sees it at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from thidua.awards.models import YearlyResult
from thidua.awards.services import yearly_result_save

pytestmark = pytest.mark.django_db


def _page(person):
    return reverse("awards:person_history", args=[person.code])


def _save(client, person, **data):
    return client.post(reverse("awards:person_result_save", args=[person.code]), data)


def test_a_clerk_enters_a_yearly_result_for_a_person_in_scope(client_for, users, people, types):
    client = client_for(users.clerk_b)
    page = client.get(_page(people.cuong)).content.decode()
    assert "Thêm kết quả xếp loại năm" in page
    response = _save(
        client, people.cuong, year="2024", appraisal="xuat_sac", title="chien_si_tien_tien"
    )
    assert response.status_code == 302
    assert response.url == _page(people.cuong) + "#xep-loai"
    result = YearlyResult.objects.get(person=people.cuong, year=2024)
    assert (result.appraisal, result.title) == ("xuat_sac", types.chien_si_tien_tien)
    page = client.get(_page(people.cuong)).content.decode()
    assert "Đã thêm kết quả xếp loại năm 2024." in page
    assert "Hoàn thành xuất sắc nhiệm vụ" in page


def test_the_entry_is_audited_with_the_clerk_and_shown_in_the_history(client_for, users, people):
    client = client_for(users.clerk_b)
    _save(client, people.cuong, year="2023", appraisal="tot")
    _save(client, people.cuong, year="2023", appraisal="xuat_sac", editing="2023", version="1")
    records = YearlyResult.history.filter(person=people.cuong).order_by("history_id")
    assert [(r.history_type, r.appraisal, r.history_user) for r in records] == [
        ("+", "tot", users.clerk_b),
        ("~", "xuat_sac", users.clerk_b),
    ]
    page = client.get(_page(people.cuong)).content.decode()
    history = page[page.index('id="history"') :]
    assert "clerk_b" in history and "Hoàn thành xuất sắc nhiệm vụ" in history


def test_a_correction_changes_the_stored_year_in_place(client_for, users, people):
    yearly_result_save(person=people.cuong, year=2022, appraisal="hoan_thanh", note="cũ")
    client = client_for(users.clerk_b)
    form = client.get(_page(people.cuong), {"sua": "2022"}).content.decode()
    assert "Sửa kết quả xếp loại năm 2022" in form and 'value="2022"' in form
    assert 'name="version" value="1"' in form
    response = _save(
        client, people.cuong, year="2022", appraisal="tot", editing="2022", version="1"
    )
    assert response.status_code == 302
    assert YearlyResult.objects.get(person=people.cuong, year=2022).appraisal == "tot"
    assert YearlyResult.objects.filter(person=people.cuong).count() == 1


@pytest.mark.parametrize("version", [None, "1"])
def test_a_stale_correction_is_refused_and_nothing_is_lost(client_for, users, people, version):
    """Two clerks open the same year's form (version 1); the first saves, the second is
    refused with the standard message and their typing stays in the form. A form that
    carries no version at all (an old page) is refused the same way."""
    yearly_result_save(person=people.cuong, year=2022, appraisal="hoan_thanh")
    client = client_for(users.clerk_b)
    first = _save(client, people.cuong, year="2022", appraisal="tot", editing="2022", version="1")
    assert first.status_code == 302
    data = {"year": "2022", "appraisal": "xuat_sac", "note": "ý kiến sau", "editing": "2022"}
    if version:
        data["version"] = version
    second = _save(client, people.cuong, **data)
    assert second.status_code == 400
    page = second.content.decode()
    assert "vừa được người khác thay đổi" in page and "ý kiến sau" in page
    result = YearlyResult.objects.get(person=people.cuong, year=2022)
    assert (result.appraisal, result.version) == ("tot", 2)


def test_adding_a_year_already_recorded_is_refused_not_overwritten(client_for, users, people):
    yearly_result_save(person=people.cuong, year=2022, appraisal="hoan_thanh")
    response = _save(client_for(users.clerk_b), people.cuong, year="2022", appraisal="tot")
    assert response.status_code == 400
    assert "Năm 2022 đã có kết quả xếp loại" in response.content.decode()
    assert YearlyResult.objects.get(person=people.cuong, year=2022).appraisal == "hoan_thanh"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "1900", "appraisal": "tot"}, "Năm 1900 không hợp lệ: phải từ 1945 đến"),
        (
            {"year": str(dt.date.today().year + 1), "appraisal": "tot"},
            f"Năm {dt.date.today().year + 1} không hợp lệ",
        ),
        ({"year": "2024"}, "Cần ghi Xếp loại (hoặc Danh hiệu)."),
        (
            {"year": "2024", "title": "don_vi_tien_tien"},
            "Danh hiệu &#x27;Đơn vị tiên tiến&#x27; không dành cho cá nhân.",
        ),
        ({"year": "2024", "title": "giay_khen_giam_doc"}, "không phải danh hiệu thi đua hằng năm"),
        ({"year": "hai nghìn", "appraisal": "tot"}, "Năm"),
        ({"year": "2024", "appraisal": "gioi"}, "Xếp loại"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(
    client_for, users, people, data, message
):
    response = _save(client_for(users.clerk_b), people.cuong, note="giữ lại", **data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "giữ lại" in page  # what the user typed stays in the form
    assert not YearlyResult.objects.exists()
    assert not YearlyResult.history.exists()


def test_a_clerk_of_another_subtree_gets_404_and_writes_nothing(client_for, users, people):
    client = client_for(users.clerk_a)
    assert client.get(_page(people.cuong)).status_code == 404
    assert _save(client, people.cuong, year="2024", appraisal="tot").status_code == 404
    assert not YearlyResult.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "council"])
def test_readers_see_no_form_and_are_refused_the_post(client_for, users, people, role):
    client = client_for(getattr(users, role))
    page = client.get(_page(people.cuong)).content.decode()
    assert "Thêm kết quả xếp loại năm" not in page and 'id="result-form"' not in page
    assert _save(client, people.cuong, year="2024", appraisal="tot").status_code == 403
    assert not YearlyResult.objects.exists()


def test_the_save_is_post_only(client_for, users, people):
    response = client_for(users.clerk_b).get(
        reverse("awards:person_result_save", args=[people.cuong.code])
    )
    assert response.status_code == 405


def test_a_clerk_enters_a_unit_result_with_a_collective_title(client_for, users, units, types):
    client = client_for(users.clerk_b)
    page = client.get(reverse("awards:unit_history", args=["CAX-B1"])).content.decode()
    assert "Đơn vị tiên tiến" in page and "Chiến sĩ tiên tiến</option>" not in page
    response = client.post(
        reverse("awards:unit_result_save", args=["CAX-B1"]),
        {"year": "2024", "appraisal": "tot", "title": "don_vi_tien_tien"},
    )
    assert response.status_code == 302
    assert YearlyResult.objects.get(unit=units.cax_b1, year=2024).title == types.don_vi_tien_tien
    refused = client.post(
        reverse("awards:unit_result_save", args=["CAX-B1"]),
        {"year": "2023", "title": "chien_si_tien_tien"},
    )
    assert "không dành cho tập thể" in refused.content.decode()


def _verdict(client, person, award, year=2024):
    page = client.get(
        reverse("eligibility:recipient", args=["ca-nhan", person.code]), {"year": year}
    ).content.decode()
    section = page[page.index(f'id="{award}"') :]
    return section[: section.index("</h3>")]


def test_the_eligibility_page_sees_a_saved_result_at_once(client_for, users, people):
    client = client_for(users.clerk_b)
    assert "Chưa đủ điều kiện" in _verdict(client, people.cuong, "chien_si_tien_tien")
    _save(client, people.cuong, year="2024", appraisal="tot")
    assert "badge ok" in _verdict(client, people.cuong, "chien_si_tien_tien")


def test_the_person_and_unit_pages_link_to_the_entry_for_editors_only(
    client_for, users, people, units
):
    person = reverse("org:person_detail", args=[people.cuong.pk])
    unit = reverse("org:unit_detail", args=[units.cax_b1.pk])
    for path, target in (
        (person, _page(people.cuong)),
        (unit, reverse("awards:unit_history", args=["CAX-B1"])),
    ):
        assert target in client_for(users.clerk_b).get(path).content.decode()
        page = client_for(users.viewer).get(path).content.decode()
        assert "Thêm kết quả xếp loại năm" not in page
