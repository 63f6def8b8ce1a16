"""Two-factor login (TOTP) for administrators and the secretariat; the admin requires it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from parindex.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
SETUP = reverse("accounts:otp_setup")
VERIFY = reverse("accounts:otp_verify")


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


@pytest.fixture
def now(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False)
    return time_machine


@pytest.fixture
def enrolled(users, now):
    """The secretariat with a confirmed device; the clock moved past the enrolment code."""
    device = TOTPDevice.objects.create(user=users["secretariat"], name="TOTP", confirmed=True)
    return device


def test_enrolment_shows_a_server_drawn_qr_code_and_confirms_with_a_code(as_user, users, now):
    client = as_user("secretariat")
    page = client.get(SETUP)
    html = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert '<figure class="qr"' in html and "<svg" in html and "<img" not in html
    device = TOTPDevice.objects.get(user=users["secretariat"], confirmed=False)
    assert device.config_url.startswith("otpauth://totp/PAR%20INDEX%3Asecretariat?")
    wrong = client.post(SETUP, {"token": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    now.shift(2)  # django-otp makes whoever typed a wrong code wait a moment
    assert client.post(SETUP, {"token": code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="user.otp_enrol", actor_name="secretariat").exists()


def test_enrolment_is_offered_to_administrators_and_the_secretariat_only(as_user) -> None:
    assert as_user("focal").get(SETUP).status_code == 403
    assert not TOTPDevice.objects.exists()
    assert as_user("admin").get(SETUP).status_code == 200


def test_with_a_device_the_password_alone_does_not_log_in(enrolled, now) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": "secretariat", "password": "parindex-demo"})
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("assessments:list")).status_code == 302
    refused = client.post(response.url, {"token": "12345"})
    assert refused.status_code == 400 and "_auth_user_id" not in client.session
    now.shift(2)
    done = client.post(response.url, {"token": code(enrolled)})
    assert done.status_code == 302 and done.url == reverse("assessments:list")
    assert client.session["_auth_user_id"] == str(enrolled.user_id)
    assert client.session["otp_device_id"] == enrolled.persistent_id


def test_the_pending_password_step_expires(enrolled, now) -> None:
    client = Client()
    response = client.post(LOGIN, {"username": "secretariat", "password": "parindex-demo"})
    now.shift(301)
    late = client.post(response.url, {"token": code(enrolled)})
    assert late.status_code == 302 and late.url == LOGIN
    assert "_auth_user_id" not in client.session


def test_the_admin_requires_the_device_of_staff_who_have_one(users, now) -> None:
    admin = users["admin"]
    device = TOTPDevice.objects.create(user=admin, name="TOTP", confirmed=True)
    client = Client()
    client.force_login(admin)  # a session opened with the password only
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    step = client.get(response.url)
    assert step.status_code == 302 and step.url.startswith(VERIFY)
    assert client.post(step.url, {"token": code(device)}).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_setting_requires_two_factor_for_all_staff(as_user, settings) -> None:
    client = as_user("admin")
    assert client.get(reverse("admin:index")).status_code == 200
    settings.PARINDEX_OTP_REQUIRED_FOR_STAFF = True
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    step = client.get(response.url)
    assert step.status_code == 302 and step.url.startswith(SETUP)


def test_the_two_factor_pages_are_translated(as_user) -> None:
    page = as_user("secretariat").get(SETUP, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Two-factor authentication" in page and "Xác thực hai lớp" not in page
