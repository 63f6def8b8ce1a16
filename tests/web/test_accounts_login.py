import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from parindex.web.accounts.models import LoginFailure

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def post_login(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
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


def test_five_failures_lock_the_username_for_fifteen_minutes(client, users) -> None:
    for _ in range(5):
        assert post_login(client, "focal", "wrong").status_code == 200
    response = post_login(client, "focal", "parindex-demo")
    assert response.status_code == 200
    assert "tạm thời bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_ends_after_the_window(client, users) -> None:
    for _ in range(5):
        post_login(client, "focal", "wrong")
    LoginFailure.objects.update(at=timezone.now() - datetime.timedelta(minutes=16))
    assert post_login(client, "focal", "parindex-demo").status_code == 302


def test_lockout_of_one_username_does_not_lock_another(client, users) -> None:
    for _ in range(5):
        post_login(client, "focal", "wrong", ip="10.0.0.1")
    assert post_login(client, "viewer", "parindex-demo", ip="10.0.0.2").status_code == 302


def test_many_failures_from_one_address_lock_that_address(client, users, settings) -> None:
    settings.PARINDEX_LOCKOUT_IP_ATTEMPTS = 5
    for name in ["a", "b", "c", "d", "e"]:
        post_login(client, name, "wrong", ip="10.9.9.9")
    response = post_login(client, "viewer", "parindex-demo", ip="10.9.9.9")
    assert "tạm thời bị khóa" in response.content.decode()
    assert post_login(client, "viewer", "parindex-demo", ip="10.9.9.8").status_code == 302


def test_success_clears_earlier_failures(client, users) -> None:
    for _ in range(4):
        post_login(client, "focal", "wrong")
    assert post_login(client, "focal", "parindex-demo").status_code == 302
    assert not LoginFailure.objects.filter(username="focal").exists()


def test_logout_needs_post_and_ends_the_session(as_user) -> None:
    client = as_user("focal")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(as_user, users) -> None:
    client = as_user("focal")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "parindex-demo",
            "new_password1": "mật-khẩu-mới-2021",
            "new_password2": "mật-khẩu-mới-2021",
        },
    )
    assert response.status_code == 302
    users["focal"].refresh_from_db()
    assert users["focal"].check_password("mật-khẩu-mới-2021")


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
