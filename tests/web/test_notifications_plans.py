"""The plans' hand-offs: a plan issued and each period opened tell every lead agency, a report
filed tells the secretariat, a reporting deadline near or passed tells who has not reported."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import override
from plans_fixtures import *  # noqa: F403 (fixtures: today)
from plans_fixtures import ISSUED_ON, agency
from task_worker import run_queued

from parindex.web.accounts.models import User
from parindex.web.notifications.models import Kind, Notification
from parindex.web.notifications.services import reminders_send
from parindex.web.plans import services

pytestmark = pytest.mark.django_db

ON_TIME = (
    "Tỷ lệ hồ sơ TTHC do cơ quan chuyên môn cấp tỉnh tiếp nhận trong năm được giải quyết đúng hạn"
)
LEADS = ["focal-snv", "focal-stc", "focal-stp", "focal-stttt", "focal-vp"]  # not focal-skhdt


@pytest.fixture
def issued_on_1_march(today, demo, users, django_capture_on_commit_callbacks):
    """The seed's 2021 plan issued on 1 March 2021 (Q1 open until 15/3), mail sent."""
    for user in users.values():
        User.objects.filter(pk=user.pk).update(email=f"{user.username}@laocai.gov.vn")
    secretariat = User.objects.get(username="secretariat")
    plan = services.plan_generate(assessment=demo, actor=secretariat)
    services.plan_approve(plan=plan, actor=secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        plan = services.plan_issue(plan=plan, number="12", issued_on=ISSUED_ON, actor=secretariat)
    run_queued()
    return plan


def told(kind: str) -> list[tuple[str, str]]:
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", "link"))


def period_url(plan, period: str) -> str:
    return reverse("plans:period", args=[plan.pk, period])


def test_issuing_tells_every_lead_agency_and_opens_the_first_period(issued_on_1_march) -> None:
    plan = issued_on_1_march
    assert told(Kind.PLAN_ISSUED) == [(u, plan.get_absolute_url()) for u in LEADS]
    assert told(Kind.PERIOD_OPENED) == [(u, period_url(plan, "Q1")) for u in LEADS]
    assert Notification.objects.count() == 10  # nobody else: not the secretariat, not SKHDT
    note = Notification.objects.get(kind=Kind.PERIOD_OPENED, user__username="focal-vp")
    assert note.message.endswith(
        "Văn phòng UBND tỉnh báo cáo tiến độ 4 nhiệm vụ chủ trì trước ngày 15/03/2021."
    )
    issued = Notification.objects.get(kind=Kind.PLAN_ISSUED, user__username="focal-stp")
    assert issued.message.endswith(
        "Sở Tư pháp chủ trì 1 nhiệm vụ; đề nghị báo cáo tiến độ theo từng kỳ."
    )
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert subjects[:2] == [
        ("focal-snv@laocai.gov.vn", f"Mở kỳ báo cáo Quý I 2021: {plan.title}"),
        ("focal-snv@laocai.gov.vn", f"Đã ban hành {plan.title}"),
    ]
    assert sorted({to for to, _subject in subjects}) == [f"{u}@laocai.gov.vn" for u in LEADS]
    assert len(subjects) == 10


def test_the_daily_run_opens_each_period_once(issued_on_1_march, today) -> None:
    plan = issued_on_1_march
    reminders_send()
    reminders_send()
    assert Notification.objects.filter(kind=Kind.PERIOD_OPENED).count() == 5
    today.day = datetime.date(2021, 3, 16)  # Q1's deadline passed: H1 is open
    reminders_send()
    reminders_send()
    opened = Notification.objects.filter(kind=Kind.PERIOD_OPENED, link=period_url(plan, "H1"))
    assert sorted(opened.values_list("user__username", flat=True)) == LEADS
    with_h1 = Notification.objects.get(
        kind=Kind.PERIOD_OPENED, user__username="focal-vp", link=period_url(plan, "H1")
    )
    assert "6 tháng 2021" in with_h1.message and "15/06/2021" in with_h1.message


def _report(plan, users, who: str, key: str, version: int = 0) -> None:
    services.item_report_submit(
        version=version,
        period=plan.periods.get(period="Q1"),
        item_key=key,
        agency=agency(users, who),
        status="in_progress",
        measured={},
        actor=users[who],
    )


def test_a_report_filed_tells_the_secretariat(
    issued_on_1_march, users, django_capture_on_commit_callbacks
) -> None:
    plan = issued_on_1_march
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _report(plan, users, "focal-vp", "3.4.1")
    run_queued()
    assert told(Kind.REPORT_FILED) == [("secretariat", period_url(plan, "Q1"))]
    note = Notification.objects.get(kind=Kind.REPORT_FILED)
    assert note.actor == users["focal-vp"]
    assert note.message == (
        f"Văn phòng UBND tỉnh đã báo cáo Quý I 2021: {plan.title}. Văn phòng UBND tỉnh đã gửi "
        f"báo cáo kỳ Quý I 2021 về 1 nhiệm vụ của {plan.title}: “{ON_TIME}”."
    )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["secretariat@laocai.gov.vn"], f"Văn phòng UBND tỉnh đã báo cáo Quý I 2021: {plan.title}")
    ]


def test_items_reported_one_after_another_gather_in_one_notice(
    issued_on_1_march, users, django_capture_on_commit_callbacks
) -> None:
    plan = issued_on_1_march
    mail.outbox.clear()
    for key in ("3.4.1", "3.4.2"):  # each mailed at once: the second mail lists both
        with django_capture_on_commit_callbacks(execute=True):
            _report(plan, users, "focal-vp", key)
        run_queued()
    assert [m.body.count("“Tỷ lệ hồ sơ TTHC") for m in mail.outbox] == [1, 2]
    _report(plan, users, "focal-vp", "3.4.1", version=1)  # a correction: not listed twice
    _report(plan, users, "focal-stp", "2.R")  # another agency: its own notice
    rows = Notification.objects.filter(kind=Kind.REPORT_FILED).order_by("pk")
    assert [(n.user.username, n.params["agency"], n.read) for n in rows] == [
        ("secretariat", "Văn phòng UBND tỉnh", False),
        ("secretariat", "Sở Tư pháp", False),
    ]
    assert rows[0].sentence == (
        f"Văn phòng UBND tỉnh đã gửi báo cáo kỳ Quý I 2021 về 2 nhiệm vụ của {plan.title}: "
        f"“{ON_TIME}”; “{ON_TIME.replace('cơ quan chuyên môn cấp tỉnh', 'UBND cấp huyện')}”."
    )
    with override("en"):
        assert rows[1].sentence == (
            f"Sở Tư pháp filed the Quarter I 2021 report on 1 item of {plan.title}: "
            f"“{rows[1].params['reported'][0]}”."
        )
    rows.filter(params__agency="Văn phòng UBND tỉnh").update(read=True)
    _report(plan, users, "focal-vp", "3.4.2", version=1)  # read since: a new notice
    assert Notification.objects.filter(kind=Kind.REPORT_FILED).count() == 3


def test_a_near_deadline_reminds_only_agencies_with_items_unreported(
    issued_on_1_march, users, today
) -> None:
    plan = issued_on_1_march
    _report(plan, users, "focal-stp", "2.R")  # Sở Tư pháp has reported its only item
    _report(plan, users, "focal-vp", "3.4.1")  # Văn phòng UBND tỉnh one of four
    today.day = datetime.date(2021, 3, 12)  # 3 days before 15/3
    reminders_send()
    reminders_send()
    due = Notification.objects.filter(kind=Kind.REPORT_DUE)
    assert sorted(due.values_list("user__username", flat=True)) == [
        "focal-snv",
        "focal-stc",
        "focal-stttt",
        "focal-vp",
    ]
    assert {n.link for n in due} == {period_url(plan, "Q1")}
    vp = due.get(user__username="focal-vp")
    assert vp.heading == "Nhắc hạn báo cáo Quý I 2021: còn 3 ngày"
    assert "chưa báo cáo đủ 3 nhiệm vụ chủ trì" in vp.message
    today.day = datetime.date(2021, 3, 14)  # the 1-day threshold: once more
    reminders_send()
    assert due.filter(user__username="focal-vp").count() == 2


def test_a_passed_deadline_tells_who_has_not_reported_once(issued_on_1_march, users, today) -> None:
    plan = issued_on_1_march
    _report(plan, users, "focal-stp", "2.R")
    today.day = datetime.date(2021, 3, 16)
    reminders_send()
    reminders_send()
    late = Notification.objects.filter(kind=Kind.REPORT_OVERDUE)
    assert sorted(late.values_list("user__username", "link")) == [
        (u, period_url(plan, "Q1")) for u in LEADS if u != "focal-stp"
    ]
    today.day = datetime.date(2021, 3, 30)  # over a week later: not repeated
    reminders_send()
    assert late.count() == 4
