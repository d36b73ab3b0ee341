"""Writes to the organisation register. Views, API, CLI and imports all call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.lib.dates import format_date
from thidua.lib.versioning import StaleVersion, expect_version
from thidua.lib.vntext import clean_text
from thidua.org.choices import ClusterRole
from thidua.org.models import (
    Assignment,
    Cluster,
    ClusterMembership,
    Person,
    ServiceInterruption,
    Unit,
)

if TYPE_CHECKING:
    from thidua.accounts.models import User


@transaction.atomic
def unit_save(*, unit: Unit) -> Unit:
    """Create or update a unit; moving it (new parent or code) moves its whole subtree."""
    old = Unit.objects.filter(pk=unit.pk).values_list("path", "depth").first() if unit.pk else None
    unit.full_clean()
    unit.save()
    if old and old[0] != unit.path:
        old_path, old_depth = old
        # One set-based UPDATE rewrites every descendant's path prefix.
        Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
            path=Concat(Value(unit.path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + (unit.depth - old_depth),
        )
    return unit


def current_assignment(person: Person) -> Assignment | None:
    return person.assignments.filter(end__isnull=True).order_by("-start").first()


@transaction.atomic
def person_move(
    *, person: Person, unit: Unit | None, start: dt.date | None = None, position: str = ""
) -> Assignment | None:
    """Assign a person to a unit from `start` (today by default), closing the open assignment.

    Nothing happens when the person is already in that unit.
    """
    start = start or dt.date.today()
    current = current_assignment(person)
    if current and current.unit_id == (unit.pk if unit else None):
        return current
    if current:
        current.end = max(current.start, start - dt.timedelta(days=1))
        current.save()
    new = None
    if unit is not None:
        new = Assignment.objects.create(
            person=person, unit=unit, start=start, position=position or person.position
        )
    if person.unit_id != (unit.pk if unit else None):
        person.unit = unit
        person.save()
    return new


@transaction.atomic
def person_save(
    *, person: Person, unit: Unit | None = None, start: dt.date | None = None, actor: Any = None
) -> Person:
    """Create or update a person and, when `unit` differs from the current one, reassign them.

    `actor` (the saving user) decides which CCCD clashes are refused: those with a record the
    actor can see. Without an actor every clash is refused."""
    person.full_clean(exclude=["unit"])
    _check_citizen_id(person, actor)
    is_new = person.pk is None
    if not is_new:
        _check_service_holds_interruptions(person)
    if is_new:
        person.unit = unit
        person.save()
        if unit is not None:
            Assignment.objects.create(
                person=person,
                unit=unit,
                position=person.position,
                start=start or person.service_start or dt.date.today(),
            )
        return person
    person.save()
    if unit is not None and person.unit_id != unit.pk:
        person_move(person=person, unit=unit, start=start)
    return person


def _check_citizen_id(person: Person, actor: Any) -> None:
    """A CCCD held by another record the actor can open is refused, naming that record. One
    held only outside the actor's scope is saved: refusing would tell a clerk that the
    national ID is registered elsewhere in the province. Officers see such clashes on the
    duplicates page (selectors.citizen_id_groups)."""
    if not person.citizen_id:
        return
    holders = Person.objects.filter(citizen_id=person.citizen_id).exclude(pk=person.pk)
    if actor is not None:
        holders = holders.filter(pk__in=scope.visible_people(actor).values("pk"))
    holder = holders.order_by("code").first()
    if holder is not None:
        message = _("Số CCCD %(cid)s đã được dùng cho cán bộ %(code)s %(name)s.")
        raise ValidationError(
            {
                "citizen_id": message
                % {"cid": person.citizen_id, "code": holder.code, "name": holder.full_name}
            }
        )


def _check_service_holds_interruptions(person: Person) -> None:
    """New service dates must still hold every recorded interruption (see interruption_add)."""
    # Lock the person as interruption_add does, so a new interruption cannot slip in between.
    Person.objects.select_for_update().filter(pk=person.pk).exists()
    start, end = person.service_start, person.service_end
    # Without a start date no interruption can be held (interruption_add needs one).
    outside = Q(start__lt=start) if start else Q()
    if end:
        outside |= Q(end__gt=end)
    first = (
        ServiceInterruption.objects.filter(outside, person_id=person.pk).order_by("start").first()
    )
    problem = service_dates_problem(start, end, [first] if first else [])
    if problem is not None:
        raise ValidationError({problem[0]: problem[1]})


def service_dates_problem(
    start: dt.date | None, end: dt.date | None, interruptions: Iterable[ServiceInterruption]
) -> tuple[str, str] | None:
    """Whether service dates start..end still hold the person's recorded interruptions (by
    start): None, else (field, Vietnamese reason) for the first one they do not hold. Also
    used by the Excel import of people (thidua.imports.sheets.people)."""
    for first in interruptions:
        period = {"start": format_date(first.start), "end": format_date(first.end)}
        if not start:
            message = _(
                "Cán bộ có thời gian gián đoạn công tác từ %(start)s đến %(end)s nên "
                "phải có ngày vào ngành; hãy xoá thời gian gián đoạn đó trước."
            )
            return "service_start", message % period
        if first.start < start:
            message = _(
                "Ngày vào ngành %(day)s sau thời gian gián đoạn đã ghi từ %(start)s đến "
                "%(end)s; hãy sửa hoặc xoá thời gian gián đoạn đó trước."
            )
            return "service_start", message % {**period, "day": format_date(start)}
        if end and first.end > end:
            message = _(
                "Ngày thôi phục vụ %(day)s trước khi hết thời gian gián đoạn đã ghi từ "
                "%(start)s đến %(end)s; hãy sửa hoặc xoá thời gian gián đoạn đó trước."
            )
            return "service_end", message % {**period, "day": format_date(end)}
    return None


@transaction.atomic
def assignment_save(*, assignment: Assignment) -> Assignment:
    """Save an assignment and keep the person's current unit in step with the open one."""
    assignment.full_clean()
    assignment.save()
    _sync_current_unit(assignment.person)
    return assignment


@transaction.atomic
def assignment_delete(*, assignment: Assignment) -> None:
    person = assignment.person
    assignment.delete()
    _sync_current_unit(person)


def _sync_current_unit(person: Person) -> None:
    current = current_assignment(person)
    unit_id = current.unit_id if current else None
    if person.unit_id != unit_id:
        person.unit_id = unit_id
        person.save()


@transaction.atomic
def cluster_save(*, cluster: Cluster, members: Iterable[tuple[Unit, str]] = ()) -> Cluster:
    """Create or update a cluster (cụm, khối thi đua) and add the given (unit, role) members."""
    cluster.full_clean()
    cluster.save()
    for unit, role in members:
        cluster_member_add(cluster=cluster, unit=unit, role=role)
    return cluster


@transaction.atomic
def cluster_member_add(*, cluster: Cluster, unit: Unit, role: str) -> ClusterMembership:
    """Add a unit to a cluster. A unit competes in one cluster or block per year, and only
    while it exists (active at some point of that year); a cluster has one leader."""
    _check_role(role)
    first, last = dt.date(cluster.year, 1, 1), dt.date(cluster.year, 12, 31)
    if (unit.active_from and unit.active_from > last) or (
        unit.active_to and unit.active_to < first
    ):
        message = _("Đơn vị %(unit)s không có hiệu lực trong năm %(year)s.")
        raise ValidationError({"members": message % {"unit": unit.code, "year": cluster.year}})
    other = (
        Cluster.objects.filter(year=cluster.year, memberships__unit=unit)
        .exclude(pk=cluster.pk)
        .first()
    )
    if other:
        message = _("Đơn vị %(unit)s đã thuộc %(cluster)s năm %(year)s.")
        raise ValidationError(
            {"members": message % {"unit": unit.code, "cluster": other.name, "year": other.year}}
        )
    if role == ClusterRole.LEADER:
        _lock_cluster(cluster.pk)
        _check_no_other_leader(cluster.pk, None, field="members")
    membership = ClusterMembership(cluster=cluster, unit=unit, role=role)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def cluster_member_set_role(
    *, membership: ClusterMembership, role: str, user: User | None = None, reason: str = ""
) -> ClusterMembership:
    """Make a member unit the cluster's leader (cụm trưởng), deputy (cụm phó) or a plain member.

    A cluster has one leader: while another unit leads it, making this one the leader is
    refused with a Vietnamese error naming that unit (cluster_member_make_leader replaces
    the leader in one step). The version the editor saw (lib.versioning.expect_version on
    `membership`) is checked. The history row carries `user` (default: the request's user)
    and `reason` (default: which unit changed role). An unknown role changes nothing and
    raises a Vietnamese error.
    """
    _check_role(role)
    _lock_cluster(membership.cluster_id)
    membership = _locked_membership(membership)
    if membership.role == role:
        return membership
    if role == ClusterRole.LEADER:
        _check_no_other_leader(membership.cluster_id, membership.pk, field="role")
    membership.role = role
    _stamp_history(
        membership, user, reason, f"Đổi vai trò của đơn vị {membership.unit.code} trong cụm."
    )
    membership.save()
    return membership


# cluster_member_make_leader's default: the caller showed no leader to check against.
_UNCHECKED: Any = object()


def cluster_leader(cluster: Cluster) -> ClusterMembership | None:
    """The membership of the cluster's leader (cụm trưởng), if it has one."""
    return cluster.memberships.filter(role=ClusterRole.LEADER).select_related("unit").first()


@transaction.atomic
def cluster_member_make_leader(
    *,
    membership: ClusterMembership,
    user: User | None = None,
    reason: str = "",
    shown_leader: ClusterMembership | None = _UNCHECKED,
) -> ClusterMembership:
    """Make a member unit the cluster's leader in one step: the current leader, if another
    unit, becomes a plain member in the same transaction. Each change has its history row
    with `user` and `reason` (default: who replaced whom).

    `shown_leader` is the leader the editor was asked to replace (None: the page said the
    cluster had none), with the version they saw (expect_version); when the cluster's
    leader is no longer that one, nothing changes and StaleVersion is raised. The version
    expected on `membership` is checked too.
    """
    _lock_cluster(membership.cluster_id)
    membership = _locked_membership(membership)
    current = (
        ClusterMembership.objects.select_for_update()
        .select_related("unit")
        .filter(cluster_id=membership.cluster_id, role=ClusterRole.LEADER)
        .first()
    )
    if shown_leader is not _UNCHECKED:
        if (current.pk if current else None) != (shown_leader.pk if shown_leader else None):
            raise StaleVersion
        if current is not None:
            expect_version(current, getattr(shown_leader, "_expected_version", None))
    if current is not None and current.pk == membership.pk:
        return membership
    new_code = membership.unit.code
    if current is not None:
        old_code = current.unit.code
        current.role = ClusterRole.MEMBER
        _stamp_history(
            current,
            user,
            reason,
            f"Đơn vị {old_code} thôi làm cụm trưởng; đơn vị {new_code} làm cụm trưởng.",
        )
        current.save()  # first, so that the database never holds two leaders
        default = f"Đặt đơn vị {new_code} làm cụm trưởng thay đơn vị {old_code}."
    else:
        default = f"Đặt đơn vị {new_code} làm cụm trưởng."
    membership.role = ClusterRole.LEADER
    _stamp_history(membership, user, reason, default)
    membership.save()
    return membership


def _lock_cluster(cluster_id: int) -> None:
    """Role changes of one cluster wait for each other, so the one-leader check holds."""
    Cluster.objects.select_for_update().filter(pk=cluster_id).exists()


def _locked_membership(membership: ClusterMembership) -> ClusterMembership:
    """The stored membership, locked, keeping the version the editor saw (expect_version)."""
    locked = (
        ClusterMembership.objects.select_for_update()
        .select_related("unit")
        .filter(pk=membership.pk)
        .first()
    )
    if locked is None:
        raise ValidationError(_("Đơn vị này không còn trong cụm, khối thi đua."))
    expect_version(locked, getattr(membership, "_expected_version", None))
    return locked


def _check_no_other_leader(cluster_id: int, membership_pk: int | None, *, field: str) -> None:
    leader = (
        ClusterMembership.objects.filter(cluster_id=cluster_id, role=ClusterRole.LEADER)
        .exclude(pk=membership_pk)
        .select_related("unit")
        .first()
    )
    if leader is not None:
        message = _(
            "Cụm đã có cụm trưởng: %(unit)s. Đổi cụm trưởng thì chọn “Đặt làm cụm trưởng” ở "
            "đơn vị mới trên trang của cụm (cụm trưởng cũ chuyển thành thành viên)."
        )
        unit = f"{leader.unit.name} ({leader.unit.code})"
        raise ValidationError({field: message % {"unit": unit}})


@transaction.atomic
def cluster_member_remove(
    *, membership: ClusterMembership, user: User | None = None, reason: str = ""
) -> None:
    """Take a unit out of a cluster. The history row (a deletion) carries `user` and `reason`
    (default: which unit left), since a deleted row shows no values of its own."""
    membership = (
        ClusterMembership.objects.select_for_update()
        .select_related("unit")
        .filter(pk=membership.pk)
        .first()
    )
    if membership is None:
        raise ValidationError(_("Đơn vị này không còn trong cụm, khối thi đua."))
    _stamp_history(membership, user, reason, f"Bỏ đơn vị {membership.unit.code} khỏi cụm.")
    membership.delete()


def _check_role(role: str) -> None:
    if role not in ClusterRole.values:
        message = _("Vai trò «%(role)s» không hợp lệ. Chỉ được chọn: %(roles)s.")
        roles = ", ".join(str(label) for label in ClusterRole.labels)
        raise ValidationError({"role": message % {"role": role, "roles": roles}})


def _stamp_history(
    obj: ClusterMembership | ServiceInterruption,
    user: User | None,
    reason: str,
    default_reason: str,
) -> None:
    """Who and why for the history row the next save() or delete() of `obj` writes. The
    default reason is stored data, kept in Vietnamese whatever the user's interface language."""
    if user is not None:
        obj._history_user = user
    obj._change_reason = clean_text(reason) or default_reason


@transaction.atomic
def interruption_add(
    *, interruption: ServiceInterruption, user: User | None = None, reason: str = ""
) -> ServiceInterruption:
    """Record a period that does not count as service (thời gian gián đoạn công tác).

    It must lie within the person's service and overlap none of their other interruptions;
    otherwise nothing is saved and a Vietnamese error says why. The history row carries
    `user` (default: the request's user) and `reason` (default: which period was added).
    """
    if interruption.pk is not None:
        raise ValueError("interruption_add takes a new interruption; use interruption_edit")
    return _interruption_save(interruption, user, reason, "Thêm")


@transaction.atomic
def interruption_edit(
    *, interruption: ServiceInterruption, user: User | None = None, reason: str = ""
) -> ServiceInterruption:
    """Save changes to a recorded interruption, under the same checks as interruption_add."""
    if interruption.pk is None:
        raise ValueError("interruption_edit takes a saved interruption; use interruption_add")
    return _interruption_save(interruption, user, reason, "Sửa")


@transaction.atomic
def interruption_delete(
    *, interruption: ServiceInterruption, user: User | None = None, reason: str = ""
) -> None:
    """Remove an interruption recorded by mistake; the deletion stays in the history with
    `user` and `reason` (default: which period was removed)."""
    found = ServiceInterruption.objects.select_for_update().filter(pk=interruption.pk).first()
    if found is None:
        raise ValidationError(_("Thời gian gián đoạn công tác này không còn trong hồ sơ."))
    _stamp_history(found, user, reason, f"Xoá thời gian gián đoạn công tác {_period(found)}.")
    found.delete()


def _interruption_save(
    interruption: ServiceInterruption, user: User | None, reason: str, verb: str
) -> ServiceInterruption:
    _check_interruption(interruption)
    _stamp_history(
        interruption, user, reason, f"{verb} thời gian gián đoạn công tác {_period(interruption)}."
    )
    interruption.save()
    return interruption


def _period(interruption: ServiceInterruption) -> str:
    return f"{format_date(interruption.start)} – {format_date(interruption.end)}"


def _check_interruption(interruption: ServiceInterruption) -> None:
    """Field rules and end ≥ start (the model's constraint), then: inside the person's
    service, and no overlap with another interruption of theirs (served_months would count
    a shared day twice). The person's row is locked so two overlapping writes cannot both
    pass the check."""
    interruption.reason = clean_text(interruption.reason)
    interruption.note = clean_text(interruption.note)
    interruption.full_clean()
    start, end = interruption.start, interruption.end
    person = Person.objects.select_for_update().get(pk=interruption.person_id)
    others = (
        ServiceInterruption.objects.filter(person_id=person.pk, start__lte=end, end__gte=start)
        .exclude(pk=interruption.pk)
        .order_by("start")
    )
    problem = interruption_problem(start, end, person.service_start, person.service_end, others)
    if problem is not None:
        field, message = problem
        raise ValidationError({field: message} if field else message)


def interruption_problem(
    start: dt.date,
    end: dt.date,
    service_start: dt.date | None,
    service_end: dt.date | None,
    others: Iterable[ServiceInterruption],
) -> tuple[str, str] | None:
    """The rules an interruption must keep, without touching the database: end ≥ start,
    inside the person's service, no overlap with `others` (the person's other recorded
    interruptions, by start). None when it keeps them, else (field, Vietnamese reason),
    field "" for an overlap. Also used by the Excel import (thidua.imports.sheets)."""
    if end < start:
        return "end", _("Ngày kết thúc gián đoạn không được trước ngày bắt đầu.")
    if service_start is None:
        return "start", _(
            "Cán bộ chưa có ngày vào ngành: hãy nhập ngày vào ngành trước khi ghi thời gian "
            "gián đoạn công tác."
        )
    if start < service_start:
        message = _(
            "Thời gian gián đoạn phải nằm trong thời gian công tác: ngày bắt đầu "
            "%(start)s trước ngày vào ngành %(service_start)s."
        )
        return "start", message % {
            "start": format_date(start),
            "service_start": format_date(service_start),
        }
    if service_end is not None and end > service_end:
        message = _(
            "Thời gian gián đoạn phải nằm trong thời gian công tác: ngày kết thúc "
            "%(end)s sau ngày thôi phục vụ %(service_end)s."
        )
        return "end", message % {"end": format_date(end), "service_end": format_date(service_end)}
    other = next((o for o in others if o.start <= end and o.end >= start), None)
    if other is not None:
        message = _(
            "Trùng với thời gian gián đoạn đã ghi từ %(start)s đến %(end)s "
            "(%(reason)s). Hai thời gian gián đoạn của một người không được chồng "
            "lên nhau."
        )
        return "", message % {
            "start": format_date(other.start),
            "end": format_date(other.end),
            "reason": other.reason,
        }
    return None
