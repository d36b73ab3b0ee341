"""The state of one uploaded file on its way from upload to the register (docs/imports.md).

An ImportJob is bookkeeping, not part of the register: it says how far the background work on
an upload has gone (read, checked, written), for the page's progress bar and the list of
pending uploads. What the import writes is audited as every other write (history rows with
the importing user and the file's name); the job row itself is not, and it is deleted with
the upload's files by `thidua cleanup-uploads`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ xử lý")
    READING = "reading", _("Đang đọc tệp")
    CHECKING = "checking", _("Đang kiểm tra")
    READY = "ready", _("Chờ xác nhận")
    APPLY_QUEUED = "apply_queued", _("Chờ ghi")
    WRITING = "writing", _("Đang ghi")
    DONE = "done", _("Đã nhập")
    FAILED = "failed", _("Không thành công")
    CANCELLED = "cancelled", _("Đã huỷ")


# States in which a worker has (or will have) something to do: the page polls for progress.
ACTIVE_STATES = frozenset(
    {
        JobState.QUEUED,
        JobState.READING,
        JobState.CHECKING,
        JobState.APPLY_QUEUED,
        JobState.WRITING,
    }
)
# States in which a worker is at work on the job, reporting its progress (updated_at): one
# that stopped reporting had its worker die (jobs.interrupted).
RUNNING_STATES = frozenset({JobState.READING, JobState.CHECKING, JobState.WRITING})
# States the owner may cancel: everything before the writing transaction starts.
CANCELLABLE_STATES = frozenset(
    {
        JobState.QUEUED,
        JobState.READING,
        JobState.CHECKING,
        JobState.READY,
        JobState.APPLY_QUEUED,
    }
)
FINISHED_STATES = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED})


def stale_before() -> dt.datetime:
    """A running job whose last progress is older than this has lost its worker."""
    return timezone.now() - dt.timedelta(minutes=settings.THIDUA_IMPORT_STALE_MINUTES)


class ImportJob(models.Model):
    token = models.CharField(_("mã tệp tải lên"), max_length=64, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name=_("người tải lên"),
    )
    kind = models.CharField(_("loại bảng"), max_length=32)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=JobState.choices, default=JobState.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("số dòng đã đọc"), default=0)
    rows_total = models.PositiveIntegerField(_("tổng số dòng"), default=0)
    message = models.TextField(_("thông báo"), blank=True)
    task_id = models.CharField(_("mã tác vụ nền"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("lượt nhập Excel")
        verbose_name_plural = _("lượt nhập Excel")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "created_at"], name="import_job_owner_created")]

    def __str__(self) -> str:
        return f"{self.filename or self.token} ({self.get_state_display()})"

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def interrupted(self) -> bool:
        """Its worker died (kill -9, power cut): running, yet no progress for too long. Every
        step reports (thidua/imports/jobs.py): a live worker is taken for dead only by a single
        step longer than settings.THIDUA_IMPORT_STALE_MINUTES."""
        return self.state in RUNNING_STATES and self.updated_at < stale_before()

    @property
    def cancellable(self) -> bool:
        return self.state in CANCELLABLE_STATES or self.interrupted

    @property
    def counts_rows(self) -> bool:
        """Whether the bar can say rows done / total: reading counts rows one by one; checking
        and writing are set-based (a few queries for the whole file), so their bar only moves."""
        return self.state == JobState.READING and self.rows_total > 0

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))
