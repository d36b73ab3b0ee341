"""Django admin for the register: for administrators only, and writing through org.services
so that paths, current units and assignments stay consistent."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thidua.accounts import scope
from thidua.org.models import Assignment, Cluster, ClusterMembership, Person, Unit
from thidua.org.services import assignment_delete, assignment_save, person_save, unit_save


class AdminRoleOnly:
    """The admin bypasses unit scope, so only the administrator role may use it."""

    def has_module_permission(self, request) -> bool:
        return scope.is_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return scope.is_admin(request.user)

    def has_add_permission(self, request, *args) -> bool:
        return scope.is_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return scope.is_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return scope.is_admin(request.user)


@admin.register(Unit)
class UnitAdmin(AdminRoleOnly, SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "active_from", "active_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "search_key"]
    ordering = ["path"]
    readonly_fields = ["path", "depth"]
    raw_id_fields = ["parent"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # units are closed with active_to, never deleted

    def save_model(self, request, obj, form, change) -> None:
        unit_save(unit=obj)


class AssignmentInline(AdminRoleOnly, admin.TabularInline):
    model = Assignment
    extra = 0
    raw_id_fields = ["unit"]
    fields = ["unit", "start", "end", "position"]


@admin.register(Person)
class PersonAdmin(AdminRoleOnly, SimpleHistoryAdmin):
    list_display = ["code", "full_name", "gender", "birth_date", "rank", "unit", "unverified"]
    list_filter = ["gender", "unverified"]
    search_fields = ["code", "full_name", "search_key", "citizen_id"]
    ordering = ["sort_key", "code"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit"]
    readonly_fields = ["unit"]
    inlines = [AssignmentInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a person's record is kept whole: nothing of it is ever deleted

    def save_model(self, request, obj, form, change) -> None:
        # The current unit follows the assignments (edited inline below), never set directly.
        person_save(person=obj, actor=request.user)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Assignment:
            super().save_formset(request, form, formset, change)
            return
        assignments = formset.save(commit=False)
        for assignment in formset.deleted_objects:
            assignment_delete(assignment=assignment)
        for assignment in assignments:
            assignment_save(assignment=assignment)
        formset.save_m2m()


class MembershipInline(AdminRoleOnly, admin.TabularInline):
    model = ClusterMembership
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(Cluster)
class ClusterAdmin(AdminRoleOnly, SimpleHistoryAdmin):
    list_display = ["name", "year"]
    list_filter = ["year"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Assignment)
class AssignmentAdmin(AdminRoleOnly, SimpleHistoryAdmin):
    list_display = ["person", "unit", "start", "end", "position"]
    list_select_related = ["person", "unit"]
    raw_id_fields = ["person", "unit"]
    search_fields = ["person__code", "person__search_key", "unit__code"]

    def save_model(self, request, obj, form, change) -> None:
        assignment_save(assignment=obj)

    def delete_model(self, request, obj) -> None:
        assignment_delete(assignment=obj)

    def delete_queryset(self, request, queryset) -> None:
        for assignment in queryset:
            assignment_delete(assignment=assignment)
