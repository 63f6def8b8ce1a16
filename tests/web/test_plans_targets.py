"""Plan targets read as every target does (docs/web.md "Numbers"): the operator as a sign, the
value as the figure it is compared with — '≥ 99,00%' like the SIPAS target '≥ 90,00%'."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from plans_fixtures import *  # noqa: F403 (fixtures: plan, issued, today)

pytestmark = pytest.mark.django_db


def cell_texts(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", html, re.S)]


def test_the_plan_page_writes_each_measure_as_a_target(as_user, plan) -> None:
    html = as_user("secretariat").get(reverse("plans:detail", args=[plan.pk])).content.decode()
    cells = cell_texts(html)
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn ≥ 99,00%" in cells  # 3.4.1, "≥ 99%" in the plan file
    assert "Tỷ lệ giải ngân so với kế hoạch giao vốn ≥ 98,00%" in cells  # 6.1.1
    assert ">=" not in html and "≥ 99%" not in html


def test_in_english_the_target_keeps_the_sign_and_the_english_decimal(
    as_user, plan, settings
) -> None:
    client = as_user("secretariat")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert any(c.endswith(" ≥ 99.00%") for c in cell_texts(html))


def test_the_period_page_names_the_target_the_same_way(as_user, issued, today) -> None:
    html = as_user("focal-vp").get(reverse("plans:period", args=[issued.pk, "Q1"])).content
    text = html.decode()
    assert "chỉ tiêu: Tỷ lệ hồ sơ giải quyết đúng hạn ≥ 99,00%" in text
    assert "≥ 99%" not in text


def test_a_risk_names_the_measure_its_value_and_the_target_as_figures(
    as_user, users, issued, today
) -> None:
    import datetime

    from test_plans_views import period_url, report_post

    report_post(as_user("focal-vp"), issued, users)  # 98,7 against the plan's ≥ 99
    today.day = datetime.date(2021, 3, 20)
    html = as_user("secretariat").get(period_url(issued)).content.decode()
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,70%, chưa đạt chỉ tiêu ≥ 99,00%" in html
    assert "rate đạt" not in html and "&gt;=" not in html
