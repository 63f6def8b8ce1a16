"""The province dashboard's SIPAS section: the surveys app's figures, with intervals and
comparisons, on the page, in the chart and in the Excel export; hidden without a survey."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from surveys_fixtures import *  # noqa: F403  (the survey fixtures)
from surveys_fixtures import lao_cai
from test_dashboards_pages import table

from parindex.presentation.numbers import fmt_percent
from parindex.web.accounts.models import Role, User
from parindex.web.accounts.services import user_create
from parindex.web.organisations.models import Unit
from parindex.web.surveys.models import SurveyResponse
from parindex.web.surveys.pages import FACTOR_LABELS
from parindex.web.surveys.services.questionnaire import survey_create
from parindex.web.surveys.services.results import comparisons, survey_summary

pytestmark = pytest.mark.django_db


def pct(value: Decimal | None) -> str:
    return fmt_percent(None if value is None else value * 100, "vi", 2)


def page(client, demo, query: str = "") -> str:
    url = reverse("dashboards:province", args=[demo.unit.pk]) + (f"?{query}" if query else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_sipas_table_equals_the_survey_summary(as_user, demo, hand_survey) -> None:
    summary = survey_summary(lao_cai(), 2020)
    rows = table(page(as_user("viewer"), demo), "sipas")
    expected = [
        [str(FACTOR_LABELS[code]), pct(e.value), pct(e.low), pct(e.high)]
        for code, e in summary.factors.items()
    ]
    o = summary.overall
    expected.append(["Chỉ số hài lòng chung", pct(o.value), pct(o.low), pct(o.high)])
    assert rows == expected
    # the hand-computed example: 3 of 4 satisfied → 75 % [30,06 %; 95,44 %]; overall 60 %
    assert rows[0] == ["Tiếp cận dịch vụ", "75,00%", "30,06%", "95,44%"]
    assert rows[-1][1] == "60,00%"


def test_sipas_chart_carries_the_values_and_intervals(as_user, demo, hand_survey) -> None:
    html = page(as_user("viewer"), demo)
    section = html.split('id="sipas"', 1)[1].split("</section>")[0]
    assert "Tiếp cận dịch vụ – Năm 2020: 75,00% (30,06% – 95,44%)" in section
    assert "Chỉ số hài lòng chung – Năm 2020: 60,00%" in section
    note = section.split('id="sipas-note">', 1)[1].split("</p>")[0]
    assert note.startswith("“SIPAS 2020”: 4 người trả lời; khoảng tin cậy 95%.")


def test_sipas_compares_with_the_published_figure_and_the_target(
    as_user, demo, hand_survey
) -> None:
    hand_survey.previous_index, hand_survey.target = Decimal("0.5"), Decimal("0.9")
    hand_survey.save()
    html = page(as_user("viewer"), demo)
    rows = table(html, "sipas")
    assert rows[0][4:] == ["", ""]  # last year's figure and the target are the index's only
    assert rows[-1][4:] == ["50,00%", "90,00%"]
    cmp = comparisons(hand_survey, survey_summary(lao_cai(), 2020).overall)
    note = html.split('id="sipas-note">', 1)[1].split("</p>")[0]
    # a difference of rates in percentage points (fmt_pp); the target as every target reads
    assert "So với năm 2019 (số liệu đã công bố): +10,00 điểm phần trăm, " in note
    assert "điểm phần trăm điểm phần trăm" not in note and "%%" not in note
    status = {"above": "đạt", "below": "chưa đạt", "uncertain": "chưa chắc chắn"}
    assert f"Mục tiêu ≥ 90,00%: {status[cmp.target.status]} (" in note


def test_sipas_compares_each_factor_with_last_years_survey(as_user, demo, hand_survey) -> None:
    last = survey_create(province=lao_cai(), title="SIPAS 2019", year=2019, actor=None)
    for row in SurveyResponse.objects.filter(survey=hand_survey):
        SurveyResponse.objects.create(
            survey=last,
            source="web",
            source_id=row.source_id,
            unit_code=row.unit_code,
            service_code=row.service_code,
            answers=row.answers,
        )
    SurveyResponse.objects.filter(survey=last, source_id="hand-1").delete()  # 2 of 3
    before = survey_summary(lao_cai(), 2019)
    html = page(as_user("viewer"), demo)
    rows = table(html, "sipas")
    assert rows[0][4] == pct(before.factors["access"].value) == "66,67%"
    assert rows[-1][4] == pct(before.overall.value)
    assert "So với năm 2019 (khảo sát năm trước)" in html


def test_sipas_is_in_the_excel_export_with_the_same_numbers(as_user, demo, hand_survey) -> None:
    summary = survey_summary(lao_cai(), 2020)
    response = as_user("viewer").get(reverse("dashboards:export", args=[demo.unit.pk, "province"]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    # the tab is named by the chart's title, not by its key "sipas"
    (sheet,) = [s for s in book.worksheets if s["A1"].value.startswith("Chỉ số hài lòng")]
    assert sheet.title == sheet["A1"].value[:31].strip()
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    access = summary.factors["access"]
    # a percentage is its fraction, shown by Excel as 66.67% (presentation.numbers.xlsx_cell)
    assert rows["Tiếp cận dịch vụ"][1:4] == pytest.approx(
        [float(access.value), float(access.low), float(access.high)], abs=1e-12
    )
    assert rows["Chỉ số hài lòng chung"][1] == pytest.approx(0.6)
    overall = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "Chỉ số hài lòng chung")
    assert overall[1].number_format == "0.00%"
    png = as_user("viewer").get(
        reverse("dashboards:chart_png", args=[demo.unit.pk, "province", "sipas"])
    )
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"


def test_sipas_section_is_hidden_without_a_survey_with_answers(as_user, demo, survey) -> None:
    html = page(as_user("viewer"), demo)  # a 2020 survey without responses
    assert 'id="sipas"' not in html
    SurveyResponse.objects.create(
        survey=survey, source="web", source_id="x", unit_code="ttphvhcc", answers={}
    )  # answers with no satisfaction item: no index
    assert 'id="sipas"' not in page(as_user("viewer"), demo)


def test_a_department_focal_point_does_not_see_the_province_sipas(
    client, demo, hand_survey
) -> None:
    unit = Unit.objects.get(code="10.STP")
    user = user_create(
        username="stp-own", password="x", unit=unit, roles=[(Role.FOCAL_POINT, unit)]
    )
    urls = (
        reverse("dashboards:province", args=[demo.unit.pk]),
        reverse("dashboards:export", args=[demo.unit.pk, "province"]),
        reverse("dashboards:chart_png", args=[demo.unit.pk, "province", "sipas"]),
    )
    client.force_login(User.objects.get(username="viewer"))
    assert 'id="sipas"' in client.get(urls[0]).content.decode()  # the province's own page has it
    client.force_login(user)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("text/html"), url
        assert b'id="sipas"' not in response.content and b"60,00" not in response.content


def test_the_demo_survey_shows_on_the_demo_dashboard(as_user, demo) -> None:
    from parindex.web.surveys.demo import surveys_demo_load

    surveys_demo_load()
    html = page(as_user("viewer"), demo)
    rows = table(html, "sipas")
    summary = survey_summary(lao_cai(), 2020)
    assert rows[-1][1] == pct(summary.overall.value)
    assert len(rows) == len(summary.factors) + 1
    assert "Số liệu minh họa" in html.split('id="sipas-note">', 1)[1]


def test_in_english_the_section_follows_the_interface(as_user, demo, hand_survey, settings):
    client = as_user("viewer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = page(client, demo)
    rows = table(html, "sipas")
    assert rows[-1][:2] == ["Overall satisfaction index", "60.00%"]
    note = html.split('id="sipas-note">', 1)[1].split("</p>")[0]
    assert note.startswith("“SIPAS 2020”: 4 respondents; 95% confidence intervals.")
