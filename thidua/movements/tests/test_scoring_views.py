"""The pages of a cluster year's agreement, scoring table and scores, driven as a browser
without JavaScript would: plain GETs and form POSTs, each role getting what the scope says."""

from __future__ import annotations

from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import version_of
from thidua.movements.models import Agreement, Criterion, Score, ScoringTable
from thidua.movements.tests.scoring_world import make_world
from thidua.org.models import Cluster
from thidua.org.services import cluster_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(units, users):
    return make_world(units, users)


def _url(name, w, *args):
    return reverse(f"movements:{name}", args=[w.cluster.pk, *args])


def _text(response) -> str:
    return response.content.decode()


# ── Agreement ──


def test_the_agreement_shows_leader_and_deputy_from_the_roles_with_a_link_to_them(client_for, w):
    Agreement.objects.create(cluster=w.cluster, document_number="01/GƯ", signed_on="2024-02-01")
    page = _text(client_for(w.users.officer).get(_url("agreement", w)))
    assert "01/GƯ" in page and "01/02/2024" in page
    assert "Công an huyện An Phú" in page  # the leader
    assert reverse("org:cluster_detail", args=[w.cluster.pk]) + "#members" in page
    # A clerk reads it, without the role link (the cluster page is the office's to edit).
    page = _text(client_for(w.users.clerk_b).get(_url("agreement", w)))
    assert "Cụm phó" in page and "Công an huyện Bình Sơn" in page
    assert "#members" not in page and "Sửa giao ước" not in page


def test_the_leader_units_clerk_writes_the_agreement(client_for, w):
    client = client_for(w.users.clerk_a)
    assert client.get(_url("agreement_edit", w)).status_code == 200
    response = client.post(
        _url("agreement_edit", w),
        {
            "document_number": "02/GƯ-CTĐ1",
            "signed_on": "15/01/2024",
            "place": "Công an huyện An Phú",
            "content": "1. Hoàn thành chỉ tiêu",
            "signatories": [w.units.cah_a.pk, w.units.cah_b.pk],
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(cluster=w.cluster)
    assert set(agreement.signatories.values_list("code", flat=True)) == {"CAH-A", "CAH-B"}
    assert agreement.history.first().history_user == w.users.clerk_a
    # A stale form is refused.
    response = client.post(
        _url("agreement_edit", w),
        {"signed_on": "15/01/2024", "version": agreement.version - 1 or 99},
    )
    assert response.status_code == 200 and "người khác thay đổi" in _text(response)


def test_a_unit_outside_the_cluster_cannot_sign(client_for, w):
    response = client_for(w.users.officer).post(
        _url("agreement_edit", w), {"signed_on": "15/01/2024", "signatories": [w.units.cax_b1.pk]}
    )
    assert response.status_code == 200
    assert not Agreement.objects.exists()


def test_a_member_clerk_may_not_write_the_agreement(client_for, w):
    client = client_for(w.users.clerk_b)
    assert client.get(_url("agreement_edit", w)).status_code == 403
    assert client.post(_url("agreement_edit", w), {"signed_on": "15/01/2024"}).status_code == 403


def test_the_cluster_page_links_the_scoring_pages(client_for, w):
    page = _text(
        client_for(w.users.clerk_b).get(reverse("org:cluster_detail", args=[w.cluster.pk]))
    )
    assert _url("agreement", w) in page and _url("scoring_table", w) in page
    assert _url("scores", w) in page


# ── Table and tree ──


def _next_year(w):
    return cluster_save(
        cluster=Cluster(name="Cụm thi đua số 1", year=2025),
        members=[(w.units.cah_a, "member"), (w.units.cah_b, "leader")],
    )


def test_a_cluster_without_a_table_offers_last_years_to_copy_and_copies_it(client_for, w):
    nxt = _next_year(w)
    client = client_for(w.users.clerk_b)  # CAH-B leads the 2025 cluster
    url = reverse("movements:scoring_table", args=[nxt.pk])
    page = _text(client.get(url))
    assert "Sao chép bảng điểm năm trước" in page
    assert f'<option value="{w.table.pk}" selected>' in page
    response = client.post(
        reverse("movements:scoring_table_copy", args=[nxt.pk]), {"source": w.table.pk}
    )
    assert response.status_code == 302
    copy = ScoringTable.objects.get(cluster=nxt)
    assert copy.copied_from == w.table and copy.criteria.count() == 8
    assert "Sao chép từ" in _text(client.get(url))


def test_a_new_empty_table_with_ordered_tie_breaks(client_for, w):
    nxt = _next_year(w)
    client = client_for(w.users.officer)
    response = client.post(
        reverse("movements:scoring_table_create", args=[nxt.pk]),
        {"title": "Bảng điểm 2025", "rule_1": "penalty_total", "rule_2": "cross_total"},
    )
    assert response.status_code == 302
    assert ScoringTable.objects.get(cluster=nxt).tie_breaks == ["penalty_total", "cross_total"]
    response = client.post(
        reverse("movements:scoring_table_edit", args=[nxt.pk]),
        {"title": "Bảng điểm 2025", "rule_1": "bonus_total", "rule_2": "bonus_total"},
    )
    assert "Mỗi quy tắc xếp hạng chỉ chọn một lần." in _text(response)


def test_the_table_and_its_print_show_the_tie_break_rules(client_for, w):
    client = client_for(w.users.clerk_b)
    for name in ("scoring_table", "scoring_table_print"):
        page = _text(client.get(_url(name, w)))
        assert "Tổng điểm chấm chéo cao hơn" in page
        assert "Thứ hạng năm trước cao hơn" in page
        assert "Kết quả phòng, chống tội phạm" in page
    assert "Thêm dòng" not in _text(client.get(_url("scoring_table", w)))  # a member reads


def test_the_tree_is_edited_on_its_page_without_javascript(client_for, w):
    client = client_for(w.users.clerk_a)
    page = _text(client.get(_url("scoring_table", w)))
    assert "Thêm dòng" in page and reverse("movements:criterion_move", args=[w.c12.pk]) in page
    response = client.post(
        _url("criterion_add", w),
        {
            "parent": w.g1.pk,
            "kind": "criterion",
            "name": "Công tác xây dựng Đảng",
            "max_points": "10",
        },
    )
    new = Criterion.objects.get(name="Công tác xây dựng Đảng")
    assert response.status_code == 302 and response.url.endswith(f"#line-{new.pk}")
    assert new.code == "1.3"
    client.post(reverse("movements:criterion_move", args=[new.pk]), {"direction": "up"})
    assert Criterion.objects.get(pk=new.pk).code == "1.2"
    response = client.post(
        reverse("movements:criterion_edit", args=[new.pk]),
        {"parent": w.g1.pk, "kind": "criterion", "name": "Xây dựng Đảng", "max_points": "12"},
    )
    assert response.status_code == 302
    assert Criterion.objects.get(pk=new.pk).max_points == D(12)
    client.post(reverse("movements:criterion_remove", args=[new.pk]))
    assert not Criterion.objects.filter(pk=new.pk).exists()
    assert Criterion.objects.get(pk=w.c12.pk).code == "1.2"


def test_moving_with_htmx_swaps_the_tree(client_for, w):
    response = client_for(w.users.officer).post(
        reverse("movements:criterion_move", args=[w.c12.pk]),
        {"direction": "up"},
        headers={"HX-Request": "true"},
        follow=True,
    )
    assert response.status_code == 200 and 'id="tree"' in _text(response)
    assert Criterion.objects.get(pk=w.c12.pk).code == "1.1"


def test_a_bad_line_gets_its_message_on_the_form(client_for, w):
    response = client_for(w.users.officer).post(
        _url("criterion_add", w), {"parent": w.g1.pk, "kind": "criterion", "name": "Không điểm"}
    )
    assert response.status_code == 400
    assert "phải có điểm tối đa" in _text(response)


def test_a_locked_table_shows_no_editing_and_refuses_it(client_for, w):
    w.table.locked_at = timezone.now()
    w.table.save()
    client = client_for(w.users.officer)
    page = _text(client.get(_url("scoring_table", w)))
    assert "Đã khóa kết quả" in page and "Thêm dòng" not in page
    response = client.post(
        _url("criterion_add", w),
        {"parent": w.g1.pk, "kind": "criterion", "name": "Mới", "max_points": "5"},
    )
    assert response.status_code == 400 and "đã khóa" in _text(response)
    assert w.table.criteria.count() == 8


def test_a_member_clerk_may_not_edit_the_tree(client_for, w):
    client = client_for(w.users.clerk_b)
    assert client.get(_url("criterion_add", w)).status_code == 403
    url = reverse("movements:criterion_move", args=[w.c12.pk])
    assert client.post(url, {"direction": "up"}).status_code == 403
    assert Criterion.objects.get(pk=w.c12.pk).code == "1.2"


# ── Scores ──


def _column(w, fields: dict, scores=None) -> dict:
    """A POST of the entry page: {line: {field: value}} plus the versions shown."""
    data = {}
    for line, values in fields.items():
        for name, value in values.items():
            data[f"{name}_{line.pk}"] = value
        row = (scores or {}).get(line.pk)
        data[f"version_{line.pk}"] = row.version if row else ""
    return data


def test_a_member_enters_its_self_scores_for_its_own_unit_only(client_for, w):
    client = client_for(w.users.clerk_b)
    url = _url("score_entry", w, w.units.cah_b.pk)
    page = _text(client.get(url))
    assert f'name="self_score_{w.c11.pk}"' in page
    assert f'name="cross_score_{w.c11.pk}"' not in page
    response = client.post(
        url,
        _column(
            w,
            {
                w.c11: {"self_score": "38", "evidence": "Báo cáo số 12"},
                w.c12: {"self_score": "27.5"},
            },
        ),
    )
    assert response.status_code == 302
    row = Score.objects.get(unit=w.units.cah_b, criterion=w.c11)
    assert (row.self_score, row.evidence) == (D(38), "Báo cáo số 12")
    assert client.get(_url("score_entry", w, w.units.cah_a.pk)).status_code == 403


def test_the_leader_enters_cross_and_final_scores_of_every_member(client_for, w):
    Score.objects.create(criterion=w.c11, unit=w.units.cah_b, self_score=D(38))
    client = client_for(w.users.clerk_a)
    url = _url("score_entry", w, w.units.cah_b.pk)
    page = _text(client.get(url))
    assert f'name="cross_score_{w.c11.pk}"' in page and f'name="self_score_{w.c11.pk}"' not in page
    stored = {s.criterion_id: s for s in Score.objects.all()}
    response = client.post(
        url,
        _column(
            w,
            {w.c11: {"cross_score": "35", "final_score": "36"}, w.p31: {"cross_score": "2"}},
            stored,
        ),
    )
    assert response.status_code == 302
    row = Score.objects.get(unit=w.units.cah_b, criterion=w.c11)
    assert (row.self_score, row.cross_score, row.final_score) == (D(38), D(35), D(36))


def test_points_over_the_maximum_come_back_with_the_line_and_unit_named(client_for, w):
    client = client_for(w.users.officer)
    url = _url("score_entry", w, w.units.pv01.pk)
    response = client.post(
        url, _column(w, {w.c11: {"cross_score": "41"}, w.c12: {"cross_score": "10"}})
    )
    assert response.status_code == 400
    assert (
        "1.1. Kết quả phòng, chống tội phạm — Phòng Tham mưu: 41 điểm vượt điểm tối đa 40."
        in _text(response)
    )
    assert not Score.objects.exists()
    response = client.post(url, _column(w, {w.c11: {"cross_score": "-1"}}))
    assert response.status_code == 400 and not Score.objects.exists()


def test_a_stale_column_is_refused(client_for, w):
    row = Score.objects.create(criterion=w.c11, unit=w.units.cah_b, self_score=D(10))
    client = client_for(w.users.clerk_b)
    shown = {w.c11.pk: SimpleNamespace(version=row.version)}  # what the page showed
    row.self_score = D(11)
    row.save()  # someone else saved meanwhile
    response = client.post(
        _url("score_entry", w, w.units.cah_b.pk), _column(w, {w.c11: {"self_score": "20"}}, shown)
    )
    assert response.status_code == 400 and "người khác thay đổi" in _text(response)
    assert Score.objects.get(pk=row.pk).self_score == D(11)
    assert version_of(row) == 2


def test_the_grid_shows_a_member_its_own_column_until_the_table_is_locked(client_for, w):
    Score.objects.create(criterion=w.c11, unit=w.units.cah_a, final_score=D(39))
    Score.objects.create(criterion=w.c11, unit=w.units.cah_b, self_score=D(30))
    client = client_for(w.users.clerk_b)
    page = _text(client.get(_url("scores", w)))
    assert "Công an huyện Bình Sơn" in page and "Công an huyện An Phú" not in page
    assert "hiện khi bảng điểm được khóa" in page
    w.table.locked_at = timezone.now()
    w.table.save()
    page = _text(client.get(_url("scores", w)))
    ranking = page[page.index('id="ranking"') : page.index('id="score-grid"')]
    assert ranking.index("Công an huyện An Phú") < ranking.index("Công an huyện Bình Sơn")
    assert "Chấm điểm</a>" not in page  # locked: no entry links


def test_the_office_sees_every_column_and_the_live_ranking(client_for, w):
    Score.objects.create(criterion=w.c11, unit=w.units.pv01, cross_score=D(33))
    page = _text(client_for(w.users.officer).get(_url("scores", w)))
    for name in ("Công an huyện An Phú", "Công an huyện Bình Sơn", "Phòng Tham mưu"):
        assert name in page
    ranking = page[page.index('id="ranking"') : page.index('id="score-grid"')]
    assert ranking.index("Phòng Tham mưu") < ranking.index("Công an huyện An Phú")
    assert "Tổng điểm chấm chéo cao hơn" in ranking  # the rule that parted the 0-point tie


def test_read_only_accounts_read_but_enter_nothing(client_for, w):
    client = client_for(w.users.viewer)
    assert client.get(_url("scores", w)).status_code == 200
    assert client.get(_url("score_entry", w, w.units.cah_b.pk)).status_code == 403


def test_a_clerk_outside_the_cluster_gets_404(client_for, w):
    client = client_for(w.clerk_out)
    for name in ("agreement", "scoring_table", "scores"):
        assert client.get(_url(name, w)).status_code == 404
    assert client.get(_url("score_entry", w, w.units.cah_b.pk)).status_code == 404


def test_a_unit_outside_the_cluster_has_no_entry_page(client_for, w):
    response = client_for(w.users.officer).get(_url("score_entry", w, w.units.cax_b1.pk))
    assert response.status_code == 404
