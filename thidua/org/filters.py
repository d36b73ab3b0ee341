"""One FilterSet per list of the register, used by its page and by its API endpoint alike.

Units are given by code everywhere (?unit=CAX-A1, ?parent=CAH-A), looked up only among the
units the user may see: a code outside the scope gets the answer an unknown code gets."""

from __future__ import annotations

import django_filters as df
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from thidua.accounts import scope
from thidua.lib.filters import IntegerFilter, StrictFilterSet, TruthFilter
from thidua.org import selectors
from thidua.org.choices import RANKS, Gender, UnitKind
from thidua.org.forms import UnitChoiceField
from thidua.org.models import Cluster, Person, Unit

UNIT_NOT_IN_SCOPE = _("Không có đơn vị mã «%(value)s» trong phạm vi của bạn.")
ACTIVE_CHOICES = [("", _("Tất cả")), ("true", _("Đang hiệu lực")), ("false", _("Đã hết hiệu lực"))]


def units_in_scope(request) -> QuerySet[Unit]:
    user = getattr(request, "user", None)
    return scope.visible_units(user).order_by("path")


@extend_schema_field({"type": "string", "pattern": r"^[A-Za-z0-9_.\-]+$"})
class UnitCodeFilter(df.ModelChoiceFilter):
    """A unit of the user's scope, by code, picked from the indented tree on pages."""

    field_class = UnitChoiceField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("queryset", units_in_scope)
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("empty_label", _("Tất cả"))
        kwargs.setdefault("error_messages", {"invalid_choice": UNIT_NOT_IN_SCOPE})
        super().__init__(*args, **kwargs)


class UnitFilter(StrictFilterSet):
    q = df.CharFilter(
        label=_("Tìm theo tên hoặc mã"),
        method="search",
        help_text=_("Tìm theo tên hoặc mã, không phân biệt dấu và hoa thường."),
    )
    kind = df.ChoiceFilter(
        label=_("Loại"),
        choices=UnitKind.choices,
        empty_label=_("Tất cả"),
        error_messages={"invalid_choice": _("«%(value)s» không phải là loại đơn vị hợp lệ.")},
        help_text=_("Loại đơn vị."),
    )
    parent = UnitCodeFilter(
        label=_("Đơn vị cấp trên"),
        help_text=_("Mã đơn vị cấp trên: chỉ các đơn vị trực thuộc trực tiếp."),
    )
    active = TruthFilter(
        label=_("Hiệu lực"),
        method="filter_active",
        widget=forms.Select(choices=ACTIVE_CHOICES),
        help_text=_("true: đang hiệu lực hôm nay; false: chưa hoặc đã hết hiệu lực."),
    )

    ngay = df.DateFilter(
        label=_("Cây đơn vị ngày"),
        method="filter_on_day",
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"}
        ),
        error_messages={"invalid": _("Nhập ngày theo dạng dd/mm/yyyy, ví dụ 30/06/2025.")},
        help_text=_(
            "Ngày (dd/mm/yyyy hoặc yyyy-mm-dd): chỉ các đơn vị có hiệu lực vào ngày đó; trang "
            "danh sách còn hiện tên và cấp trên của đơn vị vào ngày đó."
        ),
    )

    class Meta:
        model = Unit
        fields = ["q", "kind", "parent", "active", "ngay"]

    def search(self, units: QuerySet[Unit], name: str, value: str) -> QuerySet[Unit]:
        return selectors.search_units(units, value)

    def filter_on_day(self, units: QuerySet[Unit], name: str, value) -> QuerySet[Unit]:
        return units.filter(selectors.active_on(value))

    def filter_active(self, units: QuerySet[Unit], name: str, value: bool) -> QuerySet[Unit]:
        today = timezone.localdate()
        active = selectors.active_on(today)
        return units.filter(active) if value else units.exclude(active)


class PersonFilter(StrictFilterSet):
    q = df.CharFilter(
        label=_("Tìm theo tên hoặc số hiệu"),
        method="search",
        help_text=_("Tìm theo họ tên (không phân biệt dấu, hoa thường) hoặc đầu số hiệu."),
    )
    unit = UnitCodeFilter(label=_("Đơn vị"), method="in_unit", help_text=_("Mã đơn vị hiện tại."))
    subtree = TruthFilter(
        label=_("Gồm đơn vị trực thuộc"),
        method="with_subtree",
        help_text=_("true: gồm cả các đơn vị trực thuộc `unit`."),
    )
    gender = df.ChoiceFilter(label=_("Giới tính"), choices=Gender.choices, empty_label=_("Tất cả"))
    rank = df.ChoiceFilter(
        label=_("Cấp bậc"), choices=[(r, r) for r in RANKS], empty_label=_("Tất cả")
    )

    class Meta:
        model = Person
        fields = ["q", "unit", "subtree", "gender", "rank"]

    def search(self, people: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return selectors.search_people(people, value)

    def in_unit(self, people: QuerySet[Person], name: str, unit: Unit) -> QuerySet[Person]:
        if self.form.cleaned_data.get("subtree"):
            return people.filter(unit__path__startswith=unit.path)
        return people.filter(unit=unit)

    def with_subtree(self, people: QuerySet[Person], name: str, value: bool) -> QuerySet[Person]:
        return people  # read by in_unit: "subtree" widens the unit filter, alone it does nothing


class ClusterFilter(StrictFilterSet):
    year = IntegerFilter(label=_("Năm"), help_text=_("Năm."))

    class Meta:
        model = Cluster
        fields = ["year"]
