"""Decision pages: search, detail, correction and revocation, each within the user's scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import version_of
from thidua.awards.models import Decision

LIST = reverse("awards:decision_list")


def _numbers(response) -> set[str]:
    return {row[0].number for row in response.context["rows"]}


def test_officer_sees_every_decision(client_for, users, decisions):
    response = client_for(users.officer).get(LIST)
    assert response.status_code == 200
    assert _numbers(response) == {"12/QĐ-CAT-PX01", "345/QĐ-BCA", "78/QĐ-CAT"}


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"number": "qđ-bca"}, {"345/QĐ-BCA"}),
        ({"date_from": "2022-01-01", "date_to": "2022-12-31"}, {"345/QĐ-BCA"}),
        ({"date_from": "2022-03-15"}, {"345/QĐ-BCA", "78/QĐ-CAT"}),
        ({"award_type": "cstd_co_so"}, {"12/QĐ-CAT-PX01"}),
        ({"unit": "CAH-B"}, {"345/QĐ-BCA", "78/QĐ-CAT"}),
        ({"unit": "CAX-A1"}, {"12/QĐ-CAT-PX01", "78/QĐ-CAT"}),
        ({"name": "le duc cuong"}, {"345/QĐ-BCA", "78/QĐ-CAT"}),
        ({"name": "TRAN THI"}, {"12/QĐ-CAT-PX01"}),
        ({"name": "an phu"}, {"78/QĐ-CAT"}),  # the collective Công an huyện An Phú
        ({"name": "cuong", "award_type": "bang_khen_bo_truong"}, {"345/QĐ-BCA"}),
    ],
)
def test_decision_search(client_for, users, decisions, params, expected):
    response = client_for(users.officer).get(LIST, params)
    assert _numbers(response) == expected


def test_bad_date_range_shows_an_error(client_for, users, decisions):
    response = client_for(users.officer).get(
        LIST, {"date_from": "2023-01-01", "date_to": "2022-01-01"}
    )
    assert _numbers(response) == set()
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()


def test_clerk_lists_only_decisions_naming_its_people_and_counts_only_them(
    client_for, users, decisions
):
    response = client_for(users.clerk_a).get(LIST)
    assert _numbers(response) == {"12/QĐ-CAT-PX01", "78/QĐ-CAT"}
    counts = {d.number: c for d, c in response.context["rows"]}
    assert counts["78/QĐ-CAT"] == {"people": 1, "units": 1}  # not Cường of CAH-B


def test_clerk_search_by_name_cannot_find_other_units_recipients(client_for, users, decisions):
    response = client_for(users.clerk_a).get(LIST, {"name": "Cuong"})
    assert _numbers(response) == set()


def test_detail_lists_individuals_and_collectives(client_for, users, decisions):
    response = client_for(users.officer).get(
        reverse("awards:decision_detail", args=[decisions.mixed.pk])
    )
    body = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Nguyễn Văn An",
        "Lê Đức Cường",
        "Công an huyện An Phú",
        "Phá án ma túy",
        "2022",
        "Hủy bỏ quyết định",
        "Đính chính",
    ):
        assert text in body


def test_clerk_detail_lists_only_visible_recipients_and_no_actions(client_for, users, decisions):
    response = client_for(users.clerk_a).get(
        reverse("awards:decision_detail", args=[decisions.mixed.pk])
    )
    body = response.content.decode()
    assert "Nguyễn Văn An" in body and "Công an huyện An Phú" in body
    assert "Lê Đức Cường" not in body and "Phá án trộm cắp" not in body
    assert "Hủy bỏ quyết định" not in body


def test_clerk_gets_404_for_a_decision_naming_only_other_units(client_for, users, decisions):
    response = client_for(users.clerk_a).get(
        reverse("awards:decision_detail", args=[decisions.bk.pk])
    )
    assert response.status_code == 404


def test_officer_revokes_a_decision_with_a_reason(client_for, users, decisions):
    client = client_for(users.officer)
    url = reverse("awards:decision_revoke", args=[decisions.mixed.pk])
    response = client.post(url, {"reason": "Hồ sơ giả mạo", "version": version_of(decisions.mixed)})
    assert response.status_code == 302
    decisions.mixed.refresh_from_db()
    assert decisions.mixed.status == "revoked"
    assert decisions.mixed.history.first().history_user == users.officer
    body = client.get(reverse("awards:decision_detail", args=[decisions.mixed.pk])).content.decode()
    assert "<del>Giấy khen của Giám đốc Công an tỉnh</del>" in body
    assert "Hồ sơ giả mạo" in body


def test_revoke_without_reason_changes_nothing(client_for, users, decisions):
    response = client_for(users.officer).post(
        reverse("awards:decision_revoke", args=[decisions.mixed.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert Decision.objects.get(pk=decisions.mixed.pk).status == "active"


def test_clerk_cannot_revoke_even_a_visible_decision(client_for, users, decisions):
    response = client_for(users.clerk_a).post(
        reverse("awards:decision_revoke", args=[decisions.mixed.pk]), {"reason": "x"}
    )
    assert response.status_code == 403
    assert Decision.objects.get(pk=decisions.mixed.pk).status == "active"


def test_clerk_gets_404_revoking_an_out_of_scope_decision(client_for, users, decisions):
    response = client_for(users.clerk_a).post(
        reverse("awards:decision_revoke", args=[decisions.bk.pk]), {"reason": "x"}
    )
    assert response.status_code == 404


def test_officer_revokes_one_award(client_for, users, decisions, people):
    award = decisions.mixed.awards.get(person=people.cuong)
    response = client_for(users.officer).post(
        reverse("awards:award_revoke", args=[award.pk]), {"reason": "Không đúng đối tượng"}
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.status, award.revoke_reason) == ("revoked", "Không đúng đối tượng")
    assert decisions.mixed.awards.current().count() == 2


def test_clerk_gets_404_revoking_another_units_award(client_for, users, decisions, people):
    award = decisions.mixed.awards.get(person=people.cuong)
    response = client_for(users.clerk_a).post(
        reverse("awards:award_revoke", args=[award.pk]), {"reason": "x"}
    )
    assert response.status_code == 404


def test_officer_corrects_a_decision_and_the_change_is_shown(client_for, users, decisions, types):
    client = client_for(users.officer)
    url = reverse("awards:decision_correct", args=[decisions.bk.pk])
    assert client.get(url).status_code == 200
    data = {
        "number": "345/QĐ-BCA-X01",
        "date": "2022-03-15",
        "authority": "Bộ trưởng Bộ Công an",
        "signer": "",
        "award_type": types.bang_khen_bo_truong.pk,
        "note": "",
        "reason": "Sai số hiệu",
        "version": version_of(decisions.bk),
    }
    assert client.post(url, data).status_code == 302
    decisions.bk.refresh_from_db()
    assert (decisions.bk.number, decisions.bk.status) == ("345/QĐ-BCA-X01", "corrected")
    body = client.get(reverse("awards:decision_detail", args=[decisions.bk.pk])).content.decode()
    assert "<del>345/QĐ-BCA</del>" in body and "Sai số hiệu" in body


def test_correction_without_reason_is_refused(client_for, users, decisions, types):
    url = reverse("awards:decision_correct", args=[decisions.bk.pk])
    data = {
        "number": "999",
        "date": "2022-03-15",
        "authority": "",
        "signer": "",
        "award_type": types.bang_khen_bo_truong.pk,
        "note": "",
        "reason": "",
    }
    assert client_for(users.officer).post(url, data).status_code == 400
    assert Decision.objects.get(pk=decisions.bk.pk).number == "345/QĐ-BCA"


def test_correction_onto_an_existing_number_and_date_is_refused(
    client_for, users, decisions, types
):
    url = reverse("awards:decision_correct", args=[decisions.bk.pk])
    data = {
        "number": "78/QĐ-CAT",
        "date": "2023-01-10",
        "authority": "",
        "signer": "",
        "award_type": types.bang_khen_bo_truong.pk,
        "note": "",
        "reason": "thử",
    }
    response = client_for(users.officer).post(url, data)
    assert response.status_code == 400
    assert "cùng số và ngày" in response.content.decode()


def test_clerk_cannot_open_the_correction_page(client_for, users, decisions):
    assert (
        client_for(users.clerk_a)
        .get(reverse("awards:decision_correct", args=[decisions.mixed.pk]))
        .status_code
        == 403
    )
    assert (
        client_for(users.clerk_a)
        .get(reverse("awards:decision_correct", args=[decisions.bk.pk]))
        .status_code
        == 404
    )


def test_catalogue_page_shows_every_type_with_its_status(client_for, users, types):
    response = client_for(users.clerk_a).get(reverse("awards:award_type_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert len(response.context["award_types"]) == 39
    assert "Chiến sĩ thi đua Công an nhân dân" in body and "chưa xác minh" in body
    assert "Điều 57 Luật Thi đua, khen thưởng 2022" in body
    assert "HC BVTQ hạng Ba" in body  # an alias


def test_pages_need_login(client, decisions):
    response = client.get(LIST)
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


def test_admin_reads_the_record_but_cannot_edit_it(client_for, users, decisions):
    client = client_for(users.admin)
    assert client.get(reverse("admin:awards_decision_changelist")).status_code == 200
    assert client.get(reverse("admin:awards_awardtype_changelist")).status_code == 200
    assert client.get(reverse("admin:awards_decision_add")).status_code == 403


def test_clerk_cannot_use_the_record_admin(client_for, users, decisions):
    response = client_for(users.clerk_a).get(reverse("admin:awards_decision_changelist"))
    assert response.status_code in (302, 403)
