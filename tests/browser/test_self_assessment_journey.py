"""Self-assessment journeys: log in, find the assessment, type a value, see the score move.

Lào Cai's 2020 seed reports 180 840 of 185 443 dossiers resolved on time for 3.4.1 (score
1,4628/1,5); the focal point corrects it and the score and the lost-point sentence follow.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

expect = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed"
).expect


ROW = "#n-3-4-1"
PHONE = {"width": 390, "height": 844}  # a common phone screen, in CSS pixels


def open_demo_assessment(page: Page, demo) -> None:
    page.goto(demo.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("2020")


def test_focal_point_sees_her_assessment_in_the_list(page: Page, demo, login, shot) -> None:
    login(page, "focal")
    expect(page).to_have_url(re.compile(r"/assessments/$"))
    expect(page.locator("h1")).to_have_text("Phiếu tự đánh giá của bạn")
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("2020")
    expect(row).to_contain_text("Lào Cai")
    expect(row).to_contain_text("Đang tự đánh giá")
    shot(page, "assessment-list")
    row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/assessments/{demo.pk}/$"))


def test_typing_a_value_updates_the_score_and_the_lost_point_sentence_live(
    page: Page, demo, login, shot
) -> None:
    login(page, "focal")
    open_demo_assessment(page, demo)
    row = page.locator(ROW)
    score = row.locator(".node-result .score")
    lost = row.locator(".node-result .lost")
    total = page.locator("#totals")
    expect(score).to_contain_text("1,4628/1,5")
    sentence_before = lost.inner_text()
    total_before = total.inner_text()
    assert "97,5178" in sentence_before

    row.get_by_label("Số hồ sơ giải quyết đúng hạn").fill("150000")

    # htmx posts after 600 ms of quiet and swaps the row's result and, out of band, the total.
    expect(score).to_contain_text("1,2133/1,5")
    expect(lost).not_to_have_text(sentence_before)
    expect(lost).to_contain_text("80,887")
    expect(total).not_to_have_text(total_before)
    shot(page, "self-assessment-live-score")
    shot(row, "self-assessment-row-3.4.1")

    # The value was saved, not only shown: a reload shows it again.
    page.reload()
    expect(page.locator(ROW).get_by_label("Số hồ sơ giải quyết đúng hạn")).to_have_value("150000")
    expect(page.locator(ROW).locator(".node-result .score")).to_contain_text("1,2133/1,5")


def test_wrong_password_is_refused_then_the_account_is_locked(
    page: Page, demo, login, settings, shot
) -> None:
    # docs/deploy.md: PARINDEX_LOCKOUT_ATTEMPTS (5) failures of one username from one client
    # address lock that pair for PARINDEX_LOCKOUT_MINUTES (15); the locking failure already
    # answers with the lockout page (429), not with the login form.
    assert (settings.AXES_FAILURE_LIMIT, settings.PARINDEX_LOCKOUT_MINUTES) == (5, 15)
    errors = page.locator("#form-errors")
    for attempt in range(1, 5):
        login(page, "focal", password=f"wrong-{attempt}")
        expect(errors).to_be_visible()
        expect(errors).not_to_contain_text("khóa")
        expect(page.locator("main h1")).to_have_text("Đăng nhập")
    login(page, "focal", password="wrong-5")
    locked = page.get_by_role("alert")
    expect(page.locator("main h1")).to_have_text("Tạm thời khóa đăng nhập")
    # Locked: even the right password is refused now, with how long the lock lasts.
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        login(page, "focal")
    assert answer.value.status == 429
    expect(page.locator("main h1")).to_have_text("Tạm thời khóa đăng nhập")
    expect(locked).to_have_text(
        "Tài khoản tạm thời bị khóa trên máy này do đăng nhập sai quá nhiều lần. "
        "Vui lòng thử lại sau 15 phút."
    )
    expect(errors).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    shot(page, "login-locked")
    # Not logged in: a protected page still sends the user to the login form.
    page.goto("/assessments/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/assessments/$"))


def test_the_interface_switches_to_english(page: Page, demo, login, shot) -> None:
    login(page, "focal")
    open_demo_assessment(page, demo)
    expect(page.locator("#totals")).to_contain_text("Tổng điểm tự đánh giá")
    page.select_option("#language", "en")
    page.locator("form.lang button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#totals")).to_contain_text("Self-assessed total")
    expect(page).to_have_url(re.compile(rf"/assessments/{demo.pk}/$"))
    shot(page, "self-assessment-english")


def test_a_phone_sized_screen_needs_no_horizontal_scrolling(
    browser, live_server, demo, login, shot
) -> None:
    context = browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    try:
        login(page, "focal")
        for url, name in [
            ("/assessments/", "phone-list"),
            (demo.get_absolute_url(), "phone-self-assessment"),
        ]:
            page.goto(url)
            widths = page.evaluate(
                "() => [document.documentElement.scrollWidth, window.innerWidth]"
            )
            shot(page, name)
            assert widths[0] <= widths[1], f"{url} scrolls sideways: {widths}"
        # The input is reachable and typing still updates the score on a phone.
        page.locator(ROW).get_by_label("Tổng số hồ sơ đã giải quyết").fill("180840")
        expect(page.locator(ROW).locator(".node-result .score")).to_contain_text("1,5/1,5")
    finally:
        context.close()
