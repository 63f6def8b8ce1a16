from django.contrib import admin

from parindex.web.dossiers.models import AppliedIndicator, DossierUpload, ImportJob, SavedMapping


@admin.register(DossierUpload)
class DossierUploadAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "sha256", "size", "uploaded_at"]
    readonly_fields = ["sha256", "stored_name"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # an applied value names the file it came from


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ["upload", "status", "stage", "created_at", "finished_at"]
    list_filter = ["status"]


@admin.register(SavedMapping)
class SavedMappingAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "updated_at"]


@admin.register(AppliedIndicator)
class AppliedIndicatorAdmin(admin.ModelAdmin):
    list_display = ["assessment", "node_code", "input_name", "value", "applied_at"]
