"""A cluster year in the real browser: the leader's clerk writes the agreement, edits the
table's tree (a move swapped in place by HTMX), a member enters its self-scores, the leader
enters a cross-score above the line's maximum (refused, naming the line and the unit), then
a valid one, and the ranking follows. Screenshots of each page go to $SCORING_SHOTS when set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_people_flow import _log_in
from thidua.movements.models import Agreement, Criterion, Score
from thidua.movements.tests.scoring_world import make_world

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shot(page: Page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("SCORING_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_agreement_tree_and_scores_of_a_cluster_year(
    live_server, page: Page, units, users, tmp_path
):
    w = make_world(units, users)
    base = f"{live_server.url}/thi-dua/cum/{w.cluster.pk}"

    _log_in(page, live_server.url, "clerk_a")  # the leader unit's clerk
    page.goto(f"{base}/giao-uoc/")
    page.get_by_role("link", name="Lập giao ước").click()
    page.get_by_label("Số văn bản giao ước").fill("01/GƯ-CTĐ1")
    page.get_by_label("Ngày ký").fill("20/01/2024")
    page.get_by_label("Nội dung, tiêu chí giao ước").fill("1. Hoàn thành xuất sắc nhiệm vụ.")
    page.get_by_role("button", name="Lưu giao ước").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu giao ước thi đua.")
    expect(page.locator("#agreement")).to_contain_text("Công an huyện An Phú")
    assert Agreement.objects.get().signatories.count() == 3  # every member, as offered
    _shot(page, "scoring-agreement", tmp_path)

    page.goto(f"{base}/bang-diem/")
    page.get_by_role("button", name="Đưa dòng 1.2 lên").click()
    expect(page.locator(f"#line-{w.c12.pk} td.code")).to_have_text("1.1")
    assert Criterion.objects.get(pk=w.c12.pk).code == "1.1"
    page.get_by_label("Thuộc nhóm").select_option(label="1. Công tác chuyên môn")
    page.get_by_label("Loại").select_option(label="Tiêu chí")
    page.get_by_label("Nội dung").fill("Công tác xây dựng lực lượng")
    page.get_by_label("Điểm tối đa").fill("10")
    page.get_by_role("button", name="Thêm dòng").click()
    expect(page.locator(".messages")).to_contain_text("Đã thêm dòng 1.3.")
    _shot(page, "scoring-table", tmp_path)

    page.get_by_role("button", name="Đăng xuất").click()
    _log_in(page, live_server.url, "clerk_b")  # a member
    page.goto(f"{base}/cham-diem/{w.units.cah_b.pk}/")
    page.get_by_label("1.2 Tự chấm").fill("38")
    page.get_by_label("1.2 Minh chứng").fill("Báo cáo tổng kết năm")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu điểm của Công an huyện Bình Sơn")
    assert Score.objects.get(unit=w.units.cah_b, criterion=w.c11).self_score == 38

    page.get_by_role("button", name="Đăng xuất").click()
    _log_in(page, live_server.url, "clerk_a")
    page.goto(f"{base}/cham-diem/{w.units.cah_b.pk}/")
    page.get_by_label("1.2 Chấm chéo").fill("45")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.locator("#score-errors")).to_contain_text(
        "Kết quả phòng, chống tội phạm — Công an huyện Bình Sơn: 45 điểm vượt điểm tối đa 40."
    )
    page.get_by_label("1.2 Chấm chéo").fill("36")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.locator("#ranking tbody tr").first).to_contain_text("Công an huyện Bình Sơn")
    expect(page.locator("#ranking tbody tr").first).to_contain_text("36")
    _shot(page, "scoring-scores", tmp_path)
