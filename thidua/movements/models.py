"""The emulation half of the work: movements (phong trào thi đua), the units' registrations
at the start of a year (đăng ký thi đua), the clusters' agreements (giao ước thi đua), their
scoring tables and scores, and the standing that each cluster year ends with.

A cluster (org.Cluster) is already one cluster in one year with its members and their roles
(one leader, org/0009); what is here hangs on it one to one.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.awards.models import AwardType
from thidua.lib.validators import text_validators, validate_date, year_validators
from thidua.lib.versioning import Versioned
from thidua.lib.vntext import clean_text, fold
from thidua.movements.choices import CriterionKind, MovementKind, TieBreak
from thidua.org.models import Cluster, Person, Unit

POINTS = {"max_digits": 7, "decimal_places": 2}


# ── Movements ─────────────────────────────────────────────────────────────────────────


class Movement(Versioned):
    """A movement launched by a unit's document: the regular "Vì an ninh Tổ quốc" of a
    five-year period, a themed one ("Sáng tạo"), or a peak drive of a few weeks."""

    name = models.CharField(_("tên phong trào"), max_length=255)
    kind = models.CharField(_("loại phong trào"), max_length=16, choices=MovementKind.choices)
    start_date = models.DateField(_("từ ngày"), validators=[validate_date])
    end_date = models.DateField(_("đến ngày"), null=True, blank=True, validators=[validate_date])
    launching_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị phát động"),
        on_delete=models.PROTECT,
        related_name="launched_movements",
    )
    document_number = models.CharField(_("số văn bản phát động"), max_length=64, blank=True)
    document_date = models.DateField(
        _("ngày văn bản"), null=True, blank=True, validators=[validate_date]
    )
    targets = models.TextField(_("mục tiêu, chỉ tiêu"), blank=True, validators=text_validators())
    note = models.TextField(_("ghi chú"), blank=True, validators=text_validators())
    participants = models.ManyToManyField(
        Unit, through="MovementParticipant", related_name="movements", blank=True
    )
    search_key = models.CharField(max_length=300, db_index=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_key", "version"])

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="movement_dates_ordered",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("movements:movement_detail", args=[self.pk])

    def compute_derived(self) -> None:
        self.name = clean_text(self.name)
        self.search_key = fold(self.name)

    def save(self, *args, **kwargs):
        self.compute_derived()
        super().save(*args, **kwargs)

    def covers_year(self, year: int) -> bool:
        return self.start_date.year <= year and (
            self.end_date is None or year <= self.end_date.year
        )


class MovementParticipant(models.Model):
    """A unit taking part in a movement (the launching document's list)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị tham gia")
        verbose_name_plural = _("đơn vị tham gia")
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit"], name="movement_unit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.movement}"


def _movement_file_path(instance, filename: str) -> str:
    """A random name: the user's file name is kept in original_name, never on disk."""
    return f"movements/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class MovementAttachment(models.Model):
    """A file of a movement (the launching plan, its review report), stored under MEDIA_ROOT
    with a random name and served only through a scope-checked view."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=_movement_file_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tài liệu phong trào")
        verbose_name_plural = _("tài liệu phong trào")
        ordering = ["movement", "id"]

    def __str__(self) -> str:
        return self.original_name


# ── Registration ──────────────────────────────────────────────────────────────────────


class Registration(Versioned):
    """A unit's registration for a year (đăng ký thi đua): the collective title it aims at
    and, in its entries, the titles its people aim at. Law 2022 no longer makes registration
    a ground for a title; a pack may still ask for it (the 2003 law did)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="registrations"
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=year_validators())
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    collective_title = models.ForeignKey(
        AwardType,
        verbose_name=_("danh hiệu tập thể đăng ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_on = models.DateField(
        _("ngày đăng ký"), null=True, blank=True, validators=[validate_date]
    )
    note = models.TextField(_("ghi chú"), blank=True, validators=text_validators())

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="registration_unit_year_unique",
                violation_error_message=_("Đơn vị đã có bản đăng ký thi đua của năm này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"


class RegistrationEntry(Versioned):
    """One person's registered title in a unit's registration."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(
        Person, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="registrations"
    )
    title = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu đăng ký"), on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("cá nhân đăng ký")
        verbose_name_plural = _("cá nhân đăng ký")
        ordering = ["registration", "person__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "person"],
                name="registration_person_unique",
                violation_error_message=_("Cán bộ đã có trong bản đăng ký này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.title}"


# ── Cluster agreement, scoring table, scores, standing ────────────────────────────────


class Agreement(Versioned):
    """The cluster's emulation agreement of its year (giao ước thi đua): the document, where
    and when it was signed, the criteria adopted. The leader and deputies are the roles of
    the cluster's memberships; the signing units are listed in `signatories`."""

    cluster = models.OneToOneField(Cluster, on_delete=models.CASCADE, related_name="agreement")
    document_number = models.CharField(_("số văn bản giao ước"), max_length=64, blank=True)
    signed_on = models.DateField(_("ngày ký"), validators=[validate_date])
    place = models.CharField(_("địa điểm ký"), max_length=255, blank=True)
    content = models.TextField(
        _("nội dung, tiêu chí giao ước"), blank=True, validators=text_validators()
    )
    signatories = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị ký"), related_name="signed_agreements", blank=True
    )

    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[signatories])

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")

    def __str__(self) -> str:
        return f"Giao ước — {self.cluster}"


class ScoringTable(Versioned):
    """The cluster's scoring table of its year (bảng điểm chấm thi đua). `tie_breaks` lists,
    in order, the TieBreak codes that part equal totals; it is a copy of last year's table,
    edited, when `copied_from` is set."""

    cluster = models.OneToOneField(Cluster, on_delete=models.CASCADE, related_name="scoring_table")
    title = models.CharField(_("tên bảng điểm"), max_length=255)
    tie_breaks = models.JSONField(_("quy tắc xếp hạng khi bằng điểm"), default=list, blank=True)
    note = models.TextField(_("ghi chú"), blank=True, validators=text_validators())
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("sao chép từ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    locked_at = models.DateTimeField(_("khóa kết quả lúc"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("bảng điểm thi đua")
        verbose_name_plural = _("bảng điểm thi đua")

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """A line of a scoring table: a group (its children add up), a criterion with its
    maximum, or a bonus or penalty item with its cap. `evidence` says what proves it."""

    table = models.ForeignKey(ScoringTable, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=CriterionKind.choices)
    code = models.CharField(_("số thứ tự"), max_length=16)
    name = models.CharField(_("nội dung"), max_length=500)
    max_points = models.DecimalField(
        _("điểm tối đa"), null=True, blank=True, validators=[MinValueValidator(0)], **POINTS
    )
    evidence = models.TextField(_("căn cứ, minh chứng"), blank=True, validators=text_validators())
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")
        ordering = ["table", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="criterion_table_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Score(Versioned):
    """One member's points on one criterion: its self-score, the cluster's cross-score and
    the final score the cluster adopts (empty: the cross-score stands, else the self-score)."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="cluster_scores"
    )
    self_score = models.DecimalField(
        _("điểm tự chấm"), null=True, blank=True, validators=[MinValueValidator(0)], **POINTS
    )
    cross_score = models.DecimalField(
        _("điểm chấm chéo"), null=True, blank=True, validators=[MinValueValidator(0)], **POINTS
    )
    final_score = models.DecimalField(
        _("điểm thống nhất"), null=True, blank=True, validators=[MinValueValidator(0)], **POINTS
    )
    evidence = models.TextField(_("minh chứng"), blank=True, validators=text_validators())

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("điểm thi đua")
        verbose_name_plural = _("điểm thi đua")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "unit"], name="score_criterion_unit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.criterion}"


class Standing(Versioned):
    """A member's place in its cluster year once the table is locked: the points (base,
    bonus, penalty, total) as they stood when it was locked, the rank, the tie-break that
    parted it from the unit above (blank: none was needed) and the flag the cluster proposes
    it for (suy tôn). Kept as rows so that "first three years running" is one query."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="standings")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="cluster_standings"
    )
    base = models.DecimalField(_("điểm các tiêu chí"), default=0, **POINTS)
    bonus = models.DecimalField(_("điểm thưởng"), default=0, **POINTS)
    penalty = models.DecimalField(_("điểm trừ"), default=0, **POINTS)
    total = models.DecimalField(_("tổng điểm"), **POINTS)
    rank = models.PositiveSmallIntegerField(_("thứ hạng"))
    parted_by = models.CharField(
        _("quy tắc tách bằng điểm"), max_length=16, blank=True, choices=TieBreak.choices
    )
    proposed_award = models.ForeignKey(
        AwardType,
        verbose_name=_("suy tôn đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("ghi chú"), blank=True, validators=text_validators())

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("xếp hạng thi đua của cụm")
        verbose_name_plural = _("xếp hạng thi đua của cụm")
        ordering = ["cluster", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "unit"], name="standing_cluster_unit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.unit} — {self.cluster}"
