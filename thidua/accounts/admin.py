"""Accounts in the Django admin, with the role and the unit that bounds a user's scope."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from thidua.accounts import scope
from thidua.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]
    fieldsets = [
        *BaseUserAdmin.fieldsets[:1],
        ("Vai trò và phạm vi", {"fields": ["role", "unit"]}),
        *BaseUserAdmin.fieldsets[1:],
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["username", "password1", "password2", "role", "unit"]},
        ),
    ]

    # Accounts decide everyone's scope: only administrators manage them.
    def has_module_permission(self, request) -> bool:
        return scope.is_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return scope.is_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return scope.is_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return scope.is_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return scope.is_admin(request.user)
