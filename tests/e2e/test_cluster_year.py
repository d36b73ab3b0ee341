"""A cluster's whole year in the browser: the office records the agreement, enters the
final scores of the two members, reads the live ranking, locks the result, proposes the
leading unit for the Government's flag (with the engine's verdict beside it) and puts it
into the province's dossier."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_people_flow import _log_in
from thidua.movements.models import Criterion, ScoringTable, Standing
from thidua.nominations import services as nominations
from thidua.nominations.models import DossierItem
from thidua.org.models import Cluster
from thidua.org.services import cluster_save

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_agreement_scores_ranking_lock_and_the_flag_proposal(
    live_server, page: Page, users, units, types
):
    cluster = cluster_save(
        cluster=Cluster(name="Cụm thi đua số 1", year=2024),
        members=[(units.cah_a, "leader"), (units.cah_b, "deputy")],
    )
    table = ScoringTable.objects.create(
        cluster=cluster, title="Bảng điểm Cụm 1 năm 2024", tie_breaks=["bonus_total"]
    )
    work = Criterion.objects.create(
        table=table, kind="criterion", code="1", name="Công tác chuyên môn", max_points=90
    )
    bonus = Criterion.objects.create(
        table=table, kind="bonus", code="2", name="Điểm thưởng", max_points=5, position=1
    )
    dossier = nominations.dossier_create(actor=users.officer, unit=units.cat, year=2024)
    base = f"{live_server.url}/thi-dua/cum/{cluster.pk}"
    _log_in(page, live_server.url, "officer")

    # The agreement of the year.
    page.goto(f"{base}/giao-uoc/sua/")
    page.get_by_label("Số văn bản giao ước").fill("01/GƯ-CTĐ1")
    page.get_by_label("Ngày ký").fill("15/01/2024")
    page.get_by_label("Công an huyện An Phú").check()
    page.get_by_label("Công an huyện Bình Sơn").check()
    page.get_by_role("button", name="Lưu giao ước").click()
    expect(page.locator(".messages")).to_be_visible()
    assert cluster.agreement.signatories.count() == 2

    # The final scores of each member: equal totals, Bình Sơn's bonus parts them.
    for unit, points in ((units.cah_a, ("88", "")), (units.cah_b, ("86", "2"))):
        page.goto(f"{base}/cham-diem/{unit.pk}/")
        page.locator(f"input[name=final_score_{work.pk}]").fill(points[0])
        page.locator(f"input[name=final_score_{bonus.pk}]").fill(points[1])
        page.get_by_role("button", name="Lưu điểm").click()
        expect(page.locator(".messages")).to_be_visible()

    # The live ranking, then the lock.
    page.goto(f"{base}/xep-hang/")
    expect(page.get_by_text("Xếp hạng tạm tính")).to_be_visible()
    rows = page.locator("#ranking tbody tr")
    expect(rows.nth(0)).to_contain_text("Công an huyện Bình Sơn")
    expect(rows.nth(1)).to_contain_text("Công an huyện An Phú")
    expect(rows.nth(1)).to_contain_text("Điểm thưởng nhiều hơn")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Khóa kết quả, ghi xếp hạng").click()
    expect(page.locator(".messages")).to_contain_text("Đã khóa kết quả")
    expect(page.locator("h1")).to_contain_text("đã khóa kết quả")
    assert list(
        Standing.objects.filter(cluster=cluster).order_by("rank").values_list("unit__code", "rank")
    ) == [("CAH-B", 1), ("CAH-A", 2)]

    # The proposal for the Government's flag, with the engine's verdict.
    first = page.locator("#ranking tbody tr").nth(0)
    first.get_by_text("Suy tôn", exact=True).click()
    first.get_by_label("Suy tôn đề nghị").select_option(label="Cờ thi đua của Chính phủ")
    first.get_by_label("Ghi chú").fill("Dẫn đầu cụm năm 2024")
    first.get_by_role("button", name="Lưu suy tôn").click()
    expect(page.locator(".messages")).to_contain_text(
        "Đã suy tôn Công an huyện Bình Sơn đề nghị Cờ thi đua của Chính phủ."
    )
    first = page.locator("#ranking tbody tr").nth(0)
    expect(first).to_contain_text("Theo quy định:")

    # Into the province's dossier, through the dossier's own service.
    first.get_by_label("Đưa vào hồ sơ").select_option(
        label=f"{dossier.title} (Công an tỉnh Hưng Yên)"
    )
    first.get_by_role("button", name="Đưa vào hồ sơ đề nghị").click()
    expect(page.locator(".messages")).to_contain_text("Đã đưa Công an huyện Bình Sơn vào hồ sơ")
    assert page.url.endswith(dossier.get_absolute_url())
    item = DossierItem.objects.get(dossier=dossier)
    assert (item.unit, item.award_type) == (units.cah_b, types.co_thi_dua_chinh_phu)
