"""Framework versions, campaigns, unit assessments, their inputs and the audit trail."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parindex.core.loader import load_framework

if TYPE_CHECKING:
    from parindex.core.model import Framework


@lru_cache(maxsize=16)
def _framework_from_text(sha256: str, text: str, source: str) -> Framework:
    # Keyed by the text's hash: a framework version's text never changes once frozen.
    return load_framework(text, source)


class FrameworkVersion(models.Model):
    """One version of a criteria framework, as its YAML text; frozen once a year starts."""

    code = models.CharField(_("mã bộ tiêu chí"), max_length=64)
    version = models.CharField(_("phiên bản"), max_length=32)
    title = models.CharField(_("tên"), max_length=255)
    yaml_text = models.TextField(_("nội dung YAML"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    frozen = models.BooleanField(_("đã khóa"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản bộ tiêu chí")
        verbose_name_plural = _("phiên bản bộ tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="framework_code_version"),
        ]

    def __str__(self) -> str:
        return f"{self.code}@{self.version}"

    def framework(self) -> Framework:
        """The parsed framework (cached by content hash)."""
        return _framework_from_text(self.sha256, self.yaml_text, f"{self.code}@{self.version}")


class Campaign(models.Model):
    """A yearly assessment round: a framework version, a year, units and deadlines."""

    name = models.CharField(_("tên đợt đánh giá"), max_length=255)
    framework_version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("bộ tiêu chí"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    year = models.PositiveIntegerField(_("năm đánh giá"))
    organiser = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("đơn vị tổ chức"),
        on_delete=models.PROTECT,
        related_name="organised_campaigns",
    )
    units = models.ManyToManyField(
        "organisations.Unit",
        verbose_name=_("đơn vị được đánh giá"),
        through="Assessment",
        related_name="campaigns",
    )
    self_assessment_due = models.DateTimeField(_("hạn tự đánh giá"), null=True, blank=True)
    appraisal_due = models.DateTimeField(_("hạn thẩm định"), null=True, blank=True)
    explanation_due = models.DateTimeField(_("hạn giải trình"), null=True, blank=True)
    publication_due = models.DateTimeField(_("hạn công bố"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Đang tự đánh giá")
    SUBMITTED = "submitted", _("Đã gửi")
    APPRAISING = "appraising", _("Đang thẩm định")
    RETURNED = "returned", _("Trả lại để giải trình")
    FINAL = "final", _("Đã có kết quả")
    PUBLISHED = "published", _("Đã công bố")


EDITABLE_STATUSES = frozenset({AssessmentStatus.DRAFT, AssessmentStatus.RETURNED})


class Assessment(models.Model):
    """One unit's assessment in a campaign."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("đợt đánh giá"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
    )
    appraisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        through="AssessmentAppraiser",
        related_name="appraised_assessments",
        blank=True,
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("phiếu đánh giá")
        verbose_name_plural = _("phiếu đánh giá")
        ordering = ["-campaign__year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="assessment_campaign_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.campaign}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class AssessmentAppraiser(models.Model):
    """An appraiser (council member) assigned to an assessment."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("phiếu đánh giá"), on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thẩm định"), on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("phân công thẩm định")
        verbose_name_plural = _("phân công thẩm định")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user"], name="appraiser_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.assessment}"


class InputValue(models.Model):
    """One input of one sub-criterion, stored as the canonical text of its coerced value."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("phiếu đánh giá"),
        on_delete=models.CASCADE,
        related_name="inputs",
    )
    node_code = models.CharField(_("mã tiêu chí"), max_length=32)
    input_name = models.CharField(_("tên số liệu"), max_length=64)
    value = models.CharField(_("giá trị"), max_length=255)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "node_code", "input_name"], name="input_value_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node_code}.{self.input_name} = {self.value}"


class NodeComment(models.Model):
    """The unit's comment on a sub-criterion (why points were lost, what the evidence is)."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("phiếu đánh giá"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    node_code = models.CharField(_("mã tiêu chí"), max_length=32)
    text = models.TextField(_("ghi chú"), max_length=2000)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ghi chú tiêu chí")
        verbose_name_plural = _("ghi chú tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "node_code"], name="node_comment_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.node_code}: {self.text[:40]}"
