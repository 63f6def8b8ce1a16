"""Evidence (tài liệu kiểm chứng): a unit's documents, their versions, links, explanations.

A document belongs to a unit and is reused across assessments and years. It is either an
uploaded file (stored content-addressed by SHA-256, one row per version) or a citation of an
official document (number, date, issuer). Nothing here is ever hard-deleted: a document is
withdrawn with who, when and why, and its files stay.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    FILE = "file", _("Tệp tải lên")
    CITATION = "citation", _("Trích dẫn văn bản")


class Document(models.Model):
    """A unit's evidence document: an uploaded file (with versions) or a cited document."""

    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="evidence_documents",
    )
    kind = models.CharField(_("loại"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("trích yếu"), max_length=500)
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_reason = models.CharField(_("lý do thu hồi"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["unit", "withdrawn_at"], name="evidence_doc_unit")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()[:255]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_citation(self) -> bool:
        return self.kind == DocumentKind.CITATION


class DocumentVersion(models.Model):
    """One version of a document; for a file, the stored blob and its SHA-256."""

    document = models.ForeignKey(
        Document, verbose_name=_("tài liệu"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    # Content-addressed name in the default storage (evidence/ab/cd/<sha256>); empty for a
    # citation. Never derived from the user's file name.
    blob = models.CharField(_("tệp lưu trữ"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), default=0)
    file_kind = models.CharField(_("định dạng"), max_length=8, blank=True)
    content_type = models.CharField(_("kiểu nội dung"), max_length=128, blank=True)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
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
        verbose_name = _("phiên bản tài liệu")
        verbose_name_plural = _("phiên bản tài liệu")
        ordering = ["document_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="evidence_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def has_file(self) -> bool:
        return bool(self.blob)


class EvidenceLink(models.Model):
    """A document version supporting one sub-criterion of one assessment."""

    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("phiếu đánh giá"),
        on_delete=models.PROTECT,
        related_name="evidence_links",
    )
    node_code = models.CharField(_("mã tiêu chí"), max_length=32)
    document = models.ForeignKey(
        Document, verbose_name=_("tài liệu"), on_delete=models.PROTECT, related_name="links"
    )
    version = models.ForeignKey(
        DocumentVersion,
        verbose_name=_("phiên bản tài liệu"),
        on_delete=models.PROTECT,
        related_name="links",
    )
    note = models.CharField(_("ghi chú"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gắn"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gắn lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu gắn với tiêu chí")
        verbose_name_plural = _("tài liệu gắn với tiêu chí")
        ordering = ["assessment_id", "node_code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "node_code", "document"], name="evidence_link_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node_code} ← {self.document}"[:255]


class Explanation(models.Model):
    """One version of the unit's explanation (giải trình) of a sub-criterion; latest wins."""

    assessment = models.ForeignKey(
        "assessments.Assessment",
        verbose_name=_("phiếu đánh giá"),
        on_delete=models.PROTECT,
        related_name="explanations",
    )
    node_code = models.CharField(_("mã tiêu chí"), max_length=32)
    version = models.PositiveIntegerField(_("phiên bản"))
    text = models.TextField(_("nội dung giải trình"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giải trình"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("giải trình lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("giải trình")
        verbose_name_plural = _("giải trình")
        ordering = ["assessment_id", "node_code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "node_code", "version"], name="explanation_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node_code} v{self.version}: {self.text[:40]}"
