"""An officer changes a cluster's leader in the browser: choosing “Cụm trưởng” saves nothing
until the row's button, the page then says who stops and who starts leading, and only the
confirmation changes both units."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_people_flow import _log_in
from thidua.org.models import Cluster
from thidua.org.services import cluster_save

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_changing_the_leader_asks_first_then_swaps_both_units(
    live_server, page: Page, users, units
):
    cluster = cluster_save(
        cluster=Cluster(name="Cụm thi đua số 1", year=2024),
        members=[(units.cah_a, "leader"), (units.cah_b, "member")],
    )
    _log_in(page, live_server.url, "officer")
    detail = f"{live_server.url}/cum-thi-dua/{cluster.pk}/"
    page.goto(detail)

    row = page.locator("#members tbody tr", has_text="Công an huyện Bình Sơn")
    row.get_by_label("Vai trò của Công an huyện Bình Sơn").select_option("leader")
    assert page.url == detail  # choosing saves nothing
    row.get_by_role("button", name="Lưu vai trò").click()

    expect(page.locator("#leader-change")).to_have_text(
        "Công an huyện An Phú sẽ thôi làm cụm trưởng (chuyển thành thành viên), "
        "Công an huyện Bình Sơn làm cụm trưởng."
    )
    assert dict(cluster.memberships.values_list("unit__code", "role")) == {
        "CAH-A": "leader",
        "CAH-B": "member",
    }
    page.get_by_role("button", name="Đặt làm cụm trưởng").click()

    expect(page.locator(".messages")).to_contain_text(
        "Đã đặt Công an huyện Bình Sơn làm cụm trưởng."
    )
    assert dict(cluster.memberships.values_list("unit__code", "role")) == {
        "CAH-A": "member",
        "CAH-B": "leader",
    }
