"""Who may call what. Row-level scope lives in the viewsets' querysets (accounts.scope);
these classes only decide by role, before any object is looked up."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from thidua.accounts import scope


class ReadOrEdit(BasePermission):
    """Any signed-in user reads (within scope); only editing roles write."""

    message = "Vai trò của bạn chỉ được xem, không được thêm hay sửa dữ liệu."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        return request.method in SAFE_METHODS or scope.can_edit(user)


class ReadOrProvinceEdit(BasePermission):
    """Clusters span units of the whole province: only administrators and province
    officers create or change them (accounts.scope.can_edit_clusters)."""

    message = "Chỉ quản trị hệ thống và cán bộ thi đua cấp tỉnh được tạo cụm, khối thi đua."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return True
        return scope.can_edit_clusters(user)
