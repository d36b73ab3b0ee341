"""/api/yearly-results/, /api/initiatives/, /api/disciplines/: the rest of a person's or
unit's record, read within scope and written as the record page writes it (awards.services,
by those who may change that unit's people: accounts.scope.can_edit_unit)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.accounts import scope
from thidua.api.record_serializers import (
    DisciplineSerializer,
    DisciplineUpdateSerializer,
    InitiativeSerializer,
    InitiativeUpdateSerializer,
    YearlyResultSerializer,
)
from thidua.api.serializers import call_service
from thidua.api.views.base import ApiViewMixin
from thidua.awards import services
from thidua.awards.filters import DisciplineFilter, InitiativeFilter, YearlyResultFilter
from thidua.awards.models import Discipline, Initiative, InitiativeAuthor, YearlyResult
from thidua.lib.versioning import expect_version


class _UpdateByPut(ApiViewMixin):
    """A correction replaces the row's fields: PUT only (no PATCH)."""

    http_method_names = ["get", "post", "put", "head", "options"]


@extend_schema_view(
    list=extend_schema(summary=_("Kết quả xếp loại hằng năm của người, tập thể trong phạm vi")),
    retrieve=extend_schema(summary=_("Một kết quả xếp loại")),
    create=extend_schema(
        summary=_("Ghi kết quả xếp loại của một năm (có rồi thì sửa)"),
        responses={201: YearlyResultSerializer},
    ),
)
@extend_schema(tags=["records"], description=_("Xếp loại và danh hiệu hằng năm."))
class YearlyResultViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = YearlyResultSerializer
    filterset_class = YearlyResultFilter
    version_checked_on_create = True  # saving a year that has a result corrects it

    def get_queryset(self) -> QuerySet[YearlyResult]:
        return (
            scope.visible_results(self.request.user)
            .select_related("person", "unit", "title")
            .order_by("-year", "id")
        )

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        person = data.pop("person", None)
        unit = data.pop("unit", None)
        self.require_edit(person.unit if person is not None else unit)
        result = call_service(
            services.yearly_result_save,
            person=person,
            unit=unit,
            year=data["year"],
            appraisal=data.get("appraisal", ""),
            title=data.get("title"),
            note=data.get("note", ""),
            version=data.get("version"),
        )
        return Response(self.get_serializer(result).data, status=status.HTTP_201_CREATED)


def _initiatives(user) -> QuerySet[Initiative]:
    authors = InitiativeAuthor.objects.select_related("person__unit").order_by("id")
    return (
        scope.visible_initiatives(user)
        .prefetch_related(Prefetch("authorships", queryset=authors))
        .order_by("-year", "title", "id")
    )


@extend_schema_view(
    list=extend_schema(summary=_("Sáng kiến có tác giả trong phạm vi")),
    retrieve=extend_schema(summary=_("Một sáng kiến")),
    create=extend_schema(summary=_("Thêm sáng kiến"), responses={201: InitiativeSerializer}),
    update=extend_schema(
        summary=_("Sửa sáng kiến (tên, năm, phạm vi, số quyết định; tác giả giữ nguyên)"),
        request=InitiativeUpdateSerializer,
        responses={200: InitiativeSerializer},
    ),
)
@extend_schema(tags=["records"], description=_("Sáng kiến được công nhận và tác giả."))
class InitiativeViewSet(
    _UpdateByPut,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = InitiativeFilter

    def get_serializer_class(self):
        return InitiativeUpdateSerializer if self.action == "update" else InitiativeSerializer

    def get_queryset(self) -> QuerySet[Initiative]:
        return _initiatives(self.request.user)

    def _answer(self, initiative: Initiative, code: int) -> Response:
        fresh = _initiatives(self.request.user).get(pk=initiative.pk)
        return Response(InitiativeSerializer(fresh).data, status=code)

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        for author in data["author_list"]:
            self.require_edit(author.unit)
        initiative = call_service(
            services.initiative_create,
            title=data["title"],
            year=data["year"],
            scope=data["scope"],
            authors=data["author_list"],
            decision_number=data.get("decision_number", ""),
        )
        return self._answer(initiative, status.HTTP_201_CREATED)

    def update(self, request: Request, pk: str | None = None) -> Response:
        initiative = self.get_object()
        # The record page of any of its authors the user may change corrects it.
        if not any(
            scope.can_edit_unit(request.user, a.person.unit) for a in initiative.authorships.all()
        ):
            self.require_edit(None)
        serializer = self.get_serializer(initiative, data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        expect_version(initiative, data.get("version"))
        initiative = call_service(
            services.initiative_update,
            initiative=initiative,
            title=data["title"],
            year=data["year"],
            scope=data["scope"],
            decision_number=data.get("decision_number", ""),
        )
        return self._answer(initiative, status.HTTP_200_OK)


@extend_schema_view(
    list=extend_schema(summary=_("Kỷ luật của cán bộ trong phạm vi")),
    retrieve=extend_schema(summary=_("Một quyết định kỷ luật")),
    create=extend_schema(summary=_("Ghi kỷ luật"), responses={201: DisciplineSerializer}),
    update=extend_schema(
        summary=_("Sửa kỷ luật (người bị kỷ luật giữ nguyên)"),
        request=DisciplineUpdateSerializer,
        responses={200: DisciplineSerializer},
    ),
)
@extend_schema(tags=["records"], description=_("Kỷ luật (hình thức, quyết định, thời hạn)."))
class DisciplineViewSet(
    _UpdateByPut,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    filterset_class = DisciplineFilter

    def get_serializer_class(self):
        return DisciplineUpdateSerializer if self.action == "update" else DisciplineSerializer

    def get_queryset(self) -> QuerySet[Discipline]:
        return (
            scope.visible_disciplines(self.request.user)
            .select_related("person", "person__unit")
            .order_by("-decision_date", "-id")
        )

    @staticmethod
    def _fields(data: dict) -> dict:
        return {
            "form": data["form"],
            "decision_number": data["decision_number"],
            "decision_date": data["decision_date"],
            "duration_months": data.get("duration_months"),
            "note": data.get("note", ""),
        }

    def create(self, request: Request) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = serializer.validated_data["person"]
        self.require_edit(person.unit)
        discipline = call_service(
            services.discipline_create, person=person, **self._fields(serializer.validated_data)
        )
        return Response(
            DisciplineSerializer(discipline, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    def update(self, request: Request, pk: str | None = None) -> Response:
        discipline = self.get_object()
        self.require_edit(discipline.person.unit)
        serializer = self.get_serializer(discipline, data=request.data)
        serializer.is_valid(raise_exception=True)
        expect_version(discipline, serializer.validated_data.get("version"))
        discipline = call_service(
            services.discipline_update,
            discipline=discipline,
            **self._fields(serializer.validated_data),
        )
        return Response(
            DisciplineSerializer(discipline, context=self.get_serializer_context()).data
        )
