"""Fixed lists of the organisation register."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Công an tỉnh")
    DEPARTMENT = "department", _("Phòng")
    DISTRICT = "district", _("Công an huyện")
    TEAM = "team", _("Đội")
    COMMUNE = "commune", _("Công an xã")
    OTHER = "other", _("Khác")


class Gender(models.TextChoices):
    MALE = "M", _("Nam")
    FEMALE = "F", _("Nữ")


class ClusterRole(models.TextChoices):
    LEADER = "leader", _("Cụm trưởng")
    DEPUTY = "deputy", _("Cụm phó")
    MEMBER = "member", _("Thành viên")


# Cấp bậc hàm of the People's Public Security, lowest first.
RANKS = [
    "Binh nhì",
    "Binh nhất",
    "Hạ sĩ",
    "Trung sĩ",
    "Thượng sĩ",
    "Thiếu úy",
    "Trung úy",
    "Thượng úy",
    "Đại úy",
    "Thiếu tá",
    "Trung tá",
    "Thượng tá",
    "Đại tá",
    "Thiếu tướng",
    "Trung tướng",
    "Thượng tướng",
    "Đại tướng",
    "Công nhân Công an",
]
