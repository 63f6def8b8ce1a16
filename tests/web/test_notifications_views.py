"""My notifications page, the unread count, and the secretariat's list of reminders sent."""

from __future__ import annotations

import datetime

import pytest
from dbstate import assert_unchanged
from django.urls import reverse

from parindex.web.notifications.models import Notification
from parindex.web.notifications.services import notification_create, reminders_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded(demo, users):
    """The demo's reminder one day before its self-assessment deadline (in-app only: to the
    focal point, who has not submitted), and a notification of the head's."""
    reminders_send(now=demo.campaign.self_assessment_due - datetime.timedelta(days=1))
    notification_create(user=users["head"], text="Thông báo cho lãnh đạo", link="/")
    return users


def test_my_notifications_lists_mine_and_not_others(as_user, reminded) -> None:
    notification_create(user=reminded["head"], text="Chỉ cho lãnh đạo", link="/")
    response = as_user("focal").get(reverse("notifications:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nhắc hạn tự đánh giá" in page
    assert "Chỉ cho lãnh đạo" not in page


def test_the_header_shows_the_unread_count(as_user, reminded) -> None:
    notification_create(user=reminded["focal"], text="Thêm một", link="")
    page = as_user("focal").get(reverse("assessments:list")).content.decode()
    assert "2 thông báo chưa đọc" in page


def test_marking_all_read_clears_the_count(as_user, reminded) -> None:
    client = as_user("focal")
    response = client.post(reverse("notifications:read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(user=reminded["focal"], read=False).exists()
    assert Notification.objects.filter(user=reminded["head"], read=False).exists()
    assert "thông báo chưa đọc" not in client.get(reverse("notifications:list")).content.decode()


def test_opening_a_notification_marks_it_read_and_follows_its_link(as_user, reminded, demo) -> None:
    notification = Notification.objects.get(user=reminded["focal"])
    response = as_user("focal").post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response.url == demo.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read


def test_a_link_to_another_site_is_not_followed(as_user, users) -> None:
    notification = notification_create(user=users["focal"], text="x", link="https://evil.example/")
    response = as_user("focal").post(reverse("notifications:open", args=[notification.pk]))
    assert response.url == reverse("notifications:list")


def test_someone_elses_notification_cannot_be_opened(as_user, reminded) -> None:
    notification = Notification.objects.get(user=reminded["head"])
    response = as_user("focal").post(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert not notification.read


def test_opening_and_marking_read_need_post(as_user, reminded) -> None:
    notification = Notification.objects.get(user=reminded["focal"])
    client = as_user("focal")
    with assert_unchanged(Notification):
        assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 405
        assert client.get(reverse("notifications:read")).status_code == 405
    assert not Notification.objects.get(pk=notification.pk).read


def test_anonymous_visitors_are_sent_to_login(client) -> None:
    for name in ("notifications:list", "notifications:sent"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("accounts:login") in response.url


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("secretariat", 200),
        ("focal", 403),
        ("head", 403),
        ("appraiser", 403),
        ("viewer", 403),
        ("outsider", 403),
        ("nobody", 403),
    ],
)
def test_only_the_secretariat_sees_what_was_sent(as_user, reminded, persona, status) -> None:
    response = as_user(persona).get(reverse("notifications:sent"))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Tỉnh Lào Cai" in page
        assert "Đầu mối tự đánh giá của tỉnh" in page  # the focal point's full name


def test_the_sent_list_shows_the_link_only_to_the_secretariat(as_user, reminded) -> None:
    url = reverse("notifications:sent")
    assert url in as_user("secretariat").get(reverse("notifications:list")).content.decode()
    assert url not in as_user("focal").get(reverse("notifications:list")).content.decode()


def test_list_query_counts_do_not_grow_with_rows(
    as_user, reminded, demo, django_assert_num_queries
) -> None:
    client = as_user("secretariat")
    for _ in range(30):
        notification_create(user=reminded["secretariat"], text="x", link=demo.get_absolute_url())
    # session, user, memberships, page count, rows, unread count (header)
    with django_assert_num_queries(6):
        assert client.get(reverse("notifications:list")).status_code == 200
    # session, user, memberships, page count, rows with their unit, campaign and recipient,
    # unread count (header)
    with django_assert_num_queries(6):
        assert client.get(reverse("notifications:sent")).status_code == 200
