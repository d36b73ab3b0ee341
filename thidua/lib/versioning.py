"""Optimistic locking: a stale edit is refused instead of silently undoing someone's change.

A versioned row carries `version`, raised by one on every save (model save() and the bulk
writers of lib.bulk alike). An edit form, or an API client, sends back the version it was
shown (expect_version); saving checks it against the stored one under a row lock and refuses
a mismatch with StaleVersion, a ValidationError with a Vietnamese message. Saves that carry
no editor's version (services saving a row they hold, the demo, imports) are not compared,
and still raise the version.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Dữ liệu này vừa được người khác thay đổi sau khi bạn mở trang nên thay đổi của bạn chưa "
    "được lưu. Hãy mở lại trang để xem bản mới nhất rồi làm lại."
)


class StaleVersion(ValidationError):
    """The row changed since the editor read it."""

    def __init__(self) -> None:
        super().__init__(STALE_MESSAGE, code="stale")


class Versioned(models.Model):
    """Abstract base of every row people edit through forms or the API."""

    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        with transaction.atomic(using=kwargs.get("using")):
            claim_version(self)
            super().save(*args, **kwargs)


def expect_version(obj: Versioned, version: int | None) -> None:
    """The version an editor was shown: the next save of obj is refused unless it is still
    the stored one. None (an API client that sent none) leaves the save unchecked."""
    obj._expected_version = version


def claim_version(obj: Versioned) -> None:
    """Lock the stored row, refuse when the version the editor saw (expect_version) is not
    the stored one, then move obj to the next version. New rows start at 1."""
    if obj.pk is None or obj._state.adding:
        return
    expected = getattr(obj, "_expected_version", None)
    stored = (
        type(obj)
        ._base_manager.select_for_update()
        .filter(pk=obj.pk)
        .values_list("version", flat=True)
        .first()
    )
    if stored is None:
        return  # a row saved with an explicit new pk (fixtures): nothing to compare with
    if expected is not None and expected != stored:
        raise StaleVersion
    obj.version = stored + 1
    obj._expected_version = None  # checked once: later saves in the same service follow


def expect_posted_version(obj: Versioned, data) -> bool:
    """For a button that changes one row without a form: the `version` it posted becomes the
    expected one; False (nothing to expect, refuse the change) when it is missing or bad."""
    try:
        version = int(data.get("version", ""))
    except (TypeError, ValueError):
        return False
    expect_version(obj, version)
    return True


class VersionedFormMixin:
    """For a form that edits one stored row: a hidden `version` holding the version the page
    was rendered from (add_version_field in __init__). A valid form has set it as the
    expected version of that row, so the service's save refuses a stale edit."""

    def add_version_field(self, obj: Versioned) -> None:
        self._versioned = obj
        if obj.pk is not None:
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=obj.version, min_value=1
            )

    def clean(self) -> dict:
        data = super().clean()
        obj = getattr(self, "_versioned", None)
        if obj is not None and obj.pk is not None:
            if data.get("version") is None:  # a page without it, or a tampered value
                self.add_error(None, STALE_MESSAGE)
            else:
                expect_version(obj, data["version"])
        return data
