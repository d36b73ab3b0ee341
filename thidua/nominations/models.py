"""Nominations, from a unit's dossier to the signed decision: the dossier and its items, the
log of every transition, attachments, the disclosure of candidate lists, the council with its
members, meetings and secret-ballot tallies, the calendar of deadlines, and notifications.

A dossier and its items are never deleted once submitted: a withdrawal or a rejection is a
state, and the event log says who took each step, when and why."""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.awards.choices import Level
from thidua.awards.models import Award, AwardType, Decision
from thidua.lib.validators import text_validators, validate_date, year_validators
from thidua.lib.versioning import Versioned
from thidua.org.models import Person, Unit


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ thẩm định")
    UNDER_REVIEW = "under_review", _("Đang thẩm định")
    RETURNED = "returned", _("Bị trả lại")
    RESUBMITTED = "resubmitted", _("Đã gửi lại, chờ thẩm định")
    AT_COUNCIL = "at_council", _("Trình Hội đồng")
    DECIDED = "decided", _("Đã có kết quả")
    WITHDRAWN = "withdrawn", _("Đã rút")


# A choice of the dossier list's status filter that stands for two states: what the office
# has to pick up.
AWAITING_REVIEW = "awaiting_review"
STATUS_GROUPS = {AWAITING_REVIEW: (DossierStatus.SUBMITTED, DossierStatus.RESUBMITTED)}


class ItemStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề nghị")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Hội đồng thông qua")
    REJECTED = "rejected", _("Không được thông qua")
    AWARDED = "awarded", _("Đã khen thưởng")


class Dossier(Versioned):
    """A unit's nomination dossier (hồ sơ đề nghị khen thưởng) for one year's achievements."""

    title = models.CharField(_("tên hồ sơ"), max_length=255)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị đề nghị"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"), validators=year_validators())
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=DossierStatus.choices,
        default=DossierStatus.DRAFT,
        db_index=True,
    )
    note = models.TextField(_("ghi chú"), blank=True, validators=text_validators())
    review_comment = models.TextField(
        _("ý kiến thẩm định"), blank=True, validators=text_validators()
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày lập"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("nominations:dossier_detail", args=[self.pk])


class DossierItem(Versioned):
    """One nominee of a dossier: a person or a collective, an award type, the years."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="items"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("hình thức khen thưởng"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    year_from = models.PositiveSmallIntegerField(_("từ năm"), validators=year_validators())
    year_to = models.PositiveSmallIntegerField(_("đến năm"), validators=year_validators())
    achievement = models.TextField(_("thành tích"), blank=True, validators=text_validators())
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.PROPOSED
    )
    return_comment = models.TextField(_("lý do trả lại"), blank=True, validators=text_validators())
    answer = models.TextField(_("giải trình của đơn vị"), blank=True, validators=text_validators())
    award = models.OneToOneField(
        Award,
        verbose_name=_("khen thưởng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nomination",
    )
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("người, tập thể được đề nghị")
        verbose_name_plural = _("danh sách đề nghị")
        ordering = ["dossier", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(unit__isnull=True))
                | (Q(person__isnull=True) & Q(unit__isnull=False)),
                name="dossier_item_one_recipient",
                violation_error_message=_(
                    "Phải có đúng một đối tượng: một cá nhân hoặc một tập thể."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name} — {self.award_type}"

    @property
    def recipient(self) -> Person | Unit:
        return self.person or self.unit

    @property
    def recipient_name(self) -> str:
        return self.person.full_name if self.person else self.unit.name

    @property
    def recipient_code(self) -> str:
        return self.recipient.code


class DossierEvent(models.Model):
    """One step of a dossier (a transition, a return of an item, an answer): who, when, why.
    Written only by the services, never changed."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    item = models.ForeignKey(
        DossierItem, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("thao tác"), max_length=32)
    from_status = models.CharField(_("từ trạng thái"), max_length=16, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=16, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    comment = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("diễn biến hồ sơ")
        verbose_name_plural = _("diễn biến hồ sơ")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%d/%m/%Y %H:%M}"


class AttachmentKind(models.TextChoices):
    ACHIEVEMENT_REPORT = "achievement_report", _("Báo cáo thành tích")
    VOTE_MINUTES = "vote_minutes", _("Biên bản họp xét của đơn vị")
    OTHER = "other", _("Tài liệu khác")


def _attachment_path(instance, filename: str) -> str:
    """A random name: the user's file name is kept in original_name, never on disk."""
    suffix = Path(filename).suffix.lower()
    return f"dossiers/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A file of a dossier, stored under MEDIA_ROOT with a random name and served only
    through a view that checks the dossier's scope."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tài liệu"), max_length=32, choices=AttachmentKind.choices)
    file = models.FileField(_("tệp"), upload_to=_attachment_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng"))
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tài liệu kèm theo")
        verbose_name_plural = _("tài liệu kèm theo")
        ordering = ["dossier", "kind", "id"]

    def __str__(self) -> str:
        return self.original_name


# ── Disclosure ────────────────────────────────────────────────────────────────────────


class Disclosure(Versioned):
    """A published candidate list (công khai) for comment, for the period the pack sets."""

    title = models.CharField(_("tiêu đề"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm thành tích"), validators=year_validators())
    start = models.DateField(_("ngày công khai"), validators=[validate_date])
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"))
    end = models.DateField(_("hết hạn công khai"), validators=[validate_date])
    rule_text = models.CharField(_("quy định"), max_length=500, blank=True)
    items = models.ManyToManyField(DossierItem, related_name="disclosures", blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("đợt công khai")
        verbose_name_plural = _("công khai danh sách")
        ordering = ["-start", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("nominations:disclosure_detail", args=[self.pk])


class DisclosureComment(models.Model):
    """A comment received on a disclosed list (by letter, phone, in person), as recorded."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(
        DossierItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_on = models.DateField(_("ngày nhận"), validators=[validate_date])
    sender = models.CharField(_("người, nơi góp ý"), max_length=255)
    content = models.TextField(_("nội dung"), validators=text_validators())
    response = models.TextField(_("kết quả xử lý"), blank=True, validators=text_validators())
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.sender} ({self.received_on:%d/%m/%Y})"


class OfficeDayOff(models.Model):
    """A day the office does not work beyond the public holidays (thidua.lib.workdays)."""

    date = models.DateField(_("ngày"), unique=True, validators=[validate_date])
    name = models.CharField(_("lý do"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ngày nghỉ bổ sung")
        verbose_name_plural = _("ngày nghỉ bổ sung")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"


# ── Council ───────────────────────────────────────────────────────────────────────────


class Council(Versioned):
    """The Hội đồng thi đua – khen thưởng of a unit for one term."""

    name = models.CharField(_("tên hội đồng"), max_length=255)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="councils"
    )
    term_from = models.DateField(_("nhiệm kỳ từ"), validators=[validate_date])
    term_to = models.DateField(_("đến"), null=True, blank=True, validators=[validate_date])

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("hội đồng thi đua – khen thưởng")
        verbose_name_plural = _("hội đồng thi đua – khen thưởng")
        ordering = ["-term_from", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("nominations:council_detail", args=[self.pk])


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch")
    DEPUTY = "deputy", _("Phó Chủ tịch")
    MEMBER = "member", _("Ủy viên")
    SECRETARY = "secretary", _("Ủy viên thư ký")


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("họ và tên"), max_length=255)
    position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    role = models.CharField(_("vai trò"), max_length=16, choices=CouncilRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="council_seats",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["council", "order", "id"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class Meeting(Versioned):
    """A council meeting (phiên họp) with its agenda of dossier items and their tallies."""

    council = models.ForeignKey(
        Council, verbose_name=_("hội đồng"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("ngày họp"), validators=[validate_date])
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    present = models.ManyToManyField(
        CouncilMember, verbose_name=_("thành viên dự họp"), related_name="meetings", blank=True
    )
    held = models.BooleanField(_("đã họp"), default=False)
    note = models.TextField(_("ghi chú"), blank=True, validators=text_validators())

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("phiên họp hội đồng")
        verbose_name_plural = _("phiên họp hội đồng")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.council} — {self.date:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("nominations:meeting_detail", args=[self.pk])


class Ballot(Versioned):
    """One agenda item of a meeting and its secret-ballot tally. `passed` is computed from
    the tally and the pack (thidua.rules.procedure.tally) by the service, never typed."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ballots")
    item = models.ForeignKey(DossierItem, on_delete=models.PROTECT, related_name="ballots")
    members = models.PositiveSmallIntegerField(_("tổng số thành viên"), default=0)
    present = models.PositiveSmallIntegerField(_("số thành viên dự họp"), default=0)
    agree = models.PositiveSmallIntegerField(_("đồng ý"), default=0)
    disagree = models.PositiveSmallIntegerField(_("không đồng ý"), default=0)
    invalid = models.PositiveSmallIntegerField(_("phiếu không hợp lệ"), default=0)
    written_agree = models.PositiveSmallIntegerField(_("đồng ý bằng văn bản"), default=0)
    written_disagree = models.PositiveSmallIntegerField(_("không đồng ý bằng văn bản"), default=0)
    counted = models.BooleanField(_("đã kiểm phiếu"), default=False)
    passed = models.BooleanField(_("thông qua"), default=False)
    rule_text = models.CharField(_("ngưỡng áp dụng"), max_length=500, blank=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("kết quả bỏ phiếu")
        verbose_name_plural = _("kết quả bỏ phiếu")
        ordering = ["meeting", "item__position", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "item"], name="ballot_once_per_meeting")
        ]


# ── Calendar and notifications ────────────────────────────────────────────────────────


class DeadlineKind(models.TextChoices):
    SUBMISSION = "submission", _("Hạn gửi hồ sơ")
    MEETING = "meeting", _("Họp Hội đồng")


class Deadline(models.Model):
    """A date of the year's calendar, per award level: when dossiers are due, when the
    council meets."""

    year = models.PositiveSmallIntegerField(_("năm thành tích"), validators=year_validators())
    level = models.CharField(_("cấp khen thưởng"), max_length=16, choices=Level.choices)
    kind = models.CharField(_("loại mốc"), max_length=16, choices=DeadlineKind.choices)
    date = models.DateField(_("ngày"), validators=[validate_date])
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mốc thời gian")
        verbose_name_plural = _("lịch xét khen thưởng")
        ordering = ["year", "date", "level"]
        constraints = [
            models.UniqueConstraint(fields=["year", "level", "kind"], name="deadline_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"


class Notification(models.Model):
    """An in-app notice of a step that concerns the user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    dossier = models.ForeignKey(
        Dossier, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text
