"""Forms of the record pages; they validate input only, services do the work."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.accounts import scope
from thidua.accounts.models import User
from thidua.awards.models import AwardType, Decision


class _UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return "— " * obj.depth + obj.name


class DecisionSearchForm(forms.Form):
    number = forms.CharField(label=_("Số quyết định"), required=False)
    date_from = forms.DateField(label=_("Từ ngày"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Đến ngày"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))
    award_type = forms.ModelChoiceField(label=_("Hình thức khen thưởng"), required=False,
                                        queryset=AwardType.objects.all(), to_field_name="code",
                                        empty_label=_("Tất cả"))
    unit = _UnitChoice(label=_("Đơn vị (kể cả trực thuộc)"), required=False, queryset=None,
                       to_field_name="code", empty_label=_("Tất cả"))
    name = forms.CharField(label=_("Tên người, tập thể được khen"), required=False)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scope.visible_units(user)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class DecisionCorrectForm(forms.ModelForm):
    reason = forms.CharField(label=_("Lý do đính chính"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)

    class Meta:
        model = Decision
        fields = ["number", "date", "authority", "signer", "award_type", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = AwardType.objects.filter(active=True)

    def validate_unique(self) -> None:
        # The service validates the whole decision (with the reason) in one place.
        pass

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data if name != "reason"}
