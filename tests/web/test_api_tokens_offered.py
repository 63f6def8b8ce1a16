"""The token page and token creation only for users the API is for (services.token_allowed)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from parindex.web.api.models import ApiToken
from parindex.web.api.services import TokenNotOfferedError, api_token_create

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
