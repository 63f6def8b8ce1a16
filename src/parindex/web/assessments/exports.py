"""Excel workbooks of a published ranking and of one assessment's scorecard.

Numbers are written as numbers (Excel formats them in the reader's locale), with Vietnamese
headers; what the page shows as text comes from the presentation layer.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from parindex.presentation.numbers import fmt_percent, fmt_points
from parindex.web.assessments import pages, services
from parindex.web.assessments.models import Assessment, Campaign, ItemStage

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
POINTS = "0.0000"


@dataclass(frozen=True)
class RankingLine:
    rank: int
    unit: str
    total: str
    max: str
    percent: str
    classification: str
    previous_total: str
    previous_rank: str
    delta: str


def ranking_line(row: services.RankRow) -> RankingLine:
    """One ranking row as the page shows it (Vietnamese or English numbers)."""
    language = pages.lang()
    delta = row.delta
    return RankingLine(
        rank=row.ranked.rank,
        unit=row.assessment.unit.name,
        total=fmt_points(row.ranked.total, language),
        max=fmt_points(row.ranked.max, language),
        percent=fmt_percent(row.ranked.percent, language),
        classification=row.ranked.classification or "—",
        previous_total=fmt_points(row.previous_total, language) or "—",
        previous_rank=str(row.previous_rank) if row.previous_rank else "—",
        delta=_signed(delta, language),
    )


def _signed(delta: Decimal | None, language: str) -> str:
    if delta is None:
        return "—"
    return ("+" if delta > 0 else "") + fmt_points(delta, language)


def _header(sheet, titles: list[str]) -> None:
    sheet.append(titles)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _number(value: Decimal | None) -> float | None:
    # openpyxl writes Decimal as a number too, but float keeps LibreOffice and Excel equal
    return float(value) if value is not None else None


def ranking_workbook(campaign: Campaign, rows: list[services.RankRow]) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Xếp hạng")
    sheet.append([campaign.name])
    sheet["A1"].font = Font(bold=True, size=13)
    _header(
        sheet,
        [
            _("Thứ hạng"),
            _("Đơn vị"),
            _("Tổng điểm"),
            _("Điểm tối đa"),
            _("Tỷ lệ (%)"),
            _("Xếp loại"),
            _("Điểm năm trước"),
            _("Thứ hạng năm trước"),
            _("Tăng/giảm"),
        ],
    )
    for row in rows:
        sheet.append(
            [
                row.ranked.rank,
                row.assessment.unit.name,
                _number(row.ranked.total),
                _number(row.ranked.max),
                _number(row.ranked.percent.quantize(Decimal("0.01"))),
                row.ranked.classification or "",
                _number(row.previous_total),
                row.previous_rank,
                _number(row.delta),
            ]
        )
        cells = sheet[sheet.max_row]
        for cell in (cells[2], cells[3], cells[6], cells[8]):
            cell.number_format = POINTS
    sheet.column_dimensions["B"].width = 40
    return book


def scorecard_workbook(assessment: Assessment) -> Workbook:
    """Every node with its maximum, self-score and, per self-scored item, each later stage.

    Where the unit was assessed in last year's published campaign, two more columns give
    last year's self-score and the change (matched by code, as the core compares).
    """
    scorecard = services.assessment_score(assessment=assessment)
    comparison = services.assessment_compare(assessment)
    changes = {c.code: c for c in comparison.changes} if comparison is not None else {}
    latest: dict[tuple[str, str], Decimal] = {}
    for score in assessment.item_scores.order_by("at", "id"):
        latest[(score.node_code, score.stage)] = score.points
    language = pages.lang()
    book = Workbook()
    sheet = book.active
    sheet.title = _("Phiếu chấm điểm")
    sheet.append([f"{assessment.unit.name} · {assessment.campaign.name}"])
    sheet["A1"].font = Font(bold=True, size=13)
    _header(
        sheet,
        [
            _("Mã"),
            _("Tiêu chí"),
            _("Điểm tối đa"),
            _("Điểm tự đánh giá"),
            _("Điểm thẩm định"),
            _("Điểm sau giải trình"),
            _("Điểm cuối cùng"),
            *([_("Điểm tự đánh giá năm trước"), _("Tăng/giảm")] if comparison else []),
        ],
    )
    for node in scorecard.framework.walk():
        scored = scorecard[node.code]
        title = (node.title_en or node.title) if language == "en" else node.title
        line = [node.code, title, _number(node.max), _number(scored.part("self")[0])]
        if node.is_leaf:
            line[3] = _number(scored.score) if node.scored_by == "self" else None
            line += [
                _number(latest.get((node.code, stage)))
                for stage in (ItemStage.APPRAISED, ItemStage.EXPLAINED, ItemStage.FINAL)
            ]
        else:
            line += [None, None, None]
        change = changes.get(node.code)
        if change is not None:
            line += [_number(change.before), _number(change.delta)]
        sheet.append(line)
        if not node.is_leaf:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        for cell in sheet[sheet.max_row][2:]:
            cell.number_format = POINTS
    total, maximum = scorecard.total_by("self")
    final = _number(assessment.final_total)
    sheet.append(["", _("Tổng"), _number(maximum), _number(total), None, None, final])
    sheet.column_dimensions["B"].width = 60
    return book


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
