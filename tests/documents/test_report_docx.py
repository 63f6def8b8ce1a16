"""The periodic report on the plan in Word: sections I–IV, its figures, read back by LibreOffice."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal

import docx
import pytest

from parindex.documents.convert import docx_to_text, find_soffice
from parindex.documents.report_docx import REPORT_TEMPLATE, ReportOptions, report_docx
from parindex.documents.templates.build_templates import build_report_template, normalized_bytes
from parindex.plans import Plan
from parindex.plans.progress import (
    ItemReport,
    Period,
    Status,
    consolidate,
)


@pytest.fixture(scope="module")
def report_bytes(report_q1_bytes: bytes) -> bytes:
    return report_q1_bytes


@pytest.fixture(scope="module")
def text(report_bytes: bytes) -> str:
    document = docx.Document(io.BytesIO(report_bytes))
    cells = [
        "\t".join(c.text for c in row.cells) for table in document.tables for row in table.rows
    ]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_committed_report_template_is_up_to_date() -> None:
    def members(data: bytes) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    assert members(normalized_bytes(build_report_template())) == members(
        REPORT_TEMPLATE.read_bytes()
    ), "report.docx is stale: run python -m parindex.documents.templates.build_templates"


def test_header_and_title_follow_the_official_format(text: str) -> None:
    assert "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI" in text or "TỈNH LÀO CAI" in text
    assert "Số: 52/BC-UBND" in text
    assert "Lào Cai, ngày 25 tháng 3 năm 2021" in text
    assert "\nBÁO CÁO\n" in text
    assert (
        "Tình hình thực hiện Kế hoạch duy trì, cải thiện và nâng cao Chỉ số cải cách hành chính "
        "cấp tỉnh (PAR INDEX) của tỉnh Lào Cai năm 2021, Quý I\n"
    ) in text
    assert "(số liệu từ ngày 01/01/2021 đến ngày 31/03/2021)" in text
    for heading in ("I. KẾT QUẢ THỰC HIỆN", "II. CÁC NỘI DUNG CÓ NGUY CƠ", "IV. ĐỀ XUẤT"):
        assert heading in text
    assert "III. DỰ KIẾN ĐIỂM CHỈ SỐ CCHC NĂM 2021" in text
    assert "TM. ỦY BAN NHÂN DÂN" in text and "Trịnh Xuân Trường" in text
    assert "Bộ Nội vụ (b/c);" in text


def test_section_one_counts_per_area_and_agency(text: str) -> None:
    assert "Kế hoạch có 20 nội dung (chỉ tiêu, nhiệm vụ); các cơ quan chủ trì đã báo cáo 3" in text
    # area 3: 4 items, 2 reported, 1 done, 1 in progress, 1 at risk, 2 not reported
    assert "3. Công tác cải cách thủ tục hành chính\t4\t2\t1\t1\t0\t0\t1\t2" in text
    assert "Sở Tài chính\t3\t1\t0\t0\t0\t0\t1\t2" in text
    assert "Tổng cộng\t20\t3\t1\t1\t0\t0\t2\t17" in text
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn: 98,04%" in text  # 45.100 / 46.000
    assert "Đã nhắc các sở có hồ sơ trễ hạn" in text


def test_section_two_lists_risks_with_reasons_and_overdue_agencies(text: str) -> None:
    assert "tỷ lệ hồ sơ giải quyết đúng hạn mới đạt 98,04% (chỉ tiêu ≥ 99,00%)." in text
    assert (
        "tỷ lệ giải ngân so với kế hoạch giao vốn mới đạt 21,00% (chỉ tiêu ≥ 98,00%); "
        "cơ quan chủ trì báo cáo có nguy cơ không đạt."
    ) in text
    assert (
        "Sở Nội vụ: chưa báo cáo 8 nội dung (1.R, 1.BNV, 4.R, 5.R, 8.2, 8.5, 8.6, 8.R), "
        "quá hạn 5 ngày (thời hạn 15/03/2021)."
    ) in text
    assert (
        "Sở Tài chính: báo cáo 1 nội dung (6.1.1) chậm 3 ngày so với thời hạn 15/03/2021." in text
    )


def test_section_three_projects_both_scores_and_ranks(text: str, options: ReportOptions) -> None:
    projection = options.projection
    assert projection is not None
    # self 61,4203 − 1,4628 + 1,4707 (3.4.1) − 0,9623 + 0,21 (6.1.1) = 60,6759; + 1 + 29,95
    assert projection.current_total == Decimal("91.6259")
    assert projection.targets_total == Decimal("96.4500")
    # others publish 94,5; 94; …: six are above 91,63, none above 96,45 (65 + 1,5 + 29,95)
    assert "dự kiến đạt 91,6259/100 điểm, tương đương xếp thứ 7/63 tỉnh, thành phố" in text
    assert "dự kiến đạt 96,45/100 điểm, tăng 4,8241 điểm, tương đương xếp thứ 1/63" in text
    assert "so với kết quả công bố năm 2020" in text
    assert "3. Cải cách thủ tục hành chính\t13,5\t13,4517\t13,5\t0,0483" in text


def test_section_four_carries_proposals_best_value_and_difficulties(text: str) -> None:
    assert "- Đề nghị Bộ Nội vụ sớm hướng dẫn chấm điểm tiêu chí 7.1.9." in text
    assert "nhiều điểm nhất so với công sức: 6.1.1 (tăng 0,79 điểm); 1.BNV (tăng 0,5 điểm)" in text
    assert "- Văn phòng UBND tỉnh (3.4.1): Phần mềm một cửa chưa kết nối với cấp xã." in text


def test_before_the_deadline_nobody_is_overdue_and_without_projection_it_says_so(
    plan: Plan,
) -> None:
    early = consolidate(plan, [], Period.H1, 2021, date(2021, 6, 1))
    document = docx.Document(io.BytesIO(report_docx(plan, early)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "6 tháng đầu năm 2021" in text
    assert "Chưa đến thời hạn báo cáo (15/06/2021)." in text
    assert "Không có nội dung nào có nguy cơ không đạt." in text
    assert "Chưa đủ số liệu để dự kiến điểm Chỉ số CCHC." in text
    assert "Các cơ quan không báo cáo khó khăn, vướng mắc." in text


def test_agency_text_is_escaped(plan: Plan) -> None:
    reports = [
        ItemReport(
            "3.R",
            "Văn phòng UBND tỉnh",
            Period.Q1,
            Status.DONE,
            note="Kết nối <LGSP> & cổng DVC",
            submitted_on=date(2021, 3, 10),
        )
    ]
    result = consolidate(plan, reports, Period.Q1, 2021, date(2021, 3, 10))
    document = docx.Document(io.BytesIO(report_docx(plan, result)))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Kết nối <LGSP> & cổng DVC" in cells


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
@pytest.mark.slow
def test_libreoffice_reads_the_report_with_its_figures(report_bytes: bytes) -> None:
    text = docx_to_text(report_bytes)
    assert "BÁO CÁO" in text
    assert "Quý I năm 2021" in text
    assert "dự kiến đạt 91,6259/100 điểm" in text
    assert "mới đạt 98,04% (chỉ tiêu ≥ 99,00%)" in text
    assert "quá hạn 5 ngày" in text
    assert "13,4517" in text
