"""The conference honouring the exemplars of a period (hội nghị điển hình tiên tiến): the
people and collectives chosen from the record, each with the short story told of them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.lib.validators import text_validators, validate_date, year_validators
from thidua.lib.versioning import Versioned
from thidua.org.models import Person, Unit


class Conference(Versioned):
    """A conference of exemplars (hội nghị điển hình tiên tiến) held by a unit for a period;
    its exemplars are chosen among the people and collectives of the unit's subtree."""

    title = models.CharField(_("tên hội nghị"), max_length=255)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị tổ chức"),
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    year_from = models.PositiveSmallIntegerField(_("từ năm"), validators=year_validators())
    year_to = models.PositiveSmallIntegerField(_("đến năm"), validators=year_validators())
    held_on = models.DateField(_("ngày tổ chức"), null=True, blank=True, validators=[validate_date])
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True, validators=text_validators())

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("hội nghị điển hình tiên tiến")
        verbose_name_plural = _("hội nghị điển hình tiên tiến")
        ordering = ["-year_to", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_to__gte=models.F("year_from")),
                name="conference_year_order",
                violation_error_message=_("Năm kết thúc phải từ năm bắt đầu trở đi."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:conference_detail", args=[self.pk])

    @property
    def period(self) -> str:
        if self.year_from == self.year_to:
            return str(self.year_from)
        return f"{self.year_from}–{self.year_to}"


class Exemplar(Versioned):
    """One exemplar (điển hình tiên tiến) of a conference: a person or a collective, with the
    short story of their achievements printed in the booklet."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="exemplars")
    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exemplars",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("tập thể"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="exemplars",
    )
    story = models.TextField(_("thành tích tiêu biểu"), blank=True, validators=text_validators())
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = _("điển hình tiên tiến")
        ordering = ["conference", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(unit__isnull=True))
                | (Q(person__isnull=True) & Q(unit__isnull=False)),
                name="exemplar_one_recipient",
                violation_error_message=_(
                    "Phải có đúng một đối tượng: một cá nhân hoặc một tập thể."
                ),
            ),
            models.UniqueConstraint(
                fields=["conference", "person"],
                condition=Q(person__isnull=False),
                name="exemplar_person_unique",
                violation_error_message=_("Cá nhân này đã có trong danh sách điển hình."),
            ),
            models.UniqueConstraint(
                fields=["conference", "unit"],
                condition=Q(unit__isnull=False),
                name="exemplar_unit_unique",
                violation_error_message=_("Tập thể này đã có trong danh sách điển hình."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.recipient)

    @property
    def recipient(self) -> Person | Unit | None:
        return self.person if self.person_id else self.unit
