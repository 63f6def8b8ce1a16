"""The permission matrix: each role × each page and action → allowed, or refused (403/404).

Refusals of another unit's assessment are 404 (its existence is private); a visible
assessment the role may not change is 403.
"""

import pytest
from dbstate import assert_unchanged, changes, snapshot
from django.urls import reverse

from parindex.web.assessments import permissions
from parindex.web.assessments.models import (
    Assessment,
    AssessmentAppraiser,
    AssessmentStatus,
    InputValue,
)

pytestmark = pytest.mark.django_db

ROLES = ["admin", "secretariat", "focal", "head", "appraiser", "viewer", "outsider", "nobody"]

EXPECTED = {
    #               list  detail  edit
    "admin": (200, 200, 200),
    "secretariat": (200, 200, 403),
    "focal": (200, 200, 200),
    "head": (200, 200, 403),
    "appraiser": (200, 200, 403),
    "viewer": (200, 200, 403),
    "outsider": (200, 404, 404),
    "nobody": (200, 404, 404),
}


def request_all(client, assessment: Assessment) -> tuple[int, int, int]:
    """The three statuses; the list links, the page shows and the edit saves only if allowed."""
    page = reverse("assessments:detail", args=[assessment.pk])
    listed = client.get(reverse("assessments:list"))
    shown = client.get(page)
    if listed.status_code == 200:  # the list links exactly what the page lets one open
        assert (f'href="{page}"' in listed.content.decode()) is (shown.status_code == 200)
    assert (assessment.unit.name in shown.content.decode()) is (shown.status_code == 200)
    rate = InputValue.objects.filter(assessment=assessment, node_code="7.1.3", input_name="rate")
    before = snapshot(rate)
    edited = client.post(
        reverse("assessments:node_update", args=[assessment.pk, "7.1.3"]),
        {"rate": "90", "version-rate": "1"},
        HTTP_HX_REQUEST="true",
    )
    if edited.status_code == 200:
        assert rate.get().value == "90"
    else:
        assert changes(before, snapshot(rate)) == []
    return listed.status_code, shown.status_code, edited.status_code


@pytest.mark.parametrize("role", ROLES)
def test_matrix(role: str, as_user, demo) -> None:
    assert request_all(as_user(role), demo) == EXPECTED[role]


def test_anonymous_is_sent_to_login_everywhere(client, demo) -> None:
    assert request_all(client, demo) == (302, 302, 302)


def test_appraiser_sees_only_what_is_assigned(as_user, demo, users) -> None:
    AssessmentAppraiser.objects.filter(user=users["appraiser"]).delete()
    assert request_all(as_user("appraiser"), demo) == (200, 404, 404)


# A returned assessment is answered item by item on the returned-items page
# (tests/web/test_workflow_explanation.py), not edited on the self-assessment page.
@pytest.mark.parametrize("status", [s for s in AssessmentStatus if s != "draft"])
def test_focal_point_cannot_edit_after_submission(status, as_user, demo) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=status)
    assert request_all(as_user("focal"), demo) == (200, 200, 403)


def test_inactive_user_sees_nothing(users, demo) -> None:
    focal = users["focal"]
    focal.is_active = False
    assert not permissions.assessments_visible_to(focal).exists()


def test_secretariat_scope_is_its_province(users, demo) -> None:
    assert list(permissions.assessments_visible_to(users["secretariat"])) == [demo]
    assert permissions.can_create_campaign(users["secretariat"])
    assert not permissions.can_create_campaign(users["focal"])


def test_ministry_and_survey_items_cannot_be_self_scored(as_user, demo) -> None:
    client = as_user("focal")
    with assert_unchanged(InputValue.objects.filter(assessment=demo)):
        response = client.post(
            reverse("assessments:node_update", args=[demo.pk, "1.BNV"]), {"points": "1.5"}
        )
    assert response.status_code == 403
