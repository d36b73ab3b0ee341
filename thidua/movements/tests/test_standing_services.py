"""Locking a cluster year writes its standings from the scores; unlocking (the office only,
with a reason) deletes them; the leading units are proposed for a flag; a proposal goes into
a dossier through the nominations service."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.accounts.models import Role, User
from thidua.lib.validators import TEXT_MAX_LENGTH
from thidua.movements import standing_services as services
from thidua.movements.models import ScoringTable, Standing
from thidua.movements.scoring_selectors import table_results
from thidua.movements.tests.standing_world import cluster_year
from thidua.nominations import services as nominations
from thidua.nominations.models import DossierItem


@pytest.fixture
def year(units):
    return cluster_year(units)


def _rows(cluster):
    return list(
        Standing.objects.filter(cluster=cluster)
        .order_by("rank")
        .values_list("unit__code", "rank", "base", "bonus", "penalty", "total", "parted_by")
    )


def test_locking_writes_one_standing_per_member_equal_to_the_table_results(users, year):
    cluster, table = year
    expected = table_results(table)
    services.standings_lock(actor=users.officer, cluster=cluster, version=table.version)
    table.refresh_from_db()
    assert table.locked_at is not None
    by_unit = {s.unit_id: s for s in Standing.objects.filter(cluster=cluster)}
    assert len(by_unit) == len(expected) == 3
    for r in expected:
        s = by_unit[r.unit_id]
        assert (s.rank, s.base, s.bonus, s.penalty, s.total, s.parted_by) == (
            r.rank,
            r.totals.base,
            r.totals.bonus,
            r.totals.penalty,
            r.totals.total,
            r.parted_by or "",
        )
    assert _rows(cluster) == [
        ("CAH-A", 1, D("50"), D("2"), D("0"), D("52"), ""),
        ("CAH-B", 2, D("52"), D("0"), D("0"), D("52"), "bonus_total"),
        ("PV01", 3, D("40"), D("0"), D("3"), D("37"), ""),
    ]


def test_the_lock_and_the_standings_are_audited(users, year):
    cluster, table = year
    services.standings_lock(actor=users.officer, cluster=cluster)
    last = ScoringTable.history.filter(id=table.pk).latest("history_date")
    assert last.history_user == users.officer
    assert last.history_change_reason == services.LOCK_REASON
    assert Standing.history.filter(history_type="+", history_user=users.officer).count() == 3


def test_equal_totals_after_every_tie_break_share_a_rank(users, units):
    cluster, _ = cluster_year(units, tie_breaks=())
    services.standings_lock(actor=users.officer, cluster=cluster)
    assert [(code, rank) for code, rank, *_ in _rows(cluster)] == [
        ("CAH-A", 1),
        ("CAH-B", 1),
        ("PV01", 3),
    ]


def test_the_leader_units_clerk_locks_a_member_clerk_may_not(users, year):
    cluster, _ = year
    with pytest.raises(PermissionDenied):
        services.standings_lock(actor=users.clerk_b, cluster=cluster)  # CAH-B: deputy
    with pytest.raises(PermissionDenied):
        services.standings_lock(actor=users.viewer, cluster=cluster)
    services.standings_lock(actor=users.clerk_a, cluster=cluster)  # CAH-A leads the cluster
    assert Standing.objects.filter(cluster=cluster).count() == 3


def test_a_locked_year_is_not_locked_twice_and_a_stale_page_is_refused(users, year):
    cluster, table = year
    with pytest.raises(ValidationError, match="vừa được người khác thay đổi"):
        services.standings_lock(actor=users.officer, cluster=cluster, version=table.version + 1)
    services.standings_lock(actor=users.officer, cluster=cluster)
    with pytest.raises(ValidationError, match="đã được khóa lúc"):
        services.standings_lock(actor=users.officer, cluster=cluster)
    assert Standing.objects.filter(cluster=cluster).count() == 3


def test_a_cluster_without_a_table_cannot_be_locked(users, units):
    from thidua.org.models import Cluster

    cluster = Cluster.objects.create(name="Khối các phòng", year=2024)
    with pytest.raises(ValidationError, match="chưa có bảng điểm"):
        services.standings_lock(actor=users.officer, cluster=cluster)


def test_a_table_without_any_score_cannot_be_locked(users, year):
    from thidua.movements.models import Score

    cluster, table = year
    Score.objects.filter(criterion__table=table).delete()
    with pytest.raises(ValidationError, match="chưa có đơn vị nào được chấm điểm"):
        services.standings_lock(actor=users.officer, cluster=cluster)
    table.refresh_from_db()
    assert table.locked_at is None


def test_only_the_office_unlocks_with_a_reason_and_the_standings_go(users, year):
    cluster, table = year
    services.standings_lock(actor=users.clerk_a, cluster=cluster)
    with pytest.raises(PermissionDenied):
        services.standings_unlock(actor=users.clerk_a, cluster=cluster, reason="Sửa điểm")
    with pytest.raises(ValidationError, match="lý do"):
        services.standings_unlock(actor=users.officer, cluster=cluster, reason="  ")
    services.standings_unlock(actor=users.officer, cluster=cluster, reason="Sửa điểm tiêu chí 1.2")
    table.refresh_from_db()
    assert table.locked_at is None
    assert not Standing.objects.filter(cluster=cluster).exists()
    gone = Standing.history.filter(history_type="-")
    assert gone.count() == 3
    assert {h.history_change_reason for h in gone} == {
        "Mở khóa kết quả xếp hạng: Sửa điểm tiêu chí 1.2"
    }
    last = ScoringTable.history.filter(id=table.pk).latest("history_date")
    assert last.history_user == users.officer and "Sửa điểm tiêu chí 1.2" in (
        last.history_change_reason
    )
    with pytest.raises(ValidationError, match="chưa khóa"):
        services.standings_unlock(actor=users.officer, cluster=cluster, reason="Lần nữa")
    services.standings_lock(actor=users.officer, cluster=cluster)  # locked afresh
    assert Standing.objects.filter(cluster=cluster).count() == 3


def test_unlocking_one_cluster_year_leaves_the_others(users, units):
    first, _ = cluster_year(units, year=2023)
    second, _ = cluster_year(units, year=2024)
    services.standings_lock(actor=users.officer, cluster=first)
    services.standings_lock(actor=users.officer, cluster=second)
    services.standings_unlock(actor=users.officer, cluster=first, reason="Chấm lại")
    assert not Standing.objects.filter(cluster=first).exists()
    assert Standing.objects.filter(cluster=second).count() == 3


@pytest.fixture
def locked(users, year):
    cluster, _ = year
    services.standings_lock(actor=users.officer, cluster=cluster)
    return {s.unit.code: s for s in Standing.objects.filter(cluster=cluster).select_related("unit")}


def test_the_leader_proposes_the_first_unit_for_the_governments_flag(users, types, locked):
    first = locked["CAH-A"]
    services.standing_propose(
        actor=users.clerk_a,
        standing=first,
        award_type=types.co_thi_dua_chinh_phu,
        note="Dẫn đầu cụm",
        version=first.version,
    )
    first.refresh_from_db()
    assert first.proposed_award == types.co_thi_dua_chinh_phu
    assert first.note == "Dẫn đầu cụm"
    assert first.history.latest("history_date").history_user == users.clerk_a


def test_the_governments_flag_is_only_for_a_leading_unit(users, types, locked):
    with pytest.raises(ValidationError, match="chỉ xét cho đơn vị dẫn đầu cụm"):
        services.standing_propose(
            actor=users.officer, standing=locked["CAH-B"], award_type=types.co_thi_dua_chinh_phu
        )
    services.standing_propose(
        actor=users.officer, standing=locked["CAH-B"], award_type=types.co_thi_dua_bca
    )
    assert Standing.objects.get(pk=locked["CAH-B"].pk).proposed_award == types.co_thi_dua_bca


def test_a_cluster_proposes_flags_only(users, types, locked):
    with pytest.raises(ValidationError, match="chỉ suy tôn đề nghị Cờ thi đua"):
        services.standing_propose(
            actor=users.officer, standing=locked["CAH-A"], award_type=types.cstd_co_so
        )


def test_a_member_clerk_does_not_propose_and_a_proposal_is_withdrawn(users, types, locked):
    with pytest.raises(PermissionDenied):
        services.standing_propose(
            actor=users.clerk_b, standing=locked["CAH-B"], award_type=types.co_thi_dua_bca
        )
    services.standing_propose(
        actor=users.officer, standing=locked["CAH-A"], award_type=types.co_thi_dua_bca, note="x"
    )
    services.standing_propose(actor=users.officer, standing=locked["CAH-A"], award_type=None)
    again = Standing.objects.get(pk=locked["CAH-A"].pk)
    assert again.proposed_award is None and again.note == ""


def test_a_proposals_note_is_cleaned_like_the_unlock_reason(users, types, locked, year):
    too_long = "x" * (TEXT_MAX_LENGTH + 1)
    standing = locked["CAH-A"]
    with pytest.raises(ValidationError) as refused:
        services.standing_propose(
            actor=users.officer, standing=standing, award_type=types.co_thi_dua_bca, note=too_long
        )
    assert list(refused.value.message_dict) == ["note"]
    services.standing_propose(
        actor=users.officer,
        standing=standing,
        award_type=types.co_thi_dua_bca,
        note="  Dẫn đầu\u00a0 cụm   ba năm\n",
    )
    assert Standing.objects.get(pk=standing.pk).note == "Dẫn đầu cụm ba năm"
    cluster, _table = year
    with pytest.raises(ValidationError) as refused:
        services.standings_unlock(actor=users.officer, cluster=cluster, reason=too_long)
    assert list(refused.value.message_dict) == ["reason"]


def test_the_proposed_unit_goes_into_a_dossier_through_the_nominations_service(
    users, types, units, locked
):
    first = locked["CAH-A"]
    services.standing_propose(
        actor=users.officer, standing=first, award_type=types.co_thi_dua_bca, note="Xuất sắc"
    )
    first.refresh_from_db()
    dossier = nominations.dossier_create(actor=users.officer, unit=units.cat, year=2024)
    item = services.standing_to_dossier(actor=users.officer, standing=first, dossier=dossier)
    assert (item.unit, item.award_type, item.year_from, item.year_to) == (
        units.cah_a,
        types.co_thi_dua_bca,
        2024,
        2024,
    )
    assert item.achievement == "Xếp thứ 1 Cụm thi đua số 1 năm 2024 với 52 điểm. Xuất sắc"
    # The service's own checks stand: the same unit and flag twice is refused.
    with pytest.raises(ValidationError, match="đã có trong hồ sơ"):
        services.standing_to_dossier(actor=users.officer, standing=first, dossier=dossier)


def test_the_dossier_service_refuses_a_unit_outside_the_dossiers_unit(users, types, units, locked):
    first = locked["CAH-A"]
    services.standing_propose(actor=users.officer, standing=first, award_type=types.co_thi_dua_bca)
    first.refresh_from_db()
    other = nominations.dossier_create(actor=users.officer, unit=units.cah_b, year=2024)
    with pytest.raises(ValidationError, match="không thuộc"):
        services.standing_to_dossier(actor=users.officer, standing=first, dossier=other)
    # A clerk of another subtree is refused by the dossier's own rights.
    mine = nominations.dossier_create(actor=users.officer, unit=units.cat, year=2024)
    with pytest.raises(PermissionDenied):
        services.standing_to_dossier(actor=users.clerk_b, standing=first, dossier=mine)
    assert not DossierItem.objects.exists()


def test_an_unproposed_unit_does_not_go_into_a_dossier(users, units, locked):
    dossier = nominations.dossier_create(actor=users.officer, unit=units.cat, year=2024)
    with pytest.raises(ValidationError, match="chưa được suy tôn"):
        services.standing_to_dossier(actor=users.officer, standing=locked["PV01"], dossier=dossier)


def test_a_province_wide_viewer_may_not_lock(users, year, units):
    cluster, _ = year
    council = User.objects.create_user(username="hd", password="x", role=Role.COUNCIL_MEMBER)
    with pytest.raises(PermissionDenied):
        services.standings_lock(actor=council, cluster=cluster)
