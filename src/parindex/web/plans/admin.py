from django.contrib import admin

from parindex.web.plans.models import ItemReport, Plan, PlanReportingPeriod, PlanVersion


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "year", "status", "version"]
    list_filter = ["status", "year"]
    readonly_fields = ["content", "version"]


@admin.register(PlanVersion)
class PlanVersionAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "by", "at", "note"]
    readonly_fields = ["plan", "number", "content", "by", "at"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # versions are written by the plan services, numbered in order

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # versions are never deleted


@admin.register(PlanReportingPeriod)
class PlanReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["plan", "period", "deadline"]


@admin.register(ItemReport)
class ItemReportAdmin(admin.ModelAdmin):
    list_display = ["period", "item_key", "agency", "status", "submitted_at"]
