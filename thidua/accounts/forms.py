"""The form of the personal API tokens page."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        help_text=_(
            "Dùng vào việc gì, để sau này nhận ra mà thu hồi (ví dụ: «Phần mềm thống kê»)."
        ),
    )
    days = forms.IntegerField(
        label=_("Thời hạn (ngày)"),
        min_value=1,
        error_messages={
            "invalid": _("Thời hạn phải là một số nguyên."),
            "min_value": _("Thời hạn phải từ 1 ngày trở lên."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days, limit = self.fields["days"], settings.API_TOKEN_MAX_DAYS
        days.initial = settings.API_TOKEN_DEFAULT_DAYS
        days.widget.attrs.update({"min": 1, "max": limit})
        days.help_text = _("Mặc định %(default)s ngày, tối đa %(max)s ngày.") % {
            "default": settings.API_TOKEN_DEFAULT_DAYS,
            "max": limit,
        }

    def clean_days(self) -> int:
        days = self.cleaned_data["days"]
        if days > settings.API_TOKEN_MAX_DAYS:
            raise forms.ValidationError(
                _("Thời hạn không được quá %(max)s ngày.") % {"max": settings.API_TOKEN_MAX_DAYS}
            )
        return days
