"""Emulation clusters and blocks (cụm, khối thi đua) per year, and their member units.

Everyone reads the clusters that hold a unit of their scope; only administrators and
province officers change them, since clusters are set up by the province (both rules:
accounts.scope.visible_clusters and can_edit_clusters). Changes go through org.services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from thidua.accounts import scope
from thidua.lib.audit import combined_history
from thidua.lib.versioning import STALE_MESSAGE, expect_posted_version
from thidua.lib.views import add_service_error, paginate, require, run_service
from thidua.org.choices import ClusterRole
from thidua.org.filters import ClusterFilter
from thidua.org.forms import ClusterForm, MembershipForm
from thidua.org.models import Cluster, ClusterMembership
from thidua.org.services import (
    cluster_leader,
    cluster_member_add,
    cluster_member_make_leader,
    cluster_member_remove,
    cluster_member_set_role,
    cluster_save,
)

_ROLE_ORDER = Case(
    When(role=ClusterRole.LEADER, then=Value(0)),
    When(role=ClusterRole.DEPUTY, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _save_cluster(form: ClusterForm) -> Cluster | None:
    if not form.is_valid():
        return None
    try:
        return cluster_save(cluster=form.save(commit=False))
    except ValidationError as exc:
        add_service_error(form, exc)
        return None


def _add_member(form: MembershipForm, cluster: Cluster) -> ClusterMembership | None:
    if not form.is_valid():
        return None
    try:
        return cluster_member_add(
            cluster=cluster, unit=form.cleaned_data["unit"], role=form.cleaned_data["role"]
        )
    except ValidationError as exc:
        form.add_error("unit", exc.messages)
        return None


@login_required
@require_safe
def cluster_list(request: HttpRequest) -> HttpResponse:
    visible = scope.visible_clusters(request.user)
    years = list(visible.order_by("-year").values_list("year", flat=True).distinct())
    found = ClusterFilter(request.GET, queryset=visible, request=request)
    clusters = found.qs.annotate(member_count=Count("memberships")).order_by("-year", "name")
    year = request.GET.get("year", "")
    return render(
        request,
        "org/cluster_list.html",
        {
            "page_obj": paginate(request, clusters),
            "years": years,
            "year": year,
            "can_edit": scope.can_edit_clusters(request.user),
        },
    )


@login_required
@require_safe
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = scope.get_visible_or_404(scope.visible_clusters(request.user), pk=pk)
    return _render_detail(request, cluster)


def _render_detail(request: HttpRequest, cluster: Cluster, status: int = 200) -> HttpResponse:
    user = request.user
    memberships = cluster.memberships.select_related("unit").order_by(_ROLE_ORDER, "unit__path")
    visible = set(
        scope.visible_units(user)
        .filter(cluster_memberships__cluster=cluster)
        .values_list("pk", flat=True)
    )
    can_edit = scope.can_edit_clusters(user)
    return render(
        request,
        "org/cluster_detail.html",
        {
            "cluster": cluster,
            "memberships": memberships,
            "visible_units": visible,
            "can_edit": can_edit,
            "member_form": MembershipForm(cluster=cluster) if can_edit else None,
            "roles": ClusterRole.choices,
            "has_leader": any(m.role == ClusterRole.LEADER for m in memberships),
            "history": combined_history(
                cluster,
                ClusterMembership.history.filter(cluster_id=cluster.pk),
                exclude=["cluster"],
            ),
        },
        status=status,
    )


@login_required
def cluster_create(request: HttpRequest) -> HttpResponse:
    require(scope.can_edit_clusters(request.user))
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and (cluster := _save_cluster(form)):
        messages.success(request, _("Đã thêm cụm, khối thi đua. Hãy thêm các đơn vị thành viên."))
        return redirect("org:cluster_detail", pk=cluster.pk)
    return render(request, "org/cluster_form.html", {"form": form, "cluster": None})


@login_required
def cluster_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = scope.get_visible_or_404(scope.visible_clusters(request.user), pk=pk)
    require(scope.can_edit_clusters(request.user))
    form = ClusterForm(request.POST or None, instance=cluster)
    if request.method == "POST" and _save_cluster(form):
        messages.success(request, _("Đã lưu cụm, khối thi đua."))
        return redirect("org:cluster_detail", pk=cluster.pk)
    return render(request, "org/cluster_form.html", {"form": form, "cluster": cluster})


@login_required
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = scope.get_visible_or_404(scope.visible_clusters(request.user), pk=pk)
    require(scope.can_edit_clusters(request.user))
    form = MembershipForm(request.POST or None, cluster=cluster)
    if request.method == "POST" and (membership := _add_member(form, cluster)):
        messages.success(request, _("Đã thêm %(unit)s vào cụm.") % {"unit": membership.unit.name})
        return redirect("org:cluster_detail", pk=cluster.pk)
    return render(request, "org/membership_form.html", {"form": form, "cluster": cluster})


def _editable_membership(request: HttpRequest, pk: int) -> ClusterMembership:
    """The membership if its cluster is visible (404 otherwise), and the user may edit (403)."""
    memberships = ClusterMembership.objects.filter(cluster__in=scope.visible_clusters(request.user))
    membership = scope.get_visible_or_404(memberships.select_related("unit", "cluster"), pk=pk)
    require(scope.can_edit_clusters(request.user))
    return membership


@login_required
@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _editable_membership(request, pk)
    run_service(
        request,
        lambda: cluster_member_remove(membership=membership, user=request.user),
        _("Đã bỏ %(unit)s khỏi cụm.") % {"unit": membership.unit.name},
    )
    return redirect("org:cluster_detail", pk=membership.cluster_id)


@login_required
@require_POST
def membership_role(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a member's role (cụm trưởng, cụm phó, thành viên) with the row's form, which
    carries the version the page showed. Making it the leader while another unit leads the
    cluster asks first (the leader page, membership_make_leader). An unknown role changes
    nothing: the cluster page comes back with the error and status 400."""
    membership = _editable_membership(request, pk)
    role = request.POST.get("role", "")
    if not expect_posted_version(membership, request.POST):
        messages.error(request, STALE_MESSAGE)
        return _render_detail(request, membership.cluster, status=400)
    if role == ClusterRole.LEADER and membership.role != role:
        leader = cluster_leader(membership.cluster)
        if leader is not None:
            version = _posted_version(request.POST)
            return _render_leader_confirm(request, membership, leader, version)
    if not run_service(
        request,
        lambda: cluster_member_set_role(membership=membership, role=role, user=request.user),
        _("Đã đổi vai trò."),
    ):
        return _render_detail(request, membership.cluster, status=400)
    return redirect("org:cluster_detail", pk=membership.cluster_id)


@login_required
def membership_make_leader(request: HttpRequest, pk: int) -> HttpResponse:
    """Make this unit the cluster's leader (“Đặt làm cụm trưởng”). The page says what will
    happen (the current leader becomes a plain member); its POST with confirm=1 and the
    versions it showed does it in one step (services.cluster_member_make_leader). A POST
    without confirm=1 only shows the page."""
    membership = _editable_membership(request, pk)
    cluster = membership.cluster
    if request.method != "POST" or request.POST.get("confirm") != "1":
        version = _posted_version(request.POST) or membership.version
        return _render_leader_confirm(request, membership, cluster_leader(cluster), version)
    shown = _shown_leader(request, membership)
    if shown is False or not expect_posted_version(membership, request.POST):
        messages.error(request, STALE_MESSAGE)
        return _render_detail(request, cluster, status=400)
    if not run_service(
        request,
        lambda: cluster_member_make_leader(
            membership=membership, user=request.user, shown_leader=shown
        ),
        _("Đã đặt %(unit)s làm cụm trưởng.") % {"unit": membership.unit.name},
    ):
        return _render_detail(request, cluster, status=400)
    return redirect("org:cluster_detail", pk=cluster.pk)


def _posted_version(data) -> int | None:
    try:
        return int(data.get("version", ""))
    except (TypeError, ValueError):
        return None


def _shown_leader(request: HttpRequest, membership: ClusterMembership):
    """The leader the confirmation page named (None: it named none), expecting the version
    it showed; False when that unit is gone from the cluster or the page's values are
    broken (the service refuses one that no longer leads): the page is stale."""
    posted = request.POST.get("leader", "")
    if posted == "":
        return None
    leader = (
        ClusterMembership.objects.filter(pk=posted, cluster_id=membership.cluster_id).first()
        if posted.isdigit()
        else None
    )
    if leader is None:
        return False
    data = {"version": request.POST.get("leader_version", "")}
    return leader if expect_posted_version(leader, data) else False


def _render_leader_confirm(
    request: HttpRequest,
    membership: ClusterMembership,
    leader: ClusterMembership | None,
    version: int,
) -> HttpResponse:
    """The confirmation page. Its form carries `version`, the row's version the editor
    started from (the role form's, when they came from it), and the leader's current one."""
    return render(
        request,
        "org/membership_leader_confirm.html",
        {
            "membership": membership,
            "cluster": membership.cluster,
            "leader": leader if leader is not None and leader.pk != membership.pk else None,
            "is_leader": leader is not None and leader.pk == membership.pk,
            "version": version,
        },
    )
