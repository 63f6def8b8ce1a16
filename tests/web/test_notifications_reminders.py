"""send_reminders: who is reminded, when, on which channel, and never twice."""

from __future__ import annotations

import datetime
from decimal import Decimal
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from task_worker import run_queued

from parindex.web.accounts.models import Role, User
from parindex.web.accounts.services import user_create
from parindex.web.assessments.models import (
    AreaAppraiser,
    Assessment,
    AssessmentAppraiser,
    AssessmentStatus,
    Decision,
    ItemAppraisal,
)
from parindex.web.assessments.services.workflow import self_leaves
from parindex.web.notifications.models import Notification, Reminder, ReminderStatus
from parindex.web.notifications.services import reminders_send
from parindex.web.organisations.models import Unit

pytestmark = pytest.mark.django_db


def days_before(due: datetime.datetime, days: float) -> datetime.datetime:
    return due - datetime.timedelta(days=days)


@pytest.fixture
def with_emails(users: dict[str, User]) -> dict[str, User]:
    for name in ("focal", "head", "appraiser", "viewer", "secretariat", "focal-snv", "focal-stp"):
        User.objects.filter(username=name).update(email=f"{name}@laocai.gov.vn")
    User.objects.filter(username__in=("focal-vp", "focal-stc")).update(email="agency@laocai.gov.vn")
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def due(demo: Assessment) -> datetime.datetime:
    return demo.campaign.self_assessment_due


def leaf(assessment: Assessment, area: str, n: int = 0) -> str:
    """The ``n``-th self-scored sub-criterion of ``area``."""
    return [c for c in self_leaves(assessment) if c.startswith(f"{area}.")][n]


def decided(assessment: Assessment, code: str, decision: str = Decision.ACCEPT) -> ItemAppraisal:
    """An item the council has decided (as ``item_appraise`` leaves it)."""
    return ItemAppraisal.objects.create(
        assessment=assessment,
        node_code=code,
        decision=decision,
        points=Decimal("0"),
        reason="Thiếu tài liệu kiểm chứng" if decision == Decision.RETURN else "",
        updated_at=timezone.now(),
    )


def returned(assessment: Assessment, code: str) -> ItemAppraisal:
    return decided(assessment, code, Decision.RETURN)


def test_a_draft_reminds_the_unit_focal_point_by_email_and_in_the_app(
    demo, with_emails, due
) -> None:
    sent = reminders_send(now=days_before(due, 2))

    # the head has nothing to do until the focal point submits
    assert [m.to for m in mail.outbox] == [["focal@laocai.gov.vn"]]
    message = mail.outbox[0]
    assert "còn 3 ngày" in message.subject
    assert "Tỉnh Lào Cai" in message.body
    assert demo.get_absolute_url() in message.body
    notified = Notification.objects.values_list("user__username", flat=True)
    assert list(notified) == ["focal"]
    assert Notification.objects.get(user__username="focal").link == demo.get_absolute_url()
    assert len(sent) == 2  # one person × two channels
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {3}


def test_viewers_appraisers_and_the_secretariat_get_no_self_assessment_reminder(
    demo, with_emails, due
) -> None:
    reminders_send(now=days_before(due, 1))
    recipients = set(Reminder.objects.values_list("recipient__username", flat=True))
    assert recipients == {"focal"}


def test_running_again_sends_nothing_twice(demo, with_emails, due) -> None:
    now = days_before(due, 2)
    reminders_send(now=now)
    assert reminders_send(now=now) == []
    assert reminders_send(now=now + datetime.timedelta(hours=6)) == []
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1
    assert Reminder.objects.count() == 2


def test_each_threshold_reminds_once_seven_three_and_one_day_before(demo, with_emails, due) -> None:
    for days in (6.5, 6, 2.5, 2, 0.5, 0.25):
        reminders_send(now=days_before(due, days))
    thresholds = sorted(
        Reminder.objects.filter(recipient__username="focal", channel="email").values_list(
            "days_before", flat=True
        )
    )
    assert thresholds == [1, 3, 7]
    assert len(mail.outbox) == 3


def test_a_late_first_run_sends_only_the_nearest_threshold(demo, with_emails, due) -> None:
    reminders_send(now=days_before(due, 0.5))
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {1}
    assert len(mail.outbox) == 1


def test_nothing_is_sent_too_early_and_a_passed_deadline_is_announced_once(
    demo, with_emails, due
) -> None:
    assert reminders_send(now=days_before(due, 8)) == []
    assert mail.outbox == []
    passed = reminders_send(now=due + datetime.timedelta(minutes=1))
    assert sorted((r.recipient.username, r.channel, r.days_before) for r in passed) == [
        ("focal", "app", 0),
        ("focal", "email", 0),
    ]
    assert [m.subject for m in mail.outbox] == ["Đã quá hạn tự đánh giá"]
    assert "Hạn này đã qua" in mail.outbox[0].body
    # once per stage: the next day's run, and a run a week later, add nothing
    assert reminders_send(now=due + datetime.timedelta(days=1)) == []
    assert reminders_send(now=due + datetime.timedelta(days=8)) == []
    assert len(mail.outbox) == 1


def test_the_days_before_list_is_configurable(demo, with_emails, due) -> None:
    assert reminders_send(now=days_before(due, 8), days_before=[10]) != []
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {10}


def test_an_open_appraisal_reminds_its_appraisers_not_the_unit(demo, with_emails) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.APPRAISING)
    appraisal_due = demo.campaign.appraisal_due
    reminders_send(now=days_before(demo.campaign.self_assessment_due, 1))
    assert Reminder.objects.count() == 0
    reminders_send(now=days_before(appraisal_due, 3))
    assert set(Reminder.objects.values_list("recipient__username", flat=True)) == {"appraiser"}
    assert set(Reminder.objects.values_list("deadline_kind", flat=True)) == {"appraisal"}
    assert mail.outbox[0].to == ["appraiser@laocai.gov.vn"]
    assert "thẩm định" in mail.outbox[0].subject
    link = Notification.objects.get(user__username="appraiser").link
    assert link == reverse("assessments:appraisal", args=[demo.pk])


def test_an_appraiser_assigned_by_area_is_reminded_once(demo, with_emails) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.APPRAISING)
    appraiser = with_emails["appraiser"]
    AreaAppraiser.objects.create(campaign=demo.campaign, node_code="3", user=appraiser)
    AreaAppraiser.objects.create(campaign=demo.campaign, node_code="6", user=appraiser)
    reminders_send(now=days_before(demo.campaign.appraisal_due, 1))
    assert [m.to for m in mail.outbox] == [["appraiser@laocai.gov.vn"]]


def test_a_pending_assessment_reminds_the_head_who_must_confirm_not_the_focal_point(
    demo, with_emails, due
) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.PENDING)
    reminders_send(now=days_before(due, 1))
    assert [m.to for m in mail.outbox] == [["head@laocai.gov.vn"]]
    assert "chờ thủ trưởng xác nhận" in mail.outbox[0].body
    assert {"head"} == set(Reminder.objects.values_list("recipient__username", flat=True))
    assert list(Notification.objects.values_list("user__username", "link")) == [
        ("head", demo.get_absolute_url())
    ]


def test_returned_items_remind_the_unit_before_the_explanation_deadline(demo, with_emails) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.RETURNED)
    returned(demo, leaf(demo, "1"))  # area 1 is prepared by the Sở Nội vụ
    reminders_send(now=days_before(demo.campaign.explanation_due, 3))
    explanation = Reminder.objects.filter(deadline_kind="explanation")
    assert set(explanation.values_list("recipient__username", flat=True)) == {"focal", "focal-snv"}
    assert any("giải trình" in m.subject for m in mail.outbox)
    link = Notification.objects.filter(user__username="focal").first().link
    assert link == reverse("assessments:returned", args=[demo.pk])


def test_a_returned_assessment_is_not_reminded_of_the_self_assessment_deadline(
    demo, with_emails, due
) -> None:
    # submitted long ago: its work now is the explanation, reminded against its own deadline
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.RETURNED)
    returned(demo, leaf(demo, "1"))
    assert reminders_send(now=days_before(due, 1)) == []
    assert mail.outbox == []


def test_a_published_assessment_is_never_reminded(demo, with_emails, due) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.PUBLISHED)
    for deadline in (due, demo.campaign.appraisal_due, demo.campaign.explanation_due):
        assert reminders_send(now=days_before(deadline, 1)) == []


def test_a_user_without_an_address_is_reminded_in_the_app_only(demo, users, due) -> None:
    reminders_send(now=days_before(due, 1))
    assert mail.outbox == []
    assert set(Reminder.objects.values_list("channel", flat=True)) == {"app"}
    assert Notification.objects.count() == 1


def test_an_inactive_user_is_not_reminded(demo, with_emails, due) -> None:
    User.objects.filter(username="focal").update(is_active=False)
    assert reminders_send(now=days_before(due, 1)) == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_failed_email_is_logged_and_retried_by_the_next_run(demo, with_emails, due) -> None:
    now = days_before(due, 1)
    with mock.patch(
        "parindex.web.notifications.services.send_mail", side_effect=OSError("smtp down")
    ):
        reminders_send(now=now)
    failed = Reminder.objects.filter(channel="email")
    assert set(failed.values_list("status", flat=True)) == {ReminderStatus.FAILED}
    assert "smtp down" in failed.first().error
    assert Notification.objects.count() == 1  # the in-app reminder did not wait for SMTP

    sent = reminders_send(now=now + datetime.timedelta(hours=1))
    assert len(sent) == 1 and {r.channel for r in sent} == {"email"}
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1
    assert set(failed.values_list("status", flat=True)) == {ReminderStatus.SENT}


def test_a_moved_deadline_gets_its_own_reminders(demo, with_emails, due) -> None:
    reminders_send(now=days_before(due, 1))
    later = due + datetime.timedelta(days=10)
    demo.campaign.self_assessment_due = later
    demo.campaign.save(update_fields=["self_assessment_due"])
    reminders_send(now=days_before(later, 1))
    assert len(mail.outbox) == 2


def test_the_command_queues_the_task_and_a_worker_sends_the_reminders(demo, with_emails) -> None:
    demo.campaign.self_assessment_due = timezone.now() + datetime.timedelta(days=2)
    demo.campaign.save(update_fields=["self_assessment_due"])
    out = StringIO()
    call_command("send_reminders", "--days", "7,3,1", "--base-url", "https://cchc.test", stdout=out)
    task = DBTaskResult.objects.get()
    assert out.getvalue().strip() == f"reminders queued as task {task.pk}"
    assert task.task_path == "parindex.web.notifications.tasks.send_reminders"
    assert task.args_kwargs == {"args": [[7, 3, 1], "https://cchc.test"], "kwargs": {}}
    assert mail.outbox == []
    assert run_queued() == 1
    task.refresh_from_db()
    assert (task.status, task.return_value) == (TaskResultStatus.SUCCESSFUL, 2)
    assert len(mail.outbox) == 1 and "https://cchc.test/" in mail.outbox[0].body


def test_the_command_sends_here_with_now_and_reports_how_many(demo, with_emails) -> None:
    demo.campaign.self_assessment_due = timezone.now() + datetime.timedelta(days=2)
    demo.campaign.save(update_fields=["self_assessment_due"])
    out = StringIO()
    call_command("send_reminders", "--days", "7,3,1", "--now", stdout=out)
    assert "2 reminder(s) sent" in out.getvalue()
    out = StringIO()
    call_command("send_reminders", "--now", stdout=out)
    assert "0 reminder(s) sent" in out.getvalue()
    assert len(mail.outbox) == 1
    assert not DBTaskResult.objects.exists()


@pytest.mark.parametrize("days", ["", "7,x", "0", "-3"])
def test_the_command_refuses_a_malformed_days_list(demo, days) -> None:
    with pytest.raises(CommandError):
        call_command("send_reminders", "--days", days)


@pytest.fixture
def appeal_due(demo: Assessment) -> datetime.datetime:
    """The demo campaign with an appeal deadline after the explanation deadline."""
    campaign = demo.campaign
    campaign.appeal_due = campaign.explanation_due + datetime.timedelta(days=20)
    campaign.save(update_fields=["appeal_due"])
    return campaign.appeal_due


@pytest.mark.parametrize("status", [AssessmentStatus.FINAL, AssessmentStatus.APPEALED])
def test_a_final_assessment_reminds_the_unit_before_the_appeal_deadline(
    demo, with_emails, appeal_due, status, as_user
) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=status)
    sent = reminders_send(now=days_before(appeal_due, 2))
    assert len(sent) == 4  # focal point and head, by e-mail and in the application
    assert {(r.deadline_kind, r.days_before, r.status) for r in sent} == {
        ("appeal", 3, ReminderStatus.SENT)
    }
    assert {r.recipient.username for r in sent} == {"focal", "head"}
    assert sorted(m.to[0] for m in mail.outbox) == ["focal@laocai.gov.vn", "head@laocai.gov.vn"]
    appeals = reverse("assessments:appeals", args=[demo.pk])
    assert "Nhắc hạn kiến nghị: còn 3 ngày" in mail.outbox[0].subject
    assert appeals in mail.outbox[0].body and "Tỉnh Lào Cai" in mail.outbox[0].body
    note = Notification.objects.get(user__username="focal")
    assert note.link == appeals and "kiến nghị" in note.text
    # the secretariat's log of what was sent lists them under their deadline
    html = as_user("secretariat").get(reverse("notifications:sent")).content.decode()
    assert "Hạn kiến nghị" in html


def test_appeal_reminders_are_sent_once_and_not_after_the_deadline(
    demo, with_emails, appeal_due
) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.FINAL)
    assert reminders_send(now=days_before(appeal_due, 8)) == []
    reminders_send(now=days_before(appeal_due, 0.5))
    assert reminders_send(now=days_before(appeal_due, 0.25)) == []
    assert reminders_send(now=appeal_due + datetime.timedelta(minutes=1)) == []
    assert Reminder.objects.filter(deadline_kind="appeal").count() == 4
    assert len(mail.outbox) == 2


def test_no_appeal_reminder_without_a_deadline_or_outside_the_appeal_window(
    demo, with_emails, appeal_due
) -> None:
    # still being appraised, or published: no appeal possible, no reminder
    for status in (AssessmentStatus.APPRAISING, AssessmentStatus.PUBLISHED):
        Assessment.objects.filter(pk=demo.pk).update(status=status)
        reminders_send(now=days_before(appeal_due, 1))
        assert not Reminder.objects.filter(deadline_kind="appeal").exists()
    # no appeal deadline (appeals run until publication): nothing to remind of
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.FINAL)
    demo.campaign.appeal_due = None
    demo.campaign.save(update_fields=["appeal_due"])
    reminders_send(now=days_before(appeal_due, 1))
    assert not Reminder.objects.filter(deadline_kind="appeal").exists()


# --- whoever has not acted (issue 12): exact recipients per stage ----------------------------


def sent_to() -> list[str]:
    return sorted(address for m in mail.outbox for address in m.to)


def test_a_submitted_assessment_reminds_the_secretariat_who_must_open_the_appraisal(
    demo, with_emails
) -> None:
    # only the secretariat can act before the appraisal is opened: not the appraisers
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.SUBMITTED)
    reminders_send(now=days_before(demo.campaign.appraisal_due, 3))
    assert sent_to() == ["secretariat@laocai.gov.vn"]
    assert mail.outbox[0].subject == "Nhắc hạn thẩm định: còn 3 ngày"
    assert "chưa được mở thẩm định" in mail.outbox[0].body
    assert list(Notification.objects.values_list("user__username", "link", "kind")) == [
        ("secretariat", demo.get_absolute_url(), "reminder")
    ]
    assert set(Reminder.objects.values_list("recipient__username", "deadline_kind")) == {
        ("secretariat", "appraisal")
    }


@pytest.fixture
def area_appraiser(demo: Assessment) -> User:
    """A second council member, assigned area 3 of the campaign (not the whole assessment)."""
    snv = Unit.objects.get(code="10.SNV")
    user = user_create(
        username="appraiser-3",
        password="x",
        unit=snv,
        roles=[(Role.APPRAISER, snv)],
        full_name="Thành viên thẩm định lĩnh vực 3",
    )
    User.objects.filter(pk=user.pk).update(email="appraiser-3@laocai.gov.vn")
    AreaAppraiser.objects.create(campaign=demo.campaign, node_code="3", user=user)
    return user


def test_an_appraiser_whose_scope_is_all_decided_is_not_reminded(
    demo, with_emails, area_appraiser
) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.APPRAISING)
    for code in self_leaves(demo):
        if code.startswith("3."):
            decided(demo, code)
    reminders_send(now=days_before(demo.campaign.appraisal_due, 1))
    # the appraiser of the whole assessment still has undecided items; area 3 is done
    assert sent_to() == ["appraiser@laocai.gov.vn"]
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"appraiser"}


def test_an_area_appraiser_with_undecided_items_is_reminded_and_a_finished_one_is_not(
    demo, with_emails, area_appraiser
) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.APPRAISING)
    AssessmentAppraiser.objects.filter(assessment=demo).delete()
    AreaAppraiser.objects.create(
        campaign=demo.campaign, node_code="6", user=with_emails["appraiser"]
    )
    for code in self_leaves(demo):
        if not code.startswith("3."):  # everything but area 3 is decided
            decided(demo, code, Decision.RETURN if code.startswith("6.") else Decision.ACCEPT)
    reminders_send(now=days_before(demo.campaign.appraisal_due, 1))
    assert sent_to() == ["appraiser-3@laocai.gov.vn"]
    assert list(Notification.objects.values_list("user__username", "link")) == [
        ("appraiser-3", reverse("assessments:appraisal", args=[demo.pk]))
    ]


def test_no_appraisal_reminder_once_every_item_is_decided(demo, with_emails) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.APPRAISING)
    for code in self_leaves(demo):
        decided(demo, code)
    assert reminders_send(now=days_before(demo.campaign.appraisal_due, 1)) == []
    assert mail.outbox == [] and not Notification.objects.exists()


def test_explanation_reminds_the_unit_and_the_agencies_with_unanswered_items_only(
    demo, with_emails
) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.RETURNED)
    returned(demo, leaf(demo, "2"))  # Sở Tư pháp: unanswered
    returned(demo, leaf(demo, "3"))  # Văn phòng UBND tỉnh: unanswered (shared address)
    answered = returned(demo, leaf(demo, "6"))  # Sở Tài chính: already explained
    answered.explanation, answered.explained_points = "Đã bổ sung", Decimal("0.5")
    answered.save()
    decided(demo, leaf(demo, "1"))  # Sở Nội vụ: accepted, nothing to explain
    reminders_send(now=days_before(demo.campaign.explanation_due, 3))
    assert sent_to() == ["agency@laocai.gov.vn", "focal-stp@laocai.gov.vn", "focal@laocai.gov.vn"]
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "focal",
        "focal-stp",
        "focal-vp",
    ]
    assert set(Notification.objects.values_list("link", flat=True)) == {
        reverse("assessments:returned", args=[demo.pk])
    }
    rows = Reminder.objects.values_list("recipient__username", "channel", "days_before")
    assert sorted(rows) == [
        ("focal", "app", 3),
        ("focal", "email", 3),
        ("focal-stp", "app", 3),
        ("focal-stp", "email", 3),
        ("focal-vp", "app", 3),
        ("focal-vp", "email", 3),
    ]


def test_no_explanation_reminder_once_every_returned_item_is_answered(demo, with_emails) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.RETURNED)
    item = returned(demo, leaf(demo, "2"))
    item.explanation, item.explained_points = "Đã bổ sung", Decimal("0.5")
    item.save()
    assert reminders_send(now=days_before(demo.campaign.explanation_due, 1)) == []
    assert mail.outbox == []


def test_each_person_is_reminded_once_per_threshold_as_the_clock_moves(
    demo, with_emails, clock
) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.RETURNED)
    returned(demo, leaf(demo, "2"))
    due = demo.campaign.explanation_due
    for days in (2.5, 2, 1.5):  # three daily runs inside the 3-day threshold
        clock.now = days_before(due, days)
        reminders_send()
    assert sent_to() == ["focal-stp@laocai.gov.vn", "focal@laocai.gov.vn"]
    clock.now = days_before(due, 0.5)
    reminders_send()
    clock.now = due + datetime.timedelta(hours=1)
    reminders_send()
    clock.now = due + datetime.timedelta(days=1)
    reminders_send()
    email = Reminder.objects.filter(channel="email")
    assert sorted(email.values_list("recipient__username", "days_before")) == [
        ("focal", 0),
        ("focal", 1),
        ("focal", 3),
        ("focal-stp", 0),
        ("focal-stp", 1),
        ("focal-stp", 3),
    ]
    assert len(mail.outbox) == 6
    assert Notification.objects.filter(user__username="focal-stp").count() == 3
