from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.imports.engine.reader import SUFFIXES

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        suffix = Path(uploaded.name or "").suffix.lower()
        if suffix not in SUFFIXES:
            raise forms.ValidationError(
                _("Chỉ nhận tệp Excel hoặc bảng tính: %(suffixes)s.") % {
                    "suffixes": ", ".join(SUFFIXES)})
        if uploaded.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn quá 50 MB."))
        self.cleaned_data["suffix"] = suffix
        return uploaded
