"""The results page, its Excel exports, and applying the log's inputs to an assessment."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from test_dossiers_import import dossier_root, import_log, log_csv, province  # noqa: F401

from parindex.indicators import apply, compute, drilldown, inputs_document, open_dataset
from parindex.presentation.numbers import fmt_count, fmt_date, fmt_datetime, fmt_number
from parindex.web.assessments.models import AssessmentStatus, InputValue
from parindex.web.assessments.services.inputs import assessment_input_set
from parindex.web.assessments.services.selectors import assessment_score
from parindex.web.audit.models import AuditEvent
from parindex.web.dossiers import services
from parindex.web.dossiers.forms import versions_field
from parindex.web.dossiers.models import AppliedIndicator


@pytest.fixture
def imported(users, province, dossier_root, log_csv):  # noqa: F811
    """The province's store holding the small synthetic 2020 log."""
    import_log(users, province, log_csv)
    return open_dataset(services.province_store(province))


def results_url(province, **params) -> str:  # noqa: F811
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{reverse('dossiers:results', args=[province.pk])}?{query}"


def test_results_tables_equal_the_pure_api(as_user, province, imported) -> None:  # noqa: F811
    response = as_user("viewer").get(results_url(province, year=2020))
    assert response.status_code == 200
    grids = response.context["grids"]
    expected = compute(imported, ["level"], year=2020)
    by_level = grids["level"]
    rate_col = by_level.columns.index("on_time_rate")
    shown = {row[0]: row[rate_col] for row in by_level.rows}
    for row in expected.data.filter(indicator="on_time_rate").iter_rows(named=True):
        assert shown[row["level"]] == pytest.approx(row["value"])
    months = grids["month"]
    assert {r[0] for r in months.rows} >= {"2020-01", "2020-12"}
    body = response.content.decode()
    assert "Theo cơ quan" in body and "Phân tích điểm bị trừ" in body


def test_results_filter_by_level_and_agency(as_user, province, imported) -> None:  # noqa: F811
    client = as_user("secretariat")
    only = client.get(results_url(province, year=2020, level="district"))
    assert {r[0] for r in only.context["grids"]["level"].rows} == {"district"}
    agency = only.context["form"].fields["agency"].choices[1][0]
    one = client.get(results_url(province, year=2020, agency=agency))
    expected = compute(imported, ["agency"], year=2020, where=f"agency_code == '{agency}'")
    grid = one.context["grids"]["agency"]
    assert {r[0] for r in grid.rows} == {agency}
    received = grid.columns.index("received")
    assert (
        sum(r[received] for r in grid.rows)
        == expected.data.filter(indicator="received")["value"].sum()
    )


def test_drilldown_equals_the_pure_api(as_user, province, imported) -> None:  # noqa: F811
    response = as_user("viewer").get(results_url(province, year=2020))
    drills = response.context["drills"]
    dd = drilldown(imported, "par-province-1149", "3.4.1", 2020)
    summary = drills["3.4.1"]["summary"]
    lost = summary.columns.index("lost_points")
    assert summary.rows[0][lost] == pytest.approx(dd.lost)
    indicator = summary.columns.index("indicator")
    assert summary.rows[0][indicator] == "Tỷ lệ hồ sơ giải quyết đúng hạn"  # not on_time_rate
    assert drills["3.4.1"]["by_agency"].rows[0][0] == dd.by["agency"]["agency_code"][0]


@pytest.mark.parametrize("table", ["year", "month", "level", "agency", "3.4.1", "3.4.3"])
def test_every_table_exports_to_excel(as_user, province, imported, table) -> None:  # noqa: F811
    response = as_user("viewer").get(
        reverse("dossiers:export", args=[province.pk, table]) + "?year=2020"
    )
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.worksheets[0]
    assert ws.max_row > 1
    assert all(isinstance(c.value, str) for c in ws[1])
    formats = {c.value: i for i, c in enumerate(ws[1])}
    line = ws[2]
    for header, cell in zip(formats, line, strict=False):
        if isinstance(cell.value, int | float):  # every figure typed with its kind's format
            assert cell.number_format in {"#,##0", "0", "0.00%", "General"}, header
    if "Năm" in formats:
        assert line[formats["Năm"]].number_format == "0"  # 2020, never 2.020
    level_codes = {"province", "district", "commune"}
    assert not level_codes & {c.value for row in ws.iter_rows(min_row=2) for c in row}


def test_inputs_for_an_assessment_are_shown_with_provenance(
    as_user,
    demo,
    province,  # noqa: F811
    imported,
) -> None:
    response = as_user("focal").get(results_url(province, year=2020, assessment=demo.pk))
    inputs = response.context["inputs"]
    expected = inputs_document(apply(imported, "par-province-1149", 2020))
    shown = {(r["node"], r["input"]): r["value"] for r in inputs.rows}
    assert shown[("3.4.1", "on_time")] == str(expected["3.4.1"]["on_time"])
    assert shown[("3.4.1", "total")] == str(expected["3.4.1"]["total"])
    assert inputs.can_apply
    body = response.content.decode()
    assert "nhat-ky-2020.csv" in body and "Áp dụng vào phiếu đánh giá" in body
    row = next(r for r in inputs.rows if (r["node"], r["input"]) == ("3.4.1", "total"))
    # the input by its label, the value it holds now in words (grouped), not its code
    assert (row["input_label"], row["current_text"]) == ("Tổng số hồ sơ đã giải quyết", "185.443")
    assert "<td>Tổng số hồ sơ đã giải quyết</td>" in body and "<td>total</td>" not in body
    # the source names the indicator by its title, never its key
    assert "· chỉ số Tỷ lệ hồ sơ giải quyết đúng hạn <code" in body
    assert "on_time_rate" not in body and "received_online_rate" not in body
    assert "+00:00" not in body  # the moment computed as the interface writes it
    export = as_user("focal").get(
        reverse("dossiers:export", args=[province.pk, "inputs"]) + f"?assessment={demo.pk}"
    )
    sheet = load_workbook(io.BytesIO(export.content)).worksheets[0]
    assert sheet.max_row > 3
    headers = [c.value for c in sheet[1]]
    assert headers == ["Tiêu chí", "Thông số", "Giá trị từ nhật ký", "Giá trị hiện tại"]
    rows = {(r[0].value, r[1].value): r for r in sheet.iter_rows(min_row=2)}
    # the input by its title (never "on_time"), its value a grouped count
    on_time = rows[("3.4.1", "Số hồ sơ giải quyết đúng hạn")][2]
    assert (on_time.value, on_time.number_format) == (expected["3.4.1"]["on_time"], "#,##0")
    assert not any(r[1] == "on_time" for r in rows)


def apply_post(client, province, demo):  # noqa: F811
    versions = versions_field(services.stored_versions(demo))
    return client.post(
        reverse("dossiers:apply", args=[province.pk, demo.pk]), {"versions": versions}
    )


def test_apply_fills_the_inputs_and_the_score_changes(
    as_user,
    demo,
    province,  # noqa: F811
    imported,
) -> None:
    before = assessment_score(assessment=demo).total
    expected = inputs_document(apply(imported, "par-province-1149", 2020))
    response = apply_post(as_user("secretariat"), province, demo)
    assert response.status_code == 302
    stored = {
        (r.node_code, r.input_name): r.value for r in InputValue.objects.filter(assessment=demo)
    }
    assert stored[("3.4.1", "on_time")] == str(expected["3.4.1"]["on_time"])
    assert stored[("3.4.1", "total")] == str(expected["3.4.1"]["total"])
    assert stored[("3.4.3", "total")] == str(expected["3.4.3"]["total"])
    assert Decimal(stored[("7.2.1", "rate")]) == pytest.approx(Decimal(expected["7.2.1"]["rate"]))
    after = assessment_score(assessment=demo).total
    assert after != before
    assert AuditEvent.objects.filter(action="dossiers.apply", field="3.4.1/on_time").exists()
    assert AuditEvent.objects.filter(action="input.set", field="3.4.1/on_time").exists()


def test_provenance_is_stored_and_shown_next_to_the_value(
    as_user,
    demo,
    province,  # noqa: F811
    imported,
    log_csv,  # noqa: F811
) -> None:
    apply_post(as_user("focal"), province, demo)
    row = AppliedIndicator.objects.get(assessment=demo, node_code="3.4.1", input_name="on_time")
    p = row.provenance
    source = p["sources"][0]
    assert source["file"] == "nhat-ky-2020.csv"
    assert len(source["sha256"]) == 64
    assert p["indicator"] == "on_time_rate" and len(p["definition_sha256"]) == 64
    assert p["rows_used"] > 0 and p["computed_at"]
    assert row.applied_by.username == "focal"

    html = render_to_string("dossiers/_provenance.html", {"assessment": demo, "code": "3.4.1"})
    assert "Số liệu từ nhật ký hồ sơ" in html
    assert "nhat-ky-2020.csv" in html and source["sha256"][:12] in html
    assert reverse("dossiers:applied", args=[row.pk]) in html
    # the input by its label, its value in words (not <code>on_time</code> = 185443)
    assert f"Số hồ sơ giải quyết đúng hạn: {fmt_number(row.value)}" in html
    assert "<code>on_time</code>" not in html
    # the indicator by its title in the page's language, never its key
    assert "chỉ số Tỷ lệ hồ sơ giải quyết đúng hạn (<code" in html
    assert "on_time_rate" not in html
    with translation.override("en"):
        english = render_to_string(
            "dossiers/_provenance.html", {"assessment": demo, "code": "3.4.1"}
        )
    assert "indicator On-time rate (<code" in english and "on_time_rate" not in english
    # the moments as the interface writes them, never the stored ISO stamps
    computed = timezone.localtime(datetime.datetime.fromisoformat(p["computed_at"]))
    as_of = datetime.date.fromisoformat(p["as_of"])
    assert f"tính lúc {fmt_datetime(computed)}" in html and p["computed_at"] not in html
    assert f"đọc đến ngày {fmt_date(as_of)}" in html and p["as_of"] not in html
    rows = source["rows_used"]
    assert rows >= 1000 and f", {fmt_count(rows)} dòng)" in html  # grouped: never 185443
    assert f", {fmt_count(rows, 'en')} rows)" in english
    assert (
        render_to_string("dossiers/_provenance.html", {"assessment": demo, "code": "1.1.1"}).strip()
        == ""
    )

    detail = as_user("viewer").get(reverse("dossiers:applied", args=[row.pk]))
    assert detail.status_code == 200
    assert source["sha256"] in detail.content.decode()
    heading = f"Nguồn gốc số liệu: 3.4.1 · Số hồ sơ giải quyết đúng hạn: {fmt_number(row.value)}"
    assert heading in detail.content.decode()
    assert "<dd>Tỷ lệ hồ sơ giải quyết đúng hạn (SHA-256" in detail.content.decode()
    assert "on_time_rate" not in detail.content.decode()
    assert f"<dd>{fmt_datetime(computed)}</dd>" in detail.content.decode()
    assert p["computed_at"] not in detail.content.decode()
    assert f"<td>{fmt_count(rows)}</td>" in detail.content.decode()
    # the link's filter in words, never as stored ("level == 'province'")
    assert p["where"] == "(level == 'province')"
    assert f"<dd>{p['year']} · Cấp: tỉnh · tính đến" in detail.content.decode()
    assert (
        "level ==" not in detail.content.decode()
        and "Chi tiết kỹ thuật" not in detail.content.decode()
    )


def test_a_filter_the_page_cannot_word_is_shown_as_a_technical_detail(
    as_user,
    demo,
    province,  # noqa: F811
    imported,
) -> None:
    apply_post(as_user("focal"), province, demo)
    row = AppliedIndicator.objects.get(assessment=demo, node_code="3.4.1", input_name="on_time")
    url = reverse("dossiers:applied", args=[row.pk])
    row.provenance["where"] = "(level in ('district', 'commune')) and (status != 'cancelled')"
    row.save()
    page = as_user("viewer").get(url).content.decode()
    assert "<dd>2020 · Cấp: huyện, xã; Trạng thái: trừ Đã hủy · tính đến" in page
    with translation.override("en"):
        english = as_user("viewer").get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<dd>2020 · Level: District, Commune; Status: other than Cancelled · as of" in english
    row.provenance["where"] = "(level == 'province') and (received_date >= as_of)"
    row.save()
    page = as_user("viewer").get(url).content.decode()
    assert "<dd>2020 · điều kiện lọc riêng (xem chi tiết kỹ thuật) · tính đến" in page
    assert (
        '<details class="technical"><summary>Chi tiết kỹ thuật</summary><p>Điều kiện lọc: '
        "<code>(level == &#x27;province&#x27;) and (received_date &gt;= as_of)</code></p></details>"
    ) in page


def test_a_value_edited_by_hand_after_applying_is_flagged(
    as_user,
    users,
    demo,
    province,  # noqa: F811
    imported,
) -> None:
    apply_post(as_user("focal"), province, demo)
    versions = services.stored_versions(demo)["3.4.1"]
    assessment_input_set(
        assessment=demo,
        node_code="3.4.1",
        values={"on_time": "1"},
        versions=versions,
        actor=users["focal"],
    )
    html = render_to_string("dossiers/_provenance.html", {"assessment": demo, "code": "3.4.1"})
    assert "đã sửa tay sau khi áp dụng" in html


def test_a_stale_page_reports_the_conflict_and_applies_nothing(
    as_user,
    users,
    demo,
    province,  # noqa: F811
    imported,
) -> None:
    stale = versions_field(services.stored_versions(demo))
    versions = services.stored_versions(demo)["3.4.2"]
    assessment_input_set(
        assessment=demo,
        node_code="3.4.2",
        values={"on_time": "1"},
        versions=versions,
        actor=users["focal"],
    )
    before = {
        (r.node_code, r.input_name): r.value for r in InputValue.objects.filter(assessment=demo)
    }
    client = as_user("secretariat")
    response = client.post(
        reverse("dossiers:apply", args=[province.pk, demo.pk]), {"versions": stale}, follow=True
    )
    assert "3.4.2" in response.content.decode()
    assert "vừa được người khác thay đổi" in response.content.decode()
    after = {
        (r.node_code, r.input_name): r.value for r in InputValue.objects.filter(assessment=demo)
    }
    assert after == before
    assert not AppliedIndicator.objects.exists()


def test_a_submitted_assessment_cannot_be_filled(
    as_user,
    demo,
    province,  # noqa: F811
    imported,
) -> None:
    demo.status = AssessmentStatus.SUBMITTED
    demo.save()
    response = apply_post(as_user("secretariat"), province, demo)
    assert response.status_code == 403
    assert not AppliedIndicator.objects.exists()


def test_results_without_data_say_so(as_user, province, dossier_root) -> None:  # noqa: F811
    response = as_user("viewer").get(results_url(province))
    assert response.status_code == 200
    assert "Chưa có dữ liệu" in response.content.decode()


def test_the_provenance_include_costs_two_queries_for_a_whole_page(
    as_user,
    demo,
    province,  # noqa: F811
    imported,
    django_assert_num_queries,
) -> None:
    apply_post(as_user("focal"), province, demo)
    demo.refresh_from_db()
    # the applied values and the inputs: once per assessment, whatever the number of nodes
    with django_assert_num_queries(2):
        for code in ["3.4.1", "3.4.2", "3.4.3", "7.2.1", "1.1.1"]:
            render_to_string("dossiers/_provenance.html", {"assessment": demo, "code": code})


def test_the_imports_list_has_a_fixed_number_of_queries(
    as_user,
    users,
    province,  # noqa: F811
    imported,
    log_csv,  # noqa: F811
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user("secretariat")
    url = reverse("dossiers:index", args=[province.pk])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        import_log(users, province, log_csv)
    with CaptureQueriesContext(connection) as four:
        client.get(url)
    assert len(four) == len(one)
