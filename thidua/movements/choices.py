"""Fixed lists of movements, registrations and the clusters' scoring."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MovementKind(models.TextChoices):
    """The forms of emulation (Luật TĐKT 2022 Điều 16: thường xuyên, theo chuyên đề), with the
    short peak drive that offices run as a themed movement of weeks."""

    REGULAR = "regular", _("Thường xuyên")
    THEMED = "themed", _("Chuyên đề")
    PEAK = "peak", _("Đợt cao điểm")


class CriterionKind(models.TextChoices):
    GROUP = "group", _("Nhóm tiêu chí")
    CRITERION = "criterion", _("Tiêu chí")
    BONUS = "bonus", _("Điểm thưởng")
    PENALTY = "penalty", _("Điểm trừ")


class TieBreak(models.TextChoices):
    """The documented rules a scoring table may list, in its order, to part equal totals."""

    CROSS_TOTAL = "cross_total", _("Tổng điểm chấm chéo cao hơn")
    BONUS_TOTAL = "bonus_total", _("Điểm thưởng nhiều hơn")
    PENALTY_TOTAL = "penalty_total", _("Điểm trừ ít hơn")
    BASE_TOTAL = "base_total", _("Điểm các tiêu chí (không kể thưởng, trừ) cao hơn")
    PREVIOUS_RANK = "previous_rank", _("Thứ hạng năm trước cao hơn")
