"""The notification list: unread first, newest first; opening marks read; the mail choice."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse

from parindex.web.notifications.handoffs import mail_choice, notify
from parindex.web.notifications.models import Kind, MailChoice, MailPreference, Notification

pytestmark = pytest.mark.django_db


def _told(users, unit: str, at, clock) -> Notification:
    clock.now = at
    return notify(
        users=[users["head"]],
        kind=Kind.SUBMITTED,
        link=f"/assessments/{unit[-1]}/",
        params={"actor": "Đầu mối", "unit": unit, "campaign": "Đợt 2020"},
        actor=users["focal"],
    )[0]


def test_unread_come_first_then_newest_first(as_user, users, clock) -> None:
    start = clock.now
    old = _told(users, "Đơn vị A", start, clock)
    read = _told(users, "Đơn vị B", start + datetime.timedelta(hours=1), clock)
    new = _told(users, "Đơn vị C", start + datetime.timedelta(hours=2), clock)
    Notification.objects.filter(pk=read.pk).update(read=True)
    page = as_user("head").get(reverse("notifications:list")).content.decode()
    order = [
        m.group(1) for m in re.finditer(r"<strong>Phiếu tự đánh giá của (Đơn vị \w) chờ", page)
    ]
    assert order == ["Đơn vị C", "Đơn vị A", "Đơn vị B"]
    assert page.count(">Mới<") == 2
    assert [n.pk for n in Notification.objects.filter(user=users["head"])] == [
        new.pk,
        old.pk,
        read.pk,
    ]


def test_opening_one_marks_only_it_read_and_lands_on_the_item(as_user, users, clock) -> None:
    first = _told(users, "Đơn vị A", clock.now, clock)
    second = _told(users, "Đơn vị B", clock.now + datetime.timedelta(minutes=1), clock)
    client = as_user("head")
    response = client.post(reverse("notifications:open", args=[first.pk]))
    assert (response.status_code, response.url) == (302, "/assessments/A/")
    assert dict(Notification.objects.values_list("pk", "read")) == {
        first.pk: True,
        second.pk: False,
    }
    assert "1 thông báo chưa đọc" in client.get(reverse("notifications:list")).content.decode()


def test_the_open_button_names_the_hand_off(as_user, users, clock) -> None:
    _told(users, "Đơn vị A", clock.now, clock)
    page = as_user("head").get(reverse("notifications:list")).content.decode()
    assert 'aria-label="Mở: Phiếu tự đánh giá của Đơn vị A chờ thủ trưởng xác nhận"' in page


def test_a_user_chooses_the_daily_digest_and_back(as_user, users) -> None:
    client = as_user("head")
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "Gửi thư ngay khi có việc" in page and "Gửi một thư tổng hợp mỗi ngày" in page
    assert re.search(r'value="immediate"[^>]*checked', page)
    assert not re.search(r'value="digest"[^>]*checked', page)
    response = client.post(reverse("notifications:settings"), {"mail": "digest"}, follow=True)
    assert "Đã lưu cách nhận thư thông báo." in response.content.decode()
    assert mail_choice(users["head"]) == MailChoice.DIGEST
    client.post(reverse("notifications:settings"), {"mail": "immediate"})
    assert MailPreference.objects.get(user=users["head"]).mail == MailChoice.IMMEDIATE


def test_an_unknown_mail_choice_is_refused_and_nothing_is_saved(as_user, users) -> None:
    response = as_user("head").post(reverse("notifications:settings"), {"mail": "weekly"})
    assert response.status_code == 200
    assert re.search(r'<p class="error" role="alert">[^<]*weekly', response.content.decode())
    assert not MailPreference.objects.filter(user=users["head"]).exists()


def test_the_settings_page_says_when_there_is_no_address(as_user, users) -> None:
    page = as_user("head").get(reverse("notifications:settings")).content.decode()
    assert "chưa có địa chỉ thư điện tử" in page
