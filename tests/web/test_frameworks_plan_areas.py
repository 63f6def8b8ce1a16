"""The secretariat keeps a framework version's plan defaults area by area on the frameworks
page: lead agencies (with the part each leads), coordinating agencies, the area's goal and the
default targets of its measured sub-criteria; a bad entry is refused in Vietnamese with what
was typed kept, and a frozen version refuses any change."""

from __future__ import annotations

import html
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from frameworks_files import yaml_file

from parindex.plans.model import Lead, Measure
from parindex.web.assessments.models import FrameworkVersion
from parindex.web.audit.models import AuditEvent


def draft(client) -> FrameworkVersion:
    response = client.post(
        "/frameworks/import/", {"file": SimpleUploadedFile("bo.yaml", yaml_file("2026.1"))}
    )
    assert response.status_code == 302
    return FrameworkVersion.objects.get(code="par-province-1149", version="2026.1")


def url(version: FrameworkVersion, area: str) -> str:
    return f"/frameworks/{version.pk}/plan-areas/{area}/"


GOOD = {
    "lead_1": "Văn phòng UBND tỉnh",
    "scope_1": "Kiểm soát thủ tục hành chính",
    "lead_2": "Sở Thông tin và Truyền thông",
    "scope_2": "Dịch vụ công trực tuyến",
    "lead_3": "",
    "scope_3": "",
    "coordinating": ["Sở Nội vụ", "Sở Tư pháp"],
    "coordinating_other": "UBND cấp huyện; UBND cấp xã",
    "goal": "100% hồ sơ thủ tục hành chính được giải quyết đúng hạn.",
    "op_3.4.1": ">=",
    "target_3.4.1": "99,5",
    "op_3.4.2": ">=",
    "target_3.4.2": "",
    "op_3.4.3": "=",
    "target_3.4.3": "100",
}


def test_the_form_shows_the_areas_current_defaults(as_user) -> None:
    client = as_user("secretariat")
    version = draft(client)
    page = html.unescape(client.get(url(version, "3")).content.decode())
    assert 'name="lead_1" value="Văn phòng UBND tỉnh"' in page
    assert '<option value="Sở Tư pháp">' in page  # the province's departments to choose from
    assert 'name="target_3.4.1" value="99"' in page
    assert "3.4.1. " in page and "3.4.3. " in page


def test_an_area_is_saved_from_its_form_and_the_rest_is_kept(as_user) -> None:
    client = as_user("secretariat")
    version = draft(client)
    before = version.plan_defaults()
    events = AuditEvent.objects.filter(action="framework.plan_defaults").count()
    response = client.post(url(version, "3"), GOOD)
    assert response.status_code == 302
    assert response["Location"] == f"/frameworks/{version.pk}/#plan"
    version.refresh_from_db()
    after = version.plan_defaults()
    area = after.areas["3"]
    assert area.leads == (
        Lead("Văn phòng UBND tỉnh", "Kiểm soát thủ tục hành chính"),
        Lead("Sở Thông tin và Truyền thông", "Dịch vụ công trực tuyến"),
    )
    assert area.coordinating == "Sở Nội vụ; Sở Tư pháp; UBND cấp huyện; UBND cấp xã"
    assert area.goal == "100% hồ sơ thủ tục hành chính được giải quyết đúng hạn."
    assert (area.title, area.contents) == (before.areas["3"].title, before.areas["3"].contents)
    title = "Tỷ lệ hồ sơ giải quyết đúng hạn"
    assert after.targets["3.4.1"] == (Measure("rate", ">=", Decimal("99.5"), "%", title),)
    assert "3.4.2" not in after.targets
    assert after.targets["3.4.3"] == (Measure("rate", "=", Decimal(100), "%", title),)
    assert {k: v for k, v in after.areas.items() if k != "3"} == {
        k: v for k, v in before.areas.items() if k != "3"
    }
    assert {k: v for k, v in after.targets.items() if not k.startswith("3.")} == {
        k: v for k, v in before.targets.items() if not k.startswith("3.")
    }
    assert (after.document, after.goal, after.coordinating) == (
        before.document,
        before.goal,
        before.coordinating,
    )
    event = AuditEvent.objects.filter(action="framework.plan_defaults").latest("pk")
    assert AuditEvent.objects.filter(action="framework.plan_defaults").count() == events + 1
    assert event.actor.username == "secretariat"
    detail = html.unescape(client.get(f"/frameworks/{version.pk}/").content.decode())
    row = detail.split('data-area="3"')[1].split("</tr>")[0]
    assert "Văn phòng UBND tỉnh (Kiểm soát thủ tục hành chính); Sở Thông tin" in row
    assert "3.4.1: ≥ 99,50%; 3.4.3: = 100,00%" in row  # the target convention, not ">="


def test_bad_entries_are_refused_in_vietnamese_keeping_what_was_typed(as_user) -> None:
    client = as_user("secretariat")
    version = draft(client)
    stored = version.plan_defaults_yaml
    posted = {
        **GOOD,
        "lead_1": "",
        "scope_1": "Kiểm soát thủ tục hành chính",
        "lead_2": "Sở Nội vụ",
        "lead_3": "Sở Nội vụ",
        "target_3.4.1": "chín mươi",
        "target_3.4.3": "150",
    }
    response = client.post(url(version, "3"), posted)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Phần việc này chưa có cơ quan chủ trì." in page
    assert "«chín mươi» không phải là số; viết dạng 99,5 hoặc 99.5." in page
    assert 'value="chín mươi"' in page and 'value="Kiểm soát thủ tục hành chính"' in page
    version.refresh_from_db()
    assert version.plan_defaults_yaml == stored
    # The form reads; the service judges: a repeated lead, a coordinating lead, 150 %.
    response = client.post(
        url(version, "3"), {**posted, "lead_1": "Văn phòng UBND tỉnh", "target_3.4.1": "99"}
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert page.count('class="error" role="alert"') == 3
    assert "Cơ quan «Sở Nội vụ» đã ghi ở dòng trên." in page
    assert "«Sở Nội vụ» đã là cơ quan chủ trì của lĩnh vực này." in page
    assert "Chỉ tiêu là tỷ lệ phần trăm, lớn hơn 0 và không quá 100; đã nhập 150." in page
    assert 'name="target_3.4.3" value="150"' in page
    version.refresh_from_db()
    assert version.plan_defaults_yaml == stored


def test_an_area_needs_its_lead_agency(as_user) -> None:
    client = as_user("secretariat")
    version = draft(client)
    stored = version.plan_defaults_yaml
    empty = {**GOOD, "lead_1": "", "scope_1": "", "lead_2": "", "scope_2": ""}
    page = html.unescape(client.post(url(version, "3"), empty).content.decode())
    assert "Hãy ghi cơ quan chủ trì của lĩnh vực." in page
    version.refresh_from_db()
    assert version.plan_defaults_yaml == stored


def test_a_frozen_version_refuses_changes_to_its_plan_defaults(as_user) -> None:
    client = as_user("secretariat")
    frozen = FrameworkVersion.objects.get(code="par-province-1149", version="2020.1")
    assert frozen.frozen
    stored = frozen.plan_defaults_yaml
    page = html.unescape(client.get(url(frozen, "3")).content.decode())
    assert "đã khóa, kể cả mặc định của kế hoạch: muốn thay đổi, hãy nhập phiên bản mới." in page
    assert 'name="lead_1"' not in page
    response = client.post(url(frozen, "3"), GOOD, follow=True)
    assert "đã khóa, kể cả mặc định của kế hoạch" in html.unescape(response.content.decode())
    text = client.post(f"/frameworks/{frozen.pk}/plan-defaults/", {"text": stored + "\n"})
    assert text.status_code == 200
    assert "đã khóa, kể cả mặc định của kế hoạch" in html.unescape(text.content.decode())
    frozen.refresh_from_db()
    assert frozen.plan_defaults_yaml == stored
    detail = html.unescape(client.get(f"/frameworks/{frozen.pk}/").content.decode())
    assert f"/frameworks/{frozen.pk}/plan-areas/" not in detail


def test_only_the_secretariat_and_administrators_edit_plan_defaults(as_user, users) -> None:
    version = draft(as_user("secretariat"))
    client = as_user("focal")
    assert client.get(url(version, "3")).status_code == 403
    assert client.post(url(version, "3"), GOOD).status_code == 403
    assert as_user("secretariat").get(url(version, "99")).status_code == 404
