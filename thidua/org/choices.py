"""Fixed lists of the organisation register."""
from __future__ import annotations

from django.db import models


class UnitKind(models.TextChoices):
    PROVINCE = "province", "Công an tỉnh"
    DEPARTMENT = "department", "Phòng"
    DISTRICT = "district", "Công an huyện"
    TEAM = "team", "Đội"
    COMMUNE = "commune", "Công an xã"
    OTHER = "other", "Khác"


class Gender(models.TextChoices):
    MALE = "M", "Nam"
    FEMALE = "F", "Nữ"


class ClusterRole(models.TextChoices):
    LEADER = "leader", "Cụm trưởng"
    DEPUTY = "deputy", "Cụm phó"
    MEMBER = "member", "Thành viên"


# Cấp bậc hàm of the People's Public Security, lowest first.
RANKS = [
    "Binh nhì", "Binh nhất", "Hạ sĩ", "Trung sĩ", "Thượng sĩ",
    "Thiếu úy", "Trung úy", "Thượng úy", "Đại úy",
    "Thiếu tá", "Trung tá", "Thượng tá", "Đại tá",
    "Thiếu tướng", "Trung tướng", "Thượng tướng", "Đại tướng",
    "Công nhân Công an",
]
