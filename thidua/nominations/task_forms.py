"""Forms of the issuing page and the calendar; they validate input, services do the work."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import AwardType
from thidua.lib.validators import text_validators
from thidua.nominations.models import Deadline
from thidua.org.forms import VnDatesMixin, vn_date_field


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

    items = forms.ModelMultipleChoiceField(
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


class DeadlineForm(VnDatesMixin, forms.ModelForm):
    class Meta:
        model = Deadline
        fields = ["year", "level", "kind", "date", "note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._localise_dates()

    def validate_unique(self) -> None:
        # The service says which date already exists, in words the office uses.
        pass
