"""`parindex plan-report`: agencies' reports on the plan consolidated into Word or Excel."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl
from cli_helpers import DEMO, Run

REPORTS = """\
schema: parindex/plan-reports/1
period: Q1
reports:
  - key: "3.4.1"
    agency: Văn phòng UBND tỉnh
    status: in_progress
    measured: {on_time: 45100, total: 46000}
    difficulties: Phần mềm một cửa chưa kết nối
    submitted_on: 2021-03-10
  - {key: "6.1.1", agency: Sở Tài chính, status: at_risk, submitted_on: 2021-03-18}
"""


def _report(tmp_path: Path, text: str = REPORTS) -> str:
    path = tmp_path / "reports.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_plan_report_writes_the_quarter_report_in_word(tmp_path: Path, run: Run) -> None:
    output = tmp_path / "bao-cao-quy-1.docx"
    result = run(
        "plan-report", str(DEMO), "--reports", _report(tmp_path), "--period", "Q1",
        "--today", "2021-03-20", "-o", str(output),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    document = docx.Document(io.BytesIO(output.read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Quý I năm 2021" in text
    assert "mới đạt 98,04% (chỉ tiêu ≥ 99,00%)" in text
    assert "Sở Tài chính: báo cáo 1 nội dung (6.1.1) chậm 3 ngày" in text
    assert "Văn phòng UBND tỉnh (3.4.1): Phần mềm một cửa chưa kết nối." in text


def test_plan_report_in_excel(tmp_path: Path, run: Run) -> None:
    output = tmp_path / "bao-cao.xlsx"
    result = run(
        "plan-report", str(DEMO), "--reports", _report(tmp_path), "--period", "q1",
        "--today", "2021-03-20", "-o", str(output),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    workbook = openpyxl.load_workbook(output)
    assert "Dự kiến điểm" in workbook.sheetnames


def test_plan_report_names_a_bad_report_and_writes_nothing(tmp_path: Path, run: Run) -> None:
    bad = REPORTS.replace("status: in_progress", "status: almost")
    output = tmp_path / "r.docx"
    result = run(
        "plan-report", str(DEMO), "--reports", _report(tmp_path, bad), "--period", "Q1",
        "-o", str(output),
    )  # fmt: skip
    assert result.returncode == 3
    assert "reports[0]: status 'almost' is not one of not_started" in result.stderr
    assert not output.exists()


def test_plan_report_refuses_a_bad_period_or_output(tmp_path: Path, run: Run) -> None:
    reports = _report(tmp_path)
    result = run("plan-report", str(DEMO), "--reports", reports, "--period", "Q5", "-o", "r.docx")
    assert result.returncode == 2
    assert "--period Q1|H1|Q3|YEAR" in result.stderr
    result = run("plan-report", str(DEMO), "--reports", reports, "--period", "Q1", "-o", "r.pdf")
    assert result.returncode == 2
