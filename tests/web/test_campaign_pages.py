"""The secretariat's campaign pages: create with field errors, units, agencies, appraisers."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from parindex.web.accounts.models import Role
from parindex.web.accounts.services import user_create
from parindex.web.assessments.models import (
    AreaAppraiser,
    Assessment,
    AssessmentAppraiser,
    AssessmentStatus,
    Campaign,
    Contribution,
    InputValue,
    ItemAppraisal,
    ItemScore,
    ItemStage,
)
from parindex.web.assessments.services.appraisal import item_appraise
from parindex.web.assessments.services.assignments import (
    area_appraiser_assign,
    area_appraiser_remove,
    assessment_appraiser_assign,
    assessment_appraiser_remove,
    contribution_assign,
    contribution_remove,
)
from parindex.web.assessments.services.campaigns import campaign_create, campaign_units_add
from parindex.web.assessments.services.errors import CampaignInvalidError, NotAllowedError
from parindex.web.assessments.services.inputs import assessment_input_set
from parindex.web.audit.models import AuditEvent
from parindex.web.evidence.models import Explanation
from parindex.web.evidence.services import explanation_set
from parindex.web.organisations.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def depts(demo) -> dict[str, Unit]:
    return {u.short_name: u for u in demo.unit.children.exclude(short_name="")}


def form_data(demo, chosen, **changes) -> dict:
    data = {
        "name": "Chỉ số CCHC các sở năm 2021",
        "framework_version": demo.campaign.framework_version_id,
        "year": "2021",
        "organiser": demo.unit_id,
        "units": [u.pk for u in chosen],
        "self_assessment_due": "2022-01-15",
        "appraisal_due": "2022-03-15",
        "explanation_due": "2022-03-31",
        "publication_due": "2022-05-31",
    }
    data.update(changes)
    return data


@pytest.fixture
def campaign(users, demo, depts) -> Campaign:
    return campaign_create(
        name="Chỉ số CCHC các sở năm 2021",
        framework_version=demo.campaign.framework_version,
        year=2021,
        organiser=demo.unit,
        units=[depts["SNV"], depts["STP"]],
        actor=users["secretariat"],
    )


def manage(campaign: Campaign) -> str:
    return reverse("assessments:campaign_manage", args=[campaign.pk])


def test_secretariat_creates_a_campaign_with_deadlines(as_user, demo, depts) -> None:
    client = as_user("secretariat")
    assert client.get(reverse("assessments:campaign_new")).status_code == 200
    response = client.post(
        reverse("assessments:campaign_new"), form_data(demo, [depts["SNV"], depts["VP"]])
    )
    campaign = Campaign.objects.get(year=2021)
    assert response.url == manage(campaign)
    assert set(campaign.units.values_list("short_name", flat=True)) == {"SNV", "VP"}
    due = timezone.localtime(campaign.self_assessment_due)  # Asia/Ho_Chi_Minh
    assert (due.date().isoformat(), due.hour, due.minute) == ("2022-01-15", 23, 59)
    assert campaign.appeal_due is None  # optional: appeals open until publication
    assert AuditEvent.objects.filter(action="campaign.create", actor__username="secretariat")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"year": "2025"}, "year", "không áp dụng cho năm này"),
        ({"appraisal_due": "2022-01-10"}, "appraisal_due", "phải sau hạn của bước trước"),
        ({"publication_due": "2022-03-31"}, "publication_due", "phải sau hạn của bước trước"),
        ({"appeal_due": "2022-03-01"}, "appeal_due", "phải sau hạn của bước trước"),
        ({"appeal_due": "2022-06-01"}, "publication_due", "phải sau hạn của bước trước"),
        ({"units": []}, "units", ""),
        ({"name": ""}, "name", ""),
        ({"self_assessment_due": "15/01/2022x"}, "self_assessment_due", ""),
    ],
)
def test_invalid_campaign_shows_an_error_on_the_field_and_creates_nothing(
    as_user, demo, depts, changes, field, message
) -> None:
    data = form_data(demo, [depts["SNV"]], **changes)
    response = as_user("secretariat").post(reverse("assessments:campaign_new"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not Campaign.objects.filter(year=2021).exists()


def test_units_of_another_province_cannot_be_chosen(as_user, demo, users) -> None:
    other = users["outsider"].unit
    response = as_user("secretariat").post(
        reverse("assessments:campaign_new"), form_data(demo, [other])
    )
    assert "units" in response.context["form"].errors
    with pytest.raises(CampaignInvalidError) as refused:
        campaign_create(
            name="x",
            framework_version=demo.campaign.framework_version,
            year=2021,
            organiser=demo.unit,
            units=[other],
            actor=users["secretariat"],
        )
    assert refused.value.problems == [("units", "outside")]


def test_secretariat_cannot_organise_for_another_province(users, demo, depts) -> None:
    with pytest.raises(NotAllowedError):
        campaign_create(
            name="x",
            framework_version=demo.campaign.framework_version,
            year=2021,
            organiser=users["outsider"].unit,
            units=[],
            actor=users["secretariat"],
        )


def test_add_and_remove_units_before_work_starts(as_user, users, campaign, depts) -> None:
    client = as_user("secretariat")
    add = reverse("assessments:campaign_units_add", args=[campaign.pk])
    client.post(add, {"units": [depts["VP"].pk, depts["SNV"].pk]})
    assert set(campaign.units.values_list("short_name", flat=True)) == {"SNV", "STP", "VP"}
    remove = reverse("assessments:campaign_unit_remove", args=[campaign.pk, depts["STP"].pk])
    client.post(remove)
    assert set(campaign.units.values_list("short_name", flat=True)) == {"SNV", "VP"}
    actions = list(AuditEvent.objects.filter(object_type="campaign").values_list("action", "after"))
    assert ("campaign.unit_add", f"{depts['VP'].name} [{depts['VP'].code}]") in actions
    assert AuditEvent.objects.filter(action="campaign.unit_remove").count() == 1


def test_a_unit_whose_work_started_cannot_be_removed(as_user, users, campaign, depts) -> None:
    assessment = campaign.assessments.get(unit=depts["SNV"])
    assessment_input_set(
        assessment=assessment,
        node_code="3.4.1",
        values={"on_time": "1", "total": "2"},
        versions={},
        actor=users["admin"],
    )
    html = as_user("secretariat").get(manage(campaign)).content.decode()
    assert (
        reverse("assessments:campaign_unit_remove", args=[campaign.pk, depts["SNV"].pk]) not in html
    )
    url = reverse("assessments:campaign_unit_remove", args=[campaign.pk, depts["SNV"].pk])
    response = as_user("secretariat").post(url, follow=True)
    assert "đã bắt đầu tự đánh giá" in response.content.decode()
    assert Assessment.objects.filter(pk=assessment.pk).exists()


def test_a_unit_that_has_written_an_explanation_cannot_be_removed(
    as_user, users, campaign, depts
) -> None:
    # no input, no comment: only the evidence app knows the work has started (its signal)
    assessment = campaign.assessments.get(unit=depts["SNV"])
    explanation_set(
        assessment=assessment, node_code="3.4.1", text="Chưa có số liệu", version=0, actor=None
    )
    url = reverse("assessments:campaign_unit_remove", args=[campaign.pk, depts["SNV"].pk])
    response = as_user("secretariat").post(url, follow=True)
    assert "đã bắt đầu tự đánh giá" in response.content.decode()
    assert Assessment.objects.filter(pk=assessment.pk).exists()
    assert Explanation.objects.filter(assessment=assessment).count() == 1
    assert not AuditEvent.objects.filter(action="campaign.unit_remove").exists()


def test_assign_contributing_agency_and_appraisers(as_user, users, campaign, depts) -> None:
    client = as_user("secretariat")
    snv = campaign.assessments.get(unit=depts["SNV"])
    client.post(
        reverse("assessments:campaign_contribution", args=[campaign.pk]),
        {"assessment": snv.pk, "node_code": "3", "unit": depts["VP"].pk},
    )
    assert Contribution.objects.get(assessment=snv, node_code="3").unit == depts["VP"]
    appraiser = users["appraiser"]
    client.post(
        reverse("assessments:campaign_appraiser_unit", args=[campaign.pk]),
        {"assessment": snv.pk, "appraiser": appraiser.pk},
    )
    assert AssessmentAppraiser.objects.filter(assessment=snv, user=appraiser).exists()
    client.post(
        reverse("assessments:campaign_appraiser_area", args=[campaign.pk]),
        {"node_code": "6", "appraiser": appraiser.pk},
    )
    assert AreaAppraiser.objects.filter(campaign=campaign, node_code="6", user=appraiser).exists()
    html = client.get(manage(campaign)).content.decode()
    shown = appraiser.get_full_name() or appraiser.username
    assert "3: Văn phòng UBND tỉnh" in html and f"6: {shown}" in html
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "assessment.contribution",
        "assessment.assign_appraiser",
        "campaign.assign_appraiser",
    } <= actions


def test_only_council_members_can_be_assigned(as_user, users, campaign, depts) -> None:
    snv = campaign.assessments.get(unit=depts["SNV"])
    response = as_user("secretariat").post(
        reverse("assessments:campaign_appraiser_unit", args=[campaign.pk]),
        {"assessment": snv.pk, "appraiser": users["focal"].pk},
    )
    assert response.status_code == 404
    with pytest.raises(CampaignInvalidError):
        area_appraiser_assign(
            campaign=campaign, node_code="6", appraiser=users["focal"], actor=users["secretariat"]
        )


def test_unknown_area_is_refused_with_a_message(as_user, users, campaign, depts) -> None:
    response = as_user("secretariat").post(
        reverse("assessments:campaign_appraiser_area", args=[campaign.pk]),
        {"node_code": "3.4.1", "appraiser": users["appraiser"].pk},
        follow=True,
    )
    assert "không có tiêu chí này" in response.content.decode()
    assert not AreaAppraiser.objects.filter(campaign=campaign).exists()


ROLES_403 = ["focal", "head", "appraiser", "viewer", "outsider", "nobody"]


@pytest.mark.parametrize("role", ROLES_403)
def test_permission_matrix_of_the_campaign_pages(as_user, users, role, campaign, depts) -> None:
    client = as_user(role)
    assert client.get(reverse("assessments:campaigns")).status_code == 403
    assert client.get(reverse("assessments:campaigns_export")).status_code == 403
    assert client.get(reverse("assessments:campaign_new")).status_code == 403
    data = form_data(campaign.assessments.first(), [depts["VP"]])
    assert client.post(reverse("assessments:campaign_new"), data).status_code == 403
    assert client.get(manage(campaign)).status_code == 404
    snv = campaign.assessments.get(unit=depts["SNV"])
    posts = [
        ("campaign_units_add", [campaign.pk], {"units": [depts["VP"].pk]}),
        ("campaign_unit_remove", [campaign.pk, depts["STP"].pk], {}),
        ("campaign_contribution", [campaign.pk], {"assessment": snv.pk, "node_code": "3"}),
        ("campaign_appraiser_unit", [campaign.pk], {"assessment": snv.pk}),
        ("campaign_appraiser_area", [campaign.pk], {"node_code": "6"}),
        ("campaign_contribution_remove", [campaign.pk], {"assessment": snv.pk, "node_code": "3"}),
        (
            "campaign_appraiser_unit_remove",
            [campaign.pk],
            {"assessment": snv.pk, "appraiser": users["appraiser"].pk},
        ),
        (
            "campaign_appraiser_area_remove",
            [campaign.pk],
            {"node_code": "6", "appraiser": users["appraiser"].pk},
        ),
    ]
    for name, args, data in posts:
        assert client.post(reverse(f"assessments:{name}", args=args), data).status_code == 404
    assert campaign.assessments.count() == 2
    assert not Contribution.objects.filter(assessment__campaign=campaign).exists()


def test_secretariat_of_another_province_sees_no_campaign(client, users, campaign) -> None:
    yen_bai = users["outsider"].unit
    other = user_create(
        username="snv-yb", password="x", unit=yen_bai, roles=[(Role.SECRETARIAT, yen_bai)]
    )
    client.force_login(other)
    assert client.get(manage(campaign)).status_code == 404
    assert campaign.name not in client.get(reverse("assessments:campaigns")).content.decode()


def test_campaign_list_and_export(as_user, campaign) -> None:
    client = as_user("secretariat")
    html = client.get(reverse("assessments:campaigns")).content.decode()
    assert campaign.name in html and manage(campaign) in html
    response = client.get(reverse("assessments:campaigns_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Năm", "Đợt đánh giá", "Bộ tiêu chí", "Đơn vị tổ chức", "Số đơn vị")
    found = {r[1]: r for r in rows[1:]}
    assert found[campaign.name][0] == 2021 and found[campaign.name][4] == 2
    # the framework by its title and version, never its identifier
    assert found[campaign.name][2] == campaign.framework_version.label()
    assert "@" not in found[campaign.name][2]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[1].value == campaign.name)
    assert (row[0].number_format, row[4].number_format) == ("0", "#,##0")
    assert {c.number_format for c in row[5:10]} == {"dd/mm/yyyy"}
    assert found[campaign.name][2].startswith(campaign.framework_version.display_title)


def test_list_and_manage_queries_do_not_grow(
    as_user, users, demo, campaign, depts, django_assert_num_queries
) -> None:
    client = as_user("secretariat")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    first = campaign.assessments.first()
    contribution_assign(
        assessment=first, node_code="6", unit=depts["STC"], actor=users["secretariat"]
    )
    list_before, manage_before = count(reverse("assessments:campaigns")), count(manage(campaign))
    campaign_units_add(
        campaign=campaign, units=[depts["VP"], depts["STC"]], actor=users["secretariat"]
    )
    for a in campaign.assessments.all():
        contribution_assign(
            assessment=a, node_code="3", unit=depts["VP"], actor=users["secretariat"]
        )
        assessment_appraiser_assign(
            assessment=a, appraiser=users["appraiser"], actor=users["secretariat"]
        )
    campaign_create(
        name="Thêm",
        framework_version=demo.campaign.framework_version,
        year=2020,
        organiser=demo.unit,
        units=[depts["SNV"]],
        actor=users["secretariat"],
    )
    assert count(reverse("assessments:campaigns")) == list_before
    assert count(manage(campaign)) == manage_before


# --- removing assignments: only future access ends, nothing recorded is lost ---------------

REMOVED = "điểm, số liệu và lịch sử đã ghi được giữ nguyên"


def test_appraiser_withdrawn_after_scoring_keeps_the_scores_and_loses_access(
    as_user, users, demo, advance
) -> None:
    assessment = advance(demo, AssessmentStatus.APPRAISING)
    appraiser = users["appraiser"]
    item_appraise(
        assessment=assessment,
        node_code="3.4.1",
        decision="adjust",
        points="1.2",
        reason="Chưa khớp",
        actor=appraiser,
    )
    response = as_user("secretariat").post(
        reverse("assessments:campaign_appraiser_unit_remove", args=[demo.campaign_id]),
        {"assessment": assessment.pk, "appraiser": appraiser.pk},
        follow=True,
    )
    assert REMOVED in response.content.decode()
    assert not AssessmentAppraiser.objects.filter(assessment=assessment, user=appraiser).exists()
    # what the appraiser did stays, with its author
    row = ItemAppraisal.objects.get(assessment=assessment, node_code="3.4.1")
    assert (row.points, row.appraised_by) == (Decimal("1.2000"), appraiser)
    assert ItemScore.objects.filter(
        assessment=assessment, node_code="3.4.1", stage=ItemStage.APPRAISED, by=appraiser
    ).exists()
    event = AuditEvent.objects.get(action="assessment.unassign_appraiser")
    assert (event.actor.username, event.before) == ("secretariat", "appraiser")
    # … and the appraiser can no longer reach the assessment nor appraise it
    client = as_user("appraiser")
    assert client.get(reverse("assessments:appraisal", args=[assessment.pk])).status_code == 404
    with pytest.raises(NotAllowedError):
        item_appraise(assessment=assessment, node_code="3.4.2", decision="accept", actor=appraiser)


def test_agency_withdrawn_after_entering_inputs_keeps_them_and_loses_access(
    as_user, users, demo
) -> None:
    focal_vp = users["focal-vp"]
    assessment_input_set(
        assessment=demo,
        node_code="3.4.1",
        values={"on_time": "180000"},
        versions={"on_time": demo.inputs.get(node_code="3.4.1", input_name="on_time").version},
        actor=focal_vp,
    )
    response = as_user("secretariat").post(
        reverse("assessments:campaign_contribution_remove", args=[demo.campaign_id]),
        {"assessment": demo.pk, "node_code": "3"},
        follow=True,
    )
    assert REMOVED in response.content.decode()
    assert not Contribution.objects.filter(assessment=demo, node_code="3").exists()
    kept = InputValue.objects.get(assessment=demo, node_code="3.4.1", input_name="on_time")
    assert (kept.value, kept.updated_by) == ("180000", focal_vp)
    event = AuditEvent.objects.get(action="assessment.contribution_remove")
    assert (event.field, event.before) == ("3", "Văn phòng UBND tỉnh")
    # the agency's focal point no longer sees the assessment; the unit's own still edits it
    assert as_user("focal-vp").get(demo.get_absolute_url()).status_code == 404
    assert as_user("focal").get(demo.get_absolute_url()).status_code == 200


def test_area_appraiser_withdrawn_and_audited(as_user, users, campaign) -> None:
    appraiser = users["appraiser"]
    area_appraiser_assign(
        campaign=campaign, node_code="6", appraiser=appraiser, actor=users["secretariat"]
    )
    client = as_user("secretariat")
    url = reverse("assessments:campaign_appraiser_area_remove", args=[campaign.pk])
    assert url in client.get(manage(campaign)).content.decode()  # a button per assignment
    response = client.post(url, {"node_code": "6", "appraiser": appraiser.pk}, follow=True)
    assert REMOVED in response.content.decode()
    assert not AreaAppraiser.objects.filter(campaign=campaign).exists()
    event = AuditEvent.objects.get(action="campaign.unassign_appraiser")
    assert (event.field, event.before) == ("6", "appraiser")


def test_removing_an_assignment_that_is_gone_says_so(as_user, users, campaign, depts) -> None:
    snv = campaign.assessments.get(unit=depts["SNV"])
    client = as_user("secretariat")
    for name, data in [
        ("campaign_contribution_remove", {"assessment": snv.pk, "node_code": "3"}),
        (
            "campaign_appraiser_unit_remove",
            {"assessment": snv.pk, "appraiser": users["appraiser"].pk},
        ),
        ("campaign_appraiser_area_remove", {"node_code": "6", "appraiser": users["appraiser"].pk}),
    ]:
        response = client.post(
            reverse(f"assessments:{name}", args=[campaign.pk]), data, follow=True
        )
        assert "Phân công này không còn" in response.content.decode()
    assert not AuditEvent.objects.filter(action__contains="unassign").exists()
    assert not AuditEvent.objects.filter(action="assessment.contribution_remove").exists()


def test_only_the_secretariat_may_remove_assignments(users, demo, campaign, depts) -> None:
    snv = campaign.assessments.get(unit=depts["SNV"])
    contribution_assign(assessment=snv, node_code="3", unit=depts["VP"], actor=users["secretariat"])
    for name in ("focal", "head", "appraiser", "viewer", "focal-vp", "outsider"):
        actor = users[name]
        with pytest.raises(NotAllowedError):
            contribution_remove(assessment=snv, node_code="3", actor=actor)
        with pytest.raises(NotAllowedError):
            assessment_appraiser_remove(assessment=demo, appraiser=users["appraiser"], actor=actor)
        with pytest.raises(NotAllowedError):
            area_appraiser_remove(
                campaign=campaign, node_code="6", appraiser=users["appraiser"], actor=actor
            )
    assert Contribution.objects.filter(assessment=snv, node_code="3").exists()
    assert AssessmentAppraiser.objects.filter(assessment=demo).exists()
    # the administrator may
    contribution_remove(assessment=snv, node_code="3", actor=users["admin"])
    assert not Contribution.objects.filter(assessment=snv).exists()


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("secretariat", True),
        ("admin", True),
        ("focal", False),
        ("appraiser", False),
        ("viewer", False),
        ("head", False),
    ],
)
def test_header_links_to_the_campaign_pages_for_the_secretariat_only(as_user, role, shown) -> None:
    html = as_user(role).get(reverse("assessments:list")).content.decode()
    link = f'<a href="{reverse("assessments:campaigns")}">Đợt đánh giá</a>'
    assert (link in html.split("</nav>")[0]) is shown
