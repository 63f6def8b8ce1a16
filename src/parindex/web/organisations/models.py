"""Units form a tree (province → agencies, districts → communes) valid between two dates.

Units merge, split and are renamed: a change ends the old units (``valid_to``) and records
each predecessor → successor pair in :class:`UnitChange` with its date and kind, so results
keyed by an old unit can be followed to the unit that continues it.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DISTRICT = "district", _("Huyện, thị xã, thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã, phường, thị trấn")
    MINISTRY = "ministry", _("Bộ, cơ quan ngang bộ")
    AGENCY = "agency", _("Cơ quan, đơn vị khác")


class UnitQuerySet(models.QuerySet["Unit"]):
    def valid_on(self, day: datetime.date) -> UnitQuerySet:
        """Units that exist on ``day`` (an open start or end means 'always')."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def current(self) -> UnitQuerySet:
        return self.filter(valid_to__isnull=True)


class Unit(models.Model):
    code = models.CharField(_("mã"), max_length=32)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True)
    kind = models.CharField(_("loại đơn vị"), max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    predecessors: models.ManyToManyField[Unit, UnitChange] = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị tiền thân"),
        through="UnitChange",
        through_fields=("successor", "predecessor"),
        symmetrical=False,
        related_name="successors",
        blank=True,
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["kind", "code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"],
                condition=Q(valid_to__isnull=True),
                name="unit_current_code_unique",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Unit]:
        chain: list[Unit] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class ChangeKind(models.TextChoices):
    MERGE = "merge", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")


class UnitChange(models.Model):
    """One predecessor → successor edge of a reorganisation, with its date and kind."""

    predecessor = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị trước"),
        on_delete=models.PROTECT,
        related_name="changes_as_predecessor",
    )
    successor = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị sau"),
        on_delete=models.PROTECT,
        related_name="changes_as_successor",
    )
    date = models.DateField(_("ngày hiệu lực"))
    kind = models.CharField(_("hình thức"), max_length=16, choices=ChangeKind.choices)
    legal_basis = models.CharField(_("căn cứ"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("thay đổi đơn vị")
        verbose_name_plural = _("thay đổi đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unit_change_unique_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()}, {self.date})"
