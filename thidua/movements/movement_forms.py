"""Forms and the list filter of the movement pages; they validate input only, the services
(movement_services) check rights and do the work."""

from __future__ import annotations

import django_filters as df
from django import forms
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from thidua.accounts import scope
from thidua.lib.filters import IntegerFilter, StrictFilterSet
from thidua.lib.uploads import ALLOWED_EXTENSIONS
from thidua.lib.versioning import VersionedFormMixin
from thidua.lib.vntext import clean_text, fold
from thidua.movements.choices import MovementKind
from thidua.movements.models import Movement
from thidua.movements.movement_selectors import covering_year
from thidua.org.filters import UnitCodeFilter
from thidua.org.forms import UnitChoiceField, VnDatesMixin, unit_field
from thidua.org.models import Unit


class MovementForm(VnDatesMixin, VersionedFormMixin, forms.ModelForm):
    """A movement's own fields; the launching unit among the units the user may name."""

    class Meta:
        model = Movement
        fields = [
            "name",
            "kind",
            "start_date",
            "end_date",
            "launching_unit",
            "document_number",
            "document_date",
            "targets",
            "note",
        ]
        widgets = {
            "targets": forms.Textarea(attrs={"rows": 5}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._localise_dates()
        self.add_version_field(self.instance)
        units = scope.movement_units(user)
        if self.instance.pk:  # keeping the current launching unit stays allowed
            units = units | Unit.objects.filter(pk=self.instance.launching_unit_id)
        self.fields["launching_unit"] = unit_field(
            capfirst(Movement._meta.get_field("launching_unit").verbose_name), units, required=True
        )
        self.fields["end_date"].help_text = _(
            "Phong trào thường xuyên theo giai đoạn (ví dụ 2020–2025): ngày cuối giai đoạn; "
            "đợt cao điểm: ngày kết thúc đợt."
        )

    def validate_unique(self) -> None:
        pass  # the service validates the whole movement


class ParticipantForm(forms.Form):
    unit = UnitChoiceField(label=_("Đơn vị tham gia"), queryset=Unit.objects.none())
    with_children = forms.BooleanField(label=_("Kèm các đơn vị trực thuộc"), required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"] = unit_field(
            _("Đơn vị tham gia"), scope.movement_units(user), required=True
        )


class MovementAttachmentForm(forms.Form):
    file = forms.FileField(label=_("Tệp (%(types)s)") % {"types": ALLOWED_EXTENSIONS})


class MovementFilter(StrictFilterSet):
    q = df.CharFilter(
        label=_("Tìm theo tên"),
        method="search",
        help_text=_("Không phân biệt dấu và hoa thường."),
    )
    kind = df.ChoiceFilter(
        label=_("Loại phong trào"),
        choices=MovementKind.choices,
        empty_label=_("Tất cả"),
        error_messages={"invalid_choice": _("«%(value)s» không phải là loại phong trào.")},
    )
    year = IntegerFilter(label=_("Năm"), method="in_year")
    launching_unit = UnitCodeFilter(
        label=_("Đơn vị phát động"),
        queryset=lambda request: (
            Unit.objects.filter(launched_movements__isnull=False).distinct().order_by("path")
        ),
    )

    class Meta:
        model = Movement
        fields = ["q", "kind", "year", "launching_unit"]

    def search(self, movements: QuerySet[Movement], name: str, value: str):
        query = clean_text(value)
        return movements.filter(search_key__contains=fold(query)) if query else movements

    def in_year(self, movements: QuerySet[Movement], name: str, value: int):
        return covering_year(movements, int(value))
