"""The standing pages: the ranking (live, locked, ties), lock and unlock, proposals with the
engine's verdict and the button into a dossier, the Excel export and the print page, the
list of cluster years with the leading streaks, the unit page's section, the summary."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from thidua.lib.tests.excel_checks import formula_like_texts
from thidua.movements import standing_services as services
from thidua.movements.models import Standing
from thidua.movements.tests.standing_world import cluster_year, standing
from thidua.nominations import services as nominations
from thidua.nominations.models import DossierItem
from thidua.org.models import Cluster
from thidua.reports.summary import period_summary


@pytest.fixture
def year(units):
    return cluster_year(units)


def _ranking(cluster) -> str:
    return reverse("movements:standing_ranking", args=[cluster.pk])


def _text(response) -> str:
    return response.content.decode()


def test_before_the_lock_the_office_sees_the_live_ranking_and_the_lock_button(
    client_for, users, year
):
    cluster, _ = year
    page = _text(client_for(users.officer).get(_ranking(cluster)))
    assert "Xếp hạng tạm tính" in page
    assert "Khóa kết quả, ghi xếp hạng" in page
    assert "Điểm thưởng nhiều hơn" in page  # the tie-break that parted CAH-A and CAH-B


def test_before_the_lock_a_members_clerk_sees_no_totals(client_for, users, year):
    cluster, _ = year
    page = _text(client_for(users.clerk_b).get(_ranking(cluster)))
    assert "chưa khóa" in page
    assert 'id="ranking"' not in page
    assert "Khóa kết quả" not in page.split("</h1>", 1)[1].split("chưa khóa:", 1)[0]


def test_the_leader_locks_and_every_member_then_reads_the_ranking(client_for, users, year):
    cluster, table = year
    client = client_for(users.clerk_b)
    lock = reverse("movements:standing_lock", args=[cluster.pk])
    assert client.post(lock, {"version": table.version}).status_code == 403
    client = client_for(users.clerk_a)
    response = client.post(lock, {"version": table.version})
    assert response.status_code == 302
    assert Standing.objects.filter(cluster=cluster).count() == 3
    page = _text(client_for(users.clerk_b).get(_ranking(cluster)))
    assert "đã khóa kết quả" in page
    rows = page.split('id="ranking"', 1)[1]
    assert rows.index("Công an huyện An Phú") < rows.index("Công an huyện Bình Sơn")
    assert "Điểm thưởng nhiều hơn" in rows
    assert "Khóa kết quả, ghi xếp hạng" not in page


def test_a_stale_lock_button_changes_nothing(client_for, users, year):
    cluster, table = year
    client = client_for(users.officer)
    lock = reverse("movements:standing_lock", args=[cluster.pk])
    response = client.post(lock, {"version": table.version + 5}, follow=True)
    assert "vừa được người khác thay đổi" in _text(response)
    assert not Standing.objects.filter(cluster=cluster).exists()


def test_equal_totals_are_shown_as_sharing_a_rank(client_for, users, units):
    cluster, _ = cluster_year(units, tie_breaks=())
    services.standings_lock(actor=users.officer, cluster=cluster)
    page = _text(client_for(users.viewer).get(_ranking(cluster)))
    assert page.count("bằng điểm, đồng hạng") == 2


def test_the_office_unlocks_with_a_reason(client_for, users, year):
    cluster, table = year
    services.standings_lock(actor=users.officer, cluster=cluster)
    table.refresh_from_db()
    url = reverse("movements:standing_unlock", args=[cluster.pk])
    assert client_for(users.clerk_a).get(url).status_code == 403
    client = client_for(users.officer)
    assert "Lý do mở khóa" in _text(client.get(url))
    refused = client.post(url, {"reason": "", "version": table.version})
    assert refused.status_code == 200 and "Trường này là bắt buộc" in _text(refused)
    assert Standing.objects.filter(cluster=cluster).count() == 3
    done = client.post(url, {"reason": "Sai điểm tiêu chí 1.1", "version": table.version})
    assert done.status_code == 302
    assert not Standing.objects.filter(cluster=cluster).exists()


@pytest.fixture
def locked(users, year):
    cluster, _ = year
    services.standings_lock(actor=users.officer, cluster=cluster)
    return cluster, {s.unit.code: s for s in cluster.standings.select_related("unit")}


def test_proposing_a_flag_shows_it_with_the_engines_verdict(client_for, users, types, locked):
    cluster, standings = locked
    first = standings["CAH-A"]
    client = client_for(users.clerk_a)
    url = reverse("movements:standing_propose", args=[first.pk])
    prefix = f"s{first.pk}"
    response = client.post(
        url,
        {
            f"{prefix}-award_type": types.co_thi_dua_chinh_phu.pk,
            f"{prefix}-note": "Dẫn đầu cụm 3 năm",
            f"{prefix}-version": first.version,
        },
    )
    assert response.status_code == 302
    page = _text(client.get(_ranking(cluster)))
    assert "Cờ thi đua của Chính phủ" in page
    assert "Dẫn đầu cụm 3 năm" in page
    assert "Theo quy định:" in page
    assert "Chưa đủ điều kiện" in page  # the unit holds no BCA flag of the year


def test_a_refused_proposal_says_why_on_the_page(client_for, users, types, locked):
    _, standings = locked
    second = standings["CAH-B"]
    prefix = f"s{second.pk}"
    response = client_for(users.officer).post(
        reverse("movements:standing_propose", args=[second.pk]),
        {
            f"{prefix}-award_type": types.co_thi_dua_chinh_phu.pk,
            f"{prefix}-version": second.version,
        },
    )
    assert response.status_code == 400
    assert "chỉ xét cho đơn vị dẫn đầu cụm" in _text(response)
    assert Standing.objects.get(pk=second.pk).proposed_award is None


def test_the_button_puts_the_proposed_unit_into_a_dossier(client_for, users, types, units, locked):
    cluster, standings = locked
    first = standings["CAH-A"]
    services.standing_propose(actor=users.officer, standing=first, award_type=types.co_thi_dua_bca)
    dossier = nominations.dossier_create(actor=users.officer, unit=units.cat, year=2024)
    client = client_for(users.officer)
    page = _text(client.get(_ranking(cluster)))
    assert "Đưa vào hồ sơ đề nghị" in page and dossier.title in page
    response = client.post(
        reverse("movements:standing_to_dossier", args=[first.pk]), {"dossier": dossier.pk}
    )
    assert response.status_code == 302 and response.url == dossier.get_absolute_url()
    item = DossierItem.objects.get()
    assert (item.unit, item.award_type) == (units.cah_a, types.co_thi_dua_bca)
    assert "Đã có trong hồ sơ" in _text(client.get(_ranking(cluster)))


def test_a_clerk_cannot_put_a_unit_into_a_dossier_of_another_subtree(
    client_for, users, types, units, locked
):
    _, standings = locked
    first = standings["CAH-A"]
    services.standing_propose(actor=users.officer, standing=first, award_type=types.co_thi_dua_bca)
    dossier = nominations.dossier_create(actor=users.officer, unit=units.cat, year=2024)
    response = client_for(users.clerk_a).post(
        reverse("movements:standing_to_dossier", args=[first.pk]), {"dossier": dossier.pk}
    )
    assert response.status_code == 302
    assert not DossierItem.objects.exists()


def test_the_excel_export_holds_the_table_the_ranking_and_every_score(client_for, users, locked):
    cluster, _ = locked
    response = client_for(users.clerk_b).get(
        reverse("movements:standing_export", args=[cluster.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Bảng điểm", "Xếp hạng", "Chi tiết điểm"]
    table = book["Bảng điểm"]
    heads = [c.value for c in table[3]]
    assert heads[:4] == ["STT", "Nội dung tiêu chí", "Loại", "Điểm tối đa"]
    assert heads[4:] == ["Công an huyện An Phú", "Công an huyện Bình Sơn", "Phòng Tham mưu"]
    rows = {r[0].value: r for r in table.iter_rows(min_row=4)}
    formula_like = rows["1.2"][1]
    assert formula_like.value.strip() == "=SUM(A1:A9) xây dựng lực lượng"
    assert formula_like.data_type == "s"  # text, never a formula
    # Formula-like text is quote-prefixed text, on every sheet (lib.excel.writing).
    assert formula_like_texts(response.content).count("-Vi phạm điều lệnh") == 2
    assert [c.value for c in rows["1.1"][3:]] == [30, 25, 30, 20]
    # "Loại" names the bonus and penalty lines by the kinds' own labels, blank for the tree.
    kinds = [rows[code][2].value for code in ("1", "1.1", "2", "3")]
    assert kinds == ["", "", "Điểm thưởng", "Điểm trừ"]
    # The group's row carries each unit's part of the total, as the scores page does.
    parts = zip(rows["1.1"][4:], rows["1.2"][4:], strict=True)
    assert [c.value for c in rows["1"][4:]] == [
        min(60, (a.value or 0) + (b.value or 0)) for a, b in parts
    ]
    assert all(c.value for c in rows["1"][4:])
    totals = {r[1].value: [c.value for c in r[4:]] for r in table.iter_rows(min_row=4)}
    assert totals["Tổng điểm"] == [52, 52, 37]
    assert totals["Xếp hạng"] == [1, 2, 3]
    ranking = [[c.value for c in r] for r in book["Xếp hạng"].iter_rows(min_row=4)]
    assert [r[:2] for r in ranking] == [
        [1, "Công an huyện An Phú"],
        [2, "Công an huyện Bình Sơn"],
        [3, "Phòng Tham mưu"],
    ]
    assert ranking[1][7] == "Điểm thưởng nhiều hơn"
    details = list(book["Chi tiết điểm"].iter_rows(min_row=2, values_only=True))
    assert len(details) == 8
    assert (
        "Công an huyện An Phú",
        "2",
        "Điểm thưởng",
        5,
        3,
        None,
        2,
        "+1 theo biên bản",
    ) in details


def test_the_print_page_has_the_table_the_ranking_and_the_leaders_signature(
    client_for, users, locked
):
    cluster, _ = locked
    response = client_for(users.viewer).get(reverse("movements:standing_print", args=[cluster.pk]))
    assert response.status_code == 200
    assert "style-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
    page = _text(response)
    assert 'id="score-sheet"' in page and 'id="ranking"' in page
    assert "Cụm trưởng" in page and "TM. Cụm thi đua số 1" in page
    assert page.count("Công an huyện An Phú") >= 3  # column, ranking row, signature


def test_exports_before_the_lock_are_for_those_who_see_the_live_ranking(client_for, users, year):
    cluster, _ = year
    url = reverse("movements:standing_export", args=[cluster.pk])
    assert client_for(users.clerk_b).get(url).status_code == 403
    assert client_for(users.clerk_a).get(url).status_code == 200


def test_the_years_page_lists_cluster_years_and_leading_streaks(client_for, users, units):
    for year in (2021, 2022, 2023):
        standing(Cluster.objects.create(name="Cụm 1", year=year), units.cah_a, 1)
    client = client_for(users.officer)
    url = reverse("movements:standing_years")
    page = _text(client.get(url, {"year_from": 2021, "year_to": 2023, "n": 3}))
    streaks = page.split('id="streak-list"', 1)[1].split("</table>", 1)[0]
    assert "Công an huyện An Phú" in streaks and "2021–2023" in streaks
    assert page.count("Cụm 1</a>") == 3
    page = _text(client.get(url, {"year_from": 2021, "year_to": 2023, "n": 4}))
    assert 'id="streak-list"' not in page
    assert "Không có đơn vị nào dẫn đầu cụm" in page


def test_the_years_page_stays_in_the_clerks_scope(client_for, users, units):
    standing(Cluster.objects.create(name="Cụm 2", year=2024), units.cah_b, 1)
    page = _text(client_for(users.clerk_a).get(reverse("movements:standing_years")))
    assert "Cụm 2" not in page and "Bình Sơn" not in page


def test_the_unit_page_shows_its_place_year_by_year(client_for, users, locked, units):
    page = _text(client_for(users.clerk_a).get(reverse("org:unit_detail", args=[units.cah_a.pk])))
    section = page.split('id="xep-hang-cum"', 1)[1]
    assert "Cụm thi đua số 1" in section and "1 / 3" in section


def test_the_summary_gains_the_clusters_results_and_keeps_its_keys(users, units, types):
    for year in (2021, 2022, 2023):
        standing(Cluster.objects.create(name="Cụm 1", year=year), units.cah_a, 1)
    data = period_summary(user=users.officer, year_from=2021, year_to=2023).as_json()
    assert set(data) >= {
        "from",
        "to",
        "unit",
        "by_award",
        "totals",
        "by_year",
        "collective_titles",
        "exemplars",
        "text",
    }
    standings = data["cluster_standings"]
    assert [(y["year"], y["clusters_ranked"]) for y in standings["years"]] == [
        (2021, 1),
        (2022, 1),
        (2023, 1),
    ]
    assert standings["years"][0]["leaders"][0]["code"] == "CAH-A"
    assert standings["streaks"] == [
        {
            "unit": {"code": "CAH-A", "name": "Công an huyện An Phú"},
            "years": 3,
            "from": 2021,
            "to": 2023,
            "clusters": ["Cụm 1", "Cụm 1", "Cụm 1"],
            "text": "Công an huyện An Phú 3 năm liền (2021–2023) dẫn đầu cụm, khối thi đua",
        }
    ]
    clerk = period_summary(user=users.clerk_b, year_from=2021, year_to=2023).as_json()
    assert clerk["cluster_standings"] == {"years": [], "streaks": []}


def test_the_ranking_page_reads_the_same_number_of_queries_for_more_units(
    client_for, users, units, locked
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cluster, _ = locked
    client = client_for(users.officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_ranking(cluster)).status_code == 200
        return len(queries)

    before = count()
    for rank, unit in enumerate((units.cax_a1, units.cax_b1, units.pv01_d1), start=4):
        standing(cluster, unit, rank, total="30")
    assert count() == before
