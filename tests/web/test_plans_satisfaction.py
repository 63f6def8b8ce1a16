"""The periodic report carries the province's SIPAS survey of the plan's year (page, Word,
Excel): the overall index and each factor with its interval, against the plan's target."""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from docx import Document as WordDocument
from plans_fixtures import *  # noqa: F403 (fixtures: plan, issued, today)
from surveys_fixtures import *  # noqa: F403 (fixtures: survey, hand_survey)
from surveys_fixtures import HAND, full_answers, lao_cai

from parindex.plans import Measure, plan_to_json, set_target
from parindex.presentation.numbers import fmt_percent
from parindex.web.plans import services
from parindex.web.plans.satisfaction import plan_satisfaction
from parindex.web.surveys.models import SurveyResponse, SurveyStatus
from parindex.web.surveys.services.questionnaire import (
    _FORMS,
    form_of,
    survey_create,
    survey_status_set,
)
from parindex.web.surveys.services.responses import encode_answers
from parindex.web.surveys.services.results import survey_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_2021(users):
    """A SIPAS survey of Lào Cai for 2021 (the plan's year) with four hand-computed answers."""
    s = survey_create(province=lao_cai(), title="SIPAS 2021", year=2021, actor=users["secretariat"])
    survey_status_set(survey=s, status=SurveyStatus.OPEN, actor=None)
    _FORMS.setdefault("sipas-shipped", form_of(s))
    for i, (unit, sat, fb) in enumerate(HAND, start=1):
        over: dict[str, object] = dict(sat)
        if fb is not None:
            over.update(
                fb_given="co", fb_channel="co", fb_handled="co", fb_informed="co", fb_sat=fb
            )
        answers = full_answers(unit, **over)
        SurveyResponse.objects.create(
            survey=s,
            source="web",
            source_id=f"hand-{i}",
            unit_code=unit,
            service_code=str(answers["service"]),
            answers=encode_answers(answers),
        )
    return s


def pct(value: Decimal) -> str:
    return fmt_percent(value * 100)


def url(plan, name: str = "period", *args: str) -> str:
    return reverse(f"plans:{name}", args=[plan.pk, "Q1", *args])


def test_period_page_shows_the_survey_summary(as_user, issued, today, survey_2021) -> None:
    summary = survey_summary(lao_cai(), 2021)
    assert summary is not None and summary.overall.value == Decimal("0.6")
    html = as_user("secretariat").get(url(issued)).content.decode()
    section = html.split('id="satisfaction"', 1)[1].split("</section>")[0]
    assert "SIPAS 2021" in section and "4 người trả lời" in section
    assert pct(summary.overall.value) == "60,00%" and pct(summary.overall.value) in section
    assert f"{pct(summary.overall.low)} – {pct(summary.overall.high)}" in section
    access = summary.factors["access"]
    assert f'Tiếp cận dịch vụ</td><td class="num">{pct(access.value)}' in section
    assert "Chỉ tiêu của kế hoạch" not in section  # no target anywhere yet


def test_word_and_excel_reports_carry_the_same_figures(as_user, issued, today, survey_2021) -> None:
    summary = survey_summary(lao_cai(), 2021)
    client = as_user("secretariat")
    word = WordDocument(io.BytesIO(client.get(url(issued, "export", "docx")).content))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "5. Sự hài lòng của người dân, tổ chức (Chỉ số SIPAS)" in text
    assert "(SIPAS 2021, 4 người trả lời): chỉ số hài lòng chung đạt 60,00%" in text
    cells = ["\t".join(c.text for c in r.cells) for t in word.tables for r in t.rows]
    assert "Tiếp cận dịch vụ\t75,00%\t30,06% – 95,44%" in cells  # surveys_fixtures: Wilson 3/4
    data = client.get(url(issued, "export", "xlsx")).content
    ws = openpyxl.load_workbook(io.BytesIO(data))["Hài lòng"]
    rows = {r[0]: r[1:] for r in ws.iter_rows(min_row=4, values_only=True)}
    overall = summary.overall
    # fractions in '0.00%' cells: Excel writes the % sign itself
    assert rows["Chỉ số hài lòng chung"] == pytest.approx(
        (float(overall.value), float(overall.low), float(overall.high))
    )
    assert rows["Số người trả lời"][0] == 4


def test_the_surveys_plan_target_is_used_when_the_plan_has_none(
    as_user, issued, today, survey_2021
) -> None:
    survey_2021.target = Decimal("0.9")
    survey_2021.save()
    found = plan_satisfaction(issued, services.plan_current(issued))
    assert found is not None and found.target == Decimal(90)
    low, high = found.overall.low, found.overall.high
    assert low is not None and high is not None
    assert found.target_status() == ("uncertain" if low <= 90 <= high else "not_met")
    html = as_user("secretariat").get(url(issued)).content.decode()
    assert "Chỉ tiêu của kế hoạch: ≥ 90,00%." in html


def test_a_satisfaction_measure_of_the_plan_is_its_target(issued, survey_2021) -> None:
    pure = services.plan_current(issued)
    code = pure.targets()[0][1].code
    measure = Measure("satisfaction", ">=", Decimal(55), "%", "Tỷ lệ hài lòng")
    edited = set_target(pure, code, measures=(measure,))
    issued.content = plan_to_json(edited)
    issued.save()
    survey_2021.target = Decimal("0.9")
    survey_2021.save()
    found = plan_satisfaction(issued, services.plan_current(issued))
    assert found is not None and (found.target, found.target_op) == (Decimal(55), ">=")
    low, high = found.overall.low, found.overall.high
    assert low is not None and high is not None
    assert found.target_status() == ("uncertain" if low <= 55 <= high else "met")
    assert dataclasses.asdict(found)["overall"]["value"] == Decimal(60)


def test_no_survey_of_the_plans_year_no_section(as_user, issued, today, hand_survey) -> None:
    assert hand_survey.year == 2020  # last year's survey is not this plan's
    html = as_user("secretariat").get(url(issued)).content.decode()
    assert 'id="satisfaction"' not in html
    data = as_user("secretariat").get(url(issued, "export", "xlsx")).content
    assert "Hài lòng" not in openpyxl.load_workbook(io.BytesIO(data)).sheetnames
