"""Accounts in the Django admin, with the role and the unit that bounds a user's scope, and
each account's change log (role, unit, active, staff and superuser flags: who, when, from
what) under its form."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from thidua.accounts import scope
from thidua.accounts.models import User
from thidua.lib.audit import history_entries


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

    change_form_template = "admin/accounts/user/change_form.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        context = {**(extra_context or {}), "history": history_entries(obj) if obj else []}
        return super().change_view(request, object_id, form_url, extra_context=context)

    # Accounts decide everyone's scope: only administrators manage them (scope.py).
    def has_module_permission(self, request) -> bool:
        return scope.is_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return scope.is_admin(request.user)

    def has_add_permission(self, request) -> bool:
        return scope.is_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return scope.can_change_account(request.user, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return scope.can_change_account(request.user, obj)
