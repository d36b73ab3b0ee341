"""The values the packs leave to the province: the CSTĐCS ceiling of the 2022 packs, set by
an administrator with the text it rests on, used at once by the suggestions and the review."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thidua.awards.services import yearly_result_save
from thidua.eligibility import rule_settings, services
from thidua.eligibility.models import RuleSetting
from thidua.org.models import Person
from thidua.org.services import person_save
from thidua.rules.engine import Candidate

YEAR = 2024
NAME = "cstd_co_so_share"
URL = "eligibility:rule_settings"


@pytest.fixture
def force(units, types):
    """20 CSTT-standard people in CAH-A in 2024, the last 5 "hoàn thành xuất sắc" (CSTĐCS)."""
    people = []
    for i in range(20):
        person = person_save(
            person=Person(
                code=f"Q{i:03d}",
                full_name=f"Cán bộ {i:02d}",
                gender="M",
                service_start=dt.date(2015, 1, 1),
            ),
            unit=units.cah_a,
            start=dt.date(2015, 1, 1),
        )
        yearly_result_save(year=YEAR, person=person, appraisal="xuat_sac" if i >= 15 else "tot")
        people.append(person)
    return people


def _suggestions(client):
    response = client.get(reverse("eligibility:proposals"), {"year": YEAR, "award": "cstd_co_so"})
    assert response.status_code == 200
    return response.content.decode()


def _post(client, **data):
    return client.post(reverse(URL), {"name": NAME, "action": "set", **data})


def test_the_default_ceiling_is_the_old_15_percent_with_its_citation(force, users, client_for):
    page = _suggestions(client_for(users.officer))
    assert "Tổng số Chiến sĩ thi đua cơ sở không quá 15% số cá nhân" in page
    assert "5 đề xuất, tối đa 3 (15% của 20 Lao động tiên tiến hoặc Chiến sĩ tiên tiến)" in page
    assert "vượt 2, cần bớt trước khi trình" in page
    assert "Nghị định 91/2017/NĐ-CP — văn bản cũ, dùng vì chưa tìm thấy" in page


def test_setting_the_value_changes_the_quota_line_at_once(force, users, client_for):
    response = _post(client_for(users.admin), value="25", basis="Kế hoạch 12/KH-CAT năm 2024")
    assert response.status_code == 302
    page = _suggestions(client_for(users.officer))
    assert "không quá 25% số cá nhân" in page
    assert "5 đề xuất, tối đa 5 (25% của 20" in page
    assert "cần bớt" not in page
    assert "Giá trị do Công an tỉnh quy định: Kế hoạch 12/KH-CAT năm 2024" in page
    assert "do Công an tỉnh quy định</span>" in page  # the status, said plainly
    # The nomination review counts with the same value.
    candidates = [Candidate("individual", p.code, "cstd_co_so") for p in force[15:]]
    verdicts, lines = services.check_candidate_list_with_quotas(
        user=users.officer, year=YEAR, candidates=candidates
    )
    assert all(v.eligible for v in verdicts)
    assert (lines[0].limit, lines[0].over) == (5, 0)
    # Cleared: back to the pack's default.
    client_for(users.admin).post(reverse(URL), {"name": NAME, "action": "clear"})
    assert "vượt 2, cần bớt trước khi trình" in _suggestions(client_for(users.officer))


def test_a_fractional_value_with_a_decimal_comma(force, users, client_for):
    _post(client_for(users.admin), value="12,5", basis="Hướng dẫn của Bộ")
    assert RuleSetting.objects.get(name=NAME).value == Decimal("12.5")
    # 12,5% of 20 = 2.5 -> 2 (rounded down, as the pack says)
    assert "5 đề xuất, tối đa 2 (12,5% của 20" in _suggestions(client_for(users.officer))


@pytest.mark.parametrize("role", ["officer", "clerk_a", "viewer", "council"])
def test_only_administrators_reach_the_form(users, client_for, role):
    client = client_for(getattr(users, role))
    assert client.get(reverse(URL)).status_code == 403
    assert _post(client, value="20", basis="x").status_code == 403
    assert not RuleSetting.objects.exists()
    with pytest.raises(PermissionDenied):
        rule_settings.set_value(getattr(users, role), NAME, Decimal(20), "x")


def test_everyone_reads_the_values_on_the_rules_page(users, client_for):
    _post(client_for(users.admin), value="20", basis="Kế hoạch 3/KH-CAT")
    page = client_for(users.viewer).get(reverse("eligibility:rules")).content.decode()
    assert "Tỷ lệ tối đa Chiến sĩ thi đua cơ sở" in page
    assert "Giá trị do Công an tỉnh quy định: Kế hoạch 3/KH-CAT" in page
    assert reverse(URL) not in page  # no link to the form
    admin_page = client_for(users.admin).get(reverse("eligibility:rules")).content.decode()
    assert reverse(URL) in admin_page


@pytest.mark.parametrize(
    "data,message",
    [
        ({"value": "120", "basis": "x"}, "Giá trị phải từ 0 đến 100."),
        ({"value": "-1", "basis": "x"}, "Giá trị phải từ 0 đến 100."),
        ({"value": "mười", "basis": "x"}, "Giá trị phải là một số."),
        ({"value": "", "basis": "x"}, "Cần nhập giá trị."),
        ({"value": "20", "basis": "  "}, "Cần ghi văn bản làm căn cứ"),
    ],
)
def test_an_invalid_value_or_no_basis_is_refused_in_vietnamese(users, client_for, data, message):
    response = _post(client_for(users.admin), **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RuleSetting.objects.exists()


def test_the_audit_shows_who_when_before_and_after(users, client_for):
    client = client_for(users.admin)
    _post(client, value="20", basis="Kế hoạch 1/KH-CAT")
    _post(client, value="18", basis="Kế hoạch 2/KH-CAT")
    client.post(reverse(URL), {"name": NAME, "action": "clear"})
    changes = rule_settings.changes()
    assert [(c.before, c.after) for c in changes] == [
        (Decimal(18), None),
        (Decimal(20), Decimal(18)),
        (None, Decimal(20)),
    ]
    assert {c.who for c in changes} == {"admin"}
    page = client.get(reverse(URL)).content.decode()
    history = page[page.index("Lịch sử thay đổi") :]
    assert "Kế hoạch 2/KH-CAT" in history and "mặc định" in history
    assert history.index("<td>18</td>") < history.index("<td>20</td>")


def test_reading_the_values_costs_one_small_query(users):
    with CaptureQueriesContext(connection) as queries:
        rule_settings.rulebook()
    assert len(queries) == 1
    assert "eligibility_rulesetting" in queries[0]["sql"]
