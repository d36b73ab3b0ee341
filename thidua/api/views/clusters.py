"""/api/clusters/ (emulation clusters and blocks) and /api/duplicates/ (likely duplicate people)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from thidua.accounts import scope
from thidua.api.permissions import ReadOrProvinceEdit
from thidua.api.serializers import ClusterSerializer, DuplicateGroupSerializer
from thidua.api.views.base import ApiViewMixin
from thidua.org.filters import ClusterFilter
from thidua.org.models import Cluster, ClusterMembership
from thidua.org.selectors import duplicate_groups


@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách cụm, khối thi đua"),
    ),
    retrieve=extend_schema(summary=_("Một cụm, khối thi đua với các đơn vị thành viên")),
    create=extend_schema(summary=_("Tạo cụm, khối thi đua (quản trị, cán bộ cấp tỉnh)")),
)
@extend_schema(
    tags=["clusters"],
    description=_("Cụm, khối thi đua theo năm và các đơn vị thành viên với vai trò."),
)
class ClusterViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """A scoped user sees the clusters one of their units belongs to, with every member:
    units of a cluster compete with each other and need to know who is in it
    (accounts.scope.visible_clusters; writes: accounts.scope.can_edit_clusters)."""

    serializer_class = ClusterSerializer
    permission_classes = [ReadOrProvinceEdit]
    filterset_class = ClusterFilter

    def get_queryset(self) -> QuerySet[Cluster]:
        members = ClusterMembership.objects.select_related("unit").order_by("unit__path")
        clusters = scope.visible_clusters(self.request.user)
        return clusters.prefetch_related(Prefetch("memberships", queryset=members)).order_by(
            "-year", "name"
        )


@extend_schema(
    tags=["people"],
    description=_(
        "Hồ sơ có thể là cùng một người; hệ thống không tự gộp, cán bộ kiểm tra và xử lý."
    ),
)
class DuplicateViewSet(ApiViewMixin, viewsets.GenericViewSet):
    serializer_class = DuplicateGroupSerializer
    filter_backends = []  # groups, not a queryset of one model: nothing to filter by

    @extend_schema(
        summary=_("Nhóm hồ sơ có thể trùng (cùng họ tên không dấu và ngày sinh) trong phạm vi")
    )
    def list(self, request: Request) -> Response:
        people = scope.visible_people(request.user)
        page = self.paginate_queryset(duplicate_groups(people))
        keys = {(g["search_key"], g["birth_date"]) for g in page}
        # One query for the people of every group on the page.
        members = defaultdict(list)
        candidates = people.filter(
            search_key__in={k for k, _ in keys}, birth_date__in={d for _, d in keys}
        )
        for person in candidates.select_related("unit").order_by("sort_key", "code"):
            if (person.search_key, person.birth_date) in keys:
                members[(person.search_key, person.birth_date)].append(person)
        groups = [
            {
                "name_key": g["search_key"],
                "birth_date": g["birth_date"],
                "count": g["n"],
                "people": members[(g["search_key"], g["birth_date"])],
            }
            for g in page
        ]
        return self.get_paginated_response(self.get_serializer(groups, many=True).data)
