from django.contrib import admin

from parindex.web.organisations.models import Unit, UnitChange


class UnitChangeInline(admin.TabularInline):
    model = UnitChange
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ["predecessor"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind", "valid_to"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]
    inlines = [UnitChangeInline]
    list_select_related = ["parent"]


@admin.register(UnitChange)
class UnitChangeAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "kind", "date", "legal_basis"]
    list_filter = ["kind", "date"]
    list_select_related = ["predecessor", "successor"]
    autocomplete_fields = ["predecessor", "successor"]
