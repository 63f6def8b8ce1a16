from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import docx
import pytest
from docx.document import Document

from parindex import frameworks
from parindex.core.assessment import load_assessment
from parindex.demo import LAO_CAI_2020
from parindex.documents.plan_docx import plan_docx
from parindex.documents.report_docx import ReportOptions, report_docx
from parindex.national.results import NationalResult
from parindex.plans import Plan, plan_from_assessment
from parindex.plans.progress import (
    Consolidation,
    ItemReport,
    Period,
    Status,
    consolidate,
    measured_of,
)
from parindex.plans.projection import best_value, project, project_rank


@pytest.fixture(scope="session")
def plan() -> Plan:
    """The secretariat's draft 2021 plan from Lào Cai's 2020 self-assessment."""
    data = load_assessment(LAO_CAI_2020.read_text(encoding="utf-8"), LAO_CAI_2020.name)
    return plan_from_assessment(data, frameworks.find(data.framework))


@pytest.fixture(scope="session")
def plan_bytes(plan: Plan) -> bytes:
    return plan_docx(plan)


@pytest.fixture(scope="session")
def document(plan_bytes: bytes) -> Document:
    return docx.Document(io.BytesIO(plan_bytes))


@pytest.fixture(scope="session")
def paragraphs(document: Document) -> list[str]:
    """The body's paragraph texts, in order (tables apart)."""
    return [p.text for p in document.paragraphs]


VP = "Văn phòng UBND tỉnh"
STC = "Sở Tài chính"


def _report(key: str, agency: str, status: Status, **kw: object) -> ItemReport:
    kw.setdefault("submitted_on", date(2021, 3, 10))
    return ItemReport(key, agency, Period.Q1, status, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def quarter_one(plan: Plan) -> Consolidation:
    """Sở Nội vụ consolidates Quý I 2021 on 20/3: two agencies reported, one of them late."""
    framework = frameworks.find(plan.framework)
    reports = [
        _report(
            "3.4.1",
            VP,
            Status.IN_PROGRESS,
            measured={"on_time": 45100, "total": 46000},
            note="Đã nhắc các sở có hồ sơ trễ hạn",
            difficulties="Phần mềm một cửa chưa kết nối với cấp xã",
        ),
        _report("3.4.3", VP, Status.DONE),
        _report(
            "6.1.1", STC, Status.AT_RISK, measured={"rate": 21}, submitted_on=date(2021, 3, 18)
        ),
    ]
    return consolidate(plan, reports, Period.Q1, 2021, date(2021, 3, 20), framework=framework)


@pytest.fixture(scope="session")
def options(plan: Plan, quarter_one: Consolidation) -> ReportOptions:
    data = load_assessment(LAO_CAI_2020.read_text(encoding="utf-8"), LAO_CAI_2020.name)
    framework = frameworks.find(plan.framework)
    values = {**data.inputs, "1.BNV": {"points": 1}, "DT.R": {"points": "29.95"}}
    projection = project(framework, values, plan, measured_of(quarter_one))
    others = [NationalResult(f"{n:02d}", 2020, 95 - Decimal(n) / 2) for n in range(1, 63)]
    return ReportOptions(
        projection=projection,
        rank_current=project_rank(projection.current_total, others, 2020),
        rank_targets=project_rank(projection.targets_total, others, 2020),
        rank_year=2020,
        best=best_value(projection.current, plan),
        proposals=["Đề nghị Bộ Nội vụ sớm hướng dẫn chấm điểm tiêu chí 7.1.9."],
        number="52",
        issued=date(2021, 3, 25),
    )


@pytest.fixture(scope="session")
def report_q1_bytes(plan: Plan, quarter_one: Consolidation, options: ReportOptions) -> bytes:
    return report_docx(plan, quarter_one, options)
