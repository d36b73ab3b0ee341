"""/api/units/: the unit tree. No delete: a unit that ends is closed with active_to."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets

from thidua.accounts import scope
from thidua.accounts.scope import visible_units
from thidua.api.serializers import UnitSerializer
from thidua.api.views.base import CodeLookupMixin, bool_param, unit_param
from thidua.org.choices import UnitKind
from thidua.org.models import Unit
from thidua.org.selectors import active_on, search_units

ROOT_UNIT_IS_PROVINCES = (
    "Bạn không có quyền sửa đơn vị này: đơn vị của tài khoản chỉ quản trị hoặc cán bộ thi đua "
    "cấp tỉnh được đổi tên, đổi mã, chuyển hoặc ghi hết hiệu lực."
)
UNIT_FILTERS = [
    OpenApiParameter(
        "q", str, description=_("Tìm theo tên hoặc mã, không phân biệt dấu và hoa thường.")
    ),
    OpenApiParameter("kind", str, enum=UnitKind.values, description=_("Loại đơn vị.")),
    OpenApiParameter(
        "parent", str, description=_("Mã đơn vị cấp trên: chỉ các đơn vị trực thuộc trực tiếp.")
    ),
    OpenApiParameter(
        "active",
        OpenApiTypes.BOOL,
        description=_("true: đang hiệu lực hôm nay; false: chưa hoặc đã hết hiệu lực."),
    ),
]


@extend_schema_view(
    list=extend_schema(summary=_("Danh sách đơn vị trong phạm vi"), parameters=UNIT_FILTERS),
    retrieve=extend_schema(summary=_("Một đơn vị, theo mã")),
    create=extend_schema(summary=_("Thêm đơn vị")),
    update=extend_schema(summary=_("Sửa đơn vị (đổi cấp trên thì chuyển cả nhánh)")),
    partial_update=extend_schema(summary=_("Sửa một phần đơn vị")),
)
@extend_schema(
    tags=["units"],
    description=_(
        "Cây đơn vị. Không có thao tác xoá: đơn vị giải thể, sáp nhập thì ghi ngày hết hiệu lực "
        "(`active_to`)."
    ),
)
class UnitViewSet(
    CodeLookupMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = UnitSerializer

    def get_queryset(self) -> QuerySet[Unit]:
        return visible_units(self.request.user).select_related("parent").order_by("path")

    def filter_queryset(self, queryset: QuerySet[Unit]) -> QuerySet[Unit]:
        if self.action != "list":
            return queryset
        request = self.request
        queryset = search_units(queryset, request.query_params.get("q", ""))
        kind = request.query_params.get("kind", "").strip()
        if kind:
            if kind not in UnitKind.values:
                raise serializers.ValidationError(
                    {"kind": [f"«{kind}» không phải là loại đơn vị hợp lệ."]}
                )
            queryset = queryset.filter(kind=kind)
        parent = unit_param(request, "parent")
        if parent is not None:
            queryset = queryset.filter(parent=parent)
        active = bool_param(request, "active")
        if active is not None:
            today = timezone.localdate()
            queryset = (
                queryset.filter(active_on(today)) if active else queryset.exclude(active_on(today))
            )
        return queryset

    def perform_create(self, serializer: UnitSerializer) -> None:
        # A new unit hangs under its parent: the parent must be the user's to edit.
        self.require_edit(serializer.validated_data.get("parent"))
        serializer.save()

    def perform_update(self, serializer: UnitSerializer) -> None:
        unit = serializer.instance
        if not scope.can_change_unit(self.request.user, unit):
            raise exceptions.PermissionDenied(ROOT_UNIT_IS_PROVINCES)
        new_parent = serializer.validated_data.get("parent", unit.parent)
        if new_parent != unit.parent:
            self.require_edit(new_parent)
        serializer.save()
