"""The files a framework version was imported from, kept as the user uploaded them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.web.assessments.models import FrameworkVersion


class FrameworkUpload(models.Model):
    """One uploaded file of a framework version (every upload is kept, even an unchanged one).

    The bytes live in the database, in the same transaction as the version they gave: a bad
    file stores nothing, a good one never leaves a version without its file (or a file
    without its version) behind. Files are bounded (``services.MAX_UPLOAD_BYTES``).
    """

    version = models.ForeignKey(
        FrameworkVersion,
        verbose_name=_("phiên bản bộ tiêu chí"),
        on_delete=models.CASCADE,
        related_name="uploads",
    )
    name = models.CharField(_("tên tệp"), max_length=255)
    layout = models.CharField(_("dạng tệp"), max_length=16)
    content = models.BinaryField(_("nội dung tệp"))
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    self_assessment_yaml = models.TextField(_("điểm tự đánh giá trong bảng (YAML)"), blank=True)
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
        verbose_name = _("tệp bộ tiêu chí")
        verbose_name_plural = _("tệp bộ tiêu chí")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"
