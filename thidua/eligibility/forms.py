"""Forms of the eligibility pages; they validate input only, services do the work."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.accounts import scope
from thidua.awards.models import AwardType
from thidua.org.forms import UnitChoiceField
from thidua.rules.engine import default_rulebook
from thidua.rules.settings import Setting, format_number

MIN_YEAR = 2000


def last_year() -> int:
    return dt.date.today().year - 1


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Năm xét"),
        min_value=MIN_YEAR,
        max_value=dt.date.today().year + 1,
        initial=last_year,
    )


class ProposalForm(forms.Form):
    year = _year_field()
    unit = UnitChoiceField(
        label=_("Đơn vị (kể cả trực thuộc)"),
        required=False,
        queryset=None,
        to_field_name="code",
        empty_label=_("Toàn bộ phạm vi được xem"),
    )
    award = forms.ModelChoiceField(
        label=_("Loại khen thưởng"),
        required=False,
        queryset=AwardType.objects.filter(active=True),
        to_field_name="code",
        empty_label=_("Tất cả"),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scope.visible_units(user)
        # Only the types some rule pack judges (a year's own pack is checked by the service).
        judged = {code for pack in default_rulebook().packs.values() for code in pack.awards}
        self.fields["award"].queryset = AwardType.objects.filter(active=True, code__in=judged)


class YearForm(forms.Form):
    year = _year_field()


class CheckForm(forms.Form):
    year = _year_field()
    file = forms.FileField(label=_("Tệp danh sách đề nghị (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel (.xlsx, .xls, .ods)."))
        return upload


class RuleSettingForm(forms.Form):
    """The province's value of one pack setting and the text it rests on."""

    name = forms.CharField(widget=forms.HiddenInput)
    value = forms.CharField(
        label=_("Giá trị của tỉnh"),
        max_length=20,
        error_messages={"required": _("Cần nhập giá trị.")},
    )
    basis = forms.CharField(
        label=_("Căn cứ"),
        help_text=_("Văn bản làm căn cứ: kế hoạch của Công an tỉnh, hướng dẫn của Bộ Công an…"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Cần ghi văn bản làm căn cứ cho giá trị do Công an tỉnh quy định.")
        },
    )

    def __init__(self, *args, setting: Setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.setting = setting
        self.auto_id = f"id_{setting.name}_%s"
        self.fields["value"].help_text = _("Từ %(min)s đến %(max)s; mặc định %(default)s.") % {
            "min": format_number(setting.minimum),
            "max": format_number(setting.maximum),
            "default": format_number(setting.default),
        }

    def clean_value(self) -> Decimal:
        text = self.cleaned_data["value"].strip().replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(_("Giá trị phải là một số.")) from None
        if not value.is_finite() or not self.setting.in_range(value):
            raise forms.ValidationError(
                _("Giá trị phải từ %(min)s đến %(max)s.")
                % {
                    "min": format_number(self.setting.minimum),
                    "max": format_number(self.setting.maximum),
                }
            )
        return value
