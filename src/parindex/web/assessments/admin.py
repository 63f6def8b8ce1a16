from django.contrib import admin

from parindex.web.assessments.models import (
    AreaAppraiser,
    Assessment,
    AssessmentAppraiser,
    Campaign,
    Contribution,
    FrameworkVersion,
    InputValue,
    ItemAppeal,
    ItemAppraisal,
    ItemScore,
    Reopening,
)


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "title", "frozen", "created_at"]
    readonly_fields = ["sha256"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "framework_version", "organiser"]
    list_select_related = ["framework_version", "organiser"]


class ContributionInline(admin.TabularInline):
    model = Contribution
    extra = 0


class ReopeningInline(admin.TabularInline):
    model = Reopening
    extra = 0
    readonly_fields = ["created_by", "created_at"]


class AppraiserInline(admin.TabularInline):
    model = AssessmentAppraiser
    extra = 0


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["unit", "campaign", "status", "updated_at"]
    list_filter = ["status", "campaign"]
    list_select_related = ["unit", "campaign"]
    inlines = [AppraiserInline, ContributionInline, ReopeningInline]


@admin.register(InputValue)
class InputValueAdmin(admin.ModelAdmin):
    list_display = ["assessment", "node_code", "input_name", "value", "version", "updated_by"]
    list_select_related = ["assessment__unit", "assessment__campaign", "updated_by"]


@admin.register(AreaAppraiser)
class AreaAppraiserAdmin(admin.ModelAdmin):
    list_display = ["campaign", "node_code", "user"]
    list_select_related = ["campaign", "user"]


@admin.register(ItemAppraisal)
class ItemAppraisalAdmin(admin.ModelAdmin):
    list_display = ["assessment", "node_code", "decision", "points", "explained_points"]
    list_select_related = ["assessment__unit", "assessment__campaign"]
    list_filter = ["decision"]


@admin.register(ItemScore)
class ItemScoreAdmin(admin.ModelAdmin):
    """Read only: every score is kept as it was given."""

    list_display = ["assessment", "node_code", "stage", "points", "by", "at"]
    list_select_related = ["assessment__unit", "assessment__campaign", "by"]
    list_filter = ["stage"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ItemAppeal)
class ItemAppealAdmin(admin.ModelAdmin):
    """Read only: appeals are filed and answered on the appeals page, through the services."""

    list_display = ["assessment", "node_code", "decision", "points_before", "points", "filed_at"]
    list_select_related = ["assessment__unit", "assessment__campaign"]
    list_filter = ["decision"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
