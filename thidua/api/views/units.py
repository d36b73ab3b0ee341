"""/api/units/: the unit tree. No delete: a unit that ends is closed with active_to."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, viewsets

from thidua.accounts import scope
from thidua.accounts.scope import visible_units
from thidua.api.serializers import UnitSerializer
from thidua.api.views.base import CodeLookupMixin
from thidua.org.filters import UnitFilter
from thidua.org.models import Unit

ROOT_UNIT_IS_PROVINCES = (
    "Bạn không có quyền sửa đơn vị này: đơn vị của tài khoản chỉ quản trị hoặc cán bộ thi đua "
    "cấp tỉnh được đổi tên, đổi mã, chuyển hoặc ghi hết hiệu lực."
)


@extend_schema_view(
    list=extend_schema(summary=_("Danh sách đơn vị trong phạm vi")),
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
    filterset_class = UnitFilter

    def get_queryset(self) -> QuerySet[Unit]:
        return visible_units(self.request.user).select_related("parent").order_by("path")

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
