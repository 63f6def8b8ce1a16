import hashlib

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parindex.core.errors import FrameworkError
from parindex.io.framework_yaml import load_framework_yaml
from parindex.presentation.text import problem_text
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
from parindex.web.site.language import lang


class FrameworkVersionForm(forms.ModelForm):
    """The framework text is validated by the same loader as every import; a frozen
    version's text never changes, and code and version come from the text."""

    class Meta:
        model = FrameworkVersion
        # Plan defaults are edited on the framework page (per area, with the freezing rule).
        fields = ["yaml_text", "status"]

    def clean_yaml_text(self) -> str:
        text = self.cleaned_data["yaml_text"]
        try:
            self.parsed = load_framework_yaml(text, str(_("nội dung YAML")))
        except FrameworkError as exc:
            raise forms.ValidationError([problem_text(p, lang()) for p in exc.problems]) from None
        instance = self.instance
        if instance.pk is not None:
            if instance.frozen and text != instance.yaml_text:
                raise forms.ValidationError(
                    _("Phiên bản này đã khóa (một đợt đánh giá đang dùng): hãy nhập phiên bản mới.")
                )
            if (self.parsed.code, self.parsed.version) != (instance.code, instance.version):
                raise forms.ValidationError(
                    _("Mã và phiên bản không đổi được: hãy nhập thành phiên bản mới.")
                )
        elif FrameworkVersion.objects.filter(
            code=self.parsed.code, version=self.parsed.version
        ).exists():
            raise forms.ValidationError(_("Đã có phiên bản này."))
        return text

    def save(self, commit: bool = True) -> FrameworkVersion:
        version = super().save(commit=False)
        text = version.yaml_text
        version.code, version.version = self.parsed.code, self.parsed.version
        version.title = self.parsed.title[:255]
        version.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if commit:
            version.save()
        return version


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    """Validated like every import; the framework page (/frameworks/) is the usual door."""

    form = FrameworkVersionForm
    list_display = ["code", "version", "title", "status", "frozen", "created_at"]
    readonly_fields = ["code", "version", "title", "sha256", "frozen", "plan_defaults_yaml"]


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
    """Read only: an input changes through the assessment page, the API or an import, where
    every write is checked, versioned (optimistic locking) and audited; an edit here did none
    of that (security review)."""

    list_display = ["assessment", "node_code", "input_name", "value", "version", "updated_by"]
    list_select_related = ["assessment__unit", "assessment__campaign", "updated_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


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
