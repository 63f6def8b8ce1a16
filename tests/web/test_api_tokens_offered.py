"""The token page and token creation only for users the API is for (services.token_allowed)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from parindex.web.api.models import ApiToken
from parindex.web.api.services import TokenNotOfferedError, api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def test_a_user_without_a_role_gets_403_on_the_token_page_and_no_token(as_user, users) -> None:
    assert not users["nobody"].memberships.exists() and not users["nobody"].is_superuser
    client = as_user("nobody")
    assert client.get(reverse("api:tokens")).status_code == 403
    assert client.post(reverse("api:tokens"), {"name": "script"}).status_code == 403
    assert ApiToken.objects.filter(user=users["nobody"]).count() == 0
    assert "Tài liệu API" not in client.get(reverse("notifications:list")).content.decode()


def test_a_focal_point_keeps_the_page_and_creates_a_token(as_user, users) -> None:
    client = as_user("focal")
    assert client.get(reverse("api:tokens")).status_code == 200
    assert client.post(reverse("api:tokens"), {"name": "script"}).status_code == 200
    assert list(ApiToken.objects.filter(user=users["focal"]).values_list("name", flat=True)) == [
        "script"
    ]


def test_the_service_and_the_command_refuse_the_same_user(users) -> None:
    with pytest.raises(TokenNotOfferedError):
        api_token_create(user=users["nobody"], name="script")
    with pytest.raises(CommandError, match="'nobody' has no role"):
        call_command("api_token_create", "nobody", "--name", "script")
    assert ApiToken.objects.filter(user=users["nobody"]).count() == 0


API_LINK = '<a href="/api/docs">Tài liệu API</a>'


def _header(client) -> str:
    return client.get(reverse("notifications:list")).content.decode()


def test_the_menu_offers_the_api_to_a_user_who_may_create_a_token(as_user, users) -> None:
    assert reverse("api:docs") == "/api/docs"
    assert ApiToken.objects.filter(user=users["focal"]).count() == 0
    assert _header(as_user("focal")).count(API_LINK) == 1


def test_a_user_whose_role_ended_keeps_the_link_while_holding_a_token(as_user, users) -> None:
    focal = users["focal"]
    token, _plain = api_token_create(user=focal, name="script")
    focal.memberships.all().delete()  # the role ends; the token still works until revoked
    client = as_user("focal")
    assert _header(client).count(API_LINK) == 1
    api_token_revoke(token=token, actor=None)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert API_LINK not in _header(client)
