"""Excel workbooks of a published ranking and of one assessment's scorecard.

Numbers are written as typed cells with the number format of their kind
(``parindex.io.xlsx.put_row``; docs/web.md, "Excel"), with Vietnamese headers; what the page
shows as text comes from the presentation layer.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from parindex.io.xlsx import put_row, save_workbook
from parindex.presentation.numbers import fmt_date, fmt_percent, fmt_points, fmt_signed_points
from parindex.web.assessments.models import Campaign, ItemStage
from parindex.web.assessments.services.campaigns import DEADLINES
from parindex.web.assessments.services.ranking import RankRow, assessment_compare
from parindex.web.assessments.services.selectors import AssessmentShown
from parindex.web.assessments.views.display import lang

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    previous_from: str = ""  # "Tỉnh A, Tỉnh B": last year's figure is their mean (lineage)


def ranking_line(row: RankRow) -> RankingLine:
    """One ranking row as the page shows it (Vietnamese or English numbers)."""
    language = lang()
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
        previous_from=", ".join(row.previous_from),
    )


def _signed(delta: Decimal | None, language: str) -> str:
    if delta is None:
        return "—"
    return fmt_signed_points(delta, language)


def _header(sheet, titles: list[str]) -> None:
    sheet.append(titles)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def ranking_workbook(campaign: Campaign, rows: list[RankRow]) -> Workbook:
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
            _("Tỷ lệ"),
            _("Xếp loại"),
            _("Điểm năm trước"),
            _("Thứ hạng năm trước"),
            _("Tăng/giảm"),
            _("Năm trước tính từ"),
        ],
    )
    kinds = ["count", "text", "points", "points", "percent", "text"]
    kinds += ["points", "count", "points", "text"]
    for row in rows:
        values = [
            row.ranked.rank,
            row.assessment.unit.name,
            row.ranked.total,
            row.ranked.max,
            row.ranked.percent.quantize(Decimal("0.01")),
            row.ranked.classification or "",
            row.previous_total,
            row.previous_rank,
            row.delta,
            ", ".join(row.previous_from),
        ]
        put_row(sheet, values, kinds)
    sheet.column_dimensions["B"].width = 40
    return book


#: the later stages the scorecard gives per item (the latest score of each): the council's
#: decision on an appeal ("after appeal") stands before the final score it may have changed
STAGE_COLUMNS = (ItemStage.APPRAISED, ItemStage.EXPLAINED, ItemStage.APPEALED, ItemStage.FINAL)


def scorecard_workbook(shown: AssessmentShown) -> Workbook:
    """Every node shown with its maximum, self-score and, per self-scored item, each later stage.

    Where the unit was assessed in last year's published campaign, two more columns give
    last year's self-score and the change (matched by code, as the core compares). A
    contributing agency gets only its areas, with their total and no final total.
    """
    assessment, scorecard = shown.assessment, shown.scorecard
    comparison = assessment_compare(assessment)
    changes = {c.code: c for c in comparison.changes} if comparison is not None else {}
    latest: dict[tuple[str, str], Decimal] = {}
    for score in assessment.item_scores.order_by("at", "id"):
        latest[(score.node_code, score.stage)] = score.points
    language = lang()
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
            _("Điểm sau kiến nghị"),
            _("Điểm cuối cùng"),
            *([_("Điểm tự đánh giá năm trước"), _("Tăng/giảm")] if comparison else []),
        ],
    )
    for node in scorecard.framework.walk():
        if not shown.shows(node.code):
            continue
        scored = scorecard[node.code]
        title = (node.title_en or node.title) if language == "en" else node.title
        line: list[object] = [node.code, title, node.max, scored.part("self")[0]]
        if node.is_leaf:
            line[3] = scored.score if node.scored_by == "self" else None
            line += [latest.get((node.code, stage)) for stage in STAGE_COLUMNS]
        else:
            line += [None] * len(STAGE_COLUMNS)
        change = changes.get(node.code)
        if change is not None:
            line += [change.before, change.delta]
        cells = put_row(sheet, line, ["text", "text", *["points"] * (len(line) - 2)])
        if not node.is_leaf:
            for cell in cells:
                cell.font = Font(bold=True)
    total, maximum = scorecard.total_by("self") if shown.whole else shown.total("self")
    final = assessment.final_total if shown.whole else None
    line = ["", _("Tổng"), maximum, total, None, None, None, final]
    put_row(sheet, line, ["text", "text", *["points"] * 6])
    sheet.column_dimensions["B"].width = 60
    return book


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    save_workbook(book, buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass(frozen=True)
class CampaignLine:
    campaign: Campaign
    units: int
    deadlines: tuple[str, ...]


def campaign_lines(campaigns) -> list[CampaignLine]:
    """Campaigns with their number of units and deadlines as the page shows them (1 query)."""
    rows = []
    for campaign in campaigns.annotate(n_units=Count("assessments")).order_by("-year", "name"):
        dates = tuple(
            fmt_date(timezone.localtime(d)) if d else "—"
            for d in (getattr(campaign, key) for key in DEADLINES)
        )
        rows.append(CampaignLine(campaign, campaign.n_units, dates))  # type: ignore[arg-type]
    return rows


def campaigns_workbook(lines: list[CampaignLine]) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Đợt đánh giá")
    _header(
        sheet,
        [
            _("Năm"),
            _("Đợt đánh giá"),
            _("Bộ tiêu chí"),
            _("Đơn vị tổ chức"),
            _("Số đơn vị"),
            _("Hạn tự đánh giá"),
            _("Hạn thẩm định"),
            _("Hạn giải trình"),
            _("Hạn kiến nghị"),
            _("Hạn công bố"),
            _("Công bố lúc"),
        ],
    )
    kinds = ["year", "text", "text", "text", "count", *["date"] * len(DEADLINES), "datetime"]
    for line in lines:
        c = line.campaign
        dates = [
            timezone.localtime(getattr(c, key)).date() if getattr(c, key) else None
            for key in DEADLINES
        ]
        published = timezone.localtime(c.published_at) if c.published_at else None
        values = [
            c.year,
            c.name,
            c.framework_version.label(),
            c.organiser.name,
            line.units,
            *dates,
            published,
        ]
        put_row(sheet, values, kinds)
    sheet.column_dimensions["B"].width = 40
    return book
