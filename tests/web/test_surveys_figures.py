"""The survey pages' figures through the one formatter: counts grouped, rates as percentages,
differences of rates in percentage points, the target as every target reads ('≥ 90,00%')."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from surveys_fixtures import *  # noqa: F403  (the survey fixtures)

from parindex.web.surveys.models import ImportBatch
from parindex.web.surveys.services.results import comparisons, survey_summary
from parindex.web.surveys.services.sampling import quota_set

pytestmark = pytest.mark.django_db


def comparison_items(html: str) -> list[str]:
    section = html.split("<h2>So sánh</h2>", 1)[1].split("</ul>", 1)[0]
    if "<h2>Comparison</h2>" in html:
        section = html.split("<h2>Comparison</h2>", 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>", "", li).strip() for li in section.split("<li>")[1:]]


def test_the_comparison_says_points_and_the_target_as_a_target(client, users, hand_survey):
    hand_survey.previous_index, hand_survey.target = Decimal("0.5"), Decimal("0.9")
    hand_survey.save()
    client.force_login(users["secretariat"])
    html = client.get(reverse("surveys:results", args=[hand_survey.pk])).content.decode()
    cmp = comparisons(hand_survey, survey_summary(hand_survey.province, 2020).overall)
    verdict = {"above": "đạt", "below": "chưa đạt", "uncertain": "chưa chắc chắn"}
    previous, target = comparison_items(html)
    # overall 60 % against last year's published 50 % and the plan's 90 %
    assert previous.startswith(
        "Năm trước (số đã công bố): 50,00%; chênh lệch +10,00 điểm phần trăm"
    )
    assert target.startswith(
        "Chỉ tiêu kế hoạch: ≥ 90,00%; chênh lệch -30,00 điểm phần trăm — "
        + verdict[cmp.target.status]
    )
    assert "Số người trả lời: 4." in html and '<th scope="col">Khoảng tin cậy 95%</th>' in html


def test_in_english_the_same_figures_read_the_english_way(client, users, hand_survey, settings):
    hand_survey.previous_index, hand_survey.target = Decimal("0.5"), Decimal("0.9")
    hand_survey.save()
    client.force_login(users["secretariat"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("surveys:results", args=[hand_survey.pk])).content.decode()
    section = html.split("</h1>", 1)[1]
    assert "+10.00 percentage points" in section and "≥ 90.00%" in section
    assert "-30.00 percentage points" in section
    assert "95% confidence interval" in section and "95 %" not in section


def test_the_survey_page_groups_counts_and_writes_moments_as_days(client, users, survey):
    quota_set(survey=survey, unit_code="ttphvhcc", population=12000, actor=None)
    batch = ImportBatch.objects.create(
        survey=survey, file_name="kobo.csv", tool="kobo", rows=1500, imported=1200, skipped=300
    )
    client.force_login(users["secretariat"])
    html = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert "Sai số e: 0,05</p>" in html
    # n = 12 000 / (1 + 12 000 × 0,05²) = 387,1 → 388
    assert "<td>12.000</td>" in html and "đã thu 0 / 388 phiếu theo chỉ tiêu." in html
    moment = timezone.localtime(batch.created_at).strftime("%d/%m/%Y %H:%M")
    assert "<td>1.500</td><td>1.200</td><td>300</td>" in html and f"<td>{moment}</td>" in html


def test_the_plan_target_help_reads_as_every_target_does() -> None:
    from django.utils import translation

    from parindex.web.surveys.models import Survey

    help_text = Survey._meta.get_field("target").help_text
    with translation.override("vi"):
        assert str(help_text) == "Ví dụ 0,90 cho chỉ tiêu hài lòng ≥ 90,00%."
    with translation.override("en"):
        assert str(help_text) == "For example 0.90 for a satisfaction target of ≥ 90.00%."
