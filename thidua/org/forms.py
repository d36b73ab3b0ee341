"""Forms of the organisation register pages: Vietnamese labels, dates as dd/mm/yyyy."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from thidua.accounts import scope
from thidua.accounts.models import User
from thidua.lib.validators import text_validators
from thidua.lib.versioning import VersionedFormMixin
from thidua.org.choices import RANKS, EdgeKind, Gender
from thidua.org.models import (
    Assignment,
    Cluster,
    ClusterMembership,
    Person,
    ServiceInterruption,
    Unit,
)

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_ERROR = _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 31/12/2020.")


class DateInput(forms.DateInput):
    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off", **(attrs or {})},
            format="%d/%m/%Y",
        )


def vn_date_field(label: str, *, required: bool = False, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": DATE_ERROR},
        **kwargs,
    )


class VnDatesMixin:
    """Gives every date field of a (model) form the dd/mm/yyyy widget and parsing."""

    def _localise_dates(self) -> None:
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
                field.input_formats = DATE_INPUT_FORMATS
                field.error_messages["invalid"] = DATE_ERROR


class ModelIdsField(forms.ModelMultipleChoiceField):
    """Checkboxes of rows by id. An id beyond the database's integer range is an invalid
    choice like any other (Django lets it reach the database: an OverflowError, a 500)."""

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            try:
                number = int(pk)
            except (TypeError, ValueError):
                continue  # Django's own check answers these
            if not 0 < number < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class UnitChoiceField(forms.ModelChoiceField):
    """The unit picker of every form and filter: the tree, each name indented by its depth.
    Pass to_field_name="code" where the value shows in a URL."""

    def label_from_instance(self, obj: Unit) -> str:
        return f"{'— ' * obj.depth}{obj.name} ({obj.code})"


def unit_field(label: str, queryset: QuerySet[Unit], *, required: bool) -> UnitChoiceField:
    """The unit picker over `queryset` in tree order, as every edit form offers it."""
    return UnitChoiceField(
        label=label,
        queryset=queryset.order_by("path"),
        required=required,
        empty_label=_("— chọn đơn vị —"),
    )


class UnitForm(VnDatesMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "parent", "active_from", "active_to", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._localise_dates()
        self.add_version_field(self.instance)
        parents = scope.editable_units(user)
        if self.instance.pk:
            # Never under itself; keeping the current parent stays allowed even when it lies
            # above the clerk's subtree (a clerk may rename their own top unit, not move it).
            parents = parents.exclude(path__startswith=self.instance.path)
            parents = parents | Unit.objects.filter(pk=self.instance.parent_id)
        # Only province-wide editors may create or keep a unit with no parent (a root).
        keeps_root = self.instance.pk and self.instance.parent_id is None
        required = scope.scope_root(user) is not None and not keeps_root
        self.fields["parent"] = unit_field(
            capfirst(Unit._meta.get_field("parent").verbose_name), parents, required=required
        )


class UnitCloseForm(VersionedFormMixin, forms.Form):
    active_to = vn_date_field(_("Hết hiệu lực từ ngày"), required=True)

    def __init__(self, *args, unit: Unit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.add_version_field(unit)
        self.fields["active_to"].initial = dt.date.today()

    def clean_active_to(self) -> dt.date:
        day = self.cleaned_data["active_to"]
        if self.unit.active_from and day < self.unit.active_from:
            raise forms.ValidationError(_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
        return day


class PersonForm(VnDatesMixin, VersionedFormMixin, forms.ModelForm):
    """A person's facts plus the unit they work in; saving goes through services.person_save."""

    class Meta:
        model = Person
        fields = [
            "code",
            "full_name",
            "gender",
            "birth_date",
            "service_start",
            "service_end",
            "rank",
            "position",
            "citizen_id",
            "unverified",
        ]

    start = vn_date_field(
        _("Ngày về đơn vị"),
        help_text=_("Để trống: ngày vào ngành khi tạo mới, hôm nay khi chuyển đơn vị."),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._localise_dates()
        self.add_version_field(self.instance)
        required = scope.scope_root(user) is not None or self.instance.unit_id is not None
        self.fields["unit"] = unit_field(
            _("Đơn vị công tác"), scope.editable_units(user), required=required
        )
        self.fields["unit"].initial = self.instance.unit_id
        self.order_fields(
            [
                "code",
                "full_name",
                "gender",
                "birth_date",
                "citizen_id",
                "service_start",
                "service_end",
                "rank",
                "position",
                "unit",
                "start",
                "unverified",
            ]
        )
        ranks = list(RANKS)
        if self.instance.rank and self.instance.rank not in ranks:
            ranks.append(self.instance.rank)  # an imported rank outside the list stays selectable
        self.fields["rank"].widget = forms.Select(choices=[("", "—")] + [(r, r) for r in ranks])
        self.fields["gender"].choices = [("", "—")] + Gender.choices

    def clean(self) -> dict:
        data = super().clean()
        born, start, end = (
            data.get("birth_date"),
            data.get("service_start"),
            data.get("service_end"),
        )
        if born and start and start <= born:
            self.add_error("service_start", _("Ngày vào ngành phải sau ngày sinh."))
        if start and end and end < start:
            self.add_error("service_end", _("Ngày thôi phục vụ phải sau ngày vào ngành."))
        return data


class AssignmentForm(VnDatesMixin, VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["unit", "start", "end", "position"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._localise_dates()
        self.add_version_field(self.instance)
        self.fields["unit"] = unit_field(_("Đơn vị"), scope.editable_units(user), required=True)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class AssignmentEndForm(VersionedFormMixin, forms.Form):
    end = vn_date_field(_("Kết thúc ngày"), required=True)

    def __init__(self, *args, assignment: Assignment, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        self.add_version_field(assignment)
        self.fields["end"].initial = dt.date.today()

    def clean_end(self) -> dt.date:
        end = self.cleaned_data["end"]
        if end < self.assignment.start:
            raise forms.ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
        return end


class InterruptionForm(VnDatesMixin, VersionedFormMixin, forms.ModelForm):
    """A period not counted as service; services.interruption_add/_edit check it against the
    person's service and their other interruptions."""

    class Meta:
        model = ServiceInterruption
        fields = ["start", "end", "reason", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._localise_dates()
        self.add_version_field(self.instance)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Ngày kết thúc gián đoạn không được trước ngày bắt đầu."))
        return data


class ClusterForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Cluster
        fields = ["name", "year", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_version_field(self.instance)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 1990 <= year <= 2100:
            raise forms.ValidationError(_("Năm không hợp lệ."))
        return year


class MembershipForm(forms.ModelForm):
    """Picks a unit and its role for a cluster; services.cluster_member_add checks the rules."""

    class Meta:
        model = ClusterMembership
        fields = ["unit", "role"]

    def __init__(self, *args, cluster: Cluster, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        first, last = dt.date(cluster.year, 1, 1), dt.date(cluster.year, 12, 31)
        # Offer only units that existed that year and are not members yet.
        active = (Q(active_from__isnull=True) | Q(active_from__lte=last)) & (
            Q(active_to__isnull=True) | Q(active_to__gte=first)
        )
        units = Unit.objects.filter(active).exclude(cluster_memberships__cluster=cluster)
        self.fields["unit"] = unit_field(_("Đơn vị"), units, required=True)


class ReorganisationForm(forms.Form):
    """The event of a reorganisation entered by hand: its date, basis and note."""

    effective_date = vn_date_field(_("Ngày hiệu lực"), required=True)
    basis = forms.CharField(
        label=_("Căn cứ"),
        max_length=255,
        help_text=_("Số, ký hiệu văn bản quyết định sắp xếp, ví dụ 02/2025/NĐ-CP."),
    )
    note = forms.CharField(
        label=_("Ghi chú"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=text_validators(),
    )


class EdgeForm(forms.Form):
    """One line of the event: a unit, what becomes of it, and its successor or new parent
    (units by code, checked against the register in one query by the view)."""

    kind = forms.ChoiceField(
        label=_("Hình thức"), choices=[("", "—"), *EdgeKind.choices], required=False
    )
    old_unit = forms.CharField(label=_("Mã đơn vị"), max_length=32, required=False)
    new_unit = forms.CharField(label=_("Mã đơn vị mới"), max_length=32, required=False)
    new_name = forms.CharField(label=_("Tên mới"), max_length=255, required=False)
    new_parent = forms.CharField(label=_("Mã đơn vị cấp trên mới"), max_length=32, required=False)
    move_people = forms.BooleanField(label=_("Chuyển cán bộ"), required=False)

    UNIT_FIELDS = ("old_unit", "new_unit", "new_parent")

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in self.fields)

    def clean(self) -> dict:
        data = super().clean()
        if not any(data.get(name) for name in self.fields):
            return data
        if not data.get("kind"):
            self.add_error("kind", _("Chọn hình thức sắp xếp."))
        if not data.get("old_unit"):
            self.add_error("old_unit", _("Ghi mã đơn vị được sắp xếp."))
        return data


EdgeFormSet = forms.formset_factory(EdgeForm, extra=6, max_num=60, absolute_max=60)
