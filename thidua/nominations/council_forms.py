"""Forms of the disclosure and council pages; they validate input only, the services of
thidua.nominations.council do the work and compute every period and result."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.accounts.models import Role, User
from thidua.lib.validators import MAX_YEAR
from thidua.lib.versioning import VersionedFormMixin
from thidua.nominations import council_selectors as selectors
from thidua.nominations.models import (
    Ballot,
    Council,
    CouncilMember,
    CouncilRole,
    Disclosure,
    DisclosureComment,
    DossierItem,
    Meeting,
    OfficeDayOff,
)
from thidua.org.forms import ModelIdsField, UnitChoiceField, VnDatesMixin, vn_date_field
from thidua.org.models import Unit

COUNT_ERRORS = {
    "invalid": _("Nhập số phiếu bằng chữ số."),
    "min_value": _("Số phiếu không được âm."),
    "required": _("Nhập số phiếu (0 nếu không có)."),
}


class ItemChoiceField(ModelIdsField):
    """Nominees as checkboxes: name, unit, award type."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: DossierItem) -> str:
        return f"{obj.recipient_name} — {selectors.item_unit_name(obj)} — {obj.award_type.name}"


class DisclosureForm(forms.Form):
    year = forms.IntegerField(
        label=_("Năm thành tích"),
        min_value=1945,
        max_value=MAX_YEAR,
        initial=lambda: dt.date.today().year - 1,
    )
    start = vn_date_field(_("Ngày công khai"), required=True, initial=dt.date.today)
    title = forms.CharField(
        label=_("Tiêu đề"),
        max_length=255,
        required=False,
        help_text=_("Để trống: “Công khai danh sách đề nghị khen thưởng năm …”."),
    )
    items = ItemChoiceField(label=_("Người, tập thể được công khai"), queryset=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = selectors.disclosable_items()


class CommentForm(VnDatesMixin, forms.ModelForm):
    class Meta:
        model = DisclosureComment
        fields = ["received_on", "sender", "item", "content", "response"]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, disclosure: Disclosure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._localise_dates()
        item = self.fields["item"]
        item.queryset = selectors.disclosure_items(disclosure)
        item.label_from_instance = lambda i: f"{i.recipient_name} — {i.award_type.name}"
        item.empty_label = _("Cả danh sách")
        item.label = _("Góp ý về")
        self.fields["received_on"].initial = dt.date.today


class DayOffForm(VnDatesMixin, forms.ModelForm):
    class Meta:
        model = OfficeDayOff
        fields = ["date", "name"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._localise_dates()


class CouncilForm(VnDatesMixin, forms.ModelForm):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none())

    class Meta:
        model = Council
        fields = ["name", "unit", "term_from", "term_to"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._localise_dates()
        self.fields["unit"].queryset = Unit.objects.order_by("path")
        self.fields["name"].initial = _("Hội đồng Thi đua – Khen thưởng")


class MemberForm(forms.ModelForm):
    user = forms.ModelChoiceField(
        label=_("Tài khoản (nếu có)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Không có tài khoản"),
        help_text=_("Thành viên có tài khoản xem được hồ sơ trình Hội đồng và các phiên họp."),
    )

    class Meta:
        model = CouncilMember
        fields = ["full_name", "position", "role", "user"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only accounts whose role opens the council's pages (scope.sees_councils).
        roles = [Role.COUNCIL_MEMBER, Role.PROVINCE_OFFICER, Role.ADMIN]
        self.fields["user"].queryset = User.objects.filter(is_active=True, role__in=roles).order_by(
            "username"
        )
        self.fields["role"].initial = CouncilRole.MEMBER


class MeetingForm(forms.Form):
    date = vn_date_field(_("Ngày họp"), required=True)
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    items = ItemChoiceField(label=_("Chương trình họp: đề nghị đưa ra xét"), queryset=None)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = selectors.agenda_items()


class AttendanceForm(VersionedFormMixin, forms.Form):
    present = ModelIdsField(
        label=_("Thành viên dự họp"),
        queryset=CouncilMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, meeting: Meeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_version_field(meeting)
        present = self.fields["present"]
        present.queryset = meeting.council.members.all()
        present.initial = list(meeting.present.values_list("pk", flat=True))


def _count(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=999, error_messages=COUNT_ERRORS)


class BallotForm(VersionedFormMixin, forms.Form):
    """One agenda item's tally; its prefix is the ballot's id, so a page holds many."""

    agree = _count(_("Đồng ý"))
    disagree = _count(_("Không đồng ý"))
    invalid = _count(_("Không hợp lệ"))
    written_agree = _count(_("Đồng ý bằng văn bản"))
    written_disagree = _count(_("Không đồng ý bằng văn bản"))

    COUNTS = ("agree", "disagree", "invalid", "written_agree", "written_disagree")

    def __init__(self, *args, ballot: Ballot, **kwargs) -> None:
        kwargs.setdefault("prefix", f"b{ballot.pk}")
        super().__init__(*args, **kwargs)
        self.add_version_field(ballot)
        for name in self.COUNTS:
            self.fields[name].initial = getattr(ballot, name)

    def counts(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in self.COUNTS}
