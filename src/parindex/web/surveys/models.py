"""SIPAS surveys run by a province: the form, quotas, invitation codes, responses, imports.

Responses are never deleted (``PROTECT`` everywhere a response hangs): the index a province
publishes must stay reproducible from the answers behind it.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    OPEN = "open", _("Đang thu thập")
    CLOSED = "closed", _("Đã đóng")


class Access(models.TextChoices):
    CODE = "code", _("Một phiếu cho mỗi mã mời")
    OPEN = "open", _("Mở cho mọi người (giới hạn chống lạm dụng)")


class FormSource(models.TextChoices):
    SIPAS = "sipas", _("Phiếu SIPAS có sẵn")
    UPLOAD = "upload", _("Tệp XLSForm tải lên")


class Survey(models.Model):
    """One survey round of a province: the questionnaire (XLSForm sheets) and its settings."""

    slug = models.SlugField(_("mã đường dẫn"), max_length=80, unique=True)
    title = models.CharField(_("tên cuộc khảo sát"), max_length=255)
    year = models.PositiveIntegerField(_("năm"))
    province = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("tỉnh"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    form_source = models.CharField(
        _("nguồn phiếu"), max_length=16, choices=FormSource.choices, default=FormSource.SIPAS
    )
    form_name = models.CharField(_("tên tệp phiếu"), max_length=255, blank=True)
    form_sheets = models.JSONField(_("các trang XLSForm"), default=dict)
    form_sha256 = models.CharField(_("SHA-256 của phiếu"), max_length=64)
    margin = models.DecimalField(
        _("sai số e"), max_digits=4, decimal_places=3, default=Decimal("0.05")
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    access = models.CharField(
        _("hình thức trả lời"), max_length=16, choices=Access.choices, default=Access.CODE
    )
    target = models.DecimalField(
        _("chỉ tiêu của kế hoạch (tỷ lệ)"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Ví dụ 0,90 cho chỉ tiêu hài lòng ≥ 90,00%."),
    )
    previous_index = models.DecimalField(
        _("chỉ số năm trước đã công bố (tỷ lệ)"),
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    service_map = models.JSONField(
        _("ánh xạ dịch vụ với lĩnh vực, thủ tục của nhật ký hồ sơ"),
        null=True,
        blank=True,
        help_text=_("Trống: dùng ánh xạ mặc định của phiếu SIPAS."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc khảo sát")
        verbose_name_plural = _("cuộc khảo sát")
        ordering = ["-year", "title", "id"]

    def __str__(self) -> str:
        return self.title


class PopulationSource(models.TextChoices):
    LOG = "log", _("Nhật ký hồ sơ")
    ENTERED = "entered", _("Nhập tay")


class SurveyQuota(models.Model):
    """The sample target of one unit (and service, blank: all services) of a survey."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("cuộc khảo sát"), on_delete=models.CASCADE, related_name="quotas"
    )
    unit_code = models.CharField(_("mã cơ quan trong phiếu"), max_length=64)
    service_code = models.CharField(_("mã dịch vụ trong phiếu"), max_length=64, blank=True)
    org_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("đơn vị trong hệ thống"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    log_agency = models.CharField(
        _("mã cơ quan trong nhật ký hồ sơ"),
        max_length=255,
        blank=True,
        help_text=_("Nhiều mã cách nhau bằng dấu phẩy; trống: mã cơ quan trong phiếu."),
    )
    population = models.PositiveIntegerField(_("số hồ sơ N"), default=0)
    population_source = models.CharField(
        _("nguồn của N"),
        max_length=16,
        choices=PopulationSource.choices,
        default=PopulationSource.ENTERED,
    )
    target = models.PositiveIntegerField(_("cỡ mẫu n"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu mẫu")
        verbose_name_plural = _("chỉ tiêu mẫu")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "unit_code", "service_code"], name="survey_quota_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_code}/{self.service_code or '*'}: {self.target}/{self.population}"


class ImportBatch(models.Model):
    """One file of responses exported from KoboToolbox, ODK or LimeSurvey."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("cuộc khảo sát"), on_delete=models.PROTECT, related_name="batches"
    )
    tool = models.CharField(_("công cụ"), max_length=16)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    imported = models.PositiveIntegerField(_("số phiếu mới"), default=0)
    skipped = models.PositiveIntegerField(_("số phiếu đã có"), default=0)
    mapping = models.JSONField(_("ánh xạ cột"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt nhập phiếu")
        verbose_name_plural = _("lượt nhập phiếu")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "sha256"], name="survey_batch_sha"),
        ]

    def __str__(self) -> str:
        return self.file_name


class ResponseSource(models.TextChoices):
    WEB = "web", _("Phiếu trực tuyến")
    KOBO = "kobo", _("KoboToolbox")
    ODK = "odk", _("ODK")
    LIMESURVEY = "limesurvey", _("LimeSurvey")
    GENERIC = "generic", _("Tệp khác")
    DEMO = "demo", _("Dữ liệu minh họa")


class SurveyResponse(models.Model):
    """One citizen's answers (choice codes), whichever way they reached the province."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("cuộc khảo sát"), on_delete=models.PROTECT, related_name="responses"
    )
    source = models.CharField(_("nguồn"), max_length=16, choices=ResponseSource.choices)
    source_id = models.CharField(_("mã phiếu tại nguồn"), max_length=128)
    unit_code = models.CharField(_("mã cơ quan"), max_length=64, blank=True)
    service_code = models.CharField(_("mã dịch vụ"), max_length=64, blank=True)
    answers = models.JSONField(_("câu trả lời"), default=dict)
    submitted_at = models.CharField(_("thời điểm gửi tại nguồn"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("lượt nhập"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
    )

    class Meta:
        verbose_name = _("phiếu trả lời")
        verbose_name_plural = _("phiếu trả lời")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "source_id"], name="survey_response_id"),
        ]
        indexes = [
            models.Index(fields=["survey", "unit_code", "service_code"], name="survey_resp_cell")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.source_id}"


class InvitationCode(models.Model):
    """A single-use code handed to a citizen with the result slip."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("cuộc khảo sát"), on_delete=models.CASCADE, related_name="codes"
    )
    code = models.CharField(_("mã mời"), max_length=16, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    response = models.OneToOneField(
        SurveyResponse,
        verbose_name=_("phiếu trả lời"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitation",
    )
    used_at = models.DateTimeField(_("dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã mời")
        verbose_name_plural = _("mã mời")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.code


class AppliedSurveyResult(models.Model):
    """A survey figure handed to an assessment for a framework item that uses it."""

    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("phiếu đánh giá"),
        on_delete=models.CASCADE,
        related_name="applied_survey_results",
    )
    survey = models.ForeignKey(
        Survey, verbose_name=_("cuộc khảo sát"), on_delete=models.PROTECT, related_name="applied"
    )
    node_code = models.CharField(_("mã tiêu chí"), max_length=32)
    input_name = models.CharField(_("thông số"), max_length=64)
    value = models.CharField(_("giá trị"), max_length=64)
    written = models.BooleanField(
        _("đã ghi vào thông số tự chấm"),
        default=False,
        help_text=_("Sai nếu tiêu chí do Bộ Nội vụ chấm: số liệu chỉ được lưu để tham chiếu."),
    )
    provenance = models.JSONField(_("nguồn gốc số liệu"), default=dict)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người áp dụng"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("áp dụng lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả khảo sát đã áp dụng")
        verbose_name_plural = _("kết quả khảo sát đã áp dụng")
        ordering = ["-applied_at", "-id"]

    def __str__(self) -> str:
        return f"{self.node_code}/{self.input_name} = {self.value}"
