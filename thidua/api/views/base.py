"""What every endpoint of the API shares: lookup by code, pagination, scope checks on writes."""

from __future__ import annotations

from django.http import Http404
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

from thidua.accounts import scope
from thidua.api.permissions import ReadOrEdit
from thidua.org.models import Unit

# Codes are letters, digits and . _ - (org.models.code_validator); the default pattern
# would stop at the first dot.
CODE_PATTERN = r"[A-Za-z0-9_.\-]+"


class ApiPagination(PageNumberPagination):
    """?page=N (from 1; past the last page: 404) and ?page_size=1..500 (else 400, where DRF
    would quietly use the default), as the schema says."""

    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_page_message = "Trang không hợp lệ."

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        f"Số dòng một trang phải là số nguyên từ 1 đến {self.max_page_size}."
                    ]
                }
            )
        return int(raw)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
                parameter["description"] = (
                    f"Số dòng một trang (1–{self.max_page_size}, mặc định {self.page_size})."
                )
            else:
                parameter["description"] = "Số trang, từ 1."
        return parameters


class ApiViewMixin:
    """Mixed into every viewset: the role check, pagination and the write-scope check
    (Vietnamese error messages: thidua.api.errors)."""

    permission_classes = [ReadOrEdit]
    pagination_class = ApiPagination

    def get_object(self):
        # DRF passes Django's English "No Person matches the given query." through.
        try:
            return super().get_object()
        except Http404:
            raise exceptions.NotFound("Không tìm thấy.") from None

    def require_edit(self, unit: Unit | None) -> None:
        """403 unless the user may change data of this unit (None: data outside every unit)."""
        if not scope.can_edit_unit(self.request.user, unit):
            raise exceptions.PermissionDenied("Bạn không có quyền thay đổi dữ liệu của đơn vị này.")


class CodeLookupMixin(ApiViewMixin):
    lookup_field = "code"
    lookup_value_regex = CODE_PATTERN
