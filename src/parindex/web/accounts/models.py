"""A user belongs to a unit and holds roles in units (:class:`Membership`)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from parindex.web.accounts.signals import password_changed


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

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]  # django-stubs does not declare AbstractUser.Meta
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def save(self, *args: object, **kwargs: object) -> None:
        # set_password() keeps the new password until save; whichever door changed it (the
        # pages, the admin, manage.py changepassword), the receivers hear of it once saved.
        changed = self._password is not None and not self._state.adding  # type: ignore[attr-defined]  # set by set_password(); private, not in django-stubs
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        if changed:
            password_changed.send(sender=type(self), user=self)


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
