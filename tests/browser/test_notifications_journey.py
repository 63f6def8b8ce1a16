"""Reminders in the browser: the unread count, the notification's link, the secretariat's log."""

from __future__ import annotations

import datetime
import re

import pytest

from parindex.web.assessments.models import Assessment
from parindex.web.notifications.services import reminders_send

expect = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
).expect


def test_a_reminder_leads_the_focal_point_to_her_assessment(
    persona, demo: Assessment, shot
) -> None:
    reminders_send(now=demo.campaign.self_assessment_due - datetime.timedelta(days=2))

    focal = persona("focal")
    header = focal.locator("header nav").get_by_role("link", name=re.compile("Thông báo"))
    expect(header).to_contain_text("1")
    header.click()
    expect(focal.locator("main")).to_contain_text("Nhắc hạn tự đánh giá: còn 3 ngày")
    shot(focal, "notifications-list")
    focal.get_by_role("button", name="Mở").click()
    expect(focal).to_have_url(re.compile(rf"/assessments/{demo.pk}/$"))
    expect(header).not_to_contain_text("1")

    secretariat = persona("secretariat")
    secretariat.goto("/notifications/")
    secretariat.get_by_role("link", name="Nhắc hạn đã gửi").click()
    rows = secretariat.locator("tbody tr")
    expect(rows).to_have_count(1)  # the focal point (the head has nothing to confirm yet)
    expect(rows.first).to_contain_text("Hạn tự đánh giá")
    expect(rows.first).to_contain_text("Đã gửi")
    shot(secretariat, "notifications-sent")
