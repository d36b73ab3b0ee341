"""Forms of the issuing page and the calendar; they validate input, services do the work."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.awards.choices import Level
from thidua.awards.models import AwardType
from thidua.lib.validators import text_validators
from thidua.nominations.models import Deadline, DeadlineKind
from thidua.org.forms import ModelIdsField, vn_date_field


class IssueFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm thành tích"), required=False, min_value=1945)
    award_type = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng"),
        queryset=AwardType.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("— tất cả —"),
    )


class IssueForm(forms.Form):
    """The decision of the ticked items: number, date, signer, authority, note."""

    items = ModelIdsField(
        label=_("Đề nghị"),
        queryset=None,
        error_messages={"required": _("Chưa chọn đề nghị nào.")},
        widget=forms.CheckboxSelectMultiple,
    )
    number = forms.CharField(label=_("Số quyết định"), max_length=64)
    date = vn_date_field(_("Ngày quyết định"), required=True)
    signer = forms.CharField(label=_("Người ký"), max_length=255, required=False)
    authority = forms.CharField(
        label=_("Thẩm quyền"),
        max_length=255,
        required=False,
        help_text=_("Để trống thì lấy thẩm quyền của hình thức khen thưởng."),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=text_validators(),
    )

    def __init__(self, *args, items, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items


class DeadlineForm(forms.Form):
    """One date of the calendar. A plain form: the service says, in the office's words,
    which date already exists for the year, level and kind."""

    year = forms.IntegerField(label=_("Năm thành tích"), min_value=1945, max_value=2100)
    level = forms.ChoiceField(label=_("Cấp khen thưởng"), choices=Level.choices)
    kind = forms.ChoiceField(label=_("Loại mốc"), choices=DeadlineKind.choices)
    date = vn_date_field(_("Ngày"), required=True)
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, instance: Deadline | None = None, **kwargs) -> None:
        self.instance = instance or Deadline()
        if instance is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {f: getattr(instance, f) for f in self.base_fields}
        super().__init__(*args, **kwargs)

    def deadline(self) -> Deadline:
        """The instance with the cleaned values (call after is_valid)."""
        for name, value in self.cleaned_data.items():
            setattr(self.instance, name, value)
        return self.instance
