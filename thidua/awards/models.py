"""The record of commendations: catalogue, decisions, awards, yearly results, initiatives,
discipline. Every row keeps its history (simple_history); nothing here is ever deleted by
the application: a wrong decision is corrected or revoked with a reason."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.awards.choices import (
    Appraisal,
    AwardKind,
    AwardStatus,
    Chain,
    DecisionStatus,
    DisciplineForm,
    Frequency,
    InitiativeScope,
    Level,
    RecipientKind,
    SourceStatus,
)
from thidua.lib.validators import text_validators, validate_date, year_validators
from thidua.lib.versioning import Versioned
from thidua.lib.vntext import clean_text, fold
from thidua.org.models import Person, Unit
from thidua.rules.calendar import add_months

_ONE_RECIPIENT = (Q(person__isnull=False) & Q(unit__isnull=True)) | (
    Q(person__isnull=True) & Q(unit__isnull=False)
)
_ONE_RECIPIENT_MESSAGE = _("Phải có đúng một đối tượng: một cá nhân hoặc một tập thể.")


class AwardType(models.Model):
    """A catalogue entry (loại khen thưởng): a title or a commendation form with its class.

    Loaded from thidua/rules/packs/catalogue.yaml by catalogue_sync(); edit the file, not
    the rows. `rank` orders entries of the same `chain` (higher = higher award).
    """

    code = models.SlugField(_("mã"), max_length=64, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    kind = models.CharField(_("loại"), max_length=16, choices=AwardKind.choices)
    recipient = models.CharField(_("đối tượng"), max_length=16, choices=RecipientKind.choices)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    authority = models.CharField(_("thẩm quyền"), max_length=255)
    family = models.CharField(_("nhóm"), max_length=64)
    award_class = models.PositiveSmallIntegerField(_("hạng"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("thứ bậc"))
    chain = models.CharField(_("loại hình"), max_length=16, choices=Chain.choices)
    frequency = models.CharField(_("chu kỳ"), max_length=16, choices=Frequency.choices)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=500)
    status = models.CharField(_("mức xác minh"), max_length=16, choices=SourceStatus.choices)
    active = models.BooleanField(_("đang dùng"), default=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("loại khen thưởng")
        verbose_name_plural = _("danh mục khen thưởng")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name

    def accepts(self, *, collective: bool) -> bool:
        """May this type be given to a collective (True) or an individual (False)?"""
        wanted = RecipientKind.COLLECTIVE if collective else RecipientKind.INDIVIDUAL
        return self.recipient in (RecipientKind.BOTH, wanted)


class AwardTypeAlias(models.Model):
    """A name people type for a catalogue entry ("BK BCA", "HC BVTQ hạng Ba").

    `key` is the folded form (thidua.awards.catalogue.alias_key), unique across the catalogue
    so that one typed name can never mean two entries.
    """

    award_type = models.ForeignKey(AwardType, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(_("tên gọi khác"), max_length=255)
    key = models.CharField(_("khóa tra cứu"), max_length=255, unique=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        ordering = ["award_type", "text"]

    def __str__(self) -> str:
        return self.text


class Decision(Versioned):
    """A signed commendation decision (quyết định khen thưởng) and its recipients' awards."""

    number = models.CharField(_("số quyết định"), max_length=64)
    date = models.DateField(_("ngày quyết định"), db_index=True, validators=[validate_date])
    authority = models.CharField(_("thẩm quyền"), max_length=255, blank=True)
    signer = models.CharField(_("người ký"), max_length=255, blank=True)
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("hình thức khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    movement = models.ForeignKey(
        "movements.Movement",
        verbose_name=_("khen thưởng trong phong trào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    note = models.TextField(_("ghi chú"), blank=True, validators=text_validators())
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=DecisionStatus.choices,
        default=DecisionStatus.ACTIVE,
    )
    status_reason = models.TextField(
        _("lý do đính chính, hủy bỏ"), blank=True, validators=text_validators()
    )
    # Folded number, so "qd-bca" finds "QĐ-BCA" on every database (SQLite's LIKE folds
    # ASCII only). Bulk writers call compute_derived().
    search_key = models.CharField(max_length=64, db_index=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_key", "version"])

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "date"],
                name="decision_number_date_unique",
                violation_error_message=_("Đã có quyết định cùng số và ngày này."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ngày {self.date:%d/%m/%Y}"

    @property
    def is_revoked(self) -> bool:
        return self.status == DecisionStatus.REVOKED

    def get_absolute_url(self) -> str:
        return reverse("awards:decision_detail", args=[self.pk])

    def compute_derived(self) -> None:
        self.number = clean_text(self.number)
        self.search_key = fold(self.number)

    def save(self, *args, **kwargs):
        self.compute_derived()
        super().save(*args, **kwargs)


class _IdIndexedHistory(HistoricalRecords):
    """simple_history's audit table without the index on history_date (SIMPLE_HISTORY_DATE_INDEX
    is one setting for every model): for a table read only by record id, where imports write
    hundreds of thousands of rows at once."""

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        extra["history_date"] = models.DateTimeField(db_index=False)
        return extra


class AwardQuerySet(models.QuerySet):
    def current(self) -> AwardQuerySet:
        """Awards that still count: revoked ones stay in the record but not in totals."""
        return self.filter(status=AwardStatus.ACTIVE)


class Award(models.Model):
    """One recipient's title or commendation (khen thưởng), from one decision, for one year
    (year_from == year_to) or a period (2015–2020)."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("quyết định"), on_delete=models.PROTECT, related_name="awards"
    )
    # No single-column indexes on these three: the (…, year_from) indexes in Meta lead with
    # them, and every extra index slows the bulk import of hundreds of thousands of rows.
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("hình thức khen thưởng"),
        on_delete=models.PROTECT,
        related_name="awards",
        db_index=False,
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        db_index=False,
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="awards",
        db_index=False,
    )
    year_from = models.PositiveSmallIntegerField(_("từ năm"), validators=year_validators())
    year_to = models.PositiveSmallIntegerField(_("đến năm"), validators=year_validators())
    achievement = models.TextField(_("thành tích"), blank=True, validators=text_validators())
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=AwardStatus.choices, default=AwardStatus.ACTIVE
    )
    revoke_reason = models.TextField(_("lý do hủy bỏ"), blank=True, validators=text_validators())

    objects = AwardQuerySet.as_manager()
    # The audit table is read by award id only (the award's own history, newest first): it
    # needs no index on decision, recipient, type or date, and every index slows the import.
    history = _IdIndexedHistory(no_db_index=["decision", "award_type", "person", "unit"])

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-year_to", "-id"]
        # Partial: a person's award has no unit and a collective's no person, so neither
        # index holds the other kind's NULLs (lookups by person or unit imply NOT NULL and
        # still use them, on SQLite and PostgreSQL).
        indexes = [
            models.Index(
                fields=["person", "year_from"],
                name="award_person_year",
                condition=Q(person__isnull=False),
            ),
            models.Index(
                fields=["unit", "year_from"],
                name="award_unit_year",
                condition=Q(unit__isnull=False),
            ),
            models.Index(fields=["award_type", "year_from"], name="award_type_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=_ONE_RECIPIENT,
                name="award_one_recipient",
                violation_error_message=_ONE_RECIPIENT_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(year_to__gte=models.F("year_from")),
                name="award_year_order",
                violation_error_message=_("Năm kết thúc phải từ năm bắt đầu trở đi."),
            ),
            # NULLs are distinct in unique indexes, hence one partial constraint per kind.
            models.UniqueConstraint(
                fields=["decision", "award_type", "person", "year_from", "year_to"],
                condition=Q(person__isnull=False),
                name="award_person_unique",
                violation_error_message=_("Cá nhân này đã có khen thưởng này trong quyết định."),
            ),
            models.UniqueConstraint(
                fields=["decision", "award_type", "unit", "year_from", "year_to"],
                condition=Q(unit__isnull=False),
                name="award_unit_unique",
                violation_error_message=_("Tập thể này đã có khen thưởng này trong quyết định."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type} — {self.recipient} ({self.period})"

    @property
    def recipient(self) -> Person | Unit | None:
        return self.person if self.person_id else self.unit

    @property
    def period(self) -> str:
        if self.year_from == self.year_to:
            return str(self.year_from)
        return f"{self.year_from}–{self.year_to}"

    @property
    def is_revoked(self) -> bool:
        return self.status == AwardStatus.REVOKED


class YearlyResult(Versioned):
    """A person's or unit's yearly appraisal (xếp loại) and, if any, the year's title."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="yearly_results",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="yearly_results",
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=year_validators())
    appraisal = models.CharField(
        _("xếp loại"), max_length=16, choices=Appraisal.choices, blank=True
    )
    title = models.ForeignKey(
        AwardType,
        verbose_name=_("danh hiệu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="yearly_results",
    )
    note = models.TextField(_("ghi chú"), blank=True, validators=text_validators())

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("kết quả xếp loại năm")
        verbose_name_plural = _("kết quả xếp loại năm")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=_ONE_RECIPIENT,
                name="yearly_result_one_recipient",
                violation_error_message=_ONE_RECIPIENT_MESSAGE,
            ),
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(person__isnull=False),
                name="yearly_result_person_year",
                violation_error_message=_("Cá nhân này đã có kết quả xếp loại của năm này."),
            ),
            models.UniqueConstraint(
                fields=["unit", "year"],
                condition=Q(unit__isnull=False),
                name="yearly_result_unit_year",
                violation_error_message=_("Tập thể này đã có kết quả xếp loại của năm này."),
            ),
        ]
        indexes = [
            # Covers "who had appraisal A / title T in year Y": the eligibility loader reads
            # a year's results as a few grouped lists of people straight from this index.
            models.Index(
                fields=["year", "appraisal", "title", "person"],
                condition=Q(person__isnull=False),
                name="yearly_result_grid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.unit} — {self.year}"


class Initiative(Versioned):
    """An initiative (sáng kiến) recognised in a year at a scope, with its authors."""

    title = models.CharField(_("tên sáng kiến"), max_length=500)
    year = models.PositiveSmallIntegerField(_("năm công nhận"), validators=year_validators())
    scope = models.CharField(_("phạm vi"), max_length=16, choices=InitiativeScope.choices)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=64, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    authors = models.ManyToManyField(
        Person, through="InitiativeAuthor", related_name="initiatives", verbose_name=_("tác giả")
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["title", "year", "decision_number"],
                name="initiative_unique",
                violation_error_message=_("Sáng kiến này đã được ghi nhận."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class InitiativeAuthor(models.Model):
    """One author of an initiative."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authorships")
    person = models.ForeignKey(
        Person, verbose_name=_("tác giả"), on_delete=models.PROTECT, related_name="authorships"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tác giả sáng kiến")
        verbose_name_plural = _("tác giả sáng kiến")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "person"], name="initiative_author_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.initiative}"


class Discipline(Versioned):
    """A disciplinary measure (kỷ luật). `end_date` is stored for set-wise queries
    ("disciplined during year Y"); empty when the measure has no time limit."""

    person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), on_delete=models.PROTECT, related_name="disciplines"
    )
    form = models.CharField(_("hình thức kỷ luật"), max_length=32, choices=DisciplineForm.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=64)
    decision_date = models.DateField(_("ngày quyết định"), validators=[validate_date])
    duration_months = models.PositiveSmallIntegerField(_("thời hạn (tháng)"), null=True, blank=True)
    end_date = models.DateField(_("ngày hết thời hạn"), null=True, blank=True, editable=False)
    note = models.TextField(_("ghi chú"), blank=True, validators=text_validators())

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["-decision_date"]
        indexes = [models.Index(fields=["person", "decision_date"], name="discipline_person_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "decision_number", "decision_date"],
                name="discipline_unique",
                violation_error_message=_("Quyết định kỷ luật này đã được ghi nhận cho cá nhân."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} — {self.person}"

    @property
    def computed_end_date(self) -> dt.date | None:
        if self.duration_months is None or self.decision_date is None:
            return None
        return add_months(self.decision_date, self.duration_months)

    def is_in_force_on(self, day: dt.date) -> bool:
        return self.decision_date <= day and (self.end_date is None or day < self.end_date)

    def save(self, *args, **kwargs):
        self.end_date = self.computed_end_date
        super().save(*args, **kwargs)


# ── Tamper-evident audit (thidua.awards.chain) ────────────────────────────────────────


class AuditChain(models.Model):
    """The head of the audit chain: one row (pk 1, made by the migration), locked by every
    writer of audited history rows, so that two transactions never extend the chain from the
    same entry. `sealed` holds, per audited model, the last history_id already in the chain;
    `layouts` the fields each layout key stands for (entries sealed before a field was added
    keep their layout, so their hash still holds)."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    sealed = models.JSONField(default=dict)
    layouts = models.JSONField(default=dict)  # key → "model:field,field,…"

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")
        verbose_name_plural = _("đầu chuỗi nhật ký")

    def __str__(self) -> str:
        return f"{self.seq}: {self.hash}"


class AuditEntry(models.Model):
    """A run of history rows of one audited model in the chain (history_id first_id to
    last_id, `rows` of them; one row for a single save, up to 5,000 for a bulk write): `hash`
    covers their content and the hash of entry seq − 1. Read in seq order only."""

    seq = models.BigIntegerField(primary_key=True)
    model = models.CharField(max_length=64)
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    rows = models.PositiveIntegerField()
    layout = models.CharField(max_length=16)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("mục nhật ký")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.seq} {self.model} {self.first_id}–{self.last_id}"
