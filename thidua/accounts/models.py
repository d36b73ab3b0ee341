"""Accounts: a user has one role and, for scoped roles, one unit whose subtree they work in."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    PROVINCE_OFFICER = "province_officer", _("Cán bộ thi đua cấp tỉnh")
    UNIT_CLERK = "unit_clerk", _("Cán bộ thi đua đơn vị")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng TĐKT")
    VIEWER = "viewer", _("Chỉ xem")


_UNAUDITED = ("password", "last_login", "date_joined")  # date_joined: set once, re-saved by forms


class _AccountHistory(HistoricalRecords):
    """simple_history for accounts, without the saves that touch only unaudited fields: a
    sign-in (last_login) or a password change is not a change of who may do what."""

    def post_save(self, instance, created, using=None, **kwargs):
        fields = kwargs.get("update_fields")
        if not created and fields and set(fields) <= set(_UNAUDITED):
            return
        super().post_save(instance, created, using=using, **kwargs)


class User(AbstractUser):
    """A person who logs in (tài khoản). Not a member of the force: see org.Person."""

    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices, default=Role.VIEWER)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        help_text=_(
            "Cán bộ thi đua đơn vị chỉ làm việc trong đơn vị này và các đơn vị trực thuộc."
        ),
    )

    # Role, unit, active, staff and superuser flags, names: who changed them, when, from what.
    history = _AccountHistory(excluded_fields=list(_UNAUDITED))

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    @property
    def effective_role(self) -> str:
        return Role.ADMIN if self.is_superuser else self.role
