"""The audit trail of accounts: deletions, role changes, and actors' names that outlive them."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from parindex.web.accounts.models import Membership, Role
from parindex.web.accounts.services import user_delete
from parindex.web.api.services import api_token_create
from parindex.web.audit.models import AuditEvent
from parindex.web.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_deleting_a_user_is_recorded_and_its_events_keep_its_name(users) -> None:
    token, _plain = api_token_create(user=users["outsider"], name="script")
    before = AuditEvent.objects.get(action="api_token.create", object_id=str(token.pk))
    assert before.actor_name == "outsider"
    user_delete(user=users["outsider"], actor=users["admin"])
    before.refresh_from_db()
    assert (before.actor_id, before.actor_name) == (None, "outsider")
    event = AuditEvent.objects.get(action="user.delete")
    assert (event.actor_name, event.object_repr, event.before) == (
        "admin",
        "outsider",
        "outsider: focal_point@15",
    )


def test_deleting_a_user_in_the_admin_is_recorded(as_user, users) -> None:
    url = reverse("admin:accounts_user_delete", args=[users["nobody"].pk])
    response = as_user("admin").post(url, {"post": "yes"})
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="user.delete")
    assert (event.actor_name, event.object_repr) == ("admin", "nobody")


def test_role_and_staff_changes_in_the_admin_are_recorded(as_user, users) -> None:
    nobody = users["nobody"]
    focal_unit = users["focal"].memberships.get().unit
    url = reverse("admin:accounts_user_change", args=[nobody.pk])
    client = as_user("admin")
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("password",)}
    data.update(
        {
            "username": "nobody",
            "is_active": "on",
            "is_staff": "on",
            "date_joined_0": nobody.date_joined.strftime("%d/%m/%Y"),
            "date_joined_1": nobody.date_joined.strftime("%H:%M:%S"),
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-unit": str(focal_unit.pk),
            "memberships-0-role": Role.VIEWER,
            "memberships-0-user": str(nobody.pk),
        }
    )
    data.pop("groups", None), data.pop("user_permissions", None), data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Membership.objects.filter(user=nobody, role=Role.VIEWER).exists()
    events = list(
        AuditEvent.objects.filter(object_type="user", object_id=str(nobody.pk))
        .exclude(action="user.create")
        .order_by("id")
        .values_list("action", "actor_name", "field", "before", "after")
    )
    assert events == [
        ("role.add", "admin", "", "", f"viewer@{focal_unit.code}"),
        ("user.change", "admin", "is_staff", "False", "True"),
    ]


def test_the_backfill_names_the_actors_of_earlier_events(users) -> None:
    event = audit_record(actor=users["focal"], action="x", obj=users["focal"], object_type="user")
    AuditEvent.objects.filter(pk=event.pk).update(actor_name="")
    migration = importlib.import_module(
        "parindex.web.audit.migrations.0003_auditevent_actor_name_backfill"
    )
    migration.actor_names_fill(apps, None)
    event.refresh_from_db()
    assert event.actor_name == "focal"
