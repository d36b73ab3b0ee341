"""Filter building blocks shared by the lists' FilterSets (django-filter), which serve both
the HTML lists and the API: the same query string means the same rows on either door."""

from __future__ import annotations

import django_filters as df
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

TRUE_WORDS = frozenset({"true", "1", "yes", "on"})  # "on": a checked HTML checkbox
FALSE_WORDS = frozenset({"false", "0", "no", "off"})


class StrictFilterSet(df.FilterSet):
    """A list filtered by a value it cannot read shows nothing, rather than everything (the
    API answers 400 before getting here: DjangoFilterBackend raises on an invalid form)."""

    def filter_queryset(self, queryset):
        if not self.form.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)


class TruthField(forms.Field):
    """true/false from a query string, as scripts (true, 1) and checkboxes (on) send it."""

    widget = forms.CheckboxInput
    default_error_messages = {"invalid": _("Giá trị phải là true hoặc false.")}

    def to_python(self, value: object) -> bool | None:
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class TruthFilter(df.BooleanFilter):
    field_class = TruthField


@extend_schema_field({"type": "integer"})
class IntegerFilter(df.NumberFilter):
    """A whole number (a year), with the API's Vietnamese message."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("error_messages", {"invalid": _("Phải là một số nguyên.")})
        super().__init__(*args, **kwargs)
