"""The province's values of the rule packs' settings (thidua.rules.settings): what a pack
leaves to the province because no current text confirms it for the force, with the text the
province's value rests on. A row without a value means the pack's default is used; every
change is kept by simple_history (who, when, before, after)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from thidua.lib.validators import text_validators


class RuleSetting(models.Model):
    name = models.CharField(_("mã giá trị"), max_length=64, unique=True)
    value = models.DecimalField(
        _("giá trị do Công an tỉnh quy định"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
    )
    basis = models.TextField(_("căn cứ"), blank=True, validators=text_validators(1000))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("thời điểm thay đổi"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giá trị quy tắc do tỉnh quy định")
        verbose_name_plural = _("giá trị quy tắc do tỉnh quy định")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.value is not None and not self.basis.strip():
            raise ValidationError(
                {"basis": _("Cần ghi văn bản làm căn cứ cho giá trị do Công an tỉnh quy định.")}
            )
