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


class ApiToken(models.Model):
    """A personal API token (khoá API): its owner's scope and role, never more.

    Only the SHA-256 digest of the secret is stored (accounts.tokens explains why not a
    password hasher); the secret is shown once, when the token is created. A token stops
    working when it expires, is revoked, or its owner is deactivated.
    """

    user = models.ForeignKey(
        User, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("tên gợi nhớ"), max_length=100)
    prefix = models.CharField(_("đầu khoá"), max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["digest", "last_used_at"])

    class Meta:
        verbose_name = _("khoá API")
        verbose_name_plural = _("khoá API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
