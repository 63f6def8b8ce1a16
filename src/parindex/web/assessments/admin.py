from django.contrib import admin

from parindex.web.assessments.models import (
    Assessment,
    AssessmentAppraiser,
    Campaign,
    FrameworkVersion,
    InputValue,
)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "title", "frozen", "created_at"]
    readonly_fields = ["sha256"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "framework_version", "organiser"]
    list_select_related = ["framework_version", "organiser"]


class AppraiserInline(admin.TabularInline):
    model = AssessmentAppraiser
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["unit", "campaign", "status", "updated_at"]
    list_filter = ["status", "campaign"]
    list_select_related = ["unit", "campaign"]
    inlines = [AppraiserInline]


@admin.register(InputValue)
class InputValueAdmin(admin.ModelAdmin):
    list_display = ["assessment", "node_code", "input_name", "value", "version", "updated_by"]
    list_select_related = ["assessment__unit", "assessment__campaign", "updated_by"]
