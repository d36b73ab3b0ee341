"""Pages of a cluster year's result: the ranking (lock, unlock, the flags proposed, the
engine's verdict on them, the button into a dossier), its Excel export and print page, and
the list of cluster years with the units first in their cluster N years running."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from thidua.accounts import scope
from thidua.eligibility.services import EligibilityError, eligibility_report
from thidua.lib.audit import history_entries
from thidua.lib.security import allow_inline_styles
from thidua.lib.versioning import STALE_MESSAGE
from thidua.lib.views import add_service_error, paginate, require, run_service
from thidua.movements import standing_selectors as selectors
from thidua.movements import standing_services as services
from thidua.movements.models import Standing
from thidua.movements.standing_export import write_standing_xlsx
from thidua.movements.standing_forms import (
    DossierChoiceForm,
    ProposeForm,
    StreakFilterForm,
    UnlockForm,
)
from thidua.nominations.models import Dossier, DossierStatus
from thidua.org.models import Cluster

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cluster(request: HttpRequest, pk: int) -> Cluster:
    return scope.get_visible_or_404(scope.visible_clusters(request.user), pk=pk)


def _standing(request: HttpRequest, pk: int) -> Standing:
    standings = Standing.objects.select_related("cluster", "unit", "proposed_award")
    return scope.get_visible_or_404(
        standings.filter(cluster__in=scope.visible_clusters(request.user)), pk=pk
    )


def _back(cluster: Cluster, anchor: str = "") -> HttpResponse:
    url = reverse("movements:standing_ranking", args=[cluster.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _posted_version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


# ── The ranking ───────────────────────────────────────────────────────────────────────


def _editable_dossiers(user):
    """The dossiers the user may add items to (a draft or a returned one of their scope)."""
    editable = scope.visible_dossiers(user).filter(
        status__in=[DossierStatus.DRAFT, DossierStatus.RETURNED]
    )
    return editable if scope.can_edit(user) else Dossier.objects.none()


def _verdict(user, standing: Standing):
    """The engine's verdict on the proposed flag for the unit, or None when it cannot be
    given (the unit outside the user's scope, the flag not in the year's pack)."""
    try:
        run = eligibility_report(
            user=user,
            year=standing.cluster.year,
            award=standing.proposed_award,
            unit_code=standing.unit.code,
        )
    except EligibilityError:
        return None
    return run.verdicts[0] if run.verdicts else None


def _ranking_context(request: HttpRequest, cluster: Cluster, forms: dict | None = None) -> dict:
    user = request.user
    table = selectors.table_of(cluster)
    locked = bool(table and table.locked_at)
    shown = locked or scope.sees_live_ranking(user, cluster)
    rows = selectors.ranking(cluster, table) if shown else []
    can_lock = scope.can_lock_standings(user, cluster)
    standings = [r.standing for r in rows if r.standing is not None]
    items = selectors.dossier_items_of(standings)
    dossiers = _editable_dossiers(user)
    forms = forms or {}
    flags = selectors.flag_types() if can_lock and locked else []
    for row in rows:
        s = row.standing
        if s is None:
            continue
        if can_lock:
            row.form = forms.get(s.pk) or ProposeForm(standing=s, flags=flags)
        if s.proposed_award_id:
            row.verdict = _verdict(user, s)
            row.item = items.get(s.pk)
            if row.item is None:
                choices = selectors.dossiers_for(dossiers, s.unit, cluster.year)
                row.dossier_form = DossierChoiceForm(dossiers=choices) if choices else None
    return {
        "cluster": cluster,
        "table": table,
        "locked": locked,
        "shown": shown,
        "rows": rows,
        "leader": scope.cluster_leader_unit(cluster),
        "can_lock": can_lock and table is not None and not locked,
        "can_propose": can_lock and locked,
        "can_unlock": locked and scope.can_unlock_standings(user),
        "can_edit": scope.can_edit(user),
        "tie_breaks": selectors.tie_break_labels(table) if table else [],
        "history": history_entries(table) if table else [],
    }


@login_required
@require_safe
def standing_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = _cluster(request, pk)
    return render(request, "movements/standing_ranking.html", _ranking_context(request, cluster))


@login_required
@require_POST
def standing_lock(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = _cluster(request, pk)
    require(scope.can_lock_standings(request.user, cluster))
    version = _posted_version(request)
    if version is None:
        messages.error(request, str(STALE_MESSAGE))
        return _back(cluster)
    run_service(
        request,
        lambda: services.standings_lock(actor=request.user, cluster=cluster, version=version),
        _("Đã khóa kết quả và ghi xếp hạng của %(cluster)s.") % {"cluster": cluster},
    )
    return _back(cluster)


@login_required
def standing_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = _cluster(request, pk)
    require(scope.can_unlock_standings(request.user))
    table = selectors.table_of(cluster)
    if table is None or table.locked_at is None:
        messages.error(request, _("Kết quả của %(cluster)s chưa khóa.") % {"cluster": cluster})
        return _back(cluster)
    form = UnlockForm(request.POST or None, table=table)
    if request.method == "POST" and form.is_valid():
        try:
            services.standings_unlock(
                actor=request.user,
                cluster=cluster,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("Đã mở khóa kết quả của %(cluster)s.") % {"cluster": cluster}
            )
            return _back(cluster)
    return render(
        request,
        "movements/standing_unlock.html",
        {"cluster": cluster, "table": table, "form": form},
    )


@login_required
@require_POST
def standing_propose(request: HttpRequest, pk: int) -> HttpResponse:
    standing = _standing(request, pk)
    cluster = standing.cluster
    require(scope.can_lock_standings(request.user, cluster))
    form = ProposeForm(request.POST, standing=standing, flags=selectors.flag_types())
    if form.is_valid():
        award = form.cleaned_data["award_type"]
        try:
            services.standing_propose(
                actor=request.user,
                standing=standing,
                award_type=award,
                note=form.cleaned_data["note"],
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            text = (
                _("Đã suy tôn %(unit)s đề nghị %(award)s.")
                % {"unit": standing.unit.name, "award": award.name}
                if award
                else _("Đã bỏ suy tôn của %(unit)s.") % {"unit": standing.unit.name}
            )
            messages.success(request, text)
            return _back(cluster, f"s{standing.pk}")
    context = _ranking_context(request, cluster, forms={standing.pk: form})
    return render(request, "movements/standing_ranking.html", context, status=400)


@login_required
@require_POST
def standing_to_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    standing = _standing(request, pk)
    require(scope.can_edit(request.user))
    choices = selectors.dossiers_for(
        _editable_dossiers(request.user), standing.unit, standing.cluster.year
    )
    form = DossierChoiceForm(request.POST, dossiers=choices)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn một hồ sơ đề nghị đang soạn của đơn vị."))
        return _back(standing.cluster, f"s{standing.pk}")
    dossier = form.cleaned_data["dossier"]
    if run_service(
        request,
        lambda: services.standing_to_dossier(
            actor=request.user, standing=standing, dossier=dossier
        ),
        _("Đã đưa %(unit)s vào hồ sơ “%(dossier)s”.")
        % {"unit": standing.unit.name, "dossier": dossier.title},
    ):
        return redirect(dossier)
    return _back(standing.cluster, f"s{standing.pk}")


# ── Exports ───────────────────────────────────────────────────────────────────────────


def _sheet(request: HttpRequest, pk: int):
    """The cluster, its table and the sheet of every member's points: for those who see the
    ranking (anyone who sees the cluster once locked); 404 without a table."""
    cluster = _cluster(request, pk)
    table = selectors.table_of(cluster)
    require(
        table is not None and (table.locked_at or scope.sees_live_ranking(request.user, cluster))
    )
    return cluster, table, selectors.score_sheet(cluster, table)


def _title(cluster: Cluster, locked: bool) -> str:
    state = "" if locked else " (chưa khóa kết quả)"
    return f"Kết quả chấm điểm, xếp hạng thi đua {cluster.name} năm {cluster.year}{state}"


@login_required
@require_safe
def standing_export(request: HttpRequest, pk: int) -> HttpResponse:
    cluster, table, sheet = _sheet(request, pk)
    buffer = io.BytesIO()
    # The file is Vietnamese whatever the page's language, as every export of the project.
    with translation.override(settings.LANGUAGE_CODE):
        write_standing_xlsx(sheet, buffer, _title(cluster, bool(table.locked_at)))
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    name = f"xep-hang-cum-{cluster.pk}-{cluster.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@allow_inline_styles
@login_required
@require_safe
def standing_print(request: HttpRequest, pk: int) -> HttpResponse:
    cluster, table, sheet = _sheet(request, pk)
    return render(
        request,
        "movements/standing_print.html",
        {
            "cluster": cluster,
            "table": table,
            "sheet": sheet,
            "title": _title(cluster, bool(table.locked_at)),
            "leader": scope.cluster_leader_unit(cluster),
            "tie_breaks": selectors.tie_break_labels(table),
        },
    )


# ── Over the years ────────────────────────────────────────────────────────────────────


@login_required
@require_safe
def standing_years(request: HttpRequest) -> HttpResponse:
    """The cluster years of the user's scope with their state, and the units first in their
    cluster N years running over a span (the filter)."""
    user = request.user
    form = StreakFilterForm(request.GET or None)
    year_from, year_to, n = form.span()
    clusters = selectors.ranked_clusters(
        scope.visible_clusters(user), range(year_from, year_to + 1)
    )
    streaks = selectors.leading_streaks(scope.visible_units(user), range(year_from, year_to + 1), n)
    return render(
        request,
        "movements/standing_years.html",
        {
            "form": form,
            "year_from": year_from,
            "year_to": year_to,
            "n": n,
            "streaks": streaks,
            "page": paginate(request, clusters),
        },
    )
