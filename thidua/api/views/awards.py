"""/api/award-types/ (the catalogue), /api/decisions/ and /api/awards/: the pages' selectors,
FilterSets and services, under the same rules (accounts.scope): everyone reads within scope;
administrators and province officers create, correct and revoke decisions and revoke awards;
editors add recipients of their scope to a decision they can see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.accounts import scope
from thidua.api.record_serializers import (
    AwardAddSerializer,
    AwardRevokeSerializer,
    AwardSerializer,
    AwardTypeSerializer,
    DecisionCorrectSerializer,
    DecisionDetailSerializer,
    DecisionSerializer,
    ReasonSerializer,
)
from thidua.api.serializers import call_service
from thidua.api.views.base import ApiViewMixin
from thidua.awards import selectors, services
from thidua.awards.filters import AwardFilter, DecisionFilter
from thidua.awards.models import Award, AwardType, Decision
from thidua.lib.versioning import expect_version

MANAGERS_ONLY = (
    "Chỉ quản trị hoặc cán bộ thi đua cấp tỉnh được thêm, đính chính, hủy bỏ quyết định."
)
READ_ONLY_ROLE = "Vai trò của bạn chỉ được xem, không được thêm khen thưởng."


@extend_schema_view(
    list=extend_schema(summary=_("Danh mục khen thưởng (danh hiệu, hình thức)")),
    retrieve=extend_schema(summary=_("Một hình thức khen thưởng, theo mã")),
)
@extend_schema(
    tags=["awards"],
    description=_("Danh mục khen thưởng, nạp từ gói quy tắc; chỉ đọc."),
)
class AwardTypeViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AwardTypeSerializer
    lookup_field = "code"
    lookup_value_regex = r"[a-z0-9_\-]+"
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[AwardType]:
        return selectors.catalogue_listing()


def _require_manager(request: Request) -> None:
    if not scope.can_manage_decisions(request.user):
        raise exceptions.PermissionDenied(MANAGERS_ONLY)


@extend_schema_view(
    list=extend_schema(summary=_("Danh sách quyết định khen thưởng trong phạm vi")),
    retrieve=extend_schema(
        summary=_("Một quyết định với những người, tập thể được khen mà bạn được xem")
    ),
    create=extend_schema(
        summary=_("Thêm quyết định (quản trị, cán bộ cấp tỉnh)"),
        request=DecisionSerializer,
        responses={201: DecisionSerializer},
    ),
)
@extend_schema(
    tags=["awards"],
    description=_(
        "Quyết định khen thưởng. Không xoá: quyết định sai thì đính chính hoặc hủy bỏ, có lý do."
    ),
)
class DecisionViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = DecisionFilter

    def get_serializer_class(self):
        return DecisionDetailSerializer if self.action == "retrieve" else DecisionSerializer

    def get_queryset(self) -> QuerySet[Decision]:
        return scope.visible_decisions(self.request.user).select_related("award_type")

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        decision = self.get_object()
        people, units = selectors.decision_recipients(request.user, decision)
        context = {**self.get_serializer_context(), "awards": people + units}
        return Response(DecisionDetailSerializer(decision, context=context).data)

    def create(self, request: Request) -> Response:
        _require_manager(request)
        serializer = DecisionSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        decision = call_service(services.decision_create, **serializer.validated_data)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Đính chính quyết định (các trường gửi lên được sửa, có lý do)"),
        request=DecisionCorrectSerializer,
        responses={200: DecisionSerializer},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        decision = self.get_object()
        _require_manager(request)
        serializer = DecisionCorrectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reason, version = data.pop("reason"), data.pop("version", None)
        fresh = Decision.objects.get(pk=decision.pk)
        expect_version(fresh, version)
        changes = {k: v for k, v in data.items() if getattr(fresh, k) != v}
        decision = call_service(services.decision_correct, decision=fresh, reason=reason, **changes)
        return Response(DecisionSerializer(decision).data)

    @extend_schema(
        summary=_("Hủy bỏ quyết định và mọi khen thưởng trong đó (có lý do)"),
        request=ReasonSerializer,
        responses={200: DecisionSerializer},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        decision = self.get_object()
        _require_manager(request)
        serializer = ReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fresh = Decision.objects.get(pk=decision.pk)
        expect_version(fresh, serializer.validated_data.get("version"))
        decision = call_service(
            services.decision_revoke, decision=fresh, reason=serializer.validated_data["reason"]
        )
        return Response(DecisionSerializer(decision).data)

    @extend_schema(
        summary=_("Thêm một người hoặc tập thể được khen vào quyết định"),
        request=AwardAddSerializer,
        responses={201: AwardSerializer},
    )
    @action(detail=True, methods=["post"], url_path="awards")
    def add_award(self, request: Request, pk: str | None = None) -> Response:
        decision = self.get_object()
        if not scope.can_add_to_decision(request.user, decision):
            raise exceptions.PermissionDenied(READ_ONLY_ROLE)
        serializer = AwardAddSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        recipient_unit = data["person"].unit if data.get("person") else data["unit"]
        self.require_edit(recipient_unit)
        award = call_service(services.award_add, decision=decision, **data)
        award = Award.objects.select_related("award_type", "decision", "person", "unit").get(
            pk=award.pk
        )
        return Response(AwardSerializer(award).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary=_("Danh sách khen thưởng của người, tập thể trong phạm vi")),
    retrieve=extend_schema(summary=_("Một khen thưởng")),
)
@extend_schema(
    tags=["awards"],
    description=_(
        "Khen thưởng của từng người, tập thể. Hủy bỏ một khen thưởng giữ lại bản ghi và lý do."
    ),
)
class AwardViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AwardSerializer
    filterset_class = AwardFilter

    def get_queryset(self) -> QuerySet[Award]:
        return (
            scope.visible_awards(self.request.user)
            .select_related("award_type", "decision", "person", "unit")
            .order_by("-year_to", "-id")
        )

    @extend_schema(
        summary=_(
            "Hủy bỏ một khen thưởng (có lý do; quyết định và các khen thưởng khác giữ nguyên)"
        ),
        request=AwardRevokeSerializer,
        responses={200: AwardSerializer},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        award = self.get_object()
        _require_manager(request)
        serializer = AwardRevokeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        award = call_service(
            services.award_revoke, award=award, reason=serializer.validated_data["reason"]
        )
        return Response(AwardSerializer(award).data)
