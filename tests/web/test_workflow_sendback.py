"""The unit head sends a submission back to the focal point with a message, not confirming."""

import pytest
from django.urls import reverse

from parindex.web.assessments.models import Assessment, AssessmentStatus
from parindex.web.assessments.services.errors import IncompleteError
from parindex.web.assessments.services.selectors import SEND_BACK, send_back_message
from parindex.web.assessments.services.workflow import assessment_send_back, assessment_submit
from parindex.web.audit.models import AuditEvent
from parindex.web.notifications.models import Notification

pytestmark = pytest.mark.django_db

MESSAGE = "Bổ sung số liệu 3.4.1 theo báo cáo quý IV"


def send_back(client, assessment: Assessment, message: str = MESSAGE):
    url = reverse("assessments:send_back", args=[assessment.pk])
    return client.post(url, {"message": message}, follow=True)


def status(assessment: Assessment) -> str:
    return Assessment.objects.get(pk=assessment.pk).status


def test_head_sends_back_to_draft_with_message_kept_and_shown(as_user, demo, advance) -> None:
    advance(demo, AssessmentStatus.PENDING)
    response = send_back(as_user("head"), demo)
    assert response.status_code == 200
    assert status(demo) == AssessmentStatus.DRAFT
    event = AuditEvent.objects.get(action=SEND_BACK, object_id=str(demo.pk))
    assert (event.actor.username, event.after) == ("head", MESSAGE)
    # the focal point is told in the application and sees the message on the page
    note = Notification.objects.get(user__username="focal")
    assert note.text == MESSAGE and note.link == demo.get_absolute_url()
    page = as_user("focal").get(demo.get_absolute_url()).content.decode()
    assert MESSAGE in page and "đã trả phiếu để hoàn thiện" in page


def test_focal_point_edits_and_resubmits_after_send_back(users, demo, advance) -> None:
    advance(demo, AssessmentStatus.PENDING)
    assessment_send_back(assessment=demo, actor=users["head"], message=MESSAGE)
    assert permissions_can_edit(users["focal"], demo)
    assessment_submit(assessment=demo, actor=users["focal"])
    assert status(demo) == AssessmentStatus.PENDING
    # once submitted again, the old message is no longer shown
    assert send_back_message(Assessment.objects.get(pk=demo.pk)) is None


def permissions_can_edit(user, assessment: Assessment) -> bool:
    from parindex.web.assessments.permissions import can_edit_assessment

    return can_edit_assessment(user, Assessment.objects.get(pk=assessment.pk))


def test_send_back_needs_a_message(as_user, demo, advance) -> None:
    advance(demo, AssessmentStatus.PENDING)
    response = send_back(as_user("head"), demo, "   ")
    assert "cần nhập lời nhắn" in response.content.decode()
    assert status(demo) == AssessmentStatus.PENDING
    assert not AuditEvent.objects.filter(action=SEND_BACK).exists()


def test_send_back_refuses_an_overlong_message(users, demo, advance) -> None:
    advance(demo, AssessmentStatus.PENDING)
    with pytest.raises(IncompleteError):
        assessment_send_back(assessment=demo, actor=users["head"], message="x" * 2001)
    assert status(demo) == AssessmentStatus.PENDING


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("focal", 403),
        ("viewer", 403),
        ("appraiser", 403),
        ("secretariat", 403),
        ("focal-vp", 403),
        ("outsider", 404),
        ("nobody", 404),
    ],
)
def test_only_the_unit_head_sends_back(role, code, as_user, demo, advance) -> None:
    advance(demo, AssessmentStatus.PENDING)
    url = reverse("assessments:send_back", args=[demo.pk])
    assert as_user(role).post(url, {"message": MESSAGE}).status_code == code
    assert status(demo) == AssessmentStatus.PENDING


@pytest.mark.parametrize("reached", [AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED])
def test_send_back_only_while_awaiting_confirmation(reached, as_user, demo, advance) -> None:
    if reached != AssessmentStatus.DRAFT:
        advance(demo, reached)
    response = send_back(as_user("head"), demo)
    assert "Không thực hiện được ở trạng thái hiện tại" in response.content.decode()
    assert status(demo) == reached


def test_send_back_form_shown_to_the_head_only(as_user, demo, advance) -> None:
    advance(demo, AssessmentStatus.PENDING)
    url = reverse("assessments:send_back", args=[demo.pk])
    assert url in as_user("head").get(demo.get_absolute_url()).content.decode()
    assert url not in as_user("focal").get(demo.get_absolute_url()).content.decode()
