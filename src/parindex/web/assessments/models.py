"""Framework versions, campaigns, unit assessments, their inputs and the audit trail.

Over 500 lines: the app's tables in one module, as Django expects; each model is short.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from parindex.core.loader import load_framework
from parindex.plans.defaults import defaults_for

if TYPE_CHECKING:
    from parindex.core.model import Framework
    from parindex.plans.defaults import PlanDefaults
    from parindex.web.accounts.models import User
    from parindex.web.organisations.models import Unit


@lru_cache(maxsize=16)
def _framework_from_text(sha256: str, text: str, source: str) -> Framework:
    # Keyed by the text's hash: a framework version's text never changes once frozen.
    return load_framework(text, source)


class FrameworkStatus(models.TextChoices):
    """Where a version is in its life (frozen, once a campaign uses it, is ``frozen``)."""

    DRAFT = "draft", _("Bản nháp")
    ACTIVE = "active", _("Đang áp dụng")
    RETIRED = "retired", _("Thôi áp dụng")


class FrameworkVersion(models.Model):
    """One version of a criteria framework, as its YAML text; frozen once a year starts."""

    code = models.CharField(_("mã bộ tiêu chí"), max_length=64)
    version = models.CharField(_("phiên bản"), max_length=32)
    title = models.CharField(_("tên"), max_length=255)
    yaml_text = models.TextField(_("nội dung YAML"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    frozen = models.BooleanField(_("đã khóa"), default=False)
    # Versions stored before the framework page existed were all in use: active by default;
    # the page's imports start as drafts (parindex.web.frameworks).
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=FrameworkStatus.choices,
        default=FrameworkStatus.ACTIVE,
    )
    plan_defaults_yaml = models.TextField(
        _("mặc định của kế hoạch (YAML)"),
        blank=True,
        help_text=_("Cơ quan chủ trì, phối hợp và chỉ tiêu mặc định theo lĩnh vực."),
    )
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

    @property
    def display_title(self) -> str:
        """The framework's title in the active language (``title`` is the Vietnamese one)."""
        from parindex.web.site.language import lang

        return self.framework().label(lang())

    @property
    def version_words(self) -> str:
        """The version as people read it in the active language ("mẫu 1", not "example.1")."""
        from parindex.presentation.versions import version_words
        from parindex.web.site.language import lang

        return version_words(self.version, lang())

    def label(self, language: str | None = None) -> str:
        """The title people read in the active language, with its version (no code)."""
        return _("%(title)s, phiên bản %(version)s") % {
            "title": self.display_title,
            "version": self.version_words,
        }

    def plan_defaults(self) -> PlanDefaults:
        """The plan defaults stored with this version, else those it starts from."""
        return defaults_for(self.code, self.framework().unit_kind, self.plan_defaults_yaml)


def default_bands() -> list[list[str]]:
    """The national result bands: A ≥ 90 %, B 80 – <90 %, C 70 – <80 %."""
    return [["A", "90"], ["B", "80"], ["C", "70"]]


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
    units: models.ManyToManyField[Unit, Assessment] = models.ManyToManyField(
        "organisations.Unit",
        verbose_name=_("đơn vị được đánh giá"),
        through="Assessment",
        related_name="campaigns",
    )
    self_assessment_due = models.DateTimeField(_("hạn tự đánh giá"), null=True, blank=True)
    appraisal_due = models.DateTimeField(_("hạn thẩm định"), null=True, blank=True)
    explanation_due = models.DateTimeField(_("hạn giải trình"), null=True, blank=True)
    publication_due = models.DateTimeField(_("hạn công bố"), null=True, blank=True)
    appeal_due = models.DateTimeField(
        _("hạn kiến nghị"),
        null=True,
        blank=True,
        help_text=_("Để trống: đơn vị được kiến nghị đến khi công bố."),
    )
    bands = models.JSONField(
        _("xếp loại"),
        default=default_bands,
        help_text=_("Danh sách [mã loại, ngưỡng % tối thiểu], ngưỡng cao trước."),
    )
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("đợt đánh giá")
        verbose_name_plural = _("đợt đánh giá")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Đang tự đánh giá")
    PENDING = "pending", _("Chờ thủ trưởng xác nhận")
    SUBMITTED = "submitted", _("Đã gửi")
    APPRAISING = "appraising", _("Đang thẩm định")
    RETURNED = "returned", _("Trả lại để giải trình")
    FINAL = "final", _("Đã có kết quả")
    APPEALED = "appealed", _("Đang xem xét kiến nghị")
    PUBLISHED = "published", _("Đã công bố")


EDITABLE_STATUSES = frozenset({AssessmentStatus.DRAFT})
APPRAISAL_STATUSES = frozenset({AssessmentStatus.APPRAISING, AssessmentStatus.RETURNED})


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
    appraisers: models.ManyToManyField[User, AssessmentAppraiser] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        through="AssessmentAppraiser",
        related_name="appraised_assessments",
        blank=True,
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    final_total = models.DecimalField(
        _("tổng điểm cuối cùng"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    final_max = models.DecimalField(
        _("tổng điểm tối đa"), max_digits=10, decimal_places=4, null=True, blank=True
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


class AreaAppraiser(models.Model):
    """An appraiser assigned to an area (or criterion) across a campaign's assessments."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("đợt đánh giá"),
        on_delete=models.CASCADE,
        related_name="area_appraisers",
    )
    node_code = models.CharField(_("mã lĩnh vực/tiêu chí"), max_length=32)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        on_delete=models.CASCADE,
        related_name="area_assignments",
    )

    class Meta:
        verbose_name = _("phân công thẩm định theo lĩnh vực")
        verbose_name_plural = _("phân công thẩm định theo lĩnh vực")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "node_code", "user"], name="area_appraiser_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.campaign} {self.node_code}"


class Contribution(models.Model):
    """An area or criterion of one assessment prepared by a contributing agency (a unit)."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("phiếu đánh giá"),
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    node_code = models.CharField(_("mã lĩnh vực/tiêu chí"), max_length=32)
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("cơ quan thực hiện"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )

    class Meta:
        verbose_name = _("phân công cơ quan chủ trì")
        verbose_name_plural = _("phân công cơ quan chủ trì")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "node_code"], name="contribution_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.node_code} → {self.unit}"


class ItemStage(models.TextChoices):
    SELF = "self", _("Tự đánh giá")
    APPRAISED = "appraised", _("Thẩm định")
    EXPLAINED = "explained", _("Sau giải trình")
    APPEALED = "appealed", _("Sau kiến nghị")
    FINAL = "final", _("Kết quả cuối cùng")


class ItemScore(models.Model):
    """One score of one sub-criterion at one stage; appended, never changed."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("phiếu đánh giá"),
        on_delete=models.CASCADE,
        related_name="item_scores",
    )
    node_code = models.CharField(_("mã tiêu chí"), max_length=32)
    stage = models.CharField(_("giai đoạn"), max_length=16, choices=ItemStage.choices)
    points = models.DecimalField(_("điểm"), max_digits=10, decimal_places=4)
    reason = models.TextField(_("lý do"), blank=True, max_length=4000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chấm"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"))

    class Meta:
        verbose_name = _("điểm theo giai đoạn")
        verbose_name_plural = _("điểm theo giai đoạn")
        ordering = ["assessment", "node_code", "at", "id"]
        indexes = [models.Index(fields=["assessment", "node_code"], name="item_score_node")]

    def __str__(self) -> str:
        return f"{self.node_code} {self.stage} {self.points}"


class Decision(models.TextChoices):
    ACCEPT = "accept", _("Chấp nhận")
    ADJUST = "adjust", _("Điều chỉnh")
    RETURN = "return", _("Trả lại để giải trình")


class ItemAppraisal(models.Model):
    """The current appraisal of one sub-criterion (its history is in :class:`ItemScore`)."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("phiếu đánh giá"),
        on_delete=models.CASCADE,
        related_name="appraisals",
    )
    node_code = models.CharField(_("mã tiêu chí"), max_length=32)
    decision = models.CharField(_("kết luận"), max_length=8, choices=Decision.choices)
    points = models.DecimalField(_("điểm thẩm định"), max_digits=10, decimal_places=4)
    reason = models.TextField(_("lý do"), blank=True, max_length=4000)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thẩm định"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    explanation = models.TextField(_("nội dung giải trình"), blank=True, max_length=4000)
    explained_points = models.DecimalField(
        _("điểm sau giải trình"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    explained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giải trình"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    updated_at = models.DateTimeField(_("cập nhật lúc"))

    class Meta:
        verbose_name = _("kết quả thẩm định tiêu chí")
        verbose_name_plural = _("kết quả thẩm định tiêu chí")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "node_code"], name="item_appraisal_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node_code} {self.decision} {self.points}"

    @property
    def awaiting_explanation(self) -> bool:
        return self.decision == Decision.RETURN and self.explained_points is None


class Reopening(models.Model):
    """The secretariat reopens one assessment, or one sub-criterion of it, until a new date."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("phiếu đánh giá"),
        on_delete=models.CASCADE,
        related_name="reopenings",
    )
    node_code = models.CharField(
        _("mã tiêu chí"), max_length=32, blank=True, help_text=_("Để trống: cả phiếu.")
    )
    message = models.TextField(_("lời nhắn"), max_length=2000)
    until = models.DateTimeField(_("mở đến"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người mở lại"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("mở lại sau hạn")
        verbose_name_plural = _("mở lại sau hạn")
        ordering = ["-until"]

    def __str__(self) -> str:
        return f"{self.assessment} {self.node_code or '*'} → {self.until:%Y-%m-%d}"


class AppealDecision(models.TextChoices):
    UPHOLD = "uphold", _("Giữ nguyên kết quả")
    CHANGE = "change", _("Thay đổi điểm")


class ItemAppeal(models.Model):
    """The unit's appeal (kiến nghị) against one item's final score, and the council's answer."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("phiếu đánh giá"),
        on_delete=models.CASCADE,
        related_name="appeals",
    )
    node_code = models.CharField(_("mã tiêu chí"), max_length=32)
    reason = models.TextField(_("nội dung kiến nghị"), max_length=4000)
    points_before = models.DecimalField(_("điểm trước kiến nghị"), max_digits=10, decimal_places=4)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kiến nghị"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("kiến nghị lúc"))
    decision = models.CharField(
        _("kết luận"), max_length=8, choices=AppealDecision.choices, blank=True
    )
    points = models.DecimalField(
        _("điểm sau kiến nghị"), max_digits=10, decimal_places=4, null=True, blank=True
    )
    answer = models.TextField(_("trả lời của Hội đồng"), blank=True, max_length=4000)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người kết luận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("kết luận lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("kiến nghị về kết quả tiêu chí")
        verbose_name_plural = _("kiến nghị về kết quả tiêu chí")
        ordering = ["assessment", "node_code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "node_code"], name="item_appeal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.node_code}: {self.decision or '…'}"

    @property
    def pending(self) -> bool:
        return not self.decision
