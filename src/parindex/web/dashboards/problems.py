"""A national results import problem in the interface's language (the core gives codes)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from parindex.national import ImportProblem

TEXTS = {
    "unknown_province": _("Không tìm thấy tỉnh, thành phố «%(value)s»."),
    "missing": _("Thiếu giá trị."),
    "bad_number": _("«%(value)s» không phải là số."),
    "out_of_range": _("%(value)s không nằm trong khoảng 0 – 100."),
    "bad_year": _("«%(value)s» không phải là năm."),
    "bad_rank": _("«%(value)s» không phải là thứ hạng."),
    "total_mismatch": _("Tổng điểm %(total)s khác điểm thẩm định + điểm điều tra = %(sum)s."),
    "duplicate": _("Tỉnh và năm này đã có ở dòng %(first_row)s."),
    "rank_order": _("Thứ hạng không khớp với tổng điểm."),
    "rank_out_of_range": _("Thứ hạng lớn hơn số tỉnh, thành phố."),
    "no_header": _("Không tìm thấy dòng tiêu đề có cột Tỉnh/thành phố và Tổng điểm."),
    "no_year": _("Tệp không có cột Năm: hãy nhập năm."),
    "unreadable": _("Không đọc được tệp (chỉ nhận .xlsx hoặc .csv)."),
    "file_too_large_or_malformed": _("Tệp quá lớn hoặc bị hỏng."),
    "mixed_periods": _("Tệp có cả kết quả trước và từ năm 2025: mỗi giai đoạn một tệp."),
}


@dataclass(frozen=True)
class ProblemLine:
    row: int | None
    column: str
    code: str
    text: str
    detail: str


def describe(problem: ImportProblem) -> ProblemLine:
    template = TEXTS.get(problem.code)
    text = problem.message
    if template is not None:
        try:
            text = str(template) % {k: v for k, v in problem.params.items()}
        except (KeyError, TypeError, ValueError):
            text = str(template).split("%")[0].strip() or problem.message
    return ProblemLine(problem.row, problem.column, problem.code, text, problem.message)
