"""Entering a decision by hand: the create page, and adding people and collectives to a
decision, with the same roles and scope as correction and revocation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import version_of
from thidua.awards.models import Award, Decision

CREATE = reverse("awards:decision_create")
LIST = reverse("awards:decision_list")


def _add_url(decision: Decision) -> str:
    return reverse("awards:award_add", args=[decision.pk])


def _decision_data(types, **overrides) -> dict:
    data = {
        "number": "15/QĐ-CAT-PX01",
        "date": "2024-12-20",
        "authority": "",
        "signer": "Đại tá Trần Văn Ký",
        "award_type": types.giay_khen_giam_doc.pk,
        "note": "Nhập tay từ bản giấy",
    }
    return {**data, **overrides}


def _recipient(kind: str = "person", **fields) -> dict:
    return {
        "kind": kind,
        "person": "",
        "unit": "",
        "year": "2022",
        "achievement": "",
        "award_type": "",
        **fields,
    }


def _errors(response) -> str:
    form = response.context["add_form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


# ── Creating a decision ──────────────────────────────────────────────────────────────────


def test_officer_creates_a_decision_with_the_award_types_authority_and_is_recorded_as_author(
    client_for, users, types
):
    client = client_for(users.officer)
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, _decision_data(types))
    decision = Decision.objects.get(number="15/QĐ-CAT-PX01")
    assert response.status_code == 302
    assert response["Location"].startswith(decision.get_absolute_url())
    assert decision.authority == "Giám đốc Công an tỉnh"  # empty field → the type's authority
    assert (decision.signer, decision.award_type) == (
        "Đại tá Trần Văn Ký",
        types.giay_khen_giam_doc,
    )
    record = decision.history.get()
    assert (record.history_type, record.history_user) == ("+", users.officer)
    body = client.get(response["Location"]).content.decode()
    assert "Đã thêm quyết định số 15/QĐ-CAT-PX01" in body
    assert "Thêm người/tập thể được khen" in body


def test_authority_typed_by_the_user_is_kept(client_for, users, types):
    client_for(users.officer).post(
        CREATE, _decision_data(types, authority="Phó Giám đốc Công an tỉnh")
    )
    assert Decision.objects.get().authority == "Phó Giám đốc Công an tỉnh"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"number": "   "}, "Trường này là bắt buộc."),
        ({"date": "31/02/2024"}, "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 31/12/2020."),
        (
            {"number": "12/QĐ-CAT-PX01", "date": "2021-12-20"},
            "Đã có quyết định cùng số và ngày này.",
        ),
    ],
)
def test_bad_decision_input_is_refused_in_vietnamese(
    client_for, users, types, decisions, overrides, message
):
    before = Decision.objects.count()
    response = client_for(users.officer).post(CREATE, _decision_data(types, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Decision.objects.count() == before


@pytest.mark.parametrize("who", ["clerk_a", "council", "viewer"])
def test_only_administrators_and_province_officers_create_decisions(client_for, users, types, who):
    client = client_for(getattr(users, who))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, _decision_data(types)).status_code == 403
    assert not Decision.objects.exists()
    assert "Thêm quyết định" not in client.get(LIST).content.decode()


def test_officer_sees_the_add_decision_button(client_for, users):
    assert reverse("awards:decision_create") in client_for(users.officer).get(LIST).content.decode()


# ── Adding people and collectives ────────────────────────────────────────────────────────


def test_officer_adds_a_person_by_code_and_the_award_is_audited(
    client_for, users, decisions, people
):
    client = client_for(users.officer)
    response = client.post(
        _add_url(decisions.bk),
        _recipient(person="CA0004", year="2021", achievement="Xuất sắc trong công tác tham mưu"),
    )
    assert response.status_code == 302
    award = decisions.bk.awards.get(person=people.dung)
    assert (award.award_type, award.year_from, award.year_to) == (
        decisions.bk.award_type,
        2021,
        2021,
    )
    assert award.achievement == "Xuất sắc trong công tác tham mưu"
    assert award.history.get().history_user == users.officer
    body = client.get(response["Location"]).content.decode()
    assert "Phạm Thị Dung" in body and "Xuất sắc trong công tác tham mưu" in body


def test_person_is_found_by_an_unaccented_name(client_for, users, decisions, people):
    response = client_for(users.officer).post(
        _add_url(decisions.bk), _recipient(person="pham thi dung")
    )
    assert response.status_code == 302
    assert decisions.bk.awards.filter(person=people.dung).exists()


def test_a_name_matching_several_people_asks_for_the_code(client_for, users, decisions, people):
    response = client_for(users.officer).post(_add_url(decisions.bk), _recipient(person="thi"))
    assert response.status_code == 400
    errors = _errors(response)
    assert "Có nhiều cán bộ khớp 'thi'" in errors
    assert "CA0002 Trần Thị Bình" in errors and "CA0004 Phạm Thị Dung" in errors
    assert decisions.bk.awards.count() == 1


def test_officer_adds_a_collective_by_unit_code(client_for, users, decisions, units):
    response = client_for(users.officer).post(
        _add_url(decisions.bk), _recipient("unit", unit="cah-b", achievement="Tập thể xuất sắc")
    )
    assert response.status_code == 302
    award = decisions.bk.awards.get(unit=units.cah_b)
    assert (award.person, award.year_from, award.achievement) == (None, 2022, "Tập thể xuất sắc")


def test_a_period_is_stored_as_first_and_last_year(client_for, users, decisions, people):
    client = client_for(users.officer)
    response = client.post(_add_url(decisions.mixed), _recipient(person="CA0002", year="2016-2020"))
    assert response.status_code == 302
    award = decisions.mixed.awards.get(person=people.binh)
    assert (award.year_from, award.year_to) == (2016, 2020)
    assert "2016–2020" in client.get(decisions.mixed.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"person": "CA9999"}, "Không có cán bộ 'CA9999' trong phạm vi được phân quyền."),
        ({"person": ""}, "Nhập số hiệu hoặc họ tên cán bộ."),
        ({"person": "CA0004", "year": "2020-2016"}, "Giai đoạn '2020-2016' không hợp lệ"),
        ({"person": "CA0004", "year": "năm ngoái"}, "Năm 'năm ngoái' không hợp lệ"),
        (
            {"kind": "unit", "unit": "XYZ"},
            "Không có đơn vị mã 'XYZ' trong phạm vi được phân quyền.",
        ),
        # The service's own rules come back on the form:
        ({"person": "CA0004", "year": "2023"}, "Năm 2023 sau năm ra quyết định (2022)"),
        (
            {"person": "CA0003", "year": "2020-2021"},
            "Cá nhân này đã có khen thưởng này trong quyết định.",
        ),
        (
            {"kind": "unit", "unit": "CAH-A", "award_type": "cstd_co_so"},
            "'Chiến sĩ thi đua cơ sở' không tặng cho tập thể.",
        ),
    ],
)
def test_bad_recipient_input_is_refused_in_vietnamese(
    client_for, users, decisions, people, fields, message
):
    response = client_for(users.officer).post(_add_url(decisions.bk), _recipient(**fields))
    assert response.status_code == 400
    assert message in _errors(response)
    assert message.split("'")[0] in response.content.decode()
    assert decisions.bk.awards.count() == 1


def test_the_award_type_can_differ_from_the_decisions(client_for, users, decisions, people, types):
    response = client_for(users.officer).post(
        _add_url(decisions.bk), _recipient(person="CA0004", year="2021", award_type="cstd_co_so")
    )
    assert response.status_code == 302
    assert decisions.bk.awards.get(person=people.dung).award_type == types.cstd_co_so


def test_clerk_adds_a_person_of_its_own_subtree(client_for, users, decisions, people):
    response = client_for(users.clerk_a).post(
        _add_url(decisions.mixed), _recipient(person="CA0002")
    )
    assert response.status_code == 302
    award = decisions.mixed.awards.get(person=people.binh)
    assert award.history.get().history_user == users.clerk_a


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"person": "CA0003"}, "Không có cán bộ 'CA0003' trong phạm vi được phân quyền."),
        (
            {"person": "le duc cuong"},
            "Không có cán bộ 'le duc cuong' trong phạm vi được phân quyền.",
        ),
        (
            {"kind": "unit", "unit": "CAH-B"},
            "Không có đơn vị mã 'CAH-B' trong phạm vi được phân quyền.",
        ),
        (
            {"kind": "unit", "unit": "CAT"},
            "Không có đơn vị mã 'CAT' trong phạm vi được phân quyền.",
        ),
    ],
)
def test_clerk_cannot_add_people_or_units_outside_its_subtree(
    client_for, users, decisions, fields, message
):
    before = Award.objects.count()
    response = client_for(users.clerk_a).post(_add_url(decisions.mixed), _recipient(**fields))
    assert response.status_code == 400
    assert message in _errors(response)
    assert Award.objects.count() == before


def test_clerk_gets_404_adding_to_a_decision_it_cannot_see(client_for, users, decisions):
    response = client_for(users.clerk_a).post(_add_url(decisions.bk), _recipient(person="CA0002"))
    assert response.status_code == 404
    assert decisions.bk.awards.count() == 1


@pytest.mark.parametrize("who", ["council", "viewer"])
def test_read_only_roles_get_403_and_see_no_add_form(client_for, users, decisions, who):
    client = client_for(getattr(users, who))
    response = client.post(_add_url(decisions.bk), _recipient(person="CA0004", year="2021"))
    assert response.status_code == 403
    assert decisions.bk.awards.count() == 1
    body = client.get(decisions.bk.get_absolute_url()).content.decode()
    assert "Thêm người/tập thể được khen" not in body and _add_url(decisions.bk) not in body


def test_nothing_is_added_to_a_revoked_decision(client_for, users, decisions):
    client = client_for(users.officer)
    client.post(
        reverse("awards:decision_revoke", args=[decisions.bk.pk]),
        {"reason": "Sai thẩm quyền", "version": version_of(decisions.bk)},
    )
    assert (
        _add_url(decisions.bk) not in client.get(decisions.bk.get_absolute_url()).content.decode()
    )
    response = client.post(_add_url(decisions.bk), _recipient(person="CA0004", year="2021"))
    assert response.status_code == 400
    assert "Quyết định đã bị hủy bỏ, không thể thêm khen thưởng." in response.content.decode()
    assert decisions.bk.awards.count() == 1


def test_adding_needs_post(client_for, users, decisions):
    assert client_for(users.officer).get(_add_url(decisions.bk)).status_code == 405
