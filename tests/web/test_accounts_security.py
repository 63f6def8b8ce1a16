"""Password reset throttled, tokens revoked on reset, sessions bounded, CSP on pages."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from surveys_fixtures import *  # noqa: F403  (the survey fixtures)

from parindex.web.api.models import ApiToken
from parindex.web.api.services import api_token_create
from parindex.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")


def test_reset_mails_are_limited_per_account(client, users, settings) -> None:
    users["focal"].email = "focal@laocai.gov.vn"
    users["focal"].save()
    codes = [
        Client(REMOTE_ADDR=f"10.4.0.{i}").post(RESET, {"email": "Focal@laocai.gov.vn"}).status_code
        for i in range(21)
    ]
    assert codes == [302] * 21  # the same answer: nobody learns more by asking again
    assert len(mail.outbox) == settings.PARINDEX_PASSWORD_RESET_PER_ACCOUNT == 3


def test_reset_requests_are_limited_per_address(users, settings) -> None:
    settings.PARINDEX_PASSWORD_RESET_PER_ADDRESS = 4
    users["focal"].email = "focal@laocai.gov.vn"
    users["focal"].save()
    client = Client(REMOTE_ADDR="10.4.1.1")
    codes = [client.post(RESET, {"email": f"x{i}@example.org"}).status_code for i in range(4)]
    assert codes == [302] * 4
    for _ in range(2):
        refused = client.post(RESET, {"email": "focal@laocai.gov.vn"})
        assert refused.status_code == 429
        assert refused.context["form"].non_field_errors() == [
            "Quá nhiều yêu cầu đặt lại mật khẩu; vui lòng thử lại sau."
        ]
    assert mail.outbox == []  # the refused requests sent nothing, even for a real account
    other = Client(REMOTE_ADDR="10.4.1.2").post(RESET, {"email": "focal@laocai.gov.vn"})
    assert other.status_code == 302
    assert other.url == reverse("accounts:password_reset_done")
    assert [m.to for m in mail.outbox] == [["focal@laocai.gov.vn"]]


def test_a_password_reset_revokes_api_tokens_and_is_audited(client, users) -> None:
    users["focal"].email = "focal@laocai.gov.vn"
    users["focal"].save()
    api_token_create(user=users["focal"], name="script")
    client.post(RESET, {"email": "focal@laocai.gov.vn"})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    form_url = client.get(link.group(1), follow=True).redirect_chain[-1][0]
    new = "Mật-khẩu-mới-2026!"
    assert client.post(form_url, {"new_password1": new, "new_password2": new}).status_code == 302
    assert ApiToken.objects.get(user=users["focal"]).revoked_at is not None
    event = AuditEvent.objects.get(action="user.password_reset")
    assert (event.actor_name, event.object_repr) == ("focal", "focal")


def test_sessions_last_eight_hours_by_default(settings) -> None:
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_an_idle_session_ends(as_user, users, settings, time_machine) -> None:
    settings.PARINDEX_SESSION_IDLE_SECONDS = 1800
    time_machine.move_to(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False)
    client = as_user("focal")
    assert client.get(reverse("assessments:list")).status_code == 200
    time_machine.shift(1700)
    assert client.get(reverse("assessments:list")).status_code == 200  # activity keeps it
    time_machine.shift(1801)
    response = client.get(reverse("assessments:list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="user.logout")
    assert (event.actor_name, event.field) == ("focal", "idle")


def test_html_pages_carry_a_content_security_policy(client, as_user) -> None:
    policy = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert "Content-Security-Policy" not in as_user("focal").get(reverse("api:campaigns"))


def test_no_template_has_inline_scripts_or_style_attributes() -> None:
    from pathlib import Path

    web = Path(__file__).resolve().parents[2] / "src" / "parindex" / "web"
    offenders = []
    for template in web.glob("*/templates/**/*.html"):
        html = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) or re.search(r"\sstyle=", html):
            offenders.append(template.name)
        if re.search(r"<style(?![^>]*nonce=)", html) or re.search(r"\son[a-z]+=", html):
            offenders.append(template.name)
    assert offenders == []


def test_the_inline_style_of_the_survey_page_is_allowed_by_its_nonce(client, survey) -> None:
    response = client.get(reverse("surveys:public", args=[survey.slug]))
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"style-src 'self' 'nonce-{nonce}'" in response["Content-Security-Policy"]
    again = client.get(reverse("surveys:public", args=[survey.slug]))
    assert nonce not in again["Content-Security-Policy"]  # one per response
