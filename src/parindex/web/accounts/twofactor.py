"""Two-factor login (TOTP, django-otp): who may enrol, who must verify, the enrolment QR code.

After a correct password a user with a confirmed device is not logged in yet: the login page
keeps who it was in the session (``PENDING``, a few minutes) and the verification step logs
the user in once a code from the device matches. The admin refuses staff whose session is not
verified when they have a device (or, with ``PARINDEX_OTP_REQUIRED_FOR_STAFF``, always).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import qrcode
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathImage

from parindex.web.accounts.models import Role
from parindex.web.accounts.permissions import has_role, is_administrator
from parindex.web.audit.services import audit_record

if TYPE_CHECKING:
    from parindex.web.accounts.models import User

PENDING = "parindex_otp_pending"
PENDING_SECONDS = 300
DEVICE_NAME = "TOTP"


def may_enrol(user: Any) -> bool:
    """Two-factor is offered to administrators, the secretariat and staff."""
    return bool(user.is_authenticated) and (
        user.is_staff or is_administrator(user) or has_role(user, Role.SECRETARIAT)
    )


def has_device(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def admin_allowed(request: HttpRequest) -> bool:
    """Whether this staff session may use the admin as far as two-factor is concerned."""
    user = request.user
    if getattr(user, "is_verified", lambda: False)():
        return True
    if has_device(user):  # type: ignore[arg-type]
        return False
    return not settings.PARINDEX_OTP_REQUIRED_FOR_STAFF


def pending_set(request: HttpRequest, user: User) -> None:
    """A correct password: remember who, until the code is checked."""
    request.session[PENDING] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "at": int(time.time()),
    }


def pending_get(request: HttpRequest) -> dict[str, Any] | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    return pending


def enrolment_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code (drawn here: no outside service)."""
    image = qrcode.make(device.config_url, image_factory=SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@transaction.atomic
def otp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm an enrolled device with a code from it; replaces any earlier device."""
    if device.user_id != user.pk or not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=user, action="user.otp_enrol", obj=user, object_type="user")
    return True
