"""API authentication: bearer tokens (hashed, revocable, expiring), session reads, CSRF writes."""

import datetime
import hashlib
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from parindex.web.api.models import ApiToken
from parindex.web.api.services import api_token_create, api_token_find, api_token_revoke
from parindex.web.assessments.models import InputValue
from parindex.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def bearer(plain: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def test_plain_token_is_never_stored(users) -> None:
    token, plain = api_token_create(user=users["focal"], name="một cửa")
    stored = ApiToken.objects.get(pk=token.pk)
    assert plain.startswith("pix_") and len(plain) > 40
    assert stored.digest == hashlib.sha256(plain.encode()).hexdigest()
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(plain not in str(value) for value in row.values())
    assert plain[4:] not in "".join(str(e.after) for e in AuditEvent.objects.all())
    assert AuditEvent.objects.filter(action="api_token.create").exists()


def test_token_authenticates_as_its_user_and_notes_last_use(users, demo) -> None:
    token, plain = api_token_create(user=users["focal"], name="script")
    response = bearer(plain).get(reverse("api:assessment", args=[demo.pk]))
    assert response.status_code == 200
    assert response.json()["editable"] is True
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_no_credentials_is_401_json_with_challenge(client, demo) -> None:
    response = client.get(reverse("api:campaigns"))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(
    "header",
    ["Bearer pix_not-a-real-token", "Bearer ", "Basic Zm9jYWw6cGFyaW5kZXgtZGVtbw==", "Token x"],
)
def test_unknown_or_malformed_token_is_refused(header, demo) -> None:
    response = Client(HTTP_AUTHORIZATION=header).get(reverse("api:campaigns"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


def test_revoked_token_is_refused(users, demo) -> None:
    token, plain = api_token_create(user=users["focal"], name="script")
    assert bearer(plain).get(reverse("api:campaigns")).status_code == 200
    api_token_revoke(token=token, actor=users["focal"])
    response = bearer(plain).get(reverse("api:campaigns"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"
    assert AuditEvent.objects.filter(action="api_token.revoke").exists()


def test_expired_token_is_refused(users, demo) -> None:
    past = timezone.now() - datetime.timedelta(seconds=1)
    _token, plain = api_token_create(user=users["focal"], name="old", expires_at=past)
    assert bearer(plain).get(reverse("api:campaigns")).status_code == 401
    assert api_token_find(plain) is None


def test_token_of_a_deactivated_user_is_refused(users, demo) -> None:
    _token, plain = api_token_create(user=users["focal"], name="script")
    users["focal"].is_active = False
    users["focal"].save()
    response = bearer(plain).get(reverse("api:campaigns"))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"
    assert "campaigns" not in response.json()


def test_bad_token_is_refused_even_with_a_session(as_user, demo) -> None:
    client = as_user("focal")
    response = client.get(reverse("api:campaigns"), HTTP_AUTHORIZATION="Bearer pix_wrong")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"
    assert "campaigns" not in response.json()


def test_session_reads_are_accepted_same_site_only(as_user, demo) -> None:
    client = as_user("focal")
    for extra in [{}, {"HTTP_SEC_FETCH_SITE": "same-origin"}]:
        response = client.get(reverse("api:campaigns"), **extra)
        assert response.status_code == 200
        (campaign,) = response.json()["campaigns"]
        assert campaign["name"] == demo.campaign.name
    cross = client.get(reverse("api:campaigns"), HTTP_SEC_FETCH_SITE="cross-site")
    assert cross.status_code == 401
    assert "campaigns" not in cross.json()


def write(client: Client, demo, **extra):
    return client.patch(
        reverse("api:node_inputs", args=[demo.pk, "7.1.3"]),
        json.dumps({"values": {"rate": "95"}, "versions": {"rate": 1}}),
        content_type="application/json",
        **extra,
    )


def test_session_writes_need_the_csrf_token(users, demo) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["focal"])
    refused = write(client, demo)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    client.get(reverse("api:tokens"))  # any page sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    assert write(client, demo, HTTP_X_CSRFTOKEN=csrf).status_code == 200


def test_token_writes_need_no_csrf_token(users, demo) -> None:
    _token, plain = api_token_create(user=users["focal"], name="script")
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert write(client, demo).status_code == 200
    saved = InputValue.objects.get(assessment=demo, node_code="7.1.3", input_name="rate")
    assert (saved.value, saved.version, saved.updated_by) == ("95", 2, users["focal"])


def test_rate_limit_per_token(users, demo, settings, time_machine) -> None:
    settings.PARINDEX_API_RATE_PER_MINUTE = 2
    time_machine.move_to(datetime.datetime.fromtimestamp(1_800_000_030, datetime.UTC), tick=False)
    _token, plain = api_token_create(user=users["viewer"], name="busy")
    client = bearer(plain)
    codes = [client.get(reverse("api:campaigns")).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    response = client.get(reverse("api:campaigns"))
    assert response.json()["error"]["code"] == "rate_limited"
    assert response["Retry-After"] == "30"
    _other, fresh = api_token_create(user=users["viewer"], name="another")
    assert bearer(fresh).get(reverse("api:campaigns")).status_code == 200  # per token
    # a minute later half of the previous minute still counts: 2 × ½ + 1 ≤ 2, then 2 × ½ + 2 > 2
    time_machine.shift(60)
    assert client.get(reverse("api:campaigns")).status_code == 200
    assert client.get(reverse("api:campaigns")).status_code == 429


def test_a_burst_across_the_minute_boundary_is_limited(users, demo, settings, time_machine) -> None:
    settings.PARINDEX_API_RATE_PER_MINUTE = 4
    time_machine.move_to(datetime.datetime.fromtimestamp(1_800_000_058, datetime.UTC), tick=False)
    _token, plain = api_token_create(user=users["viewer"], name="burst")
    client = bearer(plain)
    codes = [client.get(reverse("api:campaigns")).status_code for _ in range(4)]
    time_machine.shift(4)  # two seconds into the next minute
    codes += [client.get(reverse("api:campaigns")).status_code for _ in range(4)]
    assert codes == [200] * 4 + [429] * 4
    assert client.get(reverse("api:campaigns")).json()["error"]["code"] == "rate_limited"


def test_tokens_are_revoked_when_the_password_changes(as_user, users, demo) -> None:
    token, plain = api_token_create(user=users["focal"], name="script")
    client = as_user("focal")
    new = "mật-khẩu-mới-2021"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "parindex-demo", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer(plain).get(reverse("api:campaigns")).status_code == 401
    assert list(
        AuditEvent.objects.filter(action__in=["api_token.revoke", "user.password_change"])
        .order_by("id")
        .values_list("action", "actor_name")
    ) == [("api_token.revoke", ""), ("user.password_change", "focal")]


def test_tokens_are_revoked_when_an_administrator_sets_the_password(as_user, users, demo) -> None:
    token, _plain = api_token_create(user=users["focal"], name="script")
    url = reverse("admin:auth_user_password_change", args=[users["focal"].pk])
    new = "Mật-khẩu-quản-trị-2026"
    response = as_user("admin").post(
        url, {"password1": new, "password2": new, "usable_password": "true"}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.get(action="user.password_admin")
    assert (event.actor_name, event.object_repr) == ("admin", "focal")


def test_management_command_prints_the_token_once(users, demo, capsys) -> None:
    call_command("api_token_create", "secretariat", "--name", "Báo cáo tháng", "--days", "30")
    plain = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=users["secretariat"])
    assert token.name == "Báo cáo tháng" and token.expires_at is not None
    assert token.digest == hashlib.sha256(plain.encode()).hexdigest()
    assert bearer(plain).get(reverse("api:campaigns")).status_code == 200


def test_management_command_refuses_an_unknown_user(demo) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("api_token_create", "ghost", "--name", "x")


def test_token_page_creates_shows_once_and_revokes(as_user, users, demo) -> None:
    client = as_user("focal")
    url = reverse("api:tokens")
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Phần mềm một cửa", "days": "90"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=users["focal"])
    plain = response.context["created"]
    assert token.digest == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in client.get(url).content.decode()  # shown once
    client.post(url, {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer(plain).get(reverse("api:campaigns")).status_code == 401


def test_token_page_cannot_revoke_someone_elses_token(as_user, users, demo) -> None:
    token, _plain = api_token_create(user=users["secretariat"], name="theirs")
    response = as_user("focal").post(reverse("api:tokens"), {"revoke": token.pk})
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("value", ["", "abc", "-1"])
def test_token_page_answers_404_to_a_revoke_that_names_no_token(as_user, users, demo, value):
    token, _plain = api_token_create(user=users["focal"], name="mine")
    response = as_user("focal").post(reverse("api:tokens"), {"revoke": value})
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_page_needs_login(client, demo) -> None:
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={reverse('api:tokens')}"
