"""Plan pages through real URLs: list, draft, edit, versions, issue, documents, periods."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from docx import Document as WordDocument
from openpyxl import load_workbook
from plans_fixtures import *  # noqa: F403 (fixtures: plan, issued, today)
from plans_fixtures import agency
from task_worker import run_queued

from parindex.documents.convert import LibreOfficeMissing, find_soffice
from parindex.presentation.numbers import fmt_count, fmt_percent
from parindex.web.plans import services
from parindex.web.plans import tasks as plan_tasks
from parindex.web.plans.models import ItemReport, Plan, PlanStatus

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    doc = WordDocument(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_list_query_count_does_not_grow_with_plans(
    as_user, demo, users, django_assert_num_queries
) -> None:
    client = as_user("secretariat")
    url = reverse("plans:list")
    services.plan_generate(assessment=demo, actor=users["secretariat"])
    # session, user, memberships, plans, assessments (source list), unread notifications
    with django_assert_num_queries(6):
        client.get(url)
    for _ in range(3):
        services.plan_generate(assessment=demo, actor=users["secretariat"])
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.content.decode().count("/plans/") >= 4 + 1


def test_the_secretariat_drafts_a_plan_from_the_assessment(as_user, demo) -> None:
    client = as_user("secretariat")
    page = client.get(reverse("plans:list"))
    assert "Tạo dự thảo" in page.content.decode()
    response = client.post(reverse("plans:generate"), {"assessment": demo.pk, "source": "self"})
    drafted = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == drafted.get_absolute_url()
    body = client.get(drafted.get_absolute_url()).content.decode()
    assert "180.840/185.443" in body and "Duyệt kế hoạch" in body


def test_drafting_from_final_scores_before_the_appraisal_says_why(as_user, demo) -> None:
    client = as_user("secretariat")
    response = client.post(
        reverse("plans:generate"), {"assessment": demo.pk, "source": "final"}, follow=True
    )
    assert "chưa có kết quả thẩm định cuối cùng" in " ".join(messages_of(response))
    assert not Plan.objects.exists()


def area_form(row: Plan, **changes) -> dict[str, str]:
    data = {"version": str(row.version), "note": "", "points:3.4.1": "1,5"}
    data.update(changes)
    return data


def test_editing_an_area_saves_a_new_version_with_its_note(as_user, plan) -> None:
    client = as_user("secretariat")
    url = reverse("plans:area_edit", args=[plan.pk, "3"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        area_form(
            plan,
            **{
                "measure:3.4.1:0": "99,5",
                "leads": "Văn phòng UBND tỉnh\n",
                "coordinating": "Các sở, ban, ngành",
                "goal": "Đạt điểm tối đa",
                "task_text": "Nhắc việc tự động hồ sơ sắp đến hạn",
                "task_deadline": "30/06/2021",
                "note": "Mục tiêu đúng hạn 99,5 %",
            },
        ),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    area = services.plan_current(plan).area("3")
    assert str(area.target("3.4.1").measures[0].value) == "99.5"
    assert area.coordinating == "Các sở, ban, ngành" and area.goal == "Đạt điểm tối đa"
    (task,) = area.tasks
    assert (task.text, task.lead, str(task.deadline)) == (
        "Nhắc việc tự động hồ sơ sắp đến hạn",
        "Văn phòng UBND tỉnh",
        "2021-06-30",
    )
    assert plan.version == 2 and plan.versions.first().note == "Mục tiêu đúng hạn 99,5 %"


def test_two_editors_never_lose_an_update(client, users, plan) -> None:
    url = reverse("plans:area_edit", args=[plan.pk, "3"])
    client.force_login(users["secretariat"])
    client.post(url, area_form(plan, **{"points:3.4.1": "1,4"}))
    client.force_login(users["admin"])
    response = client.post(url, area_form(plan, **{"points:3.4.1": "1,3"}), follow=True)
    assert "đã lưu một phiên bản mới hơn" in response.content.decode()
    plan.refresh_from_db()
    assert str(services.plan_current(plan).area("3").target("3.4.1").points) == "1.4"
    assert plan.version == 2


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("points:3.4.1", "abc", "không phải là số"),
        ("points:3.4.1", "2", "2 nằm ngoài khoảng 0..1,5"),
        ("task_deadline", "31/02/2021", "không phải là ngày"),
    ],
)
def test_a_bad_field_is_named_and_nothing_is_saved(as_user, plan, field, value, message) -> None:
    client = as_user("secretariat")
    url = reverse("plans:area_edit", args=[plan.pk, "3"])
    data = area_form(plan, **{field: value, "task_text": "Một nhiệm vụ"})
    response = client.post(url, data, follow=True)
    body = response.content.decode()
    field_id = field.replace(":", "-").replace(".", "-")
    error = re.search(rf'<p class="error" id="{field_id}-error">([^<]*)</p>', body)
    assert error is not None and message in error.group(1)
    assert f'value="{value}"' in body and "Một nhiệm vụ</textarea>" in body
    plan.refresh_from_db()
    assert plan.version == 1 and plan.versions.count() == 1


def test_version_history_shows_what_changed(as_user, plan) -> None:
    client = as_user("secretariat")
    client.post(
        reverse("plans:area_edit", args=[plan.pk, "6"]),
        {"version": "1", "points:6.1.3": "0,9", "note": "Giảm mục tiêu 6.1.3"},
    )
    body = client.get(reverse("plans:versions", args=[plan.pk])).content.decode()
    assert "Giảm mục tiêu 6.1.3" in body
    assert "Lĩnh vực 6 › Chỉ tiêu 6.1.3 › Điểm mục tiêu" in body
    assert "areas[6]" not in body
    assert "<del>1</del>" in body and "<ins>0,9</ins>" in body
    export = client.get(reverse("plans:versions", args=[plan.pk]) + "?format=xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.values)
    assert rows[0][0] == "Phiên bản" and [r[0] for r in rows[1:]] == [2, 1]
    saved = load_workbook(io.BytesIO(export.content)).active["B2"]
    assert (type(saved.value), saved.number_format) == (datetime.datetime, "dd/mm/yyyy hh:mm")


def test_approve_then_issue_locks_the_plan(as_user, plan) -> None:
    client = as_user("secretariat")
    client.post(reverse("plans:approve", args=[plan.pk]))
    response = client.post(
        reverse("plans:issue", args=[plan.pk]), {"number": "12", "issued_on": "2021-03-31"}
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ISSUED and plan.number == "12"
    edit = client.post(
        reverse("plans:area_edit", args=[plan.pk, "3"]),
        area_form(plan, goal="Mục tiêu nhập muộn"),
        follow=True,
    )
    body = edit.content.decode()
    assert "không sửa được nữa" in body and "Mục tiêu nhập muộn</textarea>" in body
    text = docx_text(client.get(reverse("plans:document", args=[plan.pk, "docx"])).content)
    assert "Số: 12/KH-UBND" in text and "ngày 31 tháng 3 năm 2021" in text


def test_issue_with_a_bad_date_says_so(as_user, plan) -> None:
    client = as_user("secretariat")
    client.post(reverse("plans:approve", args=[plan.pk]))
    response = client.post(
        reverse("plans:issue", args=[plan.pk]),
        {"number": "12", "issued_on": "hôm nay"},
        follow=True,
    )
    assert "Ngày ban hành không hợp lệ" in " ".join(messages_of(response))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_word_and_excel_downloads_open_and_carry_the_seed_figures(as_user, plan) -> None:
    client = as_user("viewer")
    word = client.get(reverse("plans:document", args=[plan.pk, "docx"]))
    assert word["Content-Disposition"].endswith('.docx"')
    text = docx_text(word.content)
    # the seed's lost-point sentences, figure for figure (its comment on 8.6 included)
    for sentence in (
        "1,4628/1,5 điểm; không đạt điểm tối đa do trong năm 2020 tỷ lệ hồ sơ giải quyết đúng "
        "hạn là 180.840/185.443 hồ sơ",
        "nộp NSNN 425,827 triệu đồng/tổng số kiến nghị phải nộp NSNN 657,725 triệu đồng, "
        "bằng 64,74%.",
        "0,5/1 điểm; không đạt điểm tối đa do năm 2020 có 23/24 chỉ tiêu đạt và vượt kế hoạch "
        "bằng 95,83%; có 1 chỉ tiêu không đạt là số lượt khách du lịch chỉ đạt 2.200/5.500 "
        "lượt người.",
        "61,4203/65",
    ):
        assert sentence in text, sentence
    excel = client.get(reverse("plans:document", args=[plan.pk, "xlsx"]))
    book = load_workbook(io.BytesIO(excel.content))
    assert book.sheetnames == ["Chỉ tiêu", "Nhiệm vụ"]
    codes = [row[1] for row in book["Chỉ tiêu"].iter_rows(min_row=4, values_only=True)]
    assert "3.4.1" in codes and "6.1.3" in codes


def test_excel_download_in_english_is_headed_in_english(as_user, plan, settings) -> None:
    client = as_user("viewer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    excel = client.get(reverse("plans:document", args=[plan.pk, "xlsx"]))
    book = load_workbook(io.BytesIO(excel.content))
    assert book.sheetnames == ["Targets", "Tasks"]
    assert [cell.value for cell in book["Targets"][3]][:4] == [
        "Area",
        "No.",
        "Criterion or sub-criterion",
        "Maximum points",
    ]
    assert [cell.value for cell in book["Tasks"][3]] == [
        "No.",
        "Area",
        "Task",
        "Lead agency",
        "Deadline",
    ]


def test_pdf_without_libreoffice_says_so_clearly(as_user, plan, monkeypatch) -> None:
    def missing(data: bytes) -> bytes:
        raise LibreOfficeMissing("soffice not found")

    monkeypatch.setattr(plan_tasks, "docx_to_pdf", missing)
    client = as_user("secretariat")
    page = client.get(reverse("plans:document", args=[plan.pk, "pdf"]), follow=True)
    assert "Đang chờ tiến trình xử lý nền" in page.content.decode()
    assert run_queued() == 1
    status = client.get(page.redirect_chain[-1][0], headers={"HX-Request": "true"})
    assert "chưa cài LibreOffice" in status.content.decode()
    assert "every 1s" not in status.content.decode()


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_is_made_by_the_worker_and_downloaded_from_its_page(
    as_user, plan, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    client = as_user("secretariat")
    asked = client.get(reverse("plans:document", args=[plan.pk, "pdf"]))
    task = DBTaskResult.objects.get()
    status_url = reverse("plans:pdf", args=[plan.pk, task.pk])
    assert asked["Location"] == status_url
    assert 'hx-trigger="every 1s"' in client.get(status_url).content.decode()
    assert run_queued() == 1
    page = client.get(status_url).content.decode()
    download = reverse("plans:pdf_download", args=[plan.pk, task.pk])
    assert "Bản PDF đã sẵn sàng" in page and download in page
    response = client.get(download)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("plans:pdf", args=[plan.pk, "not-a-task"])).status_code == 404


def test_unknown_document_format_is_not_found(as_user, plan) -> None:
    client = as_user("secretariat")
    assert client.get(f"/plans/{plan.pk}/plan.docx").status_code == 200  # a known format is
    response = client.get(f"/plans/{plan.pk}/plan.odt")
    assert response.status_code == 404
    assert not response.has_header("Content-Disposition")


def period_url(row: Plan, period: str = "Q1") -> str:
    return reverse("plans:period", args=[row.pk, period])


def report_post(client, row: Plan, users, key="3.4.1", **data):
    payload = {
        "item_key": key,
        "agency": agency(users, "focal-vp").pk,
        "version": "0",
        "status": "in_progress",
        "measured:rate": "98,7",
        "note": "Đã nhắc việc tự động",
        "difficulties": "Hồ sơ đất đai liên thông chậm",
    }
    payload.update(data)
    return client.post(reverse("plans:report", args=[row.pk, "Q1"]), payload, follow=True)


def test_a_focal_point_sees_only_the_items_its_agency_leads_and_files_a_report(
    as_user,
    users,
    issued,
    today,
) -> None:
    client = as_user("focal-vp")
    page = client.get(period_url(issued))
    keys = [r.item.key for r in page.context["mine"]]
    assert keys == ["3.4.1", "3.4.2", "3.4.3", "3.R"]
    assert not page.context["overview"]
    assert "Báo cáo tổng hợp (Word)" not in page.content.decode()
    response = report_post(client, issued, users)
    assert "Đã gửi báo cáo mục 3.4.1" in " ".join(messages_of(response))
    report = ItemReport.objects.get()
    assert (report.item_key, report.measured, report.agency.name) == (
        "3.4.1",
        {"rate": "98.7"},
        "Văn phòng UBND tỉnh",
    )
    export = client.get(reverse("plans:export", args=[issued.pk, "Q1", "xlsx"]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.values)
    assert [r[1] for r in rows[1:]] == ["3.4.1", "3.4.2", "3.4.3", "3.R"]
    # what was measured in words and the one formatter's figures, never "rate = 98.7"
    assert rows[1][5] == "Tỷ lệ hồ sơ giải quyết đúng hạn: 98,70%"
    sent = sheet.cell(2, 9)
    assert (type(sent.value), sent.number_format) == (datetime.datetime, "dd/mm/yyyy hh:mm")


def test_a_focal_points_export_in_english_writes_its_figures_in_english(
    as_user, users, issued, today, settings
) -> None:
    client = as_user("focal-vp")
    report_post(client, issued, users)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    export = client.get(reverse("plans:export", args=[issued.pk, "Q1", "xlsx"]))
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet.title == "Reports"
    # the measure's name is the plan's own text; the figure takes the English decimal mark
    assert sheet.cell(2, 6).value == "Tỷ lệ hồ sơ giải quyết đúng hạn: 98.70%"


def test_a_report_after_the_deadline_is_refused_with_the_date(
    as_user, users, issued, today
) -> None:
    import datetime

    today.day = datetime.date(2021, 3, 20)
    client = as_user("focal-vp")
    assert "Gửi báo cáo" not in client.get(period_url(issued)).content.decode()
    response = report_post(client, issued, users)
    assert "Đã quá hạn báo cáo (15/03/2021)" in " ".join(messages_of(response))
    assert not ItemReport.objects.exists()


def test_the_secretariat_sees_who_reported_overdue_and_at_risk_items(
    as_user,
    users,
    issued,
    today,
) -> None:
    import datetime

    report_post(as_user("focal-vp"), issued, users)  # 98,7 % against a target of >= 99 %
    today.day = datetime.date(2021, 3, 20)
    page = as_user("secretariat").get(period_url(issued))
    cons = page.context["cons"]
    assert cons.deadline_passed
    missing = {o.agency: o.items for o in cons.overdue if not o.submitted}
    assert missing["Sở Tư pháp"] == ("2.R",)
    assert missing["Văn phòng UBND tỉnh"] == ("3.4.2", "3.4.3", "3.R")
    assert not [o for o in cons.overdue if o.submitted]  # 3.4.1 came in on time
    risky = {p.item.key: p for p in cons.at_risk}
    assert [r.code for r in risky["3.4.1"].risks] == ["below_target"]
    body = page.content.decode()
    assert "chưa đạt chỉ tiêu" in body and "quá hạn" in body
    projection = page.context["view"].projection
    assert projection is not None
    assert projection.targets_total > projection.current_total
    assert "chưa dự kiến thứ hạng" in body
    assert page.context["view"].best


def test_the_consolidated_report_downloads_in_word_and_excel(as_user, users, issued, today) -> None:
    report_post(as_user("focal-vp"), issued, users)
    client = as_user("secretariat")
    word = client.get(reverse("plans:export", args=[issued.pk, "Q1", "docx"]))
    text = docx_text(word.content)
    assert "BÁO CÁO" in text and "Quý I năm 2021" in text
    assert "Hồ sơ đất đai liên thông chậm" in text and "Văn phòng UBND tỉnh" in text
    assert "Kế hoạch số 12/KH-UBND" in text
    excel = client.get(reverse("plans:export", args=[issued.pk, "Q1", "xlsx"]))
    book = load_workbook(io.BytesIO(excel.content))
    assert {"Theo lĩnh vực", "Theo cơ quan", "Chi tiết", "Dự kiến điểm"} <= set(book.sheetnames)
    detail = "\n".join(str(c) for row in book["Chi tiết"].values for c in row if c is not None)
    assert "Đã nhắc việc tự động" in detail


def test_the_consolidated_excel_in_english_is_headed_in_english(
    as_user, users, issued, today, settings
) -> None:
    report_post(as_user("focal-vp"), issued, users)
    client = as_user("secretariat")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    excel = client.get(reverse("plans:export", args=[issued.pk, "Q1", "xlsx"]))
    book = load_workbook(io.BytesIO(excel.content))
    assert {"By area", "By agency", "Items", "Projected score"} <= set(book.sheetnames)
    items = book["Items"]
    assert [c.value for c in items[3]][4:7] == ["Deadline", "Status", "Measured"]
    reported = next(
        row for row in items.iter_rows(min_row=4, values_only=True) if row[1] == "3.4.1"
    )
    assert reported[5:7] == ("In progress", "Tỷ lệ hồ sơ giải quyết đúng hạn: 98.70%")


def test_the_secretariat_moves_a_deadline_and_the_focal_point_cannot(
    as_user,
    issued,
) -> None:
    url = reverse("plans:deadline", args=[issued.pk, "Q1"])
    assert as_user("focal-vp").post(url, {"deadline": "2021-04-05"}).status_code == 403
    as_user("secretariat").post(url, {"deadline": "2021-04-05"})
    assert str(issued.periods.get(period="Q1").deadline) == "2021-04-05"


def exported_as_of(log, day: datetime.date) -> None:
    """Cut a generated year-long log to what an export made on ``day`` holds: dossiers received
    by then, results after it not yet known (a date after the reading day is a bad row)."""
    import csv

    def date(text: str) -> datetime.date | None:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date() if text else None

    with log.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    kept = []
    for row in rows:
        if date(row["Ngày tiếp nhận"]) > day:
            continue
        if (date(row["Ngày có kết quả"]) or day) > day or (
            date(row["Ngày trả kết quả"]) or day
        ) > day:
            row.update({"Ngày có kết quả": "", "Ngày trả kết quả": "", "Trạng thái": "Đang xử lý"})
        kept.append(row)
    with log.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)


def test_the_dossier_log_offers_the_on_time_rate_with_its_provenance(
    as_user,
    users,
    issued,
    today,
    settings,
    tmp_path,
) -> None:
    from parindex.indicators import generate
    from parindex.web.dossiers import services as dossiers

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARINDEX_DOSSIERS_ROOT = None
    log = tmp_path / "nhat-ky-2021.csv"
    generate(log, rows=2000, seed=7, year=2021)
    exported_as_of(log, today.day)
    with log.open("rb") as fh:
        up = dossiers.dossier_upload(
            province=issued.unit, name=log.name, content=[fh.read()], actor=users["secretariat"]
        )
    dossiers.import_job_run(dossiers.import_job_create(upload=up.upload, mapping={}, actor=None).pk)
    client = as_user("focal-vp")
    page = client.get(period_url(issued))
    offer = page.context["offers"]["3.4.1"]
    assert offer.name == "rate" and 0 < offer.value <= 100
    assert offer.provenance["on_time"] == offer.numerator and offer.provenance["total"] > 0
    body = page.content.decode()
    # the one formatter's figures: a rate "98,70%", grouped counts, the day dd/mm/yyyy
    num, den = fmt_count(offer.numerator), fmt_count(offer.denominator)
    as_of = datetime.date.fromisoformat(offer.provenance["as_of"])
    assert (
        f"Từ nhật ký hồ sơ TTHC của tỉnh: {fmt_percent(offer.value)} ({num}/{den} hồ sơ đúng hạn,"
        f" lũy kế đến {as_of:%d/%m/%Y})."
    ) in body
    report_post(client, issued, users, **{"measured:rate": str(offer.value), "use_offer": "1"})
    report = ItemReport.objects.get()
    assert report.provenance["node"] == "3.4.1"
    assert report.provenance["on_time"] == offer.numerator


def test_with_htmx_the_report_answers_with_its_card_only(as_user, users, issued, today) -> None:
    client = as_user("focal-vp")
    payload = {
        "item_key": "3.4.1",
        "agency": agency(users, "focal-vp").pk,
        "version": "0",
        "status": "done",
        "measured:rate": "99,3",
    }
    url = reverse("plans:report", args=[issued.pk, "Q1"])
    response = client.post(url, payload, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert body.strip().startswith('<div class="card" id="item-3-4-1">')
    assert "Đã gửi báo cáo mục 3.4.1." in body and 'value="99,3"' in body
    stale = client.post(url, payload, HTTP_HX_REQUEST="true").content.decode()
    assert 'class="alert alert-error"' in stale and "đã lưu thay đổi" in stale


def published(year: int, totals: list[str]):
    from decimal import Decimal

    from parindex.national.results import NationalResult

    return [
        NationalResult(province=f"P{i:02d}", year=year, total=Decimal(t), rank=i + 1)
        for i, t in enumerate(totals)
    ]


def test_without_national_results_only_the_total_is_projected(as_user, issued, monkeypatch) -> None:
    from parindex.web.plans import follow

    monkeypatch.setattr(follow, "national_results", lambda: [])
    page = as_user("secretariat").get(period_url(issued))
    assert page.context["view"].rank.why == "no_national"
    assert "chưa dự kiến thứ hạng; chỉ dự kiến tổng điểm" in page.content.decode()


def test_an_incomplete_projection_is_not_ranked(as_user, issued, monkeypatch) -> None:
    from parindex.web.plans import follow

    monkeypatch.setattr(follow, "national_results", lambda: published(2020, ["85", "80"]))
    page = as_user("secretariat").get(period_url(issued))
    rank = page.context["view"].rank
    assert (rank.year, rank.why) == (2020, "incomplete")  # survey and ministry points unknown
    assert "DT.R" in page.content.decode()


def test_the_projected_rank_against_the_latest_published_results(
    as_user, demo, issued, monkeypatch
) -> None:
    from parindex.web.assessments.models import InputValue
    from parindex.web.plans import follow

    # the ministry's and the survey's points known (as 2019's): the projection is complete
    InputValue.objects.create(assessment=demo, node_code="1.BNV", input_name="points", value="1")
    InputValue.objects.create(assessment=demo, node_code="DT.R", input_name="points", value="29.95")
    others = ["95", "93", "92.5", "91", "89", "85"]
    monkeypatch.setattr(
        follow, "national_results", lambda: published(2019, ["70"]) + published(2020, others)
    )
    client = as_user("secretariat")
    view = client.get(period_url(issued)).context["view"]
    # current 61,4203 + 1 + 29,95 = 92,3703 → 4th of 7; all targets met 66,5 + 29,95 → 1st
    assert view.projection.current_total == Decimal("92.3703")
    assert (view.rank.year, view.rank.current, view.rank.targets) == (2020, (4, 7), (1, 7))
    text = docx_text(client.get(reverse("plans:export", args=[issued.pk, "Q1", "docx"])).content)
    assert "xếp thứ 4/7 tỉnh, thành phố so với kết quả công bố năm 2020" in text


def test_period_page_query_count_does_not_grow_with_reports(
    as_user, users, issued, today, django_assert_num_queries
) -> None:
    office, client = agency(users, "focal-vp"), as_user("secretariat")
    url = period_url(issued)
    client.get(url)  # warm the framework cache
    report_post(as_user("focal-vp"), issued, users)
    client = as_user("secretariat")
    # session, user, memberships, plan, period, reports (+ evidence), agencies, the
    # assessment's inputs, national results, the SIPAS survey of the year, unread
    # notifications (header), ...
    with django_assert_num_queries(13):
        client.get(url)
    focal = as_user("focal-vp")
    for key in ("3.4.2", "3.4.3", "3.R"):
        rate = "" if key == "3.R" else "99"  # 3.R has no measured target
        report_post(focal, issued, users, key=key, agency=office.pk, **{"measured:rate": rate})
    client = as_user("secretariat")
    with django_assert_num_queries(13):
        response = client.get(url)
    assert response.context["cons"].total.reported == 4


@pytest.mark.parametrize("bad", ["abc", "1e3", "-2", "٣"])
def test_malformed_numbers_in_queries_and_forms_are_refused_not_a_server_error(
    as_user, users, issued, today, bad
) -> None:
    client = as_user("secretariat")
    versions = reverse("plans:versions", args=[issued.pk])
    assert client.get(f"{versions}?v={bad}&against={bad}").status_code == 200
    focal = as_user("focal-vp")
    assert report_post(focal, issued, users, agency=bad).status_code == 403
    assert not ItemReport.objects.exists()
    # A malformed version reads as "no version yet": the first report goes in, once.
    assert report_post(focal, issued, users, version=bad).status_code == 200
    assert ItemReport.objects.filter(item_key="3.4.1").count() == 1


def test_a_measure_without_a_title_is_named_in_words_on_every_page(
    as_user, users, issued, today
) -> None:
    from parindex.plans import Measure, plan_to_json, set_target

    untitled = (Measure("rate", ">=", Decimal(99), "%"), Measure("on_time", ">=", Decimal(40000)))
    issued.content = plan_to_json(
        set_target(services.plan_current(issued), "3.4.1", measures=untitled)
    )
    issued.save()
    secretariat = as_user("secretariat").get(reverse("plans:detail", args=[issued.pk]))
    # the plan page knows no inputs: an untitled measure other than a rate is a "Chỉ tiêu"
    assert "<td>Tỷ lệ ≥ 99,00%; Chỉ tiêu ≥ 40.000</td>" in secretariat.content.decode()
    client = as_user("focal-vp")
    html = client.get(period_url(issued)).content.decode()
    assert "chỉ tiêu: Tỷ lệ ≥ 99,00% · chỉ tiêu: Số hồ sơ giải quyết đúng hạn ≥ 40.000" in html
    assert '-rate">Tỷ lệ (%)</label>' in html and ">rate" not in html
    report_post(client, issued, users, **{"measured:on_time": "41000"})
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("plans:export", args=[issued.pk, "Q1", "xlsx"])).content)
    ).active
    assert sheet.cell(2, 6).value == "Tỷ lệ: 98,70%; Số hồ sơ giải quyết đúng hạn: 41.000"
