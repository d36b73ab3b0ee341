"""Reads of the nomination workflow for pages: the approved items waiting for a decision,
the home page's task list, a person's or unit's nominations, the unread notices. Each reads
inside thidua.accounts.scope with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.accounts.models import Role
from thidua.nominations.models import (
    AWAITING_REVIEW,
    Deadline,
    DeadlineKind,
    DossierItem,
    DossierStatus,
    ItemStatus,
    Notification,
)
from thidua.org.models import Person, Unit

S = DossierStatus


def dossier_list_url(**params: Any) -> str:
    """The dossier list filtered by `params` (a list value repeats the parameter)."""
    base = reverse("nominations:dossier_list")
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")}, doseq=True)
    return f"{base}?{query}" if query else base


# ── Issuing ───────────────────────────────────────────────────────────────────────────


def approved_items(user: Any, *, year: int | None = None, award_type=None) -> QuerySet:
    """Items the council passed that no decision rewards yet, in the user's scope, ordered
    by award type, dossier and position (the issuing page groups by award type)."""
    items = DossierItem.objects.filter(
        status=ItemStatus.APPROVED, dossier__in=scope.visible_dossiers(user)
    )
    if year:
        items = items.filter(dossier__year=year)
    if award_type is not None:
        items = items.filter(award_type=award_type)
    return items.select_related("dossier__unit", "award_type", "person__unit", "unit").order_by(
        "award_type__position", "award_type__code", "dossier__year", "dossier_id", "position", "id"
    )


# ── The task list of the home page ────────────────────────────────────────────────────


@dataclass(frozen=True)
class Task:
    text: str
    url: str
    count: int | None = None  # None: a line without a figure (a deadline)
    overdue: bool = False


def _is_office(user: Any) -> bool:
    return scope.can_review_dossiers(user)


def _is_unit_editor(user: Any) -> bool:
    return scope.can_edit(user) and not scope.sees_everything(user)


def _is_council(user: Any) -> bool:
    return getattr(user, "effective_role", None) == Role.COUNCIL_MEMBER


def _counts(user: Any, year: int) -> dict[str, int]:
    """Dossiers of the scope by what waits on them: one aggregate query."""
    waiting = DossierItem.objects.filter(dossier=OuterRef("pk"), status=ItemStatus.PROPOSED)
    dossiers = scope.visible_dossiers(user).annotate(waiting=Exists(waiting))
    return dossiers.aggregate(
        submitted=Count("id", filter=Q(status__in=[S.SUBMITTED, S.RESUBMITTED])),
        under_review=Count("id", filter=Q(status=S.UNDER_REVIEW)),
        at_council=Count("id", filter=Q(status=S.AT_COUNCIL, waiting=True)),
        returned=Count("id", filter=Q(status=S.RETURNED)),
        drafts=Count("id", filter=Q(status=S.DRAFT)),
        drafts_this_year=Count("id", filter=Q(status=S.DRAFT, year=year)),
        drafts_last_year=Count("id", filter=Q(status=S.DRAFT, year=year - 1)),
    )


def _deadline_tasks(
    deadlines: list[Deadline], today: dt.date, drafts: dict[int, int]
) -> list[Task]:
    """The next submission deadline, and the past ones while drafts of their year remain."""
    tasks = []
    upcoming = [d for d in deadlines if d.date >= today]
    url = reverse("nominations:deadlines")
    if upcoming:
        d = upcoming[0]
        left = (d.date - today).days
        remaining = _("còn %(n)s ngày") % {"n": left} if left else _("hết hạn hôm nay")
        tasks.append(
            Task(
                _("%(kind)s cấp %(level)s: %(date)s — %(left)s")
                % {
                    "kind": d.get_kind_display(),
                    "level": d.get_level_display(),
                    "date": f"{d.date:%d/%m/%Y}",
                    "left": remaining,
                },
                url,
            )
        )
    for d in deadlines:
        if d.date < today and drafts.get(d.year):
            tasks.append(
                Task(
                    _("%(kind)s cấp %(level)s: %(date)s — đã quá hạn, còn hồ sơ đang soạn")
                    % {
                        "kind": d.get_kind_display(),
                        "level": d.get_level_display(),
                        "date": f"{d.date:%d/%m/%Y}",
                    },
                    dossier_list_url(status=S.DRAFT, year=d.year),
                    overdue=True,
                )
            )
    return tasks


def tasks_for(user: Any, today: dt.date | None = None) -> list[Task]:
    """The nomination work waiting for the user, each line linking to the list that shows
    it; only lines with something to do. At most three queries whatever the data."""
    office, clerk, council = _is_office(user), _is_unit_editor(user), _is_council(user)
    if not (office or clerk or council):
        return []
    today = today or timezone.localdate()
    counts = _counts(user, today.year)
    lines: list[tuple[int, str, str]] = []
    if office:
        lines += [
            (
                counts["submitted"],
                _("hồ sơ chờ thẩm định"),
                dossier_list_url(status=AWAITING_REVIEW),
            ),
            (
                counts["under_review"],
                _("hồ sơ đang thẩm định"),
                dossier_list_url(status=S.UNDER_REVIEW),
            ),
        ]
    if office or council:
        lines.append(
            (
                counts["at_council"],
                _("hồ sơ trình Hội đồng chưa họp xét"),
                dossier_list_url(status=S.AT_COUNCIL),
            )
        )
    if office:
        approved = approved_items(user).count()
        lines.append(
            (
                approved,
                _("đề nghị đã thông qua chờ ban hành quyết định"),
                reverse("nominations:issue_decision"),
            )
        )
    if clerk:
        lines += [
            (counts["returned"], _("hồ sơ bị trả lại"), dossier_list_url(status=S.RETURNED)),
            (counts["drafts"], _("hồ sơ đang soạn"), dossier_list_url(status=S.DRAFT)),
        ]
    tasks = [Task(text, url, count=n) for n, text, url in lines if n]
    if office or clerk:
        # The year's achievements are sent up to early the next year: last year's dates
        # count too (a ministry's deadline of January for the year before).
        deadlines = list(
            Deadline.objects.filter(
                year__in=[today.year - 1, today.year], kind=DeadlineKind.SUBMISSION
            ).order_by("date", "level")
        )
        drafts = {
            today.year: counts["drafts_this_year"],
            today.year - 1: counts["drafts_last_year"],
        }
        tasks += _deadline_tasks(deadlines, today, drafts)
    return tasks


# ── A person's or unit's nominations ──────────────────────────────────────────────────


@dataclass(frozen=True)
class NominationLine:
    item: DossierItem
    status_label: str
    decision_url: str = ""


def _history(user: Any, items: QuerySet) -> list[NominationLine]:
    items = (
        items.filter(dossier__in=scope.visible_dossiers(user))
        .select_related("dossier__unit", "award_type", "award__decision")
        .order_by("-year_to", "-dossier__year", "-id")
    )
    lines = []
    for item in items:
        if item.status == ItemStatus.REJECTED and not scope.sees_rejections(user, item.dossier):
            continue
        label = item.get_status_display()
        if item.dossier.status in (S.DRAFT, S.WITHDRAWN):
            label = item.dossier.get_status_display()
        url = ""
        if item.status == ItemStatus.AWARDED and item.award_id:
            url = item.award.decision.get_absolute_url()
        lines.append(NominationLine(item, label, url))
    return lines


def person_nominations(user: Any, person: Person) -> list[NominationLine]:
    """The person's nominations in dossiers the user sees; a rejection only for those who
    see rejections (scope.sees_rejections). Two queries."""
    return _history(user, DossierItem.objects.filter(person=person))


def unit_nominations(user: Any, unit: Unit) -> list[NominationLine]:
    """The unit's own nominations as a collective, likewise."""
    return _history(user, DossierItem.objects.filter(unit=unit))


# ── Notifications ─────────────────────────────────────────────────────────────────────


def notifications_of(user: Any) -> QuerySet[Notification]:
    """The user's own notices, newest first."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return Notification.objects.none()
    return Notification.objects.filter(user=user).select_related("dossier")


def unread_count(user: Any) -> int:
    return notifications_of(user).filter(read_at__isnull=True).count()
