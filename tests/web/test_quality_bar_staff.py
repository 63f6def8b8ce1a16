"""The quality bar beyond assessments: every persona gets the exact answer the permission
rules give (plans/permissions.py, dashboards/access.py, surveys/permissions.py,
evidence/permissions.py, dossiers/permissions.py) on the plans, dashboards, surveys, evidence,
dossier and API pages, and a refused write changes nothing (matrix.py)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from matrix import PERSONAS, Row, mismatches
from surveys_fixtures import *  # noqa: F403 (fixtures: survey, hand_survey)
from test_evidence_files import pdf_bytes

from parindex.web.evidence import services as evidence
from parindex.web.plans import services as plans

pytestmark = pytest.mark.django_db

# Columns (matrix.HEADINGS): adm sec foc hea app vie snv stp vp  stc stt skh out nob ano
#  The secretariat's unit (Sở Nội vụ), the appraiser's (Sở Nội vụ) and the contributing
#  agencies lie in Lào Cai; the outsider is Yên Bái's focal point; nobody has no role.
PROVINCE = "200 200 200 200 200 200 200 200 200 200 200 200 404 404 LOG"
SECRETARIAT = "200 200 403 403 403 403 403 403 403 403 403 403 404 404 LOG"
SECRETARIAT_ACT = "302 302 403 403 403 403 403 403 403 403 403 403 404 404 LOG"
#: a draft plan: the secretariat and the province's leadership (viewer) only
DRAFT_READ = "200 200 404 404 404 200 404 404 404 404 404 404 404 404 LOG"
DRAFT_EDIT = "200 200 404 404 404 403 404 404 404 404 404 404 404 404 LOG"
DRAFT_ACT = "302 302 404 404 404 403 404 404 404 404 404 404 404 404 LOG"
#: an issued plan's period: the overview (secretariat, leadership) and the reporting agencies
PERIOD = "200 200 200 403 403 200 200 200 200 200 200 200 404 404 LOG"
ISSUED_EDIT = "302 302 403 403 403 403 403 403 403 403 403 403 404 404 LOG"
OVERVIEW = "200 200 403 403 403 200 403 403 403 403 403 403 404 404 LOG"
#: dashboards: full access (province's people, secretariat), own line (agencies below it)
FULL = "200 200 200 200 404 200 404 404 404 404 404 404 404 404 LOG"
INTERNAL = "200 200 200 200 404 200 200 200 200 200 200 200 404 404 LOG"
IMPORTER = "200 200 403 403 403 403 403 403 403 403 403 403 403 403 LOG"
#: surveys: managed by the secretariat, read by the province's viewers, focal point and head
SURVEY_READ = "200 200 200 200 404 200 404 404 404 404 404 404 404 404 LOG"
SURVEY_READERS_REDIRECTED = "200 200 302 302 404 302 404 404 404 404 404 404 404 404 LOG"
SURVEY_MANAGE = "200 200 403 403 404 403 404 404 404 404 404 404 404 404 LOG"
SURVEY_ACT = "302 302 403 403 404 403 404 404 404 404 404 404 404 404 LOG"
#: an upload without its file: the secretariat gets the form's errors (400)
UPLOAD_WITHOUT_FILE = "400 400 403 403 403 403 403 403 403 403 403 403 404 404 LOG"
#: the API answers 401 without credentials, never a login page
API_ASSESSMENT = "200 200 200 200 200 200 200 200 200 200 200 200 404 404 401"


@pytest.fixture
def client_for(client, as_user):
    return lambda name: client if name == "anonymous" else as_user(name)


def _plan_rows(plan, draft: bool) -> list[Row]:
    p = plan.pk
    url = lambda name, *args: reverse(f"plans:{name}", args=[p, *args])  # noqa: E731
    if draft:
        return [
            Row("get", url("detail"), DRAFT_READ),
            Row("get", url("versions"), DRAFT_READ),
            Row("get", url("document", "docx"), DRAFT_READ),
            Row("get", url("document", "xlsx"), DRAFT_READ),
            Row("get", url("area_edit", "3"), DRAFT_EDIT),
            Row("get", url("general_edit"), DRAFT_EDIT),
            Row("post", url("area_edit", "3"), DRAFT_ACT, {"version": "1", "points:3.4.1": "1"}),
            Row("post", url("approve"), DRAFT_ACT),
        ]
    return [
        Row("get", url("detail"), PROVINCE),
        Row("get", url("versions"), PROVINCE),
        Row("get", url("document", "docx"), PROVINCE),
        Row("get", url("document", "xlsx"), PROVINCE),
        Row("get", url("period", "Q1"), PERIOD),
        Row("get", url("export", "Q1", "docx"), OVERVIEW),
        # a reporting agency downloads the workbook of the items it leads
        Row("get", url("export", "Q1", "xlsx"), PERIOD),
        # an issued plan is not edited: the secretariat is sent back to the plan
        Row("get", url("area_edit", "3"), ISSUED_EDIT),
        Row("post", url("approve"), SECRETARIAT_ACT),
        Row("post", url("issue"), SECRETARIAT_ACT, {"number": "13", "issued_on": "2021-04-01"}),
        Row("post", url("deadline", "Q1"), SECRETARIAT_ACT, {"deadline": "2021-04-01"}),
    ]


def _dashboard_rows(province) -> list[Row]:
    pk = province.pk
    rows = [Row("get", reverse("dashboards:internal", args=[pk]), INTERNAL)]
    rows.append(Row("get", reverse("dashboards:export", args=[pk, "internal"]), INTERNAL))
    for name in ("province", "national"):
        rows.append(Row("get", reverse(f"dashboards:{name}", args=[pk]), FULL))
        rows.append(Row("get", reverse("dashboards:export", args=[pk, name]), FULL))
    for chart in ("areas", "progress", "sipas"):
        rows.append(Row("get", reverse("dashboards:chart_png", args=[pk, "province", chart]), FULL))
    return [
        *rows,
        # the user's own province: the dashboard (full) or the internal index (an agency)
        Row(
            "get",
            reverse("dashboards:home"),
            "302 302 302 302 404 302 302 302 302 302 302 302 302 404 LOG",
        ),
        Row("get", reverse("dashboards:national_import"), IMPORTER),
    ]


def _survey_rows(survey, demo) -> list[Row]:
    url = lambda name: reverse(f"surveys:{name}", args=[survey.pk])  # noqa: E731
    return [
        # a reader is sent from the survey's page to its results
        Row("get", url("detail"), SURVEY_READERS_REDIRECTED),
        Row("get", url("results"), SURVEY_READ),
        Row("get", url("results_export"), SURVEY_READ),
        Row("get", url("coverage_export"), SURVEY_MANAGE),
        Row("get", url("batches_export"), SURVEY_MANAGE),
        Row("get", url("form_export"), SURVEY_MANAGE),
        Row("get", url("codes"), SURVEY_MANAGE),
        Row("get", url("codes_export"), SURVEY_MANAGE),
        Row("get", url("log_map"), SURVEY_MANAGE),
        Row("get", url("import"), SURVEY_MANAGE),
        Row("post", url("status"), SURVEY_ACT, {"status": "closed"}),
        Row("post", url("apply"), SURVEY_ACT, {"assessment": demo.pk}),
        Row("get", reverse("surveys:new"), IMPORTER),
    ]


def _other_rows(demo) -> list[Row]:
    a, unit = demo.pk, demo.unit_id
    return [
        Row("get", reverse("evidence:assessment", args=[a]), PROVINCE),
        Row(
            "get",
            reverse("evidence:library", args=[unit]),
            "200 404 200 200 404 200 404 404 404 404 404 404 404 404 LOG",
        ),
        Row("get", reverse("dossiers:index", args=[unit]), PROVINCE),
        Row("get", reverse("dossiers:results", args=[unit]), PROVINCE),
        Row("post", reverse("dossiers:upload", args=[unit]), UPLOAD_WITHOUT_FILE),
        Row("get", reverse("api:assessment", args=[a]), API_ASSESSMENT),
        Row("get", reverse("api:scorecard", args=[a]), API_ASSESSMENT),
        Row("get", reverse("api:inputs", args=[a]), API_ASSESSMENT),
        # the year has an issued plan: the secretariat is warned first (200), then drafts
        Row(
            "post",
            reverse("plans:generate"),
            "200 200 403 403 403 403 403 403 403 403 403 403 404 404 LOG",
            {"assessment": a},
        ),
        Row(
            "post",
            reverse("plans:generate"),
            "302 302 403 403 403 403 403 403 403 403 403 403 404 404 LOG",
            {"assessment": a, "despite_issued": "1"},
        ),
    ]


@pytest.fixture
def issued_plan(demo, users):
    plan = plans.plan_generate(assessment=demo, actor=users["secretariat"])
    plans.plan_approve(plan=plan, actor=users["secretariat"])
    return plans.plan_issue(
        plan=plan, number="12", issued_on=datetime.date(2021, 3, 31), actor=users["secretariat"]
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_issued_plan_dashboards_and_a_survey_answer_exactly(
    persona, client_for, demo, issued_plan, hand_survey
) -> None:
    rows = (
        _plan_rows(issued_plan, draft=False)
        + _dashboard_rows(demo.unit)
        + _survey_rows(hand_survey, demo)
        + _other_rows(demo)
    )
    found = mismatches(client_for, rows, persona, watched=[issued_plan, hand_survey, demo])
    assert not found, "\n".join(found)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_draft_plan_is_the_secretariat_s_and_the_leadership_s(
    persona, client_for, demo, users
) -> None:
    plan = plans.plan_generate(assessment=demo, actor=users["secretariat"])
    found = mismatches(client_for, _plan_rows(plan, draft=True), persona, watched=[plan])
    assert not found, "\n".join(found)


@pytest.mark.parametrize("persona", ["focal-snv", "focal-stp", "focal-stc"])
def test_a_contributing_agency_does_not_read_evidence_of_another_area(
    persona, as_user, demo, users
) -> None:
    evidence.document_upload(
        unit=demo.unit,
        title="Báo cáo kiểm soát thủ tục hành chính",
        file=io.BytesIO(pdf_bytes()),
        original_name="bao-cao.pdf",
        actor=users["focal"],
        assessment=demo,
        node_code="3.4.1",  # area 3: Văn phòng UBND tỉnh's
    )
    client = as_user(persona)
    assert client.get(reverse("evidence:node", args=[demo.pk, "3.4.1"])).status_code == 403
    page = client.get(reverse("evidence:assessment", args=[demo.pk]))
    assert page.status_code == 200
    assert "Báo cáo kiểm soát thủ tục hành chính" not in page.content.decode()
