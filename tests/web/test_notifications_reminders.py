"""send_reminders: who is reminded, when, on which channel, and never twice."""

from __future__ import annotations

import datetime
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

from parindex.web.accounts.models import User
from parindex.web.assessments.models import AreaAppraiser, Assessment, AssessmentStatus
from parindex.web.notifications.models import Notification, Reminder, ReminderStatus
from parindex.web.notifications.services import reminders_send

pytestmark = pytest.mark.django_db


def days_before(due: datetime.datetime, days: float) -> datetime.datetime:
    return due - datetime.timedelta(days=days)


@pytest.fixture
def with_emails(users: dict[str, User]) -> dict[str, User]:
    for name in ("focal", "head", "appraiser", "viewer", "secretariat"):
        User.objects.filter(username=name).update(email=f"{name}@laocai.gov.vn")
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def due(demo: Assessment) -> datetime.datetime:
    return demo.campaign.self_assessment_due


def test_focal_point_and_unit_head_are_reminded_by_email_and_in_the_app(
    demo, with_emails, due
) -> None:
    sent = reminders_send(now=days_before(due, 2))

    assert sorted(mail.outbox[i].to[0] for i in range(len(mail.outbox))) == [
        "focal@laocai.gov.vn",
        "head@laocai.gov.vn",
    ]
    message = mail.outbox[0]
    assert "còn 3 ngày" in message.subject
    assert "Tỉnh Lào Cai" in message.body
    assert demo.get_absolute_url() in message.body
    notified = Notification.objects.values_list("user__username", flat=True)
    assert sorted(notified) == ["focal", "head"]
    assert Notification.objects.get(user__username="focal").link == demo.get_absolute_url()
    assert len(sent) == 4  # two people × two channels
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {3}


def test_viewers_appraisers_and_the_secretariat_get_no_self_assessment_reminder(
    demo, with_emails, due
) -> None:
    reminders_send(now=days_before(due, 1))
    recipients = set(Reminder.objects.values_list("recipient__username", flat=True))
    assert recipients == {"focal", "head"}


def test_running_again_sends_nothing_twice(demo, with_emails, due) -> None:
    now = days_before(due, 2)
    reminders_send(now=now)
    assert reminders_send(now=now) == []
    assert reminders_send(now=now + datetime.timedelta(hours=6)) == []
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 2
    assert Reminder.objects.count() == 4


def test_each_threshold_reminds_once_seven_three_and_one_day_before(demo, with_emails, due) -> None:
    for days in (6.5, 6, 2.5, 2, 0.5, 0.25):
        reminders_send(now=days_before(due, days))
    thresholds = sorted(
        Reminder.objects.filter(recipient__username="focal", channel="email").values_list(
            "days_before", flat=True
        )
    )
    assert thresholds == [1, 3, 7]
    assert len(mail.outbox) == 6


def test_a_late_first_run_sends_only_the_nearest_threshold(demo, with_emails, due) -> None:
    reminders_send(now=days_before(due, 0.5))
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {1}
    assert len(mail.outbox) == 2


def test_nothing_is_sent_too_early_and_a_passed_deadline_is_announced_once(
    demo, with_emails, due
) -> None:
    assert reminders_send(now=days_before(due, 8)) == []
    assert mail.outbox == []
    passed = reminders_send(now=due + datetime.timedelta(minutes=1))
    assert sorted((r.recipient.username, r.channel, r.days_before) for r in passed) == [
        ("focal", "app", 0),
        ("focal", "email", 0),
        ("head", "app", 0),
        ("head", "email", 0),
    ]
    assert [m.subject for m in mail.outbox] == ["Đã quá hạn tự đánh giá"] * 2
    assert "Hạn này đã qua" in mail.outbox[0].body
    # once per stage: the next day's run, and a run a week later, add nothing
    assert reminders_send(now=due + datetime.timedelta(days=1)) == []
    assert reminders_send(now=due + datetime.timedelta(days=8)) == []
    assert len(mail.outbox) == 2


def test_the_days_before_list_is_configurable(demo, with_emails, due) -> None:
    assert reminders_send(now=days_before(due, 8), days_before=[10]) != []
    assert set(Reminder.objects.values_list("days_before", flat=True)) == {10}


def test_a_submitted_assessment_reminds_its_appraisers_not_the_unit(demo, with_emails) -> None:
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
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.SUBMITTED)
    appraiser = with_emails["appraiser"]
    AreaAppraiser.objects.create(campaign=demo.campaign, node_code="3", user=appraiser)
    AreaAppraiser.objects.create(campaign=demo.campaign, node_code="6", user=appraiser)
    reminders_send(now=days_before(demo.campaign.appraisal_due, 1))
    assert [m.to for m in mail.outbox] == [["appraiser@laocai.gov.vn"]]


def test_a_pending_assessment_still_reminds_the_head_who_must_confirm(
    demo, with_emails, due
) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.PENDING)
    reminders_send(now=days_before(due, 1))
    assert {"head", "focal"} == set(Reminder.objects.values_list("recipient__username", flat=True))


def test_returned_items_remind_the_unit_before_the_explanation_deadline(demo, with_emails) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.RETURNED)
    reminders_send(now=days_before(demo.campaign.explanation_due, 3))
    explanation = Reminder.objects.filter(deadline_kind="explanation")
    assert set(explanation.values_list("recipient__username", flat=True)) == {"focal", "head"}
    assert any("giải trình" in m.subject for m in mail.outbox)
    link = Notification.objects.filter(user__username="focal").first().link
    assert link == reverse("assessments:returned", args=[demo.pk])


def test_a_returned_assessment_is_reminded_before_the_self_assessment_deadline(
    demo, with_emails, due
) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.RETURNED)
    reminders_send(now=days_before(due, 1))
    assert len(mail.outbox) == 2


def test_a_published_assessment_is_never_reminded(demo, with_emails, due) -> None:
    Assessment.objects.filter(pk=demo.pk).update(status=AssessmentStatus.PUBLISHED)
    for deadline in (due, demo.campaign.appraisal_due, demo.campaign.explanation_due):
        assert reminders_send(now=days_before(deadline, 1)) == []


def test_a_user_without_an_address_is_reminded_in_the_app_only(demo, users, due) -> None:
    reminders_send(now=days_before(due, 1))
    assert mail.outbox == []
    assert set(Reminder.objects.values_list("channel", flat=True)) == {"app"}
    assert Notification.objects.count() == 2


def test_an_inactive_user_is_not_reminded(demo, with_emails, due) -> None:
    User.objects.filter(username="head").update(is_active=False)
    reminders_send(now=days_before(due, 1))
    assert [m.to for m in mail.outbox] == [["focal@laocai.gov.vn"]]


def test_a_failed_email_is_logged_and_retried_by_the_next_run(demo, with_emails, due) -> None:
    now = days_before(due, 1)
    with mock.patch(
        "parindex.web.notifications.services.send_mail", side_effect=OSError("smtp down")
    ):
        reminders_send(now=now)
    failed = Reminder.objects.filter(channel="email")
    assert set(failed.values_list("status", flat=True)) == {ReminderStatus.FAILED}
    assert "smtp down" in failed.first().error
    assert Notification.objects.count() == 2  # the in-app reminder did not wait for SMTP

    sent = reminders_send(now=now + datetime.timedelta(hours=1))
    assert len(sent) == 2 and {r.channel for r in sent} == {"email"}
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 2
    assert set(failed.values_list("status", flat=True)) == {ReminderStatus.SENT}


def test_a_moved_deadline_gets_its_own_reminders(demo, with_emails, due) -> None:
    reminders_send(now=days_before(due, 1))
    later = due + datetime.timedelta(days=10)
    demo.campaign.self_assessment_due = later
    demo.campaign.save(update_fields=["self_assessment_due"])
    reminders_send(now=days_before(later, 1))
    assert len(mail.outbox) == 4


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
    assert (task.status, task.return_value) == (TaskResultStatus.SUCCESSFUL, 4)
    assert len(mail.outbox) == 2 and "https://cchc.test/" in mail.outbox[0].body


def test_the_command_sends_here_with_now_and_reports_how_many(demo, with_emails) -> None:
    demo.campaign.self_assessment_due = timezone.now() + datetime.timedelta(days=2)
    demo.campaign.save(update_fields=["self_assessment_due"])
    out = StringIO()
    call_command("send_reminders", "--days", "7,3,1", "--now", stdout=out)
    assert "4 reminder(s) sent" in out.getvalue()
    out = StringIO()
    call_command("send_reminders", "--now", stdout=out)
    assert "0 reminder(s) sent" in out.getvalue()
    assert len(mail.outbox) == 2
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
