"""A user belongs to a unit and holds roles in units (:class:`Membership`)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")
    SECRETARIAT = "secretariat", _("Thường trực CCHC (Sở Nội vụ)")
    FOCAL_POINT = "focal_point", _("Đầu mối của đơn vị")
    UNIT_HEAD = "unit_head", _("Thủ trưởng đơn vị")
    APPRAISER = "appraiser", _("Thành viên Hội đồng thẩm định")
    VIEWER = "viewer", _("Lãnh đạo (chỉ xem)")


class User(AbstractUser):
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("đơn vị công tác"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")


class Membership(models.Model):
    """A role a user holds for a unit: what that user may see and do there."""

    user = models.ForeignKey(
        User, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("vai trò của người dùng")
        verbose_name_plural = _("vai trò của người dùng")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class LoginFailure(models.Model):
    """A failed login, kept for the lockout window (username and client address)."""

    username = models.CharField(_("tên đăng nhập"), max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("lần đăng nhập sai")
        verbose_name_plural = _("lần đăng nhập sai")
        indexes = [models.Index(fields=["ip_address", "at"], name="loginfailure_ip_at")]

    def __str__(self) -> str:
        return f"{self.username} {self.ip_address} {self.at:%Y-%m-%d %H:%M}"
