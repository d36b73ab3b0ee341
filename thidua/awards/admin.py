"""Django admin for the record: administrators only, and read-only, because every change
must carry a reason (services.decision_correct / decision_revoke) and the catalogue comes
from catalogue.yaml. The history view of each row shows who changed what and why."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thidua.accounts import scope
from thidua.awards.models import (
    Award,
    AwardType,
    AwardTypeAlias,
    Decision,
    Discipline,
    Initiative,
    InitiativeAuthor,
    YearlyResult,
)


class ReadOnlyForAdmin:
    def has_module_permission(self, request) -> bool:
        return scope.is_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return scope.is_admin(request.user)

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AliasInline(ReadOnlyForAdmin, admin.TabularInline):
    model = AwardTypeAlias
    fields = ["text", "key"]


@admin.register(AwardType)
class AwardTypeAdmin(ReadOnlyForAdmin, SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "recipient",
        "level",
        "chain",
        "rank",
        "status",
        "active",
    ]
    list_filter = ["kind", "level", "chain", "status", "active"]
    search_fields = ["code", "name", "short_name", "aliases__text"]
    inlines = [AliasInline]


class AwardInline(ReadOnlyForAdmin, admin.TabularInline):
    model = Award
    fields = ["award_type", "person", "unit", "year_from", "year_to", "status", "revoke_reason"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyForAdmin, SimpleHistoryAdmin):
    list_display = ["number", "date", "authority", "award_type", "status"]
    list_filter = ["status", "award_type"]
    search_fields = ["number", "search_key"]
    date_hierarchy = "date"
    inlines = [AwardInline]


@admin.register(Award)
class AwardAdmin(ReadOnlyForAdmin, SimpleHistoryAdmin):
    list_display = ["award_type", "person", "unit", "year_from", "year_to", "decision", "status"]
    list_filter = ["status", "award_type"]
    search_fields = ["person__code", "person__search_key", "unit__code", "decision__number"]
    list_select_related = ["award_type", "person", "unit", "decision"]


@admin.register(YearlyResult)
class YearlyResultAdmin(ReadOnlyForAdmin, SimpleHistoryAdmin):
    list_display = ["year", "person", "unit", "appraisal", "title"]
    list_filter = ["year", "appraisal"]
    search_fields = ["person__code", "person__search_key", "unit__code"]


class AuthorInline(ReadOnlyForAdmin, admin.TabularInline):
    model = InitiativeAuthor
    fields = ["person"]


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyForAdmin, SimpleHistoryAdmin):
    list_display = ["title", "year", "scope", "decision_number"]
    list_filter = ["scope", "year"]
    search_fields = ["title", "decision_number"]
    inlines = [AuthorInline]


@admin.register(Discipline)
class DisciplineAdmin(ReadOnlyForAdmin, SimpleHistoryAdmin):
    list_display = ["person", "form", "decision_number", "decision_date", "end_date"]
    list_filter = ["form"]
    search_fields = ["person__code", "person__search_key", "decision_number"]
