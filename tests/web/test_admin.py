"""The back office (Django admin) opens for the administrator and not for others."""

import pytest
from dbstate import assert_unchanged
from django.urls import reverse

from parindex.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

MODELS = [
    "organisations_unit",
    "organisations_unitchange",
    "accounts_user",
    "axes_accessattempt",
    "otp_totp_totpdevice",
    "assessments_frameworkversion",
    "assessments_campaign",
    "assessments_assessment",
    "assessments_inputvalue",
    "audit_auditevent",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelists_open(model: str, as_user) -> None:
    response = as_user("admin").get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200
    opts = response.context["cl"].model._meta
    assert f"{opts.app_label}_{opts.model_name}" == model
    assert 'id="changelist"' in response.content.decode()


def test_admin_change_page_of_the_demo_assessment(as_user, demo) -> None:
    url = reverse("admin:assessments_assessment_change", args=[demo.pk])
    response = as_user("admin").get(url)
    assert response.status_code == 200
    assert response.context["original"] == demo
    assert demo.unit.name in response.content.decode()


def test_audit_trail_is_read_only_in_admin(as_user) -> None:
    client = as_user("admin")
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    with assert_unchanged(AuditEvent):
        posted = client.post(reverse("admin:audit_auditevent_add"), {"action": "forged"})
    assert posted.status_code == 403


def test_focal_point_cannot_enter_the_admin(as_user) -> None:
    response = as_user("focal").get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_an_input_value_cannot_be_edited_in_the_admin(client, users, demo) -> None:
    """An edit there wrote no audit event and kept the version: the admin only shows inputs."""
    from parindex.web.assessments.models import InputValue

    row = InputValue.objects.filter(assessment=demo).order_by("pk").first()
    client.force_login(users["admin"])  # the login itself is audited
    before = (row.value, row.version, AuditEvent.objects.count())
    url = reverse("admin:assessments_inputvalue_change", args=[row.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="value"' not in page.content.decode()
    response = client.post(url, {"value": "1", "version": row.version + 5})
    assert response.status_code == 403
    row.refresh_from_db()
    assert (row.value, row.version, AuditEvent.objects.count()) == before
    assert client.get(reverse("admin:assessments_inputvalue_add")).status_code == 403
