"""Dashboard pages: the numbers in each data table and in the Excel export are the scorecards'."""

from __future__ import annotations

import io
import re
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest
from dashboards_data import SHARES_2019, SHARES_2020, communes, departments
from django.urls import reverse

from parindex.presentation.numbers import fmt_percent, fmt_points
from parindex.web.assessments.models import ItemScore
from parindex.web.assessments.services.selectors import assessment_score
from parindex.web.dashboards import build
from parindex.web.dashboards.demo import dashboards_demo_load
from parindex.web.dashboards.signals import collect_plan_progress

pytestmark = pytest.mark.django_db

FOUR = Decimal("0.0001")


def table(html: str, key: str) -> list[list[str]]:
    """The rows (cells as text) of the data table beside chart ``key``."""
    section = html.split(f'" id="{key}"', 1)[1].split("</section>")[0]
    body = section.split("<tbody>", 1)[1].split("</tbody>")[0]
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        rows.append(
            [
                re.sub(r"<[^>]+>", "", c).strip()
                for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            ]
        )
    return rows


def expected_total(framework, share: Decimal) -> Decimal:
    total = Decimal(0)
    for leaf in framework.leaves():
        s = share - Decimal("0.2") if leaf.code.split(".")[0] == "3" else share
        total += (leaf.max * s).quantize(FOUR, ROUND_HALF_UP)
    return total


def url(name: str, demo, query: str = "") -> str:
    return reverse(f"dashboards:{name}", args=[demo.unit.pk]) + (f"?{query}" if query else "")


# --- province dashboard ----------------------------------------------------------------


def test_province_areas_table_shows_the_self_assessment_per_area(as_user, demo) -> None:
    html = as_user("viewer").get(url("province", demo)).content.decode()
    card = assessment_score(assessment=demo)
    rows = table(html, "areas")
    areas = [a for a in card.areas() if a.part("self")[1] > 0]
    assert [r[0].split(".")[0] for r in rows] == [a.code for a in areas]
    for row, area in zip(rows, areas, strict=True):
        score, maximum = area.part("self")
        assert row[1] == fmt_points(score) and row[-1] == fmt_points(maximum)
    # the seed's figures: area 3 = 13,4438 of 13,5; area 6 = 7,6097 of 8
    assert [rows[2][1], rows[2][-1]] == ["13,4438", "13,5"]
    assert [rows[5][1], rows[5][-1]] == ["7,6097", "8"]
    assert "Điểm tự đánh giá" in html


def test_province_lost_points_are_largest_first(as_user, demo) -> None:
    html = as_user("viewer").get(url("province", demo)).content.decode()
    lost = [Decimal(r[1].replace(".", "").replace(",", ".")) for r in table(html, "lost")]
    assert lost == sorted(lost, reverse=True) and lost[0] > 0
    assert table(html, "lost")[0][0].startswith("8.")  # area 8 lost the most (2,5 points)


def test_province_history_shows_the_published_national_results(as_user, demo) -> None:
    dashboards_demo_load()
    html = as_user("viewer").get(url("province", demo)).content.decode()
    rows = table(html, "history")
    assert rows[0] == ["2019", "82,85", "15"]  # the seed: 82,85, rank 15 of 63
    # merged on 1/7/2025: its own line ends in 2024 (the successor is on the lineage view)
    assert [r[0] for r in rows] == ["2019", "2020", "2021", "2022", "2023", "2024"]


def test_plan_section_shows_only_when_an_app_answers_the_signal(as_user, demo) -> None:
    html = as_user("viewer").get(url("province", demo)).content.decode()
    assert 'id="progress"' not in html and 'id="sipas"' not in html  # no plan, no survey
    collect_plan_progress.connect(fake_progress, dispatch_uid="test-fake-progress")
    try:
        html = as_user("viewer").get(url("province", demo)).content.decode()
    finally:
        collect_plan_progress.disconnect(dispatch_uid="test-fake-progress")
    assert table(html, "progress")[0] == ["Đã hoàn thành", "12"]


def fake_progress(sender, *, province, year, **kwargs):
    return {"done": 12, "in_progress": 5, "overdue": 2}


def test_province_chart_downloads_as_png(as_user, demo) -> None:
    response = as_user("viewer").get(
        reverse("dashboards:chart_png", args=[demo.unit.pk, "province", "areas"])
    )
    assert response.status_code == 200 and response.content[:8] == b"\x89PNG\r\n\x1a\n"
    missing = reverse("dashboards:chart_png", args=[demo.unit.pk, "province", "nope"])
    assert as_user("viewer").get(missing).status_code == 404


# --- internal dashboard ----------------------------------------------------------------


def test_internal_ranking_equals_the_final_totals(as_user, demo) -> None:
    campaign = departments(demo, 2020, SHARES_2020)
    framework = demo.campaign.framework_version.framework()
    html = as_user("viewer").get(url("internal", demo)).content.decode()
    rows = table(html, "ranking-department")
    finals = {a.unit.name: a.final_total for a in campaign.assessments.select_related("unit")}
    assert [r[1] for r in rows] == sorted(finals, key=lambda n: -finals[n])
    for row in rows:
        assert row[2] == fmt_points(finals[row[1]])
    assert rows[0][:3] == ["1", "Sở Nội vụ", fmt_points(expected_total(framework, Decimal("0.95")))]
    assert rows[0][4] == "A" and rows[-1][4] == ""  # 0,6 of the maximum: no band


def test_internal_heat_map_is_each_area_as_percent_of_its_maximum(as_user, demo) -> None:
    campaign = departments(demo, 2020, SHARES_2020)
    framework = demo.campaign.framework_version.framework()
    html = as_user("viewer").get(url("internal", demo)).content.decode()
    rows = table(html, "heatmap-department")
    snv = campaign.assessments.get(unit__short_name="SNV")
    finals = dict(ItemScore.objects.filter(assessment=snv).values_list("node_code", "points"))
    for column, area in enumerate(framework.nodes, start=1):
        leaves = [x for x in framework.leaves() if framework.area_of(x.code).code == area.code]
        points = sum(finals[leaf.code] for leaf in leaves)
        assert rows[0][column] == fmt_percent(points * 100 / area.max, "vi", 1)
    assert rows[0][3] == "75,0%"  # area 3: 0,95 - 0,2


def test_internal_weakest_criteria_are_the_lowest_mean_share(as_user, demo) -> None:
    departments(demo, 2020, SHARES_2020)
    html = as_user("viewer").get(url("internal", demo)).content.decode()
    rows = table(html, "weakest-department")
    assert rows[0][0].startswith("3.")  # area 3 scores 0,2 less everywhere
    # mean of (share - 0,2) over the seven departments
    mean = (sum(Decimal(s) for s in SHARES_2020.values()) / 7 - Decimal("0.2")) * 100
    assert rows[0][1] == fmt_percent(mean, "vi", 1)


def test_internal_change_since_last_year(as_user, demo) -> None:
    departments(demo, 2019, SHARES_2019)
    departments(demo, 2020, SHARES_2020)
    framework = demo.campaign.framework_version.framework()
    html = as_user("viewer").get(url("internal", demo, "year=2020")).content.decode()
    rows = {r[1]: r for r in table(html, "ranking-department")}
    before, now = (
        expected_total(framework, Decimal("0.80")),
        expected_total(framework, Decimal("0.95")),
    )
    assert rows["Sở Nội vụ"][5] == "+" + fmt_points(now - before)
    assert rows["Sở Nội vụ"][6] == "+2"  # 3rd of four in 2019, 1st now
    assert rows["Sở Khoa học và Công nghệ"][5] == ""  # not ranked last year


def test_internal_excel_has_one_sheet_per_chart_with_the_same_numbers(as_user, demo) -> None:
    campaign = departments(demo, 2020, SHARES_2020)
    response = as_user("viewer").get(reverse("dashboards:export", args=[demo.unit.pk, "internal"]))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.worksheets) == 3
    sheet = book.worksheets[0]
    values = [row for row in sheet.iter_rows(values_only=True) if row and isinstance(row[0], int)]
    finals = {a.unit.name: a.final_total for a in campaign.assessments.select_related("unit")}
    assert {v[1]: Decimal(str(v[2])).quantize(FOUR) for v in values} == finals


def test_internal_filters_by_unit_kind_and_pages_long_lists(as_user, demo, monkeypatch) -> None:
    departments(demo, 2020, SHARES_2020)
    communes(demo, 2020, 7)
    monkeypatch.setattr(build, "PAGE_SIZE", 3)
    client = as_user("viewer")
    html = client.get(url("internal", demo, "kind=commune&page=2")).content.decode()
    rows = table(html, "ranking-commune")
    assert [r[0] for r in rows] == ["4", "5", "6"] and "Trang 2/3" in html
    book = openpyxl.load_workbook(
        io.BytesIO(
            client.get(
                reverse("dashboards:export", args=[demo.unit.pk, "internal"]) + "?kind=commune"
            ).content
        )
    )
    assert (
        sum(
            1 for r in book.worksheets[0].iter_rows(values_only=True) if r and isinstance(r[0], int)
        )
        == 7
    )
    html = client.get(url("internal", demo, "kind=department")).content.decode()
    assert "Sở Nội vụ" in html and "Xã Thử" not in html


def test_internal_opens_on_departments_when_communes_are_ranked_too(as_user, demo) -> None:
    departments(demo, 2020, SHARES_2020)
    communes(demo, 2020, 3)
    html = as_user("viewer").get(url("internal", demo)).content.decode()
    assert table(html, "ranking-department")[0][1] == "Sở Nội vụ"
    assert 'id="ranking-commune"' not in html
    select = html.split('id="f-kind"', 1)[1].split("</select>")[0]
    kinds = re.findall(r'<option value="(\w+)"', select)
    assert kinds == ["department", "commune"]  # the order UnitKind declares


def test_internal_page_query_count_does_not_grow_with_units(
    as_user, demo, django_assert_max_num_queries
) -> None:
    client = as_user("viewer")
    communes(demo, 2019, 3)  # both years below have a last year (lineage looked up)
    communes(demo, 2020, 5)
    with django_assert_max_num_queries(14) as few:
        client.get(url("internal", demo, "kind=commune"))
    communes(demo, 2021, 60)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("internal", demo, "kind=commune&year=2021"))
    assert "Xã Thử 0059" in response.content.decode() or "Trang 1/2" in response.content.decode()


def test_national_page_highlights_the_province_and_shows_the_lineage(as_user, demo) -> None:
    dashboards_demo_load()
    client = as_user("viewer")
    html = client.get(url("national", demo, "year=2019")).content.decode()
    rows = table(html, "national-2019")
    assert len(rows) == 63
    assert rows[14][:3] == ["15", "Tỉnh Lào Cai", "82,85"]
    assert 'class="highlight"' in html and "Số liệu minh họa" in html
    html = client.get(url("national", demo, "year=2025")).content.decode()
    assert len(table(html, "national-2025")) == 34
    lineage = table(html, "lineage-15")
    assert lineage[0][0] == "2019" and lineage[0][2] == "82,85"  # old Lào Cai beside Yên Bái
    assert "Tỉnh Yên Bái" in html and "Tỉnh Lào Cai (trước 1/7/2025)" in html


def test_query_counts_of_province_and_national_pages_are_pinned(
    as_user, demo, django_assert_num_queries
) -> None:
    dashboards_demo_load()
    client = as_user("viewer")
    client.get(url("national", demo))
    with django_assert_num_queries(12):  # session, user, unit, roles, results, successor,
        # unit, lineage codes, names (2), demo flag, unread notifications
        client.get(url("national", demo))
    # session, user, unit, roles, assessments, inputs, national results, SIPAS survey (none
    # here), plan progress and area targets (plans app, one each), notifications
    with django_assert_num_queries(11):
        client.get(url("province", demo))


def test_in_english_labels_and_numbers_follow_the_interface(as_user, demo, settings) -> None:
    client = as_user("viewer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url("province", demo)).content.decode()
    assert "Data table" in html and "Export to Excel" in html
    rows = table(html, "areas")
    assert [rows[2][1], rows[2][-1]] == ["13.4438", "13.5"]


def test_a_unit_in_two_campaigns_of_the_year_counts_once_from_the_latest(as_user, demo) -> None:
    departments(demo, 2020, {"SNV": "0.50", "STP": "0.60"})
    departments(demo, 2020, SHARES_2020)
    rows = table(
        as_user("viewer").get(url("internal", demo)).content.decode(), "ranking-department"
    )
    assert len(rows) == 7 and rows[0][1] == "Sở Nội vụ"


@pytest.mark.parametrize("name", ["province", "internal", "national"])
def test_malformed_filters_fall_back_to_the_defaults(as_user, demo, name) -> None:
    client = as_user("viewer")
    plain = client.get(url(name, demo))
    odd = client.get(url(name, demo, "year=20x1&framework=abc&page=-3"))
    assert odd.status_code == plain.status_code == 200
    assert odd.context["view"].year == plain.context["view"].year
