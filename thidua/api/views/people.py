"""/api/people/: people, their assignments and their audit history. No delete."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.accounts.scope import visible_people
from thidua.api.history import person_history
from thidua.api.serializers import (
    AssignmentSerializer,
    HistoryEntrySerializer,
    PersonDetailSerializer,
    PersonSerializer,
)
from thidua.api.views.base import CodeLookupMixin
from thidua.org.filters import PersonFilter
from thidua.org.models import Person
from thidua.org.selectors import assignment_history


@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách cán bộ, chiến sĩ trong phạm vi (theo thứ tự tên tiếng Việt)"),
    ),
    retrieve=extend_schema(summary=_("Một cán bộ, chiến sĩ, theo số hiệu")),
    create=extend_schema(summary=_("Thêm cán bộ, chiến sĩ")),
    update=extend_schema(summary=_("Sửa hồ sơ; đổi `unit` là điều động sang đơn vị mới")),
    partial_update=extend_schema(summary=_("Sửa một phần hồ sơ")),
)
@extend_schema(
    tags=["people"],
    description=_("Hồ sơ cán bộ, chiến sĩ; `unit` là mã đơn vị hiện tại. Không có thao tác xoá."),
)
class PersonViewSet(
    CodeLookupMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = PersonFilter

    def get_serializer_class(self):
        return PersonSerializer if self.action == "list" else PersonDetailSerializer

    def get_queryset(self) -> QuerySet[Person]:
        return visible_people(self.request.user).select_related("unit").order_by("sort_key", "code")

    def perform_create(self, serializer: PersonDetailSerializer) -> None:
        self.require_edit(serializer.validated_data.get("unit"))
        serializer.save()

    def perform_update(self, serializer: PersonDetailSerializer) -> None:
        # A move needs both ends: the unit the person leaves and the one they join.
        person = serializer.instance
        self.require_edit(person.unit)
        new_unit = serializer.validated_data.get("unit", person.unit)
        if new_unit != person.unit:
            self.require_edit(new_unit)
        serializer.save()

    @extend_schema(
        methods=["GET"],
        summary=_("Quá trình công tác của một người"),
        responses=AssignmentSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary=_("Thêm một giai đoạn công tác"),
        request=AssignmentSerializer,
        responses={201: AssignmentSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def assignments(self, request: Request, code: str | None = None) -> Response:
        person = self.get_object()
        if request.method == "GET":
            data = AssignmentSerializer(assignment_history(person), many=True).data
            return Response(data)
        self.require_edit(person.unit)
        context = {**self.get_serializer_context(), "person": person}
        serializer = AssignmentSerializer(data=request.data, context=context)
        serializer.is_valid(raise_exception=True)
        self.require_edit(serializer.validated_data["unit"])
        serializer.save()
        return Response(serializer.data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_(
            "Nhật ký thay đổi hồ sơ, quá trình công tác và thời gian gián đoạn công tác "
            "(mới nhất trước)"
        ),
        responses=HistoryEntrySerializer(many=True),
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def history(self, request: Request, code: str | None = None) -> Response:
        person = self.get_object()
        return Response(
            HistoryEntrySerializer(person_history(person, request.user), many=True).data
        )
