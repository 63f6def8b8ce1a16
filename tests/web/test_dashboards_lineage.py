"""Internal index: change since last year follows merged and renamed units (organisations
lineage), with the ranking page's rule (``assessments.services.ranking.lineage_previous``)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from dashboards_data import SHARES_2020, departments, share_for
from django.urls import reverse
from test_dashboards_pages import expected_total, table

from parindex.presentation.numbers import fmt_points
from parindex.web.assessments.services.ranking import campaign_ranking
from parindex.web.dashboards.synthetic import published_results_create
from parindex.web.organisations.models import ChangeKind, Unit, UnitChange, UnitKind

pytestmark = pytest.mark.django_db

MERGED_ON = datetime.date(2021, 1, 1)


def successor(demo, code: str, name: str, *predecessors: Unit, kind=ChangeKind.MERGE) -> Unit:
    unit = Unit.objects.create(code=code, name=name, kind=UnitKind.DEPARTMENT, parent=demo.unit)
    for old in predecessors:
        UnitChange.objects.create(predecessor=old, successor=unit, date=MERGED_ON, kind=kind)
    return unit


@pytest.fixture
def lineage(demo):
    """2020: the seven departments; 2021: SNV again, STP + VP merged, STC renamed."""
    departments(demo, 2020, SHARES_2020)
    d = {u.short_name: u for u in demo.unit.children.exclude(short_name="")}
    merged = successor(demo, "10.TPVP", "Sở Tư pháp và Văn phòng", d["STP"], d["VP"])
    renamed = successor(demo, "10.TC2", "Sở Tài chính (tên mới)", d["STC"], kind=ChangeKind.RENAME)
    units = [d["SNV"], merged, renamed]
    shares = [Decimal("0.96"), Decimal("0.88"), Decimal("0.80")]
    campaign = published_results_create(
        name="Chỉ số CCHC các sở năm 2021",
        organiser=demo.unit,
        framework_version=demo.campaign.framework_version,
        year=2021,
        units=units,
        share=share_for(shares),
    )
    return campaign, merged, renamed


def test_a_merged_unit_compares_with_its_predecessors_mean(as_user, demo, lineage) -> None:
    campaign, merged, renamed = lineage
    framework = demo.campaign.framework_version.framework()
    html = (
        as_user("viewer")
        .get(reverse("dashboards:internal", args=[demo.unit.pk]) + "?year=2021")
        .content.decode()
    )
    rows = {r[1]: r for r in table(html, "ranking-department")}
    stp, vp = expected_total(framework, Decimal("0.90")), expected_total(framework, Decimal("0.85"))
    mean = ((stp + vp) / 2).quantize(Decimal("0.0001"))
    now = expected_total(framework, Decimal("0.88"))
    assert rows["Sở Tư pháp và Văn phòng"][5] == "+" + fmt_points(now - mean)
    assert rows["Sở Tư pháp và Văn phòng"][6] == ""  # a mean of two carries no rank
    # renamed: inherits Sở Tài chính's figure and rank (4th of 7 in 2020, 3rd of 3 now)
    before = expected_total(framework, Decimal("0.80"))
    assert rows["Sở Tài chính (tên mới)"][5] == fmt_points(
        expected_total(framework, Decimal("0.80")) - before
    )
    assert rows["Sở Tài chính (tên mới)"][6] == "+1"
    assert rows["Sở Nội vụ"][6] == "0"  # 1st both years, its own figure
    assert 'id="lineage-rule"' in html and "2 đơn vị hợp nhất" in html
    # the same figures as the ranking page (one rule, one function)
    ranking = {r.assessment.unit_id: r for r in campaign_ranking(campaign)}
    assert ranking[merged.pk].previous_total == mean
    assert ranking[renamed.pk].previous_rank == 4


def test_the_export_carries_the_lineage_change(as_user, demo, lineage) -> None:
    _campaign, _merged, _renamed = lineage
    framework = demo.campaign.framework_version.framework()
    response = as_user("viewer").get(
        reverse("dashboards:export", args=[demo.unit.pk, "internal"]) + "?year=2021"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = {r[1]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    stp, vp = expected_total(framework, Decimal("0.90")), expected_total(framework, Decimal("0.85"))
    mean = ((stp + vp) / 2).quantize(Decimal("0.0001"))
    change = expected_total(framework, Decimal("0.88")) - mean
    assert rows["Sở Tư pháp và Văn phòng"][5] == pytest.approx(float(change))


def test_no_lineage_note_without_merged_units(as_user, demo) -> None:
    departments(demo, 2019, {"SNV": "0.80"})
    departments(demo, 2020, SHARES_2020)
    html = as_user("viewer").get(reverse("dashboards:internal", args=[demo.unit.pk])).content
    assert b'id="lineage-rule"' not in html
