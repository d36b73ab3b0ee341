"""Fixed lists of the record of commendations (values from the glossary, labels Vietnamese)."""
from __future__ import annotations

from django.db import models


class AwardKind(models.TextChoices):
    TITLE = "title", "Danh hiệu thi đua"
    AWARD_FORM = "award_form", "Hình thức khen thưởng"


class RecipientKind(models.TextChoices):
    INDIVIDUAL = "individual", "Cá nhân"
    COLLECTIVE = "collective", "Tập thể"
    BOTH = "both", "Cá nhân và tập thể"


class Level(models.TextChoices):
    UNIT = "unit", "Cơ sở (đơn vị)"
    PROVINCE = "province", "Tỉnh"
    MINISTRY = "ministry", "Bộ"
    GOVERNMENT = "government", "Chính phủ"
    STATE = "state", "Nhà nước"


class Chain(models.TextChoices):
    MERIT = "merit", "Công trạng"
    SENIORITY = "seniority", "Niên hạn"
    COMMEMORATIVE = "commemorative", "Kỷ niệm chương"


class Frequency(models.TextChoices):
    ANNUAL = "annual", "Hằng năm"
    ONCE = "once", "Một lần"
    ANY = "any", "Không hạn chế"


class SourceStatus(models.TextChoices):
    """How far the legal source of a catalogue entry was checked (legal-rules.md tags)."""

    VERIFIED = "verified", "đã xác minh"
    VERIFIED_OLD = "verified_old", "theo văn bản cũ"
    PARTIAL = "partial", "xác minh một phần"
    UNVERIFIED = "unverified", "chưa xác minh"


class DecisionStatus(models.TextChoices):
    ACTIVE = "active", "Có hiệu lực"
    CORRECTED = "corrected", "Đã đính chính"
    REVOKED = "revoked", "Đã hủy bỏ"


class AwardStatus(models.TextChoices):
    ACTIVE = "active", "Có hiệu lực"
    REVOKED = "revoked", "Đã hủy bỏ"


class Appraisal(models.TextChoices):
    """Xếp loại hằng năm, best first."""

    XUAT_SAC = "xuat_sac", "Hoàn thành xuất sắc nhiệm vụ"
    TOT = "tot", "Hoàn thành tốt nhiệm vụ"
    HOAN_THANH = "hoan_thanh", "Hoàn thành nhiệm vụ"
    KHONG = "khong", "Không hoàn thành nhiệm vụ"


# Higher = better; lets the engine say "tốt or better" as APPRAISAL_ORDER[x] >= 3.
APPRAISAL_ORDER = {Appraisal.XUAT_SAC: 4, Appraisal.TOT: 3, Appraisal.HOAN_THANH: 2, Appraisal.KHONG: 1}


class InitiativeScope(models.TextChoices):
    CO_SO = "co_so", "Cơ sở"
    BO_TINH = "bo_tinh", "Bộ, tỉnh"
    TOAN_QUOC = "toan_quoc", "Toàn quốc"


# Wider reach = higher; "at least bộ/tỉnh" is SCOPE_ORDER[x] >= 2.
SCOPE_ORDER = {InitiativeScope.CO_SO: 1, InitiativeScope.BO_TINH: 2, InitiativeScope.TOAN_QUOC: 3}


class DisciplineForm(models.TextChoices):
    """Hình thức kỷ luật in the CAND, lightest first."""

    KHIEN_TRACH = "khien_trach", "Khiển trách"
    CANH_CAO = "canh_cao", "Cảnh cáo"
    HA_BAC_LUONG = "ha_bac_luong", "Hạ bậc lương"
    GIANG_CAP_BAC_HAM = "giang_cap_bac_ham", "Giáng cấp bậc hàm"
    GIANG_CHUC = "giang_chuc", "Giáng chức"
    CACH_CHUC = "cach_chuc", "Cách chức"
    TUOC_DANH_HIEU_CAND = "tuoc_danh_hieu_cand", "Tước danh hiệu Công an nhân dân"


# Heavier = higher; "cảnh cáo or heavier" (legal-rules.md §4.3) is SEVERITY[x] >= 2.
DISCIPLINE_SEVERITY = {form: i for i, form in enumerate(DisciplineForm, start=1)}
