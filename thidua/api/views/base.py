"""What every endpoint of the API shares: lookup by code, pagination, scope checks on writes."""

from __future__ import annotations

from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.pagination import PageNumberPagination

from thidua.accounts import scope
from thidua.accounts.scope import visible_units
from thidua.api.permissions import ReadOrEdit
from thidua.org.models import Unit

# Codes are letters, digits and . _ - (org.models.code_validator); the default pattern
# would stop at the first dot.
CODE_PATTERN = r"[A-Za-z0-9_.\-]+"


class ApiPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500
    invalid_page_message = "Trang không hợp lệ."


class ApiViewMixin:
    """Mixed into every viewset: Vietnamese auth errors and the write-scope check."""

    permission_classes = [ReadOrEdit]
    pagination_class = ApiPagination

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated(
                "Bạn cần đăng nhập (phiên đăng nhập hoặc HTTP Basic)."
            )
        super().permission_denied(request, message=message, code=code)

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


def bool_param(request, name: str) -> bool | None:
    """?name=true|false (also 1/0, yes/no); None when absent."""
    raw = request.query_params.get(name, "").strip().lower()
    if raw == "":
        return None
    if raw in {"true", "1", "yes"}:
        return True
    if raw in {"false", "0", "no"}:
        return False
    raise serializers.ValidationError({name: ["Giá trị phải là true hoặc false."]})


def unit_param(request, name: str) -> Unit | None:
    """?name=<unit code>, looked up within the user's scope; 400 when unknown there."""
    code = request.query_params.get(name, "").strip()
    if not code:
        return None
    unit = visible_units(request.user).filter(code=code).first()
    if unit is None:
        raise serializers.ValidationError(
            {name: [f"Không có đơn vị mã «{code}» trong phạm vi của bạn."]}
        )
    return unit


def int_param(request, name: str) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise serializers.ValidationError({name: ["Phải là một số nguyên."]}) from None
