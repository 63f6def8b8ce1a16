"""Published national PAR INDEX results, imported from the Ministry's Excel or CSV files.

One :class:`NationalResultSet` per imported file (its SHA-256 makes a re-import a no-op);
one :class:`NationalResultRow` per province and year. A later file for the same year replaces
that year's rows: the Ministry's latest publication is the one in force.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NationalResultSet(models.Model):
    """One imported file of published national results."""

    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)
    years = models.CharField(_("các năm"), max_length=255)
    rows_count = models.PositiveIntegerField(_("số dòng"), default=0)
    demo = models.BooleanField(
        _("số liệu minh họa"),
        default=False,
        help_text=_("Số liệu tổng hợp để trình diễn, không phải kết quả chính thức."),
    )

    class Meta:
        verbose_name = _("tệp kết quả Chỉ số CCHC toàn quốc")
        verbose_name_plural = _("tệp kết quả Chỉ số CCHC toàn quốc")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.years})"


class NationalResultRow(models.Model):
    """One province's published result for one year."""

    result_set = models.ForeignKey(
        NationalResultSet,
        verbose_name=_("tệp kết quả"),
        on_delete=models.CASCADE,
        related_name="rows",
    )
    province = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("tỉnh, thành phố"),
        on_delete=models.PROTECT,
        related_name="national_results",
    )
    year = models.PositiveIntegerField(_("năm"))
    appraisal = models.DecimalField(
        _("điểm thẩm định"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    survey = models.DecimalField(
        _("điểm điều tra xã hội học"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    total = models.DecimalField(_("tổng điểm"), max_digits=7, decimal_places=2)
    rank = models.PositiveIntegerField(_("xếp hạng"), null=True, blank=True)
    name = models.CharField(_("tên trong tệp"), max_length=255, blank=True)
    source_row = models.PositiveIntegerField(_("dòng trong tệp"), null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả Chỉ số CCHC toàn quốc")
        verbose_name_plural = _("kết quả Chỉ số CCHC toàn quốc")
        ordering = ["year", "rank", "-total"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="national_result_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.year}: {self.total}"
