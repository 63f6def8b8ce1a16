"""Dossier logs uploaded by a province, their imports into the province's store, saved column
mappings, and the framework inputs applied to an assessment with their provenance.

Uploaded files are stored content-addressed (SHA-256) and never deleted: a computed input
names the file it came from, so the file must stay.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DossierUpload(models.Model):
    """One uploaded export of the one-stop shop's dossier log."""

    province = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("tỉnh"),
        on_delete=models.PROTECT,
        related_name="dossier_uploads",
    )
    name = models.CharField(_("tên tệp"), max_length=255)
    stored_name = models.CharField(_("tệp lưu trữ"), max_length=255, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveBigIntegerField(_("kích thước (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp nhật ký hồ sơ")
        verbose_name_plural = _("tệp nhật ký hồ sơ")
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["province", "sha256"], name="dossier_upload_sha"),
        ]

    def __str__(self) -> str:
        return self.name


class SavedMapping(models.Model):
    """A named column mapping a province reuses for its next exports."""

    province = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("tỉnh"),
        on_delete=models.PROTECT,
        related_name="dossier_mappings",
    )
    name = models.CharField(_("tên"), max_length=100)
    mapping = models.JSONField(_("ánh xạ cột"), default=dict)
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
        verbose_name = _("ánh xạ cột đã lưu")
        verbose_name_plural = _("ánh xạ cột đã lưu")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="dossier_mapping_name"),
        ]

    def __str__(self) -> str:
        return self.name


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang nhập")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Thất bại")


class ImportJob(models.Model):
    """Importing one upload into the province's store: what the pages show of its task."""

    upload = models.ForeignKey(
        DossierUpload, verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="jobs"
    )
    mapping = models.JSONField(_("ánh xạ cột"), default=dict)
    max_bad_rows = models.PositiveIntegerField(_("số dòng lỗi chấp nhận"), default=0)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    stage = models.CharField(_("bước"), max_length=16, blank=True)
    done = models.PositiveBigIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveBigIntegerField(_("tổng số"), default=0)
    result = models.JSONField(_("kết quả"), default=dict, blank=True)
    errors = models.JSONField(_("các dòng lỗi"), default=list, blank=True)
    error = models.CharField(_("lỗi"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    # The background task running the import (web/dossiers/tasks.py) and its last sign of life.
    task_id = models.CharField(_("mã tác vụ nền"), max_length=64, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(_("tín hiệu gần nhất lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lượt nhập dữ liệu")
        verbose_name_plural = _("lượt nhập dữ liệu")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="dossier_job_status")]

    def __str__(self) -> str:
        return f"{self.upload} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("dossiers:job", args=[self.upload.province_id, self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class AppliedIndicator(models.Model):
    """A framework input filled from the dossier log, with where the number comes from."""

    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("phiếu đánh giá"),
        on_delete=models.CASCADE,
        related_name="applied_indicators",
    )
    node_code = models.CharField(_("mã tiêu chí"), max_length=32)
    input_name = models.CharField(_("thông số"), max_length=64)
    value = models.CharField(_("giá trị"), max_length=64)
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
        verbose_name = _("số liệu từ nhật ký hồ sơ")
        verbose_name_plural = _("số liệu từ nhật ký hồ sơ")
        ordering = ["-applied_at", "-id"]
        indexes = [
            models.Index(fields=["assessment", "node_code"], name="dossier_applied_node"),
        ]

    def __str__(self) -> str:
        return f"{self.node_code}/{self.input_name} = {self.value}"

    def get_absolute_url(self) -> str:
        return reverse("dossiers:applied", args=[self.pk])
