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


class EdgeKind(models.TextChoices):
    """The kinds of a reorganisation's edge (old unit → new unit), as the issue defines them."""

    MERGE = "merge", _("Sáp nhập")  # A ends, an existing B takes over (A stays in its place)
    CONSOLIDATE = "consolidate", _("Hợp nhất")  # A and B end, a new C takes over
    SPLIT = "split", _("Chia tách")  # A ends, new B and C take over
    RENAME = "rename", _("Đổi tên")  # same unit, new name (the name history is kept)
    DISSOLVE = "dissolve", _("Giải thể")  # A ends, no successor
    MOVE = "move", _("Chuyển")  # A moves under another parent


# The kinds that end the old unit (its active_to becomes the day before the event).
CLOSING_KINDS = frozenset({EdgeKind.MERGE, EdgeKind.CONSOLIDATE, EdgeKind.SPLIT, EdgeKind.DISSOLVE})
# The kinds whose successor is another unit that takes over.
SUCCEEDED_KINDS = frozenset({EdgeKind.MERGE, EdgeKind.CONSOLIDATE, EdgeKind.SPLIT})
