"""Fixed lists of the record of commendations (values from the glossary, labels Vietnamese)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardKind(models.TextChoices):
    TITLE = "title", _("Danh hiệu thi đua")
    AWARD_FORM = "award_form", _("Hình thức khen thưởng")


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Cá nhân")
    COLLECTIVE = "collective", _("Tập thể")
    BOTH = "both", _("Cá nhân và tập thể")


class Level(models.TextChoices):
    UNIT = "unit", _("Cơ sở (đơn vị)")
    PROVINCE = "province", _("Tỉnh")
    MINISTRY = "ministry", _("Bộ")
    GOVERNMENT = "government", _("Chính phủ")
    STATE = "state", _("Nhà nước")


class Chain(models.TextChoices):
    MERIT = "merit", _("Công trạng")
    SENIORITY = "seniority", _("Niên hạn")
    COMMEMORATIVE = "commemorative", _("Kỷ niệm chương")


class Frequency(models.TextChoices):
    ANNUAL = "annual", _("Hằng năm")
    ONCE = "once", _("Một lần")
    ANY = "any", _("Không hạn chế")


class SourceStatus(models.TextChoices):
    """How far the legal source of a catalogue entry was checked (legal-rules.md tags)."""

    VERIFIED = "verified", _("đã xác minh")
    VERIFIED_OLD = "verified_old", _("theo văn bản cũ")
    PARTIAL = "partial", _("xác minh một phần")
    UNVERIFIED = "unverified", _("chưa xác minh")


class DecisionStatus(models.TextChoices):
    ACTIVE = "active", _("Có hiệu lực")
    CORRECTED = "corrected", _("Đã đính chính")
    REVOKED = "revoked", _("Đã hủy bỏ")


class AwardStatus(models.TextChoices):
    ACTIVE = "active", _("Có hiệu lực")
    REVOKED = "revoked", _("Đã hủy bỏ")


class Appraisal(models.TextChoices):
    """Xếp loại hằng năm, best first."""

    XUAT_SAC = "xuat_sac", _("Hoàn thành xuất sắc nhiệm vụ")
    TOT = "tot", _("Hoàn thành tốt nhiệm vụ")
    HOAN_THANH = "hoan_thanh", _("Hoàn thành nhiệm vụ")
    KHONG = "khong", _("Không hoàn thành nhiệm vụ")


# Higher = better; lets the engine say "tốt or better" as APPRAISAL_ORDER[x] >= 3.
APPRAISAL_ORDER = {
    Appraisal.XUAT_SAC: 4,
    Appraisal.TOT: 3,
    Appraisal.HOAN_THANH: 2,
    Appraisal.KHONG: 1,
}


class InitiativeScope(models.TextChoices):
    CO_SO = "co_so", _("Cơ sở")
    BO_TINH = "bo_tinh", _("Bộ, tỉnh")
    TOAN_QUOC = "toan_quoc", _("Toàn quốc")


# Wider reach = higher; "at least bộ/tỉnh" is SCOPE_ORDER[x] >= 2.
SCOPE_ORDER = {InitiativeScope.CO_SO: 1, InitiativeScope.BO_TINH: 2, InitiativeScope.TOAN_QUOC: 3}


class DisciplineForm(models.TextChoices):
    """Hình thức kỷ luật in the CAND, lightest first."""

    KHIEN_TRACH = "khien_trach", _("Khiển trách")
    CANH_CAO = "canh_cao", _("Cảnh cáo")
    HA_BAC_LUONG = "ha_bac_luong", _("Hạ bậc lương")
    GIANG_CAP_BAC_HAM = "giang_cap_bac_ham", _("Giáng cấp bậc hàm")
    GIANG_CHUC = "giang_chuc", _("Giáng chức")
    CACH_CHUC = "cach_chuc", _("Cách chức")
    TUOC_DANH_HIEU_CAND = "tuoc_danh_hieu_cand", _("Tước danh hiệu Công an nhân dân")


# Heavier = higher; "cảnh cáo or heavier" (legal-rules.md §4.3) is SEVERITY[x] >= 2.
DISCIPLINE_SEVERITY = {form: i for i, form in enumerate(DisciplineForm, start=1)}
