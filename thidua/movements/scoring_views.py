"""Pages of a cluster year's agreement, scoring table and scores (giao ước, bảng điểm, chấm
điểm thi đua của cụm, khối), under /thi-dua/cum/<cluster>/.

Scope (accounts.scope, "Cluster scoring"): a cluster outside visible_clusters is a 404; the
agreement and the table are written by the province's office and the leader unit's editors
(403 for others); scores are entered a unit's column at a time, self-scores by the unit's
editors, cross and final scores by the office and the leader unit; who reads whose scores
and totals before the table is locked is scope.score_units_shown and sees_all_totals.
Every form carries the versions it showed: a stale page is refused, not silently undone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from thidua.accounts import scope
from thidua.lib.audit import combined_history
from thidua.lib.security import allow_inline_styles
from thidua.lib.views import add_service_error, require, run_service
from thidua.movements import scoring_services as services
from thidua.movements.choices import TieBreak
from thidua.movements.models import Agreement, Criterion, Score, ScoringTable
from thidua.movements.scoring_forms import (
    AgreementForm,
    CopyForm,
    CriterionForm,
    ScoreColumnForm,
    ScoringTableForm,
)
from thidua.movements.scoring_selectors import leader_of, results, tree_lines
from thidua.org.choices import ClusterRole
from thidua.org.models import Cluster, ClusterMembership

T = TypeVar("T")
HISTORY_SHOWN = 30  # the newest changes of a table or agreement shown on its page

# ── Helpers ─────────────────────────────────────────────────────────────────────────────


def _cluster(request: HttpRequest, cluster_pk: int) -> Cluster:
    return scope.get_visible_or_404(scope.visible_clusters(request.user), pk=cluster_pk)


def _table(request: HttpRequest, cluster: Cluster) -> ScoringTable:
    return scope.get_visible_or_404(
        scope.visible_scoring_tables(request.user).select_related("cluster", "copied_from"),
        cluster=cluster,
    )


def _line(request: HttpRequest, pk: int) -> Criterion:
    visible = Criterion.objects.filter(table__in=scope.visible_scoring_tables(request.user))
    return scope.get_visible_or_404(visible.select_related("table__cluster", "parent"), pk=pk)


def _roles(cluster: Cluster) -> dict:
    members = list(cluster.memberships.select_related("unit").order_by("unit__path"))
    return {
        "members": members,
        "leader": next((m for m in members if m.role == ClusterRole.LEADER), None),
        "deputies": [m for m in members if m.role == ClusterRole.DEPUTY],
    }


def _saved(request: HttpRequest, form, save: Callable[[], T]) -> T | None:
    """On a valid POST, what the service `save` returns; its ValidationError goes on the form
    (None then, as for a GET or an invalid form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save()
    except ValidationError as exc:
        add_service_error(form, exc)
        return None


def _tie_break_labels(table: ScoringTable) -> list[str]:
    labels = dict(TieBreak.choices)
    return [labels.get(code, code) for code in table.tie_breaks]


def _table_url(cluster_pk: int, anchor: str = "") -> str:
    return reverse("movements:scoring_table", args=[cluster_pk]) + (f"#{anchor}" if anchor else "")


# ── Agreement ───────────────────────────────────────────────────────────────────────────


@login_required
@require_safe
def agreement_detail(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    cluster = _cluster(request, cluster_pk)
    agreement = Agreement.objects.filter(cluster=cluster).first()
    signed = set(agreement.signatories.values_list("pk", flat=True)) if agreement else set()
    roles = _roles(cluster)
    return render(
        request,
        "movements/scoring_agreement.html",
        {
            "cluster": cluster,
            "agreement": agreement,
            "signed": signed,
            **roles,
            "can_edit": scope.can_edit_agreement(request.user, cluster),
            "can_edit_roles": scope.can_edit_clusters(request.user),
            # The signatories' own m2m history rows read as raw ids: the table above says who
            # signed; the agreement's rows say what changed in the document.
            "history": combined_history(agreement, exclude=["cluster", "signatories"])[
                :HISTORY_SHOWN
            ]
            if agreement
            else [],
        },
    )


@login_required
def agreement_edit(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    cluster = _cluster(request, cluster_pk)
    require(scope.can_edit_agreement(request.user, cluster))
    agreement = Agreement.objects.filter(cluster=cluster).first() or Agreement(cluster=cluster)
    initial = None
    if agreement.pk:
        initial = {"signatories": list(agreement.signatories.all())}
    else:
        initial = {"signatories": list(cluster.units.all())}
    form = AgreementForm(request.POST or None, instance=agreement, cluster=cluster, initial=initial)
    if _saved(
        request,
        form,
        lambda: services.agreement_save(
            agreement=form.save(commit=False), signatories=form.cleaned_data["signatories"]
        ),
    ):
        messages.success(request, _("Đã lưu giao ước thi đua."))
        return redirect("movements:agreement", cluster_pk=cluster.pk)
    return render(
        request,
        "movements/scoring_agreement_form.html",
        {"cluster": cluster, "form": form, "agreement": agreement},
    )


# ── Scoring table ───────────────────────────────────────────────────────────────────────


def _copy_sources(request: HttpRequest, cluster: Cluster):
    return (
        scope.visible_scoring_tables(request.user)
        .filter(cluster__year__lt=cluster.year)
        .select_related("cluster")
        .order_by("-cluster__year", "cluster__name")
    )


@login_required
@require_safe
def scoring_table(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    """The table with its tree; for its editors, while unlocked, the tree's actions and the
    add-a-line form. Without a table: creating it empty or copying last year's."""
    cluster = _cluster(request, cluster_pk)
    can_edit = scope.can_edit_scoring_table(request.user, cluster)
    table = ScoringTable.objects.filter(cluster=cluster).select_related("copied_from").first()
    context: dict = {"cluster": cluster, "table": table, "can_edit": can_edit}
    if table is None:
        if can_edit:
            last = services.last_year_table(cluster)
            sources = _copy_sources(request, cluster)
            context.update(
                create_form=ScoringTableForm(
                    initial={
                        "title": _("Bảng điểm thi đua %(cluster)s năm %(year)s")
                        % {"cluster": cluster.name, "year": cluster.year}
                    }
                ),
                copy_form=CopyForm(tables=sources, initial_table=last) if sources else None,
                last_year=last,
            )
        return render(request, "movements/scoring_table.html", context)
    editing = can_edit and table.locked_at is None
    context.update(
        lines=tree_lines(table),
        tie_breaks=_tie_break_labels(table),
        editing=editing,
        add_form=CriterionForm(table=table, initial={"parent": request.GET.get("nhom")})
        if editing
        else None,
        history=combined_history(
            table,
            Criterion.history.filter(table_id=table.pk),
            exclude=["table", "parent", "cluster"],
        )[:HISTORY_SHOWN],
    )
    return render(request, "movements/scoring_table.html", context)


@login_required
def table_create(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    cluster = _cluster(request, cluster_pk)
    require(scope.can_edit_scoring_table(request.user, cluster))
    return _table_form(request, cluster, ScoringTable(cluster=cluster))


@login_required
def table_edit(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    cluster = _cluster(request, cluster_pk)
    table = _table(request, cluster)
    require(scope.can_edit_scoring_table(request.user, cluster))
    return _table_form(request, cluster, table)


def _table_form(request: HttpRequest, cluster: Cluster, table: ScoringTable) -> HttpResponse:
    """The table's title, note and tie-break rules: a new table, or the cluster's."""
    new = table.pk is None
    form = ScoringTableForm(request.POST or None, instance=table)
    if _saved(request, form, lambda: services.table_save(table=form.save(commit=False))):
        if new:
            messages.success(request, _("Đã tạo bảng điểm. Hãy thêm các nhóm và tiêu chí."))
        else:
            messages.success(request, _("Đã lưu bảng điểm."))
        return redirect("movements:scoring_table", cluster_pk=cluster.pk)
    return render(
        request,
        "movements/scoring_table_form.html",
        {"cluster": cluster, "form": form, "table": None if new else table},
    )


@login_required
@require_POST
def table_copy(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    cluster = _cluster(request, cluster_pk)
    require(scope.can_edit_scoring_table(request.user, cluster))
    form = CopyForm(request.POST, tables=_copy_sources(request, cluster))
    if not form.is_valid():
        messages.error(request, _("Chọn một bảng điểm của năm trước để sao chép."))
        return redirect("movements:scoring_table", cluster_pk=cluster.pk)
    source = form.cleaned_data["source"]
    run_service(
        request,
        lambda: services.table_copy(cluster=cluster, source=source, user=request.user),
        _("Đã sao chép bảng điểm từ %(source)s.") % {"source": source.cluster},
    )
    return redirect("movements:scoring_table", cluster_pk=cluster.pk)


@allow_inline_styles
@login_required
@require_safe
def table_print(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    cluster = _cluster(request, cluster_pk)
    table = _table(request, cluster)
    return render(
        request,
        "movements/scoring_table_print.html",
        {
            "cluster": cluster,
            "table": table,
            "lines": tree_lines(table),
            "tie_breaks": _tie_break_labels(table),
        },
    )


# ── Lines of the tree ───────────────────────────────────────────────────────────────────


def _line_form_page(request, cluster, table, form, line=None, status=200) -> HttpResponse:
    return render(
        request,
        "movements/scoring_line_form.html",
        {"cluster": cluster, "table": table, "form": form, "line": line},
        status=status,
    )


def _save_line(request: HttpRequest, form: CriterionForm) -> Criterion | None:
    return _saved(
        request,
        form,
        lambda: services.criterion_save(line=form.save(commit=False), user=request.user),
    )


@login_required
def criterion_add(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    cluster = _cluster(request, cluster_pk)
    table = _table(request, cluster)
    require(scope.can_edit_scoring_table(request.user, cluster))
    form = CriterionForm(
        request.POST or None, table=table, initial={"parent": request.GET.get("nhom")}
    )
    if line := _save_line(request, form):
        messages.success(request, _("Đã thêm dòng %(code)s.") % {"code": line.code})
        return redirect(_table_url(cluster.pk, f"line-{line.pk}"))
    return _line_form_page(
        request, cluster, table, form, status=400 if request.method == "POST" else 200
    )


@login_required
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    table, cluster = line.table, line.table.cluster
    require(scope.can_edit_scoring_table(request.user, cluster))
    form = CriterionForm(request.POST or None, instance=line, table=table)
    if saved := _save_line(request, form):
        messages.success(request, _("Đã lưu dòng %(code)s.") % {"code": saved.code})
        return redirect(_table_url(cluster.pk, f"line-{saved.pk}"))
    return _line_form_page(request, cluster, table, form, line)


@login_required
@require_POST
def criterion_remove(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    cluster = line.table.cluster
    require(scope.can_edit_scoring_table(request.user, cluster))
    label = f"{line.code}. {line.name}"
    run_service(
        request,
        lambda: services.criterion_remove(line=line, user=request.user),
        _("Đã xoá dòng %(line)s.") % {"line": label},
    )
    return redirect(_table_url(cluster.pk, "tree"))


@login_required
@require_POST
def criterion_move(request: HttpRequest, pk: int) -> HttpResponse:
    line = _line(request, pk)
    cluster = line.table.cluster
    require(scope.can_edit_scoring_table(request.user, cluster))
    up = request.POST.get("direction") != "down"
    try:
        services.criterion_move(line=line, up=up, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_table_url(cluster.pk, f"line-{line.pk}"))


# ── Scores ──────────────────────────────────────────────────────────────────────────────


@login_required
@require_safe
def scores(request: HttpRequest, cluster_pk: int) -> HttpResponse:
    """The grid: the table's lines down, the member units across, with the totals and the
    ranking; what the user reads of others' is the scope's rule."""
    cluster = _cluster(request, cluster_pk)
    table = _table(request, cluster)
    found = results(table)
    leader = leader_of(found.members)
    user = request.user
    member_ids = [m.unit_id for m in found.members]
    shown = scope.score_units_shown(user, cluster, member_ids, leader)
    all_totals = scope.sees_all_totals(user, cluster, table.locked_at is not None, leader)
    cross = scope.can_cross_score(user, cluster, leader)
    columns = [
        {
            "membership": m,
            "unit": m.unit,
            "totals": found.totals[m.unit_id],
            "ranked": found.rank_of[m.unit_id],
            "can_enter": table.locked_at is None and (cross or scope.can_self_score(user, m.unit)),
        }
        for m in found.members
        if m.unit_id in shown
    ]
    grid = [
        {
            "line": t,
            "cells": [found.scores.get((c["unit"].pk, t.criterion.pk)) for c in columns],
            # A top-level group shows each unit's points after its caps.
            "sums": [c["totals"].by_group.get(t.criterion.pk) for c in columns]
            if t.depth == 0 and not t.is_leaf
            else None,
        }
        for t in found.lines
    ]
    ranking = [r for r in found.ranking if all_totals or r.unit_id in shown]
    units = {m.unit_id: m.unit for m in found.members}
    tie_labels = dict(TieBreak.choices)
    return render(
        request,
        "movements/scoring_scores.html",
        {
            "cluster": cluster,
            "table": table,
            "columns": columns,
            "grid": grid,
            "ranking": [
                {"ranked": r, "unit": units[r.unit_id], "parted_by": tie_labels.get(r.parted_by)}
                for r in ranking
            ],
            "all_totals": all_totals,
            "tie_breaks": _tie_break_labels(table),
        },
    )


def _entry_rights(user, cluster: Cluster, unit, leader) -> tuple[list[str], bool]:
    """(the score fields the user writes for this unit, whether they write its evidence)."""
    fields: list[str] = []
    own = scope.can_self_score(user, unit)
    if own:
        fields.append("self_score")
    if scope.can_cross_score(user, cluster, leader):
        fields += ["cross_score", "final_score"]
    return fields, own


@login_required
def score_entry(request: HttpRequest, cluster_pk: int, unit_pk: int) -> HttpResponse:
    """One unit's column, every line at once: one POST, one transaction."""
    cluster = _cluster(request, cluster_pk)
    table = _table(request, cluster)
    membership = scope.get_visible_or_404(
        ClusterMembership.objects.filter(cluster=cluster).select_related("unit"), unit_id=unit_pk
    )
    unit = membership.unit
    leader = scope.cluster_leader_unit(cluster)
    fields, evidence = _entry_rights(request.user, cluster, unit, leader)
    require(bool(fields))
    lines = tree_lines(table)
    stored = {s.criterion_id: s for s in Score.objects.filter(criterion__table=table, unit=unit)}
    locked = table.locked_at is not None
    form = ScoreColumnForm(
        request.POST or None,
        lines=lines,
        scores=stored,
        fields=[] if locked else fields,
        evidence=evidence and not locked,
    )
    status = 200
    if request.method == "POST":
        if locked:
            messages.error(request, _("Bảng điểm đã khóa kết quả nên không chấm điểm được nữa."))
            status = 400
        elif form.is_valid():
            try:
                count = services.scores_save(
                    table=table, unit=unit, posted=form.posted(), fields=fields, user=request.user
                )
            except ValidationError as exc:
                add_service_error(form, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("Đã lưu điểm của %(unit)s (%(count)s dòng thay đổi).")
                    % {"unit": unit.name, "count": count},
                )
                return redirect("movements:scores", cluster_pk=cluster.pk)
        else:
            status = 400
    found = results(table)
    return render(
        request,
        "movements/scoring_entry.html",
        {
            "cluster": cluster,
            "table": table,
            "unit": unit,
            "form": form,
            "rows": form.rows(lines, stored),
            "fields": fields,
            "writes_self": "self_score" in fields,
            "writes_cross": "cross_score" in fields,
            "evidence": evidence,
            "locked": locked,
            "totals": found.totals.get(unit.pk),
            "ranked": found.rank_of.get(unit.pk)
            if scope.sees_all_totals(request.user, cluster, locked, leader)
            else None,
        },
        status=status,
    )
