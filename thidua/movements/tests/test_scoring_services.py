"""The clusters' scoring services and selectors on the database: results and ranking of a
table, copying last year's table, editing the tree, entering a column of scores (refused over
the maximum, below 0, on a stale page, once locked), the agreement's signatories."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from thidua.lib.versioning import StaleVersion
from thidua.movements import scoring_services as services
from thidua.movements.choices import CriterionKind, TieBreak
from thidua.movements.models import Agreement, Criterion, Score, ScoringTable, Standing
from thidua.movements.scoring_selectors import results, table_results, tree_lines
from thidua.movements.scoring_services import Posted
from thidua.movements.tests.scoring_world import make_world
from thidua.org.models import Cluster
from thidua.org.services import cluster_save
from thidua.rules import cluster_scoring

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(units, users):
    return make_world(units, users)


def _score(line, unit, self=None, cross=None, final=None):
    return Score.objects.create(
        criterion=line, unit=unit, self_score=self, cross_score=cross, final_score=final
    )


def _codes(table):
    return [(t.criterion.code, t.criterion.name) for t in tree_lines(table)]


def test_the_pure_module_names_the_same_codes_as_the_choices():
    assert set(cluster_scoring.TIE_BREAKS) == set(TieBreak.values)
    assert set(cluster_scoring.KINDS) == set(CriterionKind.values)


# ── Results ──


def test_final_score_counts_else_cross_else_self(w):
    a, b = w.units.cah_a, w.units.cah_b
    _score(w.c11, a, self=D(40), cross=D(35), final=D(30))
    _score(w.c12, a, self=D(20), cross=D(25))
    _score(w.b21, a, self=D(2))
    _score(w.c11, b, self=D(38))
    found = results(w.table)
    assert found.totals[a.pk].base == D(55)  # 30 (final) + 25 (cross)
    assert found.totals[a.pk].bonus == D(2)
    assert found.totals[b.pk].total == D(38)
    assert found.totals[w.units.pv01.pk].total == D(0)  # a member without scores counts 0


def test_caps_of_groups_bonus_and_penalty_apply_on_the_table(w):
    a = w.units.cah_a
    _score(w.c11, a, final=D(40))
    _score(w.c12, a, final=D(30))  # group 1: 70 → 60
    _score(w.b21, a, final=D(3))
    _score(w.b22, a, final=D(4))  # bonus: 7 → 5
    _score(w.p31, a, final=D(8))
    totals = results(w.table).totals[a.pk]
    assert (totals.base, totals.bonus, totals.penalty, totals.total) == (D(60), D(5), D(8), D(57))
    assert totals.by_group == {w.g1.pk: D(60), w.g2.pk: D(5), w.g3.pk: D(-8)}


def test_equal_totals_are_parted_by_the_cross_total_then_last_years_rank(w):
    a, b, p = w.units.cah_a, w.units.cah_b, w.units.pv01
    _score(w.c11, a, cross=D(30), final=D(35))
    _score(w.c11, b, cross=D(33), final=D(35))
    _score(w.c11, p, final=D(35))
    ranked = table_results(w.table)
    assert [(r.unit_id, r.rank, r.parted_by) for r in ranked] == [
        (b.pk, 1, None),
        (a.pk, 2, "cross_total"),
        (p.pk, 3, "cross_total"),
    ]
    # Equal cross-scores too: last year's standing decides.
    Score.objects.filter(unit=b).update(cross_score=D(30))
    last = cluster_save(
        cluster=Cluster(name="Cụm thi đua số 1", year=2023), members=[(a, "leader")]
    )
    Standing.objects.create(cluster=last, unit=b, total=D(90), rank=1)
    Standing.objects.create(cluster=last, unit=a, total=D(80), rank=2)
    ranked = table_results(w.table)
    assert [(r.unit_id, r.rank, r.parted_by) for r in ranked][:2] == [
        (b.pk, 1, None),
        (a.pk, 2, "previous_rank"),
    ]


def test_units_still_equal_share_a_rank(w):
    w.table.tie_breaks = ["bonus_total"]
    w.table.save()
    for unit in (w.units.cah_a, w.units.cah_b):
        _score(w.c11, unit, final=D(20))
    ranked = table_results(w.table)
    assert [r.rank for r in ranked] == [1, 1, 3]


def test_results_take_a_fixed_number_of_queries(w, django_assert_max_num_queries):
    for unit in (w.units.cah_a, w.units.cah_b, w.units.pv01):
        for line in (w.c11, w.c12, w.b21, w.p31):
            _score(line, unit, self=D(1))
    with django_assert_max_num_queries(5):
        results(ScoringTable.objects.select_related("cluster").get(pk=w.table.pk))


# ── Copy from last year ──


def test_a_table_is_copied_with_its_whole_tree_and_no_scores(w):
    _score(w.c11, w.units.cah_a, self=D(10))
    nxt = cluster_save(
        cluster=Cluster(name="Cụm thi đua số 1", year=2025), members=[(w.units.cah_a, "leader")]
    )
    assert services.last_year_table(nxt) == w.table
    copy = services.table_copy(cluster=nxt, source=w.table, user=w.users.officer)
    assert copy.copied_from == w.table
    assert copy.title == "Bảng điểm thi đua Cụm thi đua số 1 năm 2025"
    assert copy.tie_breaks == ["cross_total", "previous_rank"]
    assert _codes(copy) == _codes(w.table)
    parents = {c.code: c.parent.code if c.parent else None for c in copy.criteria.all()}
    assert parents["1.2"] == "1" and parents["2.1"] == "2" and parents["3"] is None
    assert all(c.table_id == copy.pk for c in Criterion.objects.filter(parent__table=copy))
    assert not Score.objects.filter(criterion__table=copy).exists()
    assert Criterion.history.filter(table_id=copy.pk, history_type="+").count() == 8
    assert Criterion.history.filter(table_id=copy.pk).first().history_user == w.users.officer


def test_a_cluster_with_a_table_gets_no_copy(w):
    nxt = cluster_save(cluster=Cluster(name="Cụm thi đua số 1", year=2025))
    services.table_copy(cluster=nxt, source=w.table)
    with pytest.raises(ValidationError, match="đã có bảng điểm"):
        services.table_copy(cluster=nxt, source=w.table)
    assert ScoringTable.objects.filter(cluster=nxt).count() == 1
    with pytest.raises(ValidationError, match="chính cụm"):
        services.table_copy(cluster=w.cluster, source=w.table)


# ── The tree ──


def test_a_new_line_goes_last_under_its_group_and_is_numbered(w):
    line = services.criterion_save(
        line=Criterion(
            table=w.table, parent=w.g1, kind="criterion", name="Xây dựng lực lượng", max_points=10
        )
    )
    assert line.code == "1.3"
    top = services.criterion_save(
        line=Criterion(table=w.table, kind="group", name="Nhóm mới", max_points=None)
    )
    assert top.code == "4"


def test_moving_a_line_renumbers_it_and_its_children(w):
    services.criterion_move(line=w.g2, up=True)
    assert _codes(w.table)[:3] == [
        ("1", "Điểm thưởng"),
        ("1.1", "Được Bộ khen"),
        ("1.2", "Sáng kiến được công nhận"),
    ]
    assert Criterion.objects.get(pk=w.c11.pk).code == "2.1"
    services.criterion_move(line=Criterion.objects.get(pk=w.g3.pk), up=False)  # last: stays
    assert Criterion.objects.get(pk=w.g3.pk).code == "3"
    assert Criterion.history.filter(id=w.c11.pk, history_type="~").exists()


def test_removing_a_group_removes_its_lines_and_scores_and_renumbers(w):
    _score(w.b21, w.units.cah_a, self=D(2))
    services.criterion_remove(line=w.g2)
    assert [c for c, _ in _codes(w.table)] == ["1", "1.1", "1.2", "2", "2.1"]
    assert Criterion.objects.get(pk=w.p31.pk).code == "2.1"
    assert not Score.objects.filter(criterion_id=w.b21.pk).exists()
    assert Score.history.filter(history_type="-").count() == 1


def test_a_line_moves_to_another_group_at_its_end(w):
    line = Criterion.objects.get(pk=w.c11.pk)
    line.parent = w.g2
    line.kind = "bonus"
    services.criterion_save(line=line)
    assert Criterion.objects.get(pk=w.c11.pk).code == "2.3"
    assert Criterion.objects.get(pk=w.c12.pk).code == "1.1"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"parent": "c11"}, "parent", "Chỉ nhóm tiêu chí"),
        ({"max_points": None}, "max_points", "phải có điểm tối đa"),
    ],
)
def test_bad_lines_are_refused(w, change, field, message):
    line = Criterion(table=w.table, parent=w.g1, kind="criterion", name="Mới", max_points=5)
    for key, value in change.items():
        setattr(line, key, getattr(w, value) if isinstance(value, str) else value)
    with pytest.raises(ValidationError) as caught:
        services.criterion_save(line=line)
    assert message in " ".join(caught.value.message_dict[field])


def test_a_group_cannot_go_under_itself_nor_stop_being_a_group_while_it_has_lines(w):
    group = Criterion.objects.get(pk=w.g1.pk)
    group.parent = w.g1
    with pytest.raises(ValidationError, match="chính nó"):
        services.criterion_save(line=group)
    group = Criterion.objects.get(pk=w.g1.pk)
    group.kind, group.max_points = "criterion", D(10)
    with pytest.raises(ValidationError, match="phải là nhóm"):
        services.criterion_save(line=group)


def test_a_locked_table_refuses_every_change(w):
    w.table.locked_at = timezone.now()
    w.table.save()
    new = Criterion(table=w.table, parent=w.g1, kind="criterion", name="Mới", max_points=5)
    for call in (
        lambda: services.criterion_save(line=new),
        lambda: services.criterion_move(line=w.c12, up=True),
        lambda: services.criterion_remove(line=w.c12),
        lambda: services.table_save(table=w.table),
        lambda: services.scores_save(
            table=w.table,
            unit=w.units.cah_b,
            posted={w.c11.pk: Posted({"self_score": D(1)}, "", None)},
            fields=["self_score"],
        ),
    ):
        with pytest.raises(ValidationError, match="đã khóa"):
            call()
    assert w.table.criteria.count() == 8
    assert not Score.objects.exists()


def test_a_locked_tables_refusal_gives_the_lock_time_as_the_standings_do(w):
    w.table.locked_at = dt.datetime(2025, 3, 5, 7, 30, tzinfo=dt.UTC)
    w.table.save()
    with pytest.raises(ValidationError) as caught:
        services.table_save(table=w.table)
    assert caught.value.messages == [
        "Bảng điểm đã khóa kết quả lúc 05/03/2025 14:30 nên không sửa được nữa."
    ]


# ── Scores ──


def _save(w, unit, values, field="self_score", versions=None, evidence=None):
    posted = {
        line.pk: Posted({field: value}, (evidence or {}).get(line), (versions or {}).get(line.pk))
        for line, value in values.items()
    }
    return services.scores_save(table=w.table, unit=unit, posted=posted, fields=[field])


def test_a_column_is_saved_in_one_go_with_history(w):
    b = w.units.cah_b
    evidence = {w.c11: "Báo cáo", w.b21: ""}
    assert _save(w, b, {w.c11: D("35.5"), w.c12: D(20), w.b21: None}, evidence=evidence) == 2
    rows = {s.criterion_id: s for s in Score.objects.filter(unit=b)}
    assert rows[w.c11.pk].self_score == D("35.5")
    assert rows[w.c11.pk].evidence == "Báo cáo"
    assert w.b21.pk not in rows  # nothing entered, no row
    assert Score.history.filter(history_type="+").count() == 2
    versions = {pk: s.version for pk, s in rows.items()}
    assert _save(w, b, {w.c11: D(36), w.c12: D(20)}, versions=versions, evidence=evidence) == 1
    assert Score.objects.get(unit=b, criterion=w.c11).version == versions[w.c11.pk] + 1


def test_points_over_the_maximum_are_refused_naming_the_line_and_unit_and_nothing_is_saved(w):
    with pytest.raises(ValidationError) as caught:
        _save(w, w.units.cah_b, {w.c11: D(30), w.c12: D(31)})
    assert caught.value.messages == [
        "1.2. Phong trào toàn dân bảo vệ an ninh Tổ quốc — Công an huyện Bình Sơn: "
        "31 điểm vượt điểm tối đa 30."
    ]
    assert not Score.objects.exists()


def test_negative_points_are_refused(w):
    with pytest.raises(ValidationError, match="không được âm"):
        _save(w, w.units.cah_b, {w.p31: D(-1)}, field="cross_score")


def test_a_stale_page_is_refused(w):
    b = w.units.cah_b
    _save(w, b, {w.c11: D(10)})
    # Another page saved the line meanwhile: this one showed version 1, or no row at all.
    _save(w, b, {w.c11: D(12)}, versions={w.c11.pk: 1})
    with pytest.raises(StaleVersion):
        _save(w, b, {w.c11: D(15)}, versions={w.c11.pk: 1})
    with pytest.raises(StaleVersion):
        _save(w, b, {w.c11: D(15)})
    assert Score.objects.get(unit=b).self_score == D(12)


def test_groups_and_units_outside_the_cluster_take_no_scores(w):
    with pytest.raises(ValidationError, match="không phải tiêu chí"):
        _save(w, w.units.cah_b, {w.g1: D(10)})
    with pytest.raises(ValidationError, match="không phải thành viên"):
        _save(w, w.units.cax_b1, {w.c11: D(10)})


def test_cross_and_final_scores_are_kept_apart_from_the_self_score(w):
    b = w.units.cah_b
    _save(w, b, {w.c11: D(38)})
    version = Score.objects.get(unit=b).version
    services.scores_save(
        table=w.table,
        unit=b,
        posted={w.c11.pk: Posted({"cross_score": D(35), "final_score": D(36)}, None, version)},
        fields=["cross_score", "final_score"],
    )
    row = Score.objects.get(unit=b)
    assert (row.self_score, row.cross_score, row.final_score) == (D(38), D(35), D(36))


# ── Agreement ──


def test_the_signing_units_must_be_members(w):
    agreement = Agreement(cluster=w.cluster, signed_on=timezone.localdate(), place="Hưng Yên")
    with pytest.raises(ValidationError) as caught:
        services.agreement_save(agreement=agreement, signatories=[w.units.cah_a, w.units.cax_b1])
    assert (
        "Công an xã Bình Minh không phải thành viên" in caught.value.message_dict["signatories"][0]
    )
    assert not Agreement.objects.exists()
    services.agreement_save(agreement=agreement, signatories=[w.units.cah_a, w.units.cah_b])
    assert set(agreement.signatories.values_list("code", flat=True)) == {"CAH-A", "CAH-B"}
