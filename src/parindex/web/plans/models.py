"""Improvement plans in the database: the plan, every saved version, reporting periods and
the agencies' periodic reports on the items they lead.

The plan itself is the pure ``parindex.plans.Plan`` stored as its JSON text
(``plans.serialize``); every save appends a :class:`PlanVersion`, which is never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã duyệt")
    ISSUED = "issued", _("Đã ban hành")


class PlanSource(models.TextChoices):
    SELF = "self", _("Điểm tự đánh giá")
    FINAL = "final", _("Điểm thẩm định cuối cùng")


class Plan(models.Model):
    """A unit's improvement plan for ``year``, drafted from its ``base_year`` assessment."""

    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="improvement_plans",
    )
    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("phiếu đánh giá nguồn"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )
    source = models.CharField(
        _("điểm làm căn cứ"), max_length=8, choices=PlanSource.choices, default=PlanSource.SELF
    )
    year = models.PositiveIntegerField(_("năm kế hoạch"))
    base_year = models.PositiveIntegerField(_("năm đánh giá làm căn cứ"))
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    content = models.TextField(_("nội dung kế hoạch (JSON)"))
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    number = models.CharField(_("số"), max_length=32, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=32, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ban hành"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("kế hoạch cải thiện")
        verbose_name_plural = _("kế hoạch cải thiện")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.unit.name} {self.year})"

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == PlanStatus.DRAFT


#: The notes the application writes on a version itself, stored in Vietnamese (the record)
#: and shown in the reader's language by :attr:`PlanVersion.note_text`.
DRAFT_NOTE = "Tạo dự thảo từ phiếu đánh giá"
ISSUE_NOTE = "Ban hành: số "


class PlanVersion(models.Model):
    """One saved state of a plan: the full plan JSON, who saved it, when and why."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    content = models.TextField(_("nội dung kế hoạch (JSON)"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lưu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("lưu lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản kế hoạch")
        verbose_name_plural = _("phiên bản kế hoạch")
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} v{self.number}"

    @property
    def note_text(self) -> str:
        """The note in the reader's language when the application wrote it, else as typed."""
        if self.note == DRAFT_NOTE:
            return gettext("Tạo dự thảo từ phiếu đánh giá")
        if self.note.startswith(ISSUE_NOTE):
            symbol = self.note.removeprefix(ISSUE_NOTE)
            return gettext("Ban hành: số %(symbol)s") % {"symbol": symbol}
        return self.note


class Period(models.TextChoices):
    Q1 = "Q1", _("Quý I")
    H1 = "H1", _("6 tháng")
    Q3 = "Q3", _("Quý III")
    YEAR = "YEAR", _("Năm")


class PlanReportingPeriod(models.Model):
    """A reporting period of a plan with its deadline (set by the secretariat)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="periods"
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=4, choices=Period.choices)
    deadline = models.DateField(_("hạn báo cáo"))

    class Meta:
        verbose_name = _("kỳ báo cáo kế hoạch")
        verbose_name_plural = _("kỳ báo cáo kế hoạch")
        ordering = ["plan", "deadline"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "period"], name="plan_period_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_period_display()} {self.plan.year}"


class ItemStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa triển khai")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")
    AT_RISK = "at_risk", _("Có nguy cơ không đạt")
    LATE = "late", _("Chậm tiến độ")


class ItemReport(models.Model):
    """A lead agency's report on one plan item for one period (latest state; history in audit)."""

    period = models.ForeignKey(
        PlanReportingPeriod,
        verbose_name=_("kỳ báo cáo"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    item_key = models.CharField(_("mục kế hoạch"), max_length=64)
    agency = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("cơ quan báo cáo"),
        on_delete=models.PROTECT,
        related_name="plan_item_reports",
    )
    status = models.CharField(_("tình trạng"), max_length=16, choices=ItemStatus.choices)
    measured = models.JSONField(_("giá trị đo được"), default=dict, blank=True)
    provenance = models.JSONField(_("nguồn số liệu"), default=dict, blank=True)
    note = models.TextField(_("kết quả thực hiện"), blank=True, max_length=4000)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True, max_length=4000)
    evidence = models.ManyToManyField(
        "evidence.Document", verbose_name=_("tài liệu kiểm chứng"), blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("gửi lúc"))

    class Meta:
        verbose_name = _("báo cáo mục kế hoạch")
        verbose_name_plural = _("báo cáo mục kế hoạch")
        ordering = ["period", "item_key", "agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "item_key", "agency"], name="plan_item_report_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.item_key} · {self.agency}"
