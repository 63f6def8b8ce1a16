"""Login: the lockout is per username and client address (django-axes), on every door."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse

from parindex.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("admin:login")


def post_login(client, username: str, password: str, ip: str = "10.0.0.1", url=LOGIN, **extra):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False, **extra
    )


def test_login_page_is_vietnamese_with_labelled_fields(client) -> None:
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert 'for="id_username"' in html and 'for="id_password"' in html


def test_focal_point_logs_in_and_lands_on_assessments(client, users) -> None:
    response = post_login(client, "focal", "parindex-demo")
    assert response.status_code == 302
    assert response.url == reverse("assessments:list")


def test_five_failures_lock_that_username_from_that_address_only(client, users) -> None:
    codes = [
        post_login(client, "secretariat", "wrong", ip="10.6.6.6").status_code for _ in range(5)
    ]
    assert codes == [200, 200, 200, 200, 429]
    locked = post_login(client, "secretariat", "parindex-demo", ip="10.6.6.6")
    assert locked.status_code == 429
    assert "tạm thời bị khóa" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # the real secretariat, at its own desk, is not locked out by the attacker
    assert post_login(client, "secretariat", "parindex-demo", ip="10.0.0.2").status_code == 302
    assert client.session["_auth_user_id"] == str(users["secretariat"].pk)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        "secretariat",
        "10.6.6.6",
        6,
    )


def test_lockout_ends_after_the_window(client, users, time_machine) -> None:
    time_machine.move_to(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False)
    for _ in range(5):
        post_login(client, "focal", "wrong")
    locked = post_login(client, "focal", "parindex-demo")
    assert locked.status_code == 429
    assert "tạm thời bị khóa" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    time_machine.shift(datetime.timedelta(minutes=16))
    response = post_login(client, "focal", "parindex-demo")
    assert response.status_code == 302
    assert response.url == reverse("assessments:list")
    assert client.session["_auth_user_id"] == str(users["focal"].pk)
    assert not AccessAttempt.objects.filter(username="focal").exists()


def test_failures_of_many_users_behind_the_proxy_lock_nobody_else(client, users, settings) -> None:
    settings.PARINDEX_TRUSTED_PROXIES = ["127.0.0.1"]
    for name in [f"user{i}" for i in range(20)] + ["viewer"] * 4:
        post_login(client, name, "wrong", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    for desk, name in [("10.0.0.5", "focal"), ("10.0.0.6", "viewer"), ("203.0.113.9", "head")]:
        response = post_login(
            client, name, "parindex-demo", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=desk
        )
        assert response.status_code == 302, name
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


def test_a_forged_forwarded_for_does_not_dodge_the_lockout(client, users) -> None:
    for i in range(5):
        post_login(client, "focal", "wrong", ip="10.7.7.7", HTTP_X_FORWARDED_FOR=f"10.9.9.{i}")
    response = post_login(
        client, "focal", "parindex-demo", ip="10.7.7.7", HTTP_X_FORWARDED_FOR="10.9.9.99"
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_locked_out_too(client, users) -> None:
    for _ in range(30):
        post_login(client, "admin", "wrong", url=ADMIN_LOGIN)
    response = post_login(client, "admin", "parindex-demo", url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="admin").failures_since_start == 31


def test_the_admin_login_logs_staff_in_to_the_admin(client, users) -> None:
    response = post_login(client, "admin", "parindex-demo", url=f"{ADMIN_LOGIN}?next=/admin/")
    assert response.status_code == 302 and response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_success_clears_earlier_failures(client, users) -> None:
    for _ in range(4):
        post_login(client, "focal", "wrong")
    assert post_login(client, "focal", "parindex-demo").status_code == 302
    assert not AccessAttempt.objects.filter(username="focal").exists()


def test_logins_failures_and_logouts_are_audited(client, users) -> None:
    post_login(client, "focal", "wrong", ip="10.0.0.8")
    post_login(client, "focal", "parindex-demo", ip="10.0.0.8")
    client.post(reverse("accounts:logout"), REMOTE_ADDR="10.0.0.8")
    events = list(
        AuditEvent.objects.filter(action__startswith="user.lo")
        .order_by("id")
        .values_list("action", "actor_name", "object_repr", "after")
    )
    assert events == [
        ("user.login_failed", "", "focal", "10.0.0.8"),
        ("user.login", "focal", "focal", "10.0.0.8"),
        ("user.logout", "focal", "focal", "10.0.0.8"),
    ]


def test_logout_needs_post_and_ends_the_session(as_user) -> None:
    client = as_user("focal")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_by_email(client, users) -> None:
    users["focal"].email = "focal@laocai.gov.vn"
    users["focal"].save()
    response = client.post(reverse("accounts:password_reset"), {"email": "focal@laocai.gov.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_english_is_available(client) -> None:
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Forgot your password?" in html


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/accounts/password/reset/", "Đặt lại mật khẩu"),
        ("/accounts/password/reset/sent/", None),
        ("/accounts/password/reset/complete/", None),
    ],
)
def test_the_password_pages_are_the_applications_not_the_admins(client, db, url, title) -> None:
    """Django's admin ships templates of the same names; the application's must win."""
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "· PAR INDEX</title>" in text and "Django" not in text
    if title:
        assert f"<title>{title} · PAR INDEX</title>" in text
