"""Publication: results fixed, ranking with ties and bands, last year, Excel, visibility."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parindex.web.accounts.models import Role
from parindex.web.accounts.services import user_create
from parindex.web.assessments.models import Assessment, AssessmentStatus, Campaign
from parindex.web.assessments.services.appraisal import item_appraise
from parindex.web.assessments.services.campaigns import campaign_create
from parindex.web.assessments.services.errors import IncompleteError, WrongStatusError
from parindex.web.assessments.services.inputs import assessment_input_set
from parindex.web.assessments.services.ranking import campaign_ranking
from parindex.web.assessments.services.workflow import campaign_publish

pytestmark = pytest.mark.django_db

# unit short name → final total out of 100: two tie for first, bands A/B/C/none
TOTALS = {"SNV": "92", "STP": "92", "VP": "85.5", "STC": "79.99", "STTTT": "70", "SKHCN": "60"}


def finalised(demo, year: int, totals: dict[str, str]) -> Campaign:
    """A departments' campaign whose assessments are all finalised with ``totals``."""
    units = [u for u in demo.unit.children.filter(short_name__in=list(totals))]
    campaign = campaign_create(
        name=f"Chỉ số CCHC các sở năm {year}",
        framework_version=demo.campaign.framework_version,
        year=year,
        organiser=demo.unit,
        units=units,
    )
    for assessment in campaign.assessments.select_related("unit"):
        Assessment.objects.filter(pk=assessment.pk).update(
            status=AssessmentStatus.FINAL,
            final_total=Decimal(totals[assessment.unit.short_name]),
            final_max=Decimal(100),
        )
    return campaign


@pytest.fixture
def departments(demo) -> Campaign:
    return finalised(demo, 2020, TOTALS)


@pytest.fixture
def dept_focal(users, departments):
    unit = departments.assessments.get(unit__short_name="STC").unit
    return user_create(
        username="focal-stc-own", password="x", unit=unit, roles=[(Role.FOCAL_POINT, unit)]
    )


def assert_not_found(response, *hidden: str) -> None:
    """A 404 page, no file attached, and none of ``hidden`` disclosed."""
    assert response.status_code == 404
    assert not response.has_header("Content-Disposition")
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert [text for text in hidden if text in html] == []


def ranking(campaign: Campaign) -> str:
    return reverse("assessments:ranking", args=[campaign.pk])


def test_ranking_shares_ranks_on_ties_and_classifies_by_bands(departments) -> None:
    rows = campaign_ranking(departments)
    got = [(r.ranked.rank, r.assessment.unit.short_name, r.ranked.classification) for r in rows]
    assert got == [
        (1, "SNV", "A"),
        (1, "STP", "A"),
        (3, "VP", "B"),
        (4, "STC", "C"),
        (5, "STTTT", "C"),
        (6, "SKHCN", None),
    ]


def test_internal_index_bands_are_configurable(departments) -> None:
    departments.bands = [["Xuất sắc", "90"], ["Tốt", "80"], ["Khá", "70"], ["Trung bình", "50"]]
    departments.save()
    classes = [r.ranked.classification for r in campaign_ranking(departments)]
    assert classes == ["Xuất sắc", "Xuất sắc", "Tốt", "Khá", "Khá", "Trung bình"]


def test_publish_is_refused_while_an_assessment_is_not_final(users, departments) -> None:
    departments.assessments.filter(unit__short_name="VP").update(status=AssessmentStatus.RETURNED)
    with pytest.raises(IncompleteError) as refused:
        campaign_publish(campaign=departments, actor=users["secretariat"])
    assert refused.value.missing == [("Văn phòng UBND tỉnh", "returned")]


@pytest.mark.parametrize(
    ("role", "code"), [("focal", 404), ("head", 404), ("appraiser", 404), ("viewer", 404)]
)
def test_only_the_secretariat_publishes(role, code, as_user, departments) -> None:
    url = reverse("assessments:publish", args=[departments.pk])
    assert as_user(role).post(url).status_code == code
    assert Campaign.objects.get(pk=departments.pk).published_at is None


def test_nothing_of_another_unit_is_visible_before_publication(
    as_user, client, dept_focal, departments
) -> None:
    for role in ("viewer", "focal", "head", "appraiser", "outsider"):
        assert_not_found(as_user(role).get(ranking(departments)), departments.name, "92/100")
    client.force_login(dept_focal)
    assert_not_found(client.get(ranking(departments)), departments.name, "92/100")
    other = departments.assessments.exclude(unit=dept_focal.unit).select_related("unit").first()
    assert_not_found(client.get(other.get_absolute_url()), other.unit.name)
    shown = as_user("secretariat").get(ranking(departments))
    assert shown.status_code == 200
    html = shown.content.decode()
    assert departments.name in html and "Sở Nội vụ" in html and "92/100" in html


def test_after_publication_the_province_sees_the_ranking(
    as_user, client, dept_focal, departments
) -> None:
    response = as_user("secretariat").post(reverse("assessments:publish", args=[departments.pk]))
    assert response.url == ranking(departments)
    assert set(departments.assessments.values_list("status", flat=True)) == {"published"}
    html = as_user("viewer").get(ranking(departments)).content.decode()
    assert "Sở Nội vụ" in html and "92/100" in html and "85,5/100" in html
    client.force_login(dept_focal)
    assert client.get(ranking(departments)).status_code == 200
    assert as_user("outsider").get(ranking(departments)).status_code == 404


def test_publishing_twice_is_refused(users, departments) -> None:
    campaign_publish(campaign=departments, actor=users["secretariat"])
    with pytest.raises(WrongStatusError):
        campaign_publish(campaign=departments, actor=users["secretariat"])


def test_ranking_compares_with_last_years_campaign(as_user, users, demo, departments) -> None:
    last = finalised(demo, 2019, {"SNV": "80", "STP": "95", "VP": "85.5"})
    campaign_publish(campaign=last, actor=users["secretariat"])
    rows = {r.assessment.unit.short_name: r for r in campaign_ranking(departments)}
    assert rows["SNV"].previous_total == Decimal(80) and rows["SNV"].delta == Decimal(12)
    assert rows["STP"].previous_rank == 1 and rows["STP"].delta == Decimal(-3)
    assert rows["STC"].previous_total is None
    html = as_user("secretariat").get(ranking(departments)).content.decode()
    assert "+12" in html and "-3" in html and last.name in html


def test_ranking_exports_to_excel_with_the_numbers(as_user, departments) -> None:
    url = reverse("assessments:ranking_export", args=[departments.pk])
    response = as_user("secretariat").get(url)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:6] == (
        "Thứ hạng",
        "Đơn vị",
        "Tổng điểm",
        "Điểm tối đa",
        "Tỷ lệ",  # the cells carry Excel's own % sign
        "Xếp loại",
    )
    assert rows[2][:6] == (1, "Sở Nội vụ", 92, 100, 0.92, "A")
    assert rows[5][:6] == (4, "Sở Tài chính", 79.99, 100, 0.7999, "C")
    formats = [c.number_format for c in sheet[6][:5]]
    assert formats == ["#,##0", "@", "General", "General", "0.00%"]


def test_ranking_export_is_private_before_publication(as_user, departments) -> None:
    url = reverse("assessments:ranking_export", args=[departments.pk])
    assert_not_found(as_user("viewer").get(url), "Sở Nội vụ")


def test_scorecard_exports_to_excel_with_every_stage(as_user, users, demo, advance) -> None:
    advance(demo, AssessmentStatus.APPRAISING)
    item_appraise(
        assessment=demo,
        node_code="3.4.1",
        decision="adjust",
        points="1.2",
        reason="x",
        actor=users["appraiser"],
    )
    response = as_user("focal").get(reverse("assessments:export", args=[demo.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["3.4.1"][2:5] == (1.5, 1.4628, 1.2)
    assert rows["3"][2:4] == (13.5, 13.4438)
    assert rows[None][1:4] == ("Tổng", 65, 61.4203)
    cell = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "3.4.1")[3]
    assert (type(cell.value), cell.number_format) == (float, "General")
    header = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
    assert header[:4] == ("Mã", "Tiêu chí", "Điểm tối đa", "Điểm tự đánh giá")


def test_scorecard_export_follows_visibility(as_user, demo) -> None:
    response = as_user("outsider").get(reverse("assessments:export", args=[demo.pk]))
    assert_not_found(response, demo.unit.name, "Điểm tự đánh giá")


def _app_queries(client, url: str) -> int:
    # the layout's own queries (session, user, header badges of other apps) are not counted
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum(1 for q in captured.captured_queries if "assessments_" in q["sql"])


def test_ranking_query_count_does_not_grow_with_units(
    as_user, demo, departments, django_assert_num_queries
) -> None:
    client = as_user("secretariat")
    small = finalised(demo, 2018, {"SNV": "90"})
    # campaign, its assessments with units, last year's campaign
    assert _app_queries(client, ranking(small)) == _app_queries(client, ranking(departments)) == 3
    # + session, user, memberships and the header's unread notifications
    with django_assert_num_queries(3 + 4):
        client.get(reverse("assessments:ranking", args=[departments.pk]))


def test_publish_page_query_count_is_constant(as_user, demo, departments) -> None:
    client = as_user("secretariat")
    small = finalised(demo, 2018, {"SNV": "90"})
    many = _app_queries(client, reverse("assessments:publish", args=[departments.pk]))
    assert _app_queries(client, reverse("assessments:publish", args=[small.pk])) == many == 2


def test_appraisal_page_query_count_is_constant(as_user, users, demo, advance) -> None:
    advance(demo, AssessmentStatus.APPRAISING)
    client = as_user("appraiser")
    url = reverse("assessments:appraisal", args=[demo.pk])
    before = _app_queries(client, url)
    for code in ("3.4.1", "3.4.2", "6.1.1"):
        item_appraise(assessment=demo, node_code=code, decision="accept", actor=users["appraiser"])
    assert _app_queries(client, url) == before


def test_scorecard_export_compares_with_last_year(as_user, users, demo) -> None:
    last = campaign_create(
        name="Tự đánh giá năm 2019",
        framework_version=demo.campaign.framework_version,
        year=2019,
        organiser=demo.unit,
        units=[demo.unit],
    )
    assessment_input_set(
        assessment=last.assessments.get(),
        node_code="3.4.1",
        values={"on_time": "150", "total": "200"},
        versions={},
        actor=users["focal"],
    )
    Campaign.objects.filter(pk=last.pk).update(published_at=last.created_at)
    response = as_user("focal").get(reverse("assessments:export", args=[demo.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
    assert header[8:] == ("Điểm tự đánh giá năm trước", "Tăng/giảm")
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["3.4.1"][8:] == (1.125, 0.3378)


def test_the_publish_page_writes_final_totals_as_points(as_user, departments) -> None:
    """85,5 and 92 as the Ministry writes points (were "85,5000", "92,0000")."""
    page = as_user("secretariat").get(reverse("assessments:publish", args=[departments.pk]))
    cells = re.findall(r'<td class="num">([^<]*)</td>', page.content.decode())
    assert sorted(cells) == sorted(["92", "92", "85,5", "79,99", "70", "60"])


def test_the_assessment_links_the_ranking_only_for_those_who_may_open_it(
    as_user, users, demo
) -> None:
    """An appraiser of Sở Nội vụ reads the province's assessment but not the ranking (404)."""
    Assessment.objects.filter(pk=demo.pk).update(
        status=AssessmentStatus.FINAL, final_total=Decimal("60.958"), final_max=Decimal(65)
    )
    campaign_publish(campaign=demo.campaign, actor=users["secretariat"])
    link = f'href="{ranking(demo.campaign)}"'
    for who, shown in (("focal", True), ("appraiser", False)):
        client = as_user(who)
        page = client.get(demo.get_absolute_url())
        assert page.status_code == 200
        assert (link in page.content.decode()) is shown, who
        assert client.get(ranking(demo.campaign)).status_code == (200 if shown else 404)
