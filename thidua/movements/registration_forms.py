"""Forms of registrations (đăng ký thi đua): choosing the unit and year to register, the
registration itself with one title select per person (a unit of 60 people is one table,
not 60 forms), and the filters of the list and of the comparison.

The forms only read what was typed; the rules (a yearly title of the right kind, a person
of the unit, one registration per unit and year) are registration_services'."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.accounts import scope
from thidua.lib.validators import year_validators
from thidua.lib.versioning import VersionedFormMixin
from thidua.movements.models import Movement, Registration
from thidua.movements.movement_selectors import covering_year
from thidua.movements.registration_selectors import (
    FormLine,
    collective_titles,
    individual_titles,
)
from thidua.org.forms import UnitChoiceField, VnDatesMixin

NOT_REGISTERED = _("— Không đăng ký —")


def _year_field(required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(label=_("Năm"), required=required, validators=year_validators())


def _movements(year: int | None):
    movements = Movement.objects.order_by("-start_date", "name")
    return movements if year is None else covering_year(movements, year)


class RegistrationFilterForm(forms.Form):
    """The list's filters: ?nam=2025&don_vi=CAH-A&phong_trao=3."""

    nam = _year_field(required=False)
    don_vi = UnitChoiceField(
        label=_("Đơn vị (kể cả đơn vị trực thuộc)"),
        queryset=None,
        required=False,
        to_field_name="code",
        empty_label=_("Tất cả đơn vị"),
    )
    phong_trao = forms.ModelChoiceField(
        label=_("Phong trào"),
        queryset=Movement.objects.none(),
        required=False,
        empty_label=_("Tất cả phong trào"),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nam"].widget.attrs.update({"min": 1945, "max": 2100})
        self.fields["don_vi"].queryset = scope.visible_units(user).order_by("path")
        self.fields["phong_trao"].queryset = _movements(None)


class ComparisonFilterForm(forms.Form):
    """The comparison's choice: ?don_vi=CAH-A&nam=2025&cap_duoi=1."""

    don_vi = UnitChoiceField(
        label=_("Đơn vị"), queryset=None, to_field_name="code", empty_label=_("— chọn đơn vị —")
    )
    nam = _year_field()
    cap_duoi = forms.BooleanField(label=_("Kể cả đơn vị trực thuộc"), required=False)

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].queryset = scope.visible_units(user).order_by("path")


class RegistrationStartForm(forms.Form):
    """Which unit registers for which year (the first step of a new registration)."""

    don_vi = UnitChoiceField(
        label=_("Đơn vị đăng ký"),
        queryset=None,
        to_field_name="code",
        empty_label=_("— chọn đơn vị —"),
    )
    nam = _year_field()

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["don_vi"].queryset = scope.editable_units(user).order_by("path")
        self.fields["nam"].initial = timezone.localdate().year


class RegistrationForm(VnDatesMixin, VersionedFormMixin, forms.ModelForm):
    """A unit-year's registration: its collective title, movement, date and note, and one
    select `title_<person id>` per line of `lines` (registration_selectors.form_lines)."""

    class Meta:
        model = Registration
        fields = ["collective_title", "movement", "registered_on", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, lines: list[FormLine], year: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._localise_dates()
        self.add_version_field(self.instance)
        self.year = year
        self.lines = lines
        title = self.fields["collective_title"]
        title.queryset = collective_titles()
        title.empty_label = _("— Không đăng ký danh hiệu tập thể —")
        self.fields["movement"].queryset = _movements(year)
        self.fields["movement"].empty_label = _("— Không gắn với phong trào —")
        self.titles = {t.pk: t for t in individual_titles()}
        choices = [("", NOT_REGISTERED), *((str(pk), t.name) for pk, t in self.titles.items())]
        for line in lines:
            self.fields[self.person_key(line.person.pk)] = forms.TypedChoiceField(
                label=line.person.full_name,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=str(line.title_id) if line.title_id else "",
            )

    @staticmethod
    def person_key(pk: int) -> str:
        return f"title_{pk}"

    def header_fields(self):
        return [self[name] for name in self._meta.fields]

    def rows(self):
        """(line, bound select) for the template's table."""
        return [(line, self[self.person_key(line.person.pk)]) for line in self.lines]

    def person_titles(self) -> dict:
        """{person id: AwardType or None} of every line, from the cleaned data."""
        return {
            line.person.pk: self.titles.get(self.cleaned_data.get(self.person_key(line.person.pk)))
            for line in self.lines
        }
