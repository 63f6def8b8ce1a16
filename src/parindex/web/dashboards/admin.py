from django.contrib import admin

from parindex.web.dashboards.models import NationalResultRow, NationalResultSet


@admin.register(NationalResultSet)
class NationalResultSetAdmin(admin.ModelAdmin):
    list_display = ["file_name", "years", "rows_count", "demo", "imported_by", "imported_at"]
    readonly_fields = ["sha256", "imported_at"]


@admin.register(NationalResultRow)
class NationalResultRowAdmin(admin.ModelAdmin):
    list_display = ["province", "year", "appraisal", "survey", "total", "rank"]
    list_filter = ["year"]
    list_select_related = ["province"]
