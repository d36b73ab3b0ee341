from __future__ import annotations

from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.lib.excel import limits
from thidua.lib.excel.reader import SUFFIXES


def option_name(option) -> str:
    """The form field / options key of an engine Option (argparse's dest)."""
    return option.kwargs.get("dest") or option.flags[0].lstrip("-").replace("-", "_")


def switches(spec) -> list:
    """The kind's on/off import options: the ones a form can offer as checkboxes."""
    return [o for o in spec.options if not o.for_export and o.kwargs.get("action") == "store_true"]


def text_options(spec) -> list:
    """The kind's import options that take a value (e.g. --code-prefix TIEN_TO): a text box."""
    return [
        o
        for o in spec.options
        if not o.for_export and "action" not in o.kwargs and "type" not in o.kwargs
    ]


def chosen_labels(spec, options: dict) -> list[str]:
    """How the preview names the options chosen at upload."""
    labels = [
        o.kwargs.get("help", option_name(o)) for o in switches(spec) if options.get(option_name(o))
    ]
    labels += [
        f"{o.flags[0]} {options[option_name(o)]}"
        for o in text_options(spec)
        if options.get(option_name(o))
    ]
    return labels


class UploadForm(forms.Form):
    """The file, plus a checkbox for each on/off import option of the kind (e.g.
    --create-missing) and a text box for each option taking a value (--code-prefix),
    labelled with the option's help text."""

    file = forms.FileField(label=_("Tệp Excel"))

    def __init__(self, *args, spec=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.option_names: list[str] = []
        self.text_names: list[str] = []
        for option in switches(spec) if spec is not None else ():
            name = option_name(option)
            self.fields[name] = forms.BooleanField(
                required=False, label=option.kwargs.get("help", name)
            )
            self.option_names.append(name)
        for option in text_options(spec) if spec is not None else ():
            name = option_name(option)
            self.fields[name] = forms.CharField(
                required=False, max_length=32, label=option.kwargs.get("help", name)
            )
            self.text_names.append(name)

    @property
    def option_fields(self) -> list:
        return [self[name] for name in self.option_names]

    @property
    def text_fields(self) -> list:
        return [self[name] for name in self.text_names]

    def chosen_options(self) -> dict[str, bool | str]:
        chosen: dict[str, bool | str] = {
            name: bool(self.cleaned_data.get(name)) for name in self.option_names
        }
        for name in self.text_names:
            if value := (self.cleaned_data.get(name) or "").strip():
                chosen[name] = value
        return chosen

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        suffix = Path(uploaded.name or "").suffix.lower()
        if suffix not in SUFFIXES:
            raise forms.ValidationError(
                _("Chỉ nhận tệp Excel hoặc bảng tính: %(suffixes)s.")
                % {"suffixes": ", ".join(SUFFIXES)}
            )
        if uploaded.size > limits.MAX_FILE_BYTES:  # one limit for the web and the command line
            raise forms.ValidationError(
                _("Tệp lớn quá %(size)s.") % {"size": limits.size_text(limits.MAX_FILE_BYTES)}
            )
        self.cleaned_data["suffix"] = suffix
        return uploaded
