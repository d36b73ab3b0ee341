"""Emulation clusters and blocks (cụm, khối thi đua) per year, and their member units.

Everyone reads the clusters that hold a unit of their scope; only administrators and
province officers change them, since clusters are set up by the province.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts import scope
from thidua.accounts.models import User
from thidua.org.audit import combined_history
from thidua.org.choices import ClusterRole
from thidua.org.forms import ClusterForm, MembershipForm
from thidua.org.models import Cluster, ClusterMembership
from thidua.org.services import cluster_member_add, cluster_save
from thidua.org.views.common import add_service_error, paginate, require

_ROLE_ORDER = Case(
    When(role=ClusterRole.LEADER, then=Value(0)),
    When(role=ClusterRole.DEPUTY, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def visible_clusters(user: User) -> QuerySet[Cluster]:
    if scope.sees_everything(user):
        return Cluster.objects.all()
    held = ClusterMembership.objects.filter(unit__in=scope.visible_units(user)).values("cluster_id")
    return Cluster.objects.filter(pk__in=held)


def can_edit_clusters(user: User) -> bool:
    return scope.can_edit(user) and scope.sees_everything(user)


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
def cluster_list(request: HttpRequest) -> HttpResponse:
    clusters = visible_clusters(request.user)
    years = list(clusters.order_by("-year").values_list("year", flat=True).distinct())
    year = request.GET.get("year", "")
    if year.isdigit():
        clusters = clusters.filter(year=int(year))
    clusters = clusters.annotate(member_count=Count("memberships")).order_by("-year", "name")
    return render(
        request,
        "org/cluster_list.html",
        {
            "page_obj": paginate(request, clusters),
            "years": years,
            "year": year,
            "can_edit": can_edit_clusters(request.user),
        },
    )


@login_required
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    cluster = scope.get_visible_or_404(visible_clusters(user), pk=pk)
    memberships = cluster.memberships.select_related("unit").order_by(_ROLE_ORDER, "unit__path")
    visible = set(
        scope.visible_units(user)
        .filter(cluster_memberships__cluster=cluster)
        .values_list("pk", flat=True)
    )
    can_edit = can_edit_clusters(user)
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
            "history": combined_history(
                cluster,
                ClusterMembership.history.filter(cluster_id=cluster.pk),
                exclude=["cluster"],
            ),
        },
    )


@login_required
def cluster_create(request: HttpRequest) -> HttpResponse:
    require(can_edit_clusters(request.user))
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and (cluster := _save_cluster(form)):
        messages.success(request, _("Đã thêm cụm, khối thi đua. Hãy thêm các đơn vị thành viên."))
        return redirect("org:cluster_detail", pk=cluster.pk)
    return render(request, "org/cluster_form.html", {"form": form, "cluster": None})


@login_required
def cluster_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = scope.get_visible_or_404(visible_clusters(request.user), pk=pk)
    require(can_edit_clusters(request.user))
    form = ClusterForm(request.POST or None, instance=cluster)
    if request.method == "POST" and _save_cluster(form):
        messages.success(request, _("Đã lưu cụm, khối thi đua."))
        return redirect("org:cluster_detail", pk=cluster.pk)
    return render(request, "org/cluster_form.html", {"form": form, "cluster": cluster})


@login_required
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = scope.get_visible_or_404(visible_clusters(request.user), pk=pk)
    require(can_edit_clusters(request.user))
    form = MembershipForm(request.POST or None, cluster=cluster)
    if request.method == "POST" and (membership := _add_member(form, cluster)):
        messages.success(request, _("Đã thêm %(unit)s vào cụm.") % {"unit": membership.unit.name})
        return redirect("org:cluster_detail", pk=cluster.pk)
    return render(request, "org/membership_form.html", {"form": form, "cluster": cluster})


@login_required
@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    memberships = ClusterMembership.objects.filter(cluster__in=visible_clusters(request.user))
    membership = scope.get_visible_or_404(memberships.select_related("unit"), pk=pk)
    require(can_edit_clusters(request.user))
    membership.delete()
    messages.success(request, _("Đã bỏ %(unit)s khỏi cụm.") % {"unit": membership.unit.name})
    return redirect("org:cluster_detail", pk=membership.cluster_id)


@login_required
@require_POST
def membership_role(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a member's role (cụm trưởng, cụm phó, thành viên) in place."""
    memberships = ClusterMembership.objects.filter(cluster__in=visible_clusters(request.user))
    membership = scope.get_visible_or_404(memberships, pk=pk)
    require(can_edit_clusters(request.user))
    role = request.POST.get("role", "")
    if role in ClusterRole.values:
        membership.role = role
        membership.save()
        messages.success(request, _("Đã đổi vai trò."))
    return redirect("org:cluster_detail", pk=membership.cluster_id)
