"""Who may see and change what: every view, API call and CLI command asks here.

Administrators and province officers work on every unit. A unit clerk works only in the
subtree of their unit. Council members and viewers read everything, or only their unit's
subtree when a unit is set on their account; they never write.

Emulation clusters (cụm, khối thi đua) span the province: a user reads the clusters that hold
a unit of their scope, with every member, and only administrators and province officers
change clusters or their members.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from thidua.accounts.models import Role, User
from thidua.org.models import Cluster, ClusterMembership, Person, Unit

_EDITOR_ROLES = {Role.ADMIN, Role.PROVINCE_OFFICER, Role.UNIT_CLERK}
_UNSCOPED_ROLES = {Role.ADMIN, Role.PROVINCE_OFFICER}


def scope_root(user: User) -> Unit | None:
    """The unit whose subtree bounds the user, or None when the user sees every unit."""
    if user.effective_role in _UNSCOPED_ROLES:
        return None
    return user.unit


def sees_everything(user: User) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.effective_role in _UNSCOPED_ROLES:
        return True
    return user.effective_role != Role.UNIT_CLERK and user.unit_id is None


def can_edit(user: User) -> bool:
    """Whether the user's role writes at all (within their scope)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.effective_role == Role.UNIT_CLERK:
        return user.unit_id is not None
    return user.effective_role in _EDITOR_ROLES


def is_admin(user: User) -> bool:
    return user.is_authenticated and user.effective_role == Role.ADMIN


def visible_units(user: User) -> QuerySet[Unit]:
    units = Unit.objects.all()
    if sees_everything(user):
        return units
    if not user.is_authenticated or user.unit_id is None:
        return units.none()
    return units.filter(path__startswith=user.unit.path)


def visible_people(user: User) -> QuerySet[Person]:
    people = Person.objects.all()
    if sees_everything(user):
        return people
    if not user.is_authenticated or user.unit_id is None:
        return people.none()
    return people.filter(unit__path__startswith=user.unit.path)


def split_visible(user: User, people: list[Person]) -> tuple[list[Person], int]:
    """(the people of the list the user may open, how many others there are), in list order.

    For likely duplicates: the user learns that out-of-scope records exist, not who they are.
    """
    ids = set(
        visible_people(user).filter(pk__in=[p.pk for p in people]).values_list("pk", flat=True)
    )
    visible = [p for p in people if p.pk in ids]
    return visible, len(people) - len(visible)


def visible_clusters(user: User) -> QuerySet[Cluster]:
    """The clusters holding at least one unit of the user's scope (every cluster for users who
    see everything). A visible cluster shows all its members: they compete with each other."""
    clusters = Cluster.objects.all()
    if sees_everything(user):
        return clusters
    held = ClusterMembership.objects.filter(unit__in=visible_units(user)).values("cluster_id")
    return clusters.filter(pk__in=held)


def can_edit_clusters(user: User) -> bool:
    """May the user create clusters and change any cluster or its members? Clusters are set up
    by the province, so only editors who see every unit (administrators, province officers)."""
    return can_edit(user) and sees_everything(user)


def unit_in_scope(user: User, unit: Unit | None) -> bool:
    if sees_everything(user):
        return True
    if unit is None or not user.is_authenticated or user.unit_id is None:
        return False
    return unit.path.startswith(user.unit.path)


def can_edit_unit(user: User, unit: Unit | None) -> bool:
    """May the user change this unit, or the people and assignments in it?"""
    return can_edit(user) and unit_in_scope(user, unit)


def get_visible_or_404(queryset: QuerySet, **lookup):
    """The object if it exists inside the user's scope; 404 either way otherwise,
    so that a user cannot learn that an out-of-scope record exists."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
