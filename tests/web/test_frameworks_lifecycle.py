"""A draft is reviewed (tree and difference), activated with a confirmation, used by a
campaign and then frozen; only the secretariat and administrators manage frameworks; the
admin refuses invalid framework text; the API lists versions; plans draft from any framework."""

from __future__ import annotations

import datetime
import html
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from frameworks_files import IDENTITY, ministry_rows, word_file

from parindex.frameworks import DIRECTORY, find
from parindex.web.assessments.models import Campaign, FrameworkStatus, FrameworkVersion
from parindex.web.assessments.services.campaigns import campaign_create
from parindex.web.audit.models import AuditEvent
from parindex.web.frameworks import services
from parindex.web.frameworks.models import FrameworkUpload
from parindex.web.organisations.models import Unit, UnitKind
from parindex.web.plans.services import plan_generate


def imported(client, rows=None, scores=None, **fields) -> FrameworkVersion:
    data = word_file(rows, scores)
    response = client.post(
        "/frameworks/import/",
        {"file": SimpleUploadedFile("bang.docx", data), **IDENTITY, **fields},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    identity = {**IDENTITY, **fields}
    return FrameworkVersion.objects.get(code=identity["code"], version=identity["version"])


def state() -> tuple:
    return (
        list(FrameworkVersion.objects.order_by("pk").values_list("pk", "status", "sha256")),
        FrameworkUpload.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_list_shows_titles_basis_years_kind_status_counts_and_blocks(as_user) -> None:
    response = as_user("secretariat").get("/frameworks/")
    page = response.content.decode()
    assert response.status_code == 200
    row = page.split('data-version="par-province-1149@2020.1"')[1].split("</tr>")[0]
    assert find("par-province-1149").title in row
    assert "QĐ 1149/QĐ-BNV ngày 30/12/2020" in row
    assert "Cấp tỉnh" in row and "Đã khóa (đợt đánh giá đang dùng)" in row
    cells = [c.split(">")[-1] for c in row.split("</td>") if 'class="num"' in c]
    assert cells == ["9", "17", "8"]
    assert "Điểm đánh giá, thẩm định: 66,5<br>Điểm điều tra xã hội học: 33,5" in row


def test_the_diff_from_the_version_it_replaces_is_on_the_page(as_user) -> None:
    client = as_user("secretariat")
    rows = [list(r) for r in ministry_rows(find("par-province-1149"))]
    rows[1][1] = "Các tiêu chí tự đánh giá của lĩnh vực 1"
    version = imported(client, rows)
    page = html.unescape(client.get(f"/frameworks/{version.pk}/").content.decode())
    assert "So với phiên bản 2020.1:" in page
    assert (
        "Đổi tên 1.R: «Các tiêu chí tự đánh giá của lĩnh vực 1 (chưa công bố chi tiết)» thành "
        "«Các tiêu chí tự đánh giá của lĩnh vực 1»"
    ) in page
    assert "Cách tính điểm của 7.1.3" in page  # the table's leaves are scored by hand


def test_activation_confirms_then_retires_the_replaced_version_and_campaigns_keep_theirs(
    as_user, users
) -> None:
    client = as_user("secretariat")
    version = imported(client)
    old = FrameworkVersion.objects.get(code="par-province-1149", version="2020.1")
    confirm = client.get(f"/frameworks/{version.pk}/activate/").content.decode()
    assert "sẽ thôi áp dụng cho đợt đánh giá mới" in confirm and "phiên bản 2020.1" in confirm
    version.refresh_from_db()
    assert version.status == FrameworkStatus.DRAFT  # the confirmation page changes nothing
    response = client.post(f"/frameworks/{version.pk}/activate/")
    assert response.status_code == 302
    version.refresh_from_db()
    old.refresh_from_db()
    assert (version.status, old.status, old.frozen) == ("active", "retired", True)
    assert Campaign.objects.filter(framework_version=old).count() == 1
    province = Unit.objects.get(kind=UnitKind.PROVINCE, code="10", valid_from=None)
    campaign = campaign_create(
        name="Đợt 2026",
        framework_version=version,
        year=2026,
        organiser=province,
        units=[province],
        actor=users["secretariat"],
    )
    version.refresh_from_db()
    assert version.frozen and campaign.framework_version == version
    assert (
        "Đã khóa (đợt đánh giá đang dùng)"
        in client.get(f"/frameworks/{version.pk}/").content.decode()
    )


def test_a_draft_or_retired_version_cannot_open_a_campaign(as_user, users) -> None:
    from parindex.web.assessments.services.errors import CampaignInvalidError

    version = imported(as_user("secretariat"))
    province = Unit.objects.get(kind=UnitKind.PROVINCE, code="10", valid_from=None)
    with pytest.raises(CampaignInvalidError) as refused:
        campaign_create(
            name="Đợt nháp",
            framework_version=version,
            year=2026,
            organiser=province,
            units=[province],
            actor=users["secretariat"],
        )
    assert refused.value.problems == [("framework_version", "framework_not_active")]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("focal", 403), ("appraiser", 403), ("viewer", 403), ("outsider", 403), ("nobody", 403)],
)
def test_only_the_secretariat_and_administrators_manage_frameworks(
    as_user, persona, status
) -> None:
    client = as_user(persona)
    version = FrameworkVersion.objects.get(code="par-province-1149", version="2020.1")
    before = state()
    assert client.get("/frameworks/").status_code == status
    assert client.get(f"/frameworks/{version.pk}/").status_code == status
    posted = client.post(
        "/frameworks/import/", {"file": SimpleUploadedFile("b.docx", word_file()), **IDENTITY}
    )
    assert posted.status_code == status
    assert client.post(f"/frameworks/{version.pk}/retire/").status_code == status
    assert state() == before


def test_anonymous_users_go_to_the_login_page(client) -> None:
    response = client.get("/frameworks/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_administrator_manages_frameworks_too(as_user) -> None:
    client = as_user("admin")
    version = FrameworkVersion.objects.get(code="par-province-1149", version="2020.1")
    response = client.get("/frameworks/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-version="par-province-1149@2020.1"' in page
    assert f'href="/frameworks/{version.pk}/"' in page
    assert 'href="/frameworks/import/"' in page
    retired = client.post(f"/frameworks/{version.pk}/retire/")
    assert retired.status_code == 302
    version.refresh_from_db()
    assert version.status == FrameworkStatus.RETIRED


def test_retiring_keeps_campaigns_and_then_no_new_campaign_may_use_it(as_user) -> None:
    client = as_user("secretariat")
    old = FrameworkVersion.objects.get(code="par-province-1149", version="2020.1")
    response = client.post(f"/frameworks/{old.pk}/retire/")
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == FrameworkStatus.RETIRED and old.frozen
    form = client.get("/assessments/campaigns/new/").content.decode()
    assert f'value="{old.pk}"' not in form


def test_plan_defaults_are_edited_on_the_page_and_refused_when_invalid(as_user) -> None:
    client = as_user("secretariat")
    version = imported(client)
    text = version.plan_defaults_yaml
    assert text == (DIRECTORY.parent / "plans" / "defaults" / "par-province-1149.yaml").read_text(
        encoding="utf-8"
    )
    before = state()
    bad = client.post(f"/frameworks/{version.pk}/plan-defaults/", {"text": "schema: nope"})
    assert "Mặc định của kế hoạch không hợp lệ" in bad.content.decode()
    assert state() == before
    changed = text.replace("Sở Tư pháp", "Sở Tư pháp tỉnh", 1)
    ok = client.post(f"/frameworks/{version.pk}/plan-defaults/", {"text": changed})
    assert ok.status_code == 302
    version.refresh_from_db()
    assert version.plan_defaults_yaml == changed


def test_the_admin_refuses_bad_yaml_with_the_loaders_messages(as_user) -> None:
    client = as_user("admin")
    before = state()
    response = client.post(
        "/admin/assessments/frameworkversion/add/",
        {"yaml_text": "this: is: not: yaml: [", "status": "draft", "plan_defaults_yaml": ""},
    )
    assert response.status_code == 200
    assert "yaml_text" in response.content.decode() and "errorlist" in response.content.decode()
    assert (
        "nội dung YAML, dòng 1: sai cú pháp YAML: thụt lề không đúng hoặc thiếu dấu cách sau "
        "dấu «:»; nội dung có dấu «:» thì đặt trong ngoặc kép"
    ) in html.unescape(response.content.decode())
    assert state() == before
    old = FrameworkVersion.objects.get(code="par-province-1149", version="2020.1")
    changed = old.yaml_text.replace("Bộ tiêu chí", "Bộ chỉ tiêu", 1)
    response = client.post(
        f"/admin/assessments/frameworkversion/{old.pk}/change/",
        {"yaml_text": changed, "status": "active", "plan_defaults_yaml": ""},
    )
    assert "Phiên bản này đã khóa" in response.content.decode()
    assert state() == before


def test_the_api_lists_frameworks_with_versions(as_user) -> None:
    client = as_user("secretariat")
    imported(client)
    body = json.loads(client.get("/api/v1/frameworks").content)
    (family,) = [f for f in body["frameworks"] if f["code"] == "par-province-1149"]
    assert [(v["version"], v["status"]) for v in family["versions"]] == [
        ("2026.1", "draft"),
        ("2020.1", "frozen"),
    ]
    newest = family["versions"][0]
    assert newest["counts"] == {"areas": 9, "criteria": 17, "sub_criteria": 8}
    assert newest["unit_kind"] == "province" and newest["years"] == [2026, 2027]
    assert newest["url"] == "/api/v1/frameworks/par-province-1149@2026.1"


def test_the_api_lists_only_used_versions_to_others(as_user) -> None:
    body = json.loads(as_user("focal").get("/api/v1/frameworks").content)
    assert [v["version"] for f in body["frameworks"] for v in f["versions"]] == ["2020.1"]
    assert json.loads(as_user("outsider").get("/api/v1/frameworks").content) == {"frameworks": []}


def _assessment_of(code: str, users) -> object:
    version = services.framework_import(
        data=(DIRECTORY / f"{code}.yaml").read_bytes(), name=f"{code}.yaml", actor=None
    ).version
    FrameworkVersion.objects.filter(pk=version.pk).update(status=FrameworkStatus.ACTIVE)
    version.refresh_from_db()
    framework = version.framework()
    province = Unit.objects.get(kind=UnitKind.PROVINCE, code="10", valid_from=None)
    unit = (
        province
        if framework.unit_kind == "province"
        else Unit.objects.filter(parent=province, kind=UnitKind.DEPARTMENT).first()
    )
    campaign = campaign_create(
        name=f"Đợt {code}",
        framework_version=version,
        year=framework.years[0],
        organiser=province,
        units=[unit],
        self_assessment_due=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC),
    )
    return campaign.assessments.get()


@pytest.mark.parametrize("code", ["par-province-876", "par-department-example"])
def test_a_plan_is_drafted_from_any_framework_with_its_stored_defaults(users, code) -> None:
    assessment = _assessment_of(code, users)
    plan = plan_generate(assessment=assessment, actor=users["secretariat"])
    assert plan.unit == assessment.unit and plan.year == assessment.campaign.year + 1
    assert json.loads(plan.content)["framework"].startswith(code)


def test_a_plan_is_drafted_for_a_framework_without_shipped_defaults(as_user, users) -> None:
    client = as_user("secretariat")
    version = imported(client, code="so-nganh-lao-cai", unit_kind="province")
    assert "areas" not in version.plan_defaults_yaml
    assert version.plan_defaults().framework == "so-nganh-lao-cai"


def test_a_tables_self_scores_become_a_ready_self_assessment(as_user, users) -> None:
    from parindex.web.assessments.models import InputValue

    client = as_user("secretariat")
    version = imported(client, scores={"7.1.3": "1", "1.R": "6,5"})
    client.post(f"/frameworks/{version.pk}/activate/")
    version.refresh_from_db()
    province = Unit.objects.get(kind=UnitKind.PROVINCE, code="10", valid_from=None)
    campaign = campaign_create(
        name="Đợt 2026",
        framework_version=version,
        year=2026,
        organiser=province,
        units=[province],
        actor=users["secretariat"],
    )
    assessment = campaign.assessments.get()
    upload = version.uploads.get()
    page = client.get(f"/frameworks/{version.pk}/").content.decode()
    assert "Nhập điểm tự đánh giá" in page
    response = client.post(
        f"/frameworks/{version.pk}/self-scores/",
        {"upload": upload.pk, "assessment": assessment.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == assessment.get_absolute_url()
    stored = dict(
        InputValue.objects.filter(assessment=assessment).values_list("node_code", "value")
    )
    assert stored == {"7.1.3": "1", "1.R": "6.5"}
    assert AuditEvent.objects.filter(action="framework.self_scores").count() == 1


def test_self_scores_go_only_into_an_assessment_of_the_same_version(as_user, demo) -> None:
    from parindex.web.assessments.models import InputValue

    client = as_user("secretariat")
    version = imported(client, scores={"7.1.3": "1"})
    before = InputValue.objects.filter(assessment=demo).count()
    response = client.post(
        f"/frameworks/{version.pk}/self-scores/",
        {"upload": version.uploads.get().pk, "assessment": demo.pk},
    )
    assert response.status_code == 302  # back to the page: the choice is not offered
    assert InputValue.objects.filter(assessment=demo).count() == before


def test_the_demo_scores_departments_and_communes_with_the_example_frameworks(demo) -> None:
    from parindex.web.dashboards.demo import (
        COMMUNE_CAMPAIGN,
        INTERNAL_CAMPAIGN,
        dashboards_demo_load,
    )

    dashboards_demo_load()
    dashboards_demo_load()
    departments = Campaign.objects.get(name=INTERNAL_CAMPAIGN)
    communes = Campaign.objects.get(name=COMMUNE_CAMPAIGN)
    used = [departments.framework_version, communes.framework_version]
    assert [v.code for v in used] == ["par-department-example", "par-commune-example"]
    assert all(v.status == FrameworkStatus.ACTIVE and v.frozen for v in used)
    assert [v.uploads.get().name for v in used] == [
        "par-department-example.yaml",
        "par-commune-example.yaml",
    ]
    assert {a.unit.kind for a in communes.assessments.select_related("unit")} == {"commune"}
    assert communes.assessments.count() == 4
