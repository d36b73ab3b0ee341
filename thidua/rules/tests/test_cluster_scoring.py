"""The arithmetic of a cluster's scoring table: caps on leaves and groups, bonus and penalty
with their caps, a total never below 0, missing leaves; and the ranking with each tie-break
rule and shared ranks."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from thidua.rules.cluster_scoring import Line, RankRow, Totals, rank, unit_totals

# A table of the usual shape:
#   1   Group "Công tác chuyên môn" (max 60)
#   1.1   criterion max 40
#   1.2   criterion max 30
#   2   Group "Xây dựng lực lượng" (no max)
#   2.1   criterion max 20
#   3   Group "Điểm thưởng" (max 5)
#   3.1   bonus max 3
#   3.2   bonus max 4
#   4   Group "Điểm trừ" (max 10)
#   4.1   penalty max 8
#   4.2   penalty (no cap)
TABLE = [
    Line(1, None, "group", D(60)),
    Line(11, 1, "criterion", D(40)),
    Line(12, 1, "criterion", D(30)),
    Line(2, None, "group", None),
    Line(21, 2, "criterion", D(20)),
    Line(3, None, "group", D(5)),
    Line(31, 3, "bonus", D(3)),
    Line(32, 3, "bonus", D(4)),
    Line(4, None, "group", D(10)),
    Line(41, 4, "penalty", D(8)),
    Line(42, 4, "penalty", None),
]


def test_plain_points_add_up_by_kind_and_group():
    t = unit_totals(TABLE, {11: D("35.5"), 12: D(20), 21: D(15), 31: D(2), 41: D(1)})
    assert (t.base, t.bonus, t.penalty) == (D("70.5"), D(2), D(1))
    assert t.total == D("71.5")
    assert t.by_group == {1: D("55.5"), 2: D(15), 3: D(2), 4: D(-1)}


def test_a_leaf_counts_at_most_its_max():
    t = unit_totals(TABLE, {11: D(45), 21: D(25)})
    assert t.base == D(60)  # 40 + 20
    assert t.by_group[1] == D(40)


def test_a_group_counts_at_most_its_max_even_when_its_leaves_are_within_theirs():
    t = unit_totals(TABLE, {11: D(40), 12: D(30)})
    assert t.by_group[1] == D(60)
    assert t.base == D(60)


def test_a_group_without_max_adds_its_children_uncapped():
    lines = [Line(1, None, "group", None), Line(2, 1, "criterion", None)]
    assert unit_totals(lines, {2: D(999)}).total == D(999)


def test_bonus_is_capped_by_its_group():
    t = unit_totals(TABLE, {31: D(3), 32: D(4)})
    assert t.bonus == D(5)
    assert t.by_group[3] == D(5)


def test_each_bonus_item_is_capped_before_the_group():
    t = unit_totals(TABLE, {31: D(9)})
    assert t.bonus == D(3)


def test_penalty_is_capped_and_subtracted():
    t = unit_totals(TABLE, {11: D(40), 41: D(9), 42: D(6)})
    assert t.penalty == D(10)  # 8 (leaf cap) + 6 = 14, group cap 10
    assert t.total == D(30)
    assert t.by_group[4] == D(-10)


def test_the_total_is_never_below_zero():
    t = unit_totals(TABLE, {11: D(2), 41: D(8)})
    assert t.base == D(2)
    assert t.penalty == D(8)
    assert t.total == D(0)


def test_missing_leaves_count_zero():
    t = unit_totals(TABLE, {})
    assert t == Totals(D(0), D(0), D(0), D(0), {1: D(0), 2: D(0), 3: D(0), 4: D(0)})


def test_negative_points_count_zero_and_points_on_a_group_are_ignored():
    t = unit_totals(TABLE, {11: D(-5), 1: D(50), 12: D(10)})
    assert t.base == D(10)


def test_nested_groups_cap_at_every_level():
    lines = [
        Line(1, None, "group", D(10)),
        Line(2, 1, "group", D(6)),
        Line(3, 2, "criterion", D(5)),
        Line(4, 2, "criterion", D(5)),
        Line(5, 1, "criterion", D(5)),
    ]
    t = unit_totals(lines, {3: D(5), 4: D(5), 5: D(5)})
    assert t.base == D(10)  # inner 10 → 6, outer 6 + 5 = 11 → 10
    assert unit_totals(lines, {3: D(5), 4: D(5)}).base == D(6)


def test_top_level_leaves_count_but_are_not_groups():
    lines = [Line(1, None, "criterion", D(10)), Line(2, None, "bonus", D(2))]
    t = unit_totals(lines, {1: D(7), 2: D(3)})
    assert (t.base, t.bonus, t.total, t.by_group) == (D(7), D(2), D(9), {})


def test_an_empty_group_counts_zero():
    lines = [Line(1, None, "group", D(10)), Line(2, None, "criterion", None)]
    t = unit_totals(lines, {2: D(4)})
    assert t.by_group == {1: D(0)}
    assert t.total == D(4)


def test_an_empty_table_totals_zero():
    assert unit_totals([], {}).total == D(0)


def test_a_line_of_unknown_kind_or_parent_is_refused():
    with pytest.raises(ValueError, match="kind"):
        unit_totals([Line(1, None, "extra", None)], {})
    with pytest.raises(ValueError, match="parent"):
        unit_totals([Line(1, 9, "criterion", None)], {})


# ── Ranking ──


def _row(unit, total, *, base=None, bonus=0, penalty=0, cross=None, previous=None):
    base = D(total) - D(bonus) + D(penalty) if base is None else D(base)
    totals = Totals(base, D(bonus), D(penalty), D(total), {})
    return RankRow(unit, totals, None if cross is None else D(cross), previous)


def _ranks(ranked):
    return [(r.unit_id, r.rank, r.parted_by) for r in ranked]


def test_highest_total_first():
    rows = [_row(1, 80), _row(2, 95), _row(3, 90)]
    assert _ranks(rank(rows, [])) == [(2, 1, None), (3, 2, None), (1, 3, None)]


def test_equal_totals_without_rules_share_a_rank_and_the_next_skips():
    rows = [_row(3, 90), _row(1, 90), _row(2, 70)]
    assert _ranks(rank(rows, [])) == [(1, 1, None), (3, 1, None), (2, 3, None)]


def test_cross_total_higher_first_and_none_last():
    rows = [_row(1, 90, cross=85), _row(2, 90, cross=88), _row(3, 90)]
    assert _ranks(rank(rows, ["cross_total"])) == [
        (2, 1, None),
        (1, 2, "cross_total"),
        (3, 3, "cross_total"),
    ]


def test_bonus_total_more_first():
    rows = [_row(1, 90, bonus=1), _row(2, 90, bonus=3)]
    assert _ranks(rank(rows, ["bonus_total"])) == [(2, 1, None), (1, 2, "bonus_total")]


def test_penalty_total_less_first():
    rows = [_row(1, 90, penalty=2), _row(2, 90, penalty=0)]
    assert _ranks(rank(rows, ["penalty_total"])) == [(2, 1, None), (1, 2, "penalty_total")]


def test_base_total_more_first():
    rows = [_row(1, 90, base=88), _row(2, 90, base=90)]
    assert _ranks(rank(rows, ["base_total"])) == [(2, 1, None), (1, 2, "base_total")]


def test_previous_rank_lower_number_first_and_none_last():
    rows = [_row(1, 90, previous=3), _row(2, 90), _row(3, 90, previous=1)]
    assert _ranks(rank(rows, ["previous_rank"])) == [
        (3, 1, None),
        (1, 2, "previous_rank"),
        (2, 3, "previous_rank"),
    ]


def test_rules_apply_in_the_tables_order():
    # Unit 1 has more bonus, unit 2 less penalty: the first rule listed decides.
    rows = [_row(1, 90, bonus=3, penalty=2), _row(2, 90, bonus=1, penalty=0)]
    assert _ranks(rank(rows, ["bonus_total", "penalty_total"]))[0][0] == 1
    assert _ranks(rank(rows, ["penalty_total", "bonus_total"]))[0][0] == 2


def test_a_later_rule_parts_what_the_first_leaves_equal():
    rows = [_row(1, 90, cross=80, previous=2), _row(2, 90, cross=80, previous=1)]
    assert _ranks(rank(rows, ["cross_total", "previous_rank"])) == [
        (2, 1, None),
        (1, 2, "previous_rank"),
    ]


def test_rows_equal_after_every_rule_share_a_rank():
    rows = [
        _row(1, 90, bonus=2),
        _row(2, 90, bonus=2),
        _row(3, 90, bonus=1),
        _row(4, 85),
    ]
    assert _ranks(rank(rows, ["bonus_total"])) == [
        (1, 1, None),
        (2, 1, None),
        (3, 3, "bonus_total"),
        (4, 4, None),
    ]


def test_rank_carries_the_totals():
    rows = [_row(7, 50, bonus=1)]
    (only,) = rank(rows, ["bonus_total"])
    assert only.totals == rows[0].totals


def test_an_unknown_tie_break_is_refused():
    with pytest.raises(ValueError, match="tie-break"):
        rank([], ["coin_toss"])


def test_ranking_nobody_gives_nothing():
    assert rank([], ["cross_total"]) == []
