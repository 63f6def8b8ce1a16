"""Comparison with last year across merged units: a successor's figure is its predecessors' mean."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from parindex.web.assessments.models import Assessment, AssessmentStatus, Campaign
from parindex.web.assessments.services.campaigns import campaign_create
from parindex.web.assessments.services.ranking import (
    campaign_ranking,
    lineage_previous,
    previous_campaign,
)
from parindex.web.organisations.models import ChangeKind, Unit, UnitChange, UnitKind

pytestmark = pytest.mark.django_db

MERGED_ON = datetime.date(2021, 1, 1)


def campaign_of(demo, year: int, totals: dict[Unit, str], published: bool = True) -> Campaign:
    campaign = campaign_create(
        name=f"Chỉ số CCHC các sở năm {year}",
        framework_version=demo.campaign.framework_version,
        year=year,
        organiser=demo.unit,
        units=list(totals),
    )
    for unit, total in totals.items():
        Assessment.objects.filter(campaign=campaign, unit=unit).update(
            status=AssessmentStatus.FINAL, final_total=Decimal(total), final_max=Decimal(100)
        )
    if published:
        Campaign.objects.filter(pk=campaign.pk).update(published_at=timezone.now())
        campaign.refresh_from_db()
    return campaign


def successor(demo, name: str, *predecessors: Unit, kind=ChangeKind.MERGE) -> Unit:
    unit = Unit.objects.create(
        code=f"N{len(name)}", name=name, kind=UnitKind.DEPARTMENT, parent=demo.unit
    )
    for old in predecessors:
        UnitChange.objects.create(predecessor=old, successor=unit, date=MERGED_ON, kind=kind)
    return unit


@pytest.fixture
def departments(demo) -> dict[str, Unit]:
    return {u.short_name: u for u in demo.unit.children.exclude(short_name="")}


@pytest.fixture
def lineage(demo, departments):
    """2020: SNV 90, STP 80, VP 70, STC 61; 2021: SNV unchanged, STP+VP merged, STC renamed."""
    d = departments
    campaign_of(demo, 2020, {d["SNV"]: "90", d["STP"]: "80", d["VP"]: "70", d["STC"]: "61"})
    merged = successor(demo, "Sở Tư pháp và Văn phòng (hợp nhất)", d["STP"], d["VP"])
    renamed = successor(demo, "Sở Tài chính (tên mới)", d["STC"], kind=ChangeKind.RENAME)
    this_year = campaign_of(
        demo, 2021, {d["SNV"]: "91", merged: "77.5", renamed: "60"}, published=False
    )
    return this_year, merged, renamed


def test_merged_unit_compares_with_its_predecessors_mean(lineage, departments) -> None:
    campaign, merged, renamed = lineage
    rows = {r.assessment.unit_id: r for r in campaign_ranking(campaign)}
    row = rows[merged.pk]
    assert row.previous_total == Decimal("75.0000")  # (80 + 70) / 2
    assert row.delta == Decimal("2.5")
    assert row.previous_rank is None  # two ranks cannot be carried
    assert set(row.previous_from) == {"Sở Tư pháp", "Văn phòng UBND tỉnh"}
    # an unchanged unit keeps its own figure and rank; a renamed one inherits both
    own = rows[departments["SNV"].pk]
    assert (own.previous_total, own.previous_rank, own.previous_from) == (Decimal(90), 1, ())
    inherited = rows[renamed.pk]
    assert (inherited.previous_total, inherited.previous_rank) == (Decimal(61), 4)
    assert inherited.previous_from == ("Sở Tài chính",)


def test_unit_absorbing_another_averages_itself_and_the_absorbed(demo, departments) -> None:
    d = departments
    campaign_of(demo, 2020, {d["SNV"]: "90", d["STP"]: "81"})
    UnitChange.objects.create(
        predecessor=d["STP"], successor=d["SNV"], date=MERGED_ON, kind=ChangeKind.MERGE
    )
    campaign = campaign_of(demo, 2021, {d["SNV"]: "88"}, published=False)
    (row,) = campaign_ranking(campaign)
    assert row.previous_total == Decimal("85.5000")
    assert row.previous_from == ("Sở Nội vụ", "Sở Tư pháp")


def test_mean_rounds_half_up_to_four_decimals() -> None:
    before = {1: (Decimal("80.0001"), 1, "A"), 2: (Decimal("70.0000"), 2, "B")}
    total, rank, names = lineage_previous(9, before, [1, 2])
    assert total == Decimal("75.0001")  # 75.00005 half up
    assert (rank, names) == (None, ("A", "B"))
    assert lineage_previous(9, before, [3]) is None


def test_no_mean_when_a_predecessor_was_not_ranked_last_year(demo, departments) -> None:
    d = departments
    campaign_of(demo, 2020, {d["STP"]: "80"})  # VP was not assessed in 2020
    merged = successor(demo, "Sở Tư pháp và Văn phòng (hợp nhất)", d["STP"], d["VP"])
    campaign = campaign_of(demo, 2021, {merged: "77.5"}, published=False)
    (row,) = campaign_ranking(campaign)
    assert (row.previous_total, row.previous_rank, row.previous_from, row.delta) == (
        None,
        None,
        (),
        None,
    )


def test_ranking_page_and_export_say_where_last_years_figure_comes_from(as_user, lineage) -> None:
    campaign, merged, _renamed = lineage
    html = as_user("secretariat").get(reverse("assessments:ranking", args=[campaign.pk]))
    text = html.content.decode()
    assert '<td class="num">75 (—)' in text and "+2,5" in text
    assert "bình quân của Sở Tư pháp, Văn phòng UBND tỉnh" in text
    assert 'id="lineage-rule"' in text
    response = as_user("secretariat").get(reverse("assessments:ranking_export", args=[campaign.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {r[1]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows[merged.name][6] == 75.0
    assert rows[merged.name][9] == "Sở Tư pháp, Văn phòng UBND tỉnh"


def test_no_lineage_note_without_merged_units(as_user, demo, departments) -> None:
    d = departments
    campaign_of(demo, 2020, {d["SNV"]: "90"})
    campaign = campaign_of(demo, 2021, {d["SNV"]: "91"}, published=False)
    text = as_user("secretariat").get(reverse("assessments:ranking", args=[campaign.pk]))
    assert 'id="lineage-rule"' not in text.content.decode()


def test_merged_organiser_compares_with_its_predecessors_campaign(demo, departments) -> None:
    d = departments
    last = campaign_of(demo, 2020, {d["SNV"]: "90"})
    new_province = Unit.objects.create(code="15N", name="Tỉnh Lào Cai (mới)", kind="province")
    UnitChange.objects.create(
        predecessor=demo.unit, successor=new_province, date=MERGED_ON, kind=ChangeKind.MERGE
    )
    campaign = campaign_create(
        name="2021",
        framework_version=demo.campaign.framework_version,
        year=2021,
        organiser=new_province,
        units=[d["SNV"]],
    )
    assert previous_campaign(campaign) == last
