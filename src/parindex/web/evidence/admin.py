from django.contrib import admin

from parindex.web.evidence.models import Document, DocumentVersion, EvidenceLink, Explanation


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    can_delete = False
    readonly_fields = ["number", "original_name", "sha256", "size", "file_kind", "uploaded_by"]
    fields = readonly_fields  # type: ignore[assignment]  # a list of names is a valid fields value; list invariance


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "kind", "unit", "created_at", "withdrawn_at"]
    list_filter = ["kind"]
    search_fields = ["title", "number", "issuer"]
    list_select_related = ["unit"]
    inlines = [VersionInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # evidence is withdrawn, never deleted


@admin.register(EvidenceLink)
class EvidenceLinkAdmin(admin.ModelAdmin):
    list_display = ["assessment", "node_code", "document", "version", "created_at"]
    list_select_related = ["assessment__unit", "assessment__campaign", "document", "version"]


@admin.register(Explanation)
class ExplanationAdmin(admin.ModelAdmin):
    list_display = ["assessment", "node_code", "version", "created_by", "created_at"]
    list_select_related = ["assessment__unit", "assessment__campaign", "created_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # versions are kept: a change is a new version

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
