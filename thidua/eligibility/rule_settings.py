"""The province's values of the packs' settings: read for every judgement, set by an
administrator on the "Giá trị do Công an tỉnh quy định" page, audited.

The engine (thidua.rules) stays pure: it is given the overrides. They are read afresh from
the database by every judgement (one small query), and the rulebook is cached per set of
values (rules.engine.default_rulebook), so a change made in one process is seen by every
other at its next request, without a cache to clear.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.accounts import scope
from thidua.eligibility.models import RuleSetting
from thidua.rules.engine import Rulebook, default_rulebook
from thidua.rules.packs import Pack
from thidua.rules.settings import Override, Setting, as_number, format_number


def current_overrides() -> dict[str, Override]:
    """name -> Override of every setting the province has set (one query)."""
    rows = RuleSetting.objects.filter(value__isnull=False).values_list("name", "value", "basis")
    return {name: Override(value, basis) for name, value, basis in rows}


def rulebook() -> Rulebook:
    """The packs with the province's current values (raises PackError when a stored value
    no longer fits the range of the pack that declares it)."""
    return default_rulebook(current_overrides())


def packs_in_force(book: Rulebook | None = None, today: date | None = None) -> list[Pack]:
    today = today or date.today()
    book = book or default_rulebook()
    return [p for p in book.packs.values() if p.effective_to is None or p.effective_to >= today]


def declared() -> dict[str, Setting]:
    """Every setting of the packs in force, as the packs declare it (defaults)."""
    return default_rulebook().settings(packs_in_force())


def _check_admin(user) -> None:
    if not scope.can_configure_rules(user):
        raise PermissionDenied(_("Chỉ quản trị viên được đặt giá trị của quy tắc."))


def _declared(name: str) -> Setting:
    setting = declared().get(name)
    if setting is None:
        raise ValidationError(_("Không có giá trị cấu hình “%(name)s”.") % {"name": name})
    return setting


def check_value(setting: Setting, value: Decimal) -> None:
    """The value fits the setting's range (Vietnamese ValidationError otherwise)."""
    if not setting.in_range(as_number(value)):
        raise ValidationError(
            _("Giá trị phải từ %(min)s đến %(max)s.")
            % {"min": format_number(setting.minimum), "max": format_number(setting.maximum)}
        )


@transaction.atomic
def set_value(user, name: str, value: Decimal, basis: str) -> RuleSetting:
    """The province's value of setting `name`, resting on `basis` (required)."""
    _check_admin(user)
    check_value(_declared(name), value)
    row = RuleSetting.objects.select_for_update().filter(name=name).first() or RuleSetting(
        name=name
    )
    row.value, row.basis = value, (basis or "").strip()
    return _save(user, row)


@transaction.atomic
def clear_value(user, name: str) -> RuleSetting | None:
    """Back to the pack's default: the row stays, without a value, so the history shows it."""
    _check_admin(user)
    _declared(name)
    row = RuleSetting.objects.select_for_update().filter(name=name).first()
    if row is None or row.value is None:
        return row
    row.value, row.basis = None, ""
    return _save(user, row)


def _save(user, row: RuleSetting) -> RuleSetting:
    row.changed_by = scope.history_author(user)
    row.full_clean()
    row._history_user = scope.history_author(user)
    row.save()
    return row


@dataclass
class Change:
    """One change of a setting, as the audit shows it."""

    name: str
    when: datetime
    who: str
    before: Decimal | None  # None: the pack's default
    after: Decimal | None
    basis: str


def changes(limit: int = 50) -> list[Change]:
    """The latest changes of every setting, newest first, each with the value before it."""
    found: list[Change] = []
    last: dict[str, tuple[Decimal | None, str]] = {}
    rows = RuleSetting.history.select_related("history_user").order_by("history_date", "pk")
    for h in rows:
        before = last.get(h.name, (None, ""))
        last[h.name] = (h.value, h.basis)
        if before == (h.value, h.basis):
            continue  # a save that changed nothing the page shows
        user = h.history_user
        found.append(
            Change(
                h.name,
                h.history_date,
                (user.get_full_name() or user.username) if user else _("hệ thống"),
                before[0],
                h.value,
                h.basis,
            )
        )
    return found[::-1][:limit]
