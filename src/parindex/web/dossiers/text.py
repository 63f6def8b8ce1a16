"""Wording for the codes the indicators package and the services return."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from parindex.indicators import words
from parindex.web.site.language import lang

STAGES = {
    "": _("Đang chờ"),
    "read": _("Đọc tệp"),
    "check": _("Kiểm tra dữ liệu"),
    "merge": _("Gộp với dữ liệu đã có"),
    "write": _("Ghi dữ liệu"),
    "done": _("Hoàn thành"),
}

# Reasons the indicators package does not word (``parindex.indicators.words.REASONS`` words
# every row and file problem, as `parindex indicators import` prints them).
REASONS = {
    "interrupted": _("lượt nhập bị gián đoạn; hãy nhập lại"),
}

ENCODINGS = {"tcvn3": "TCVN3 (ABC)", "cp1258": "Windows-1258 (cp1258)"}
# Why a job stopped without reading the file to the end (ImportJob.error).
JOB_FAILURES = {
    "interrupted": _(
        "Lượt nhập bị dừng giữa chừng vì tiến trình xử lý nền không còn hoạt động (bị tắt hoặc"
        " máy chủ khởi động lại). Hãy nhập lại tệp."
    ),
    "queue_unavailable": _(
        "Không đưa được lượt nhập vào hàng đợi xử lý nền. Hãy thử lại sau hoặc báo quản trị."
    ),
}

ERRORS = {
    "bad_extension": _("Chỉ nhận tệp CSV, XLSX hoặc Parquet."),
    "too_large": _("Tệp vượt quá dung lượng cho phép."),
    "mapping_name": _("Cần đặt tên cho ánh xạ."),
    "nothing_to_apply": _("Nhật ký hồ sơ không cho số liệu nào của bộ tiêu chí này."),
    "conflict": _(
        "Số liệu của các tiêu chí sau vừa được người khác thay đổi, chưa áp dụng gì: %(nodes)s."
        " Hãy xem lại và áp dụng lại."
    ),
}

HEADERS = {
    "year": _("Năm"),
    "month": _("Tháng"),
    "level": _("Cấp"),
    "agency": _("Theo cơ quan"),
    "agency_code": _("Mã cơ quan"),
    "agency_name": _("Cơ quan"),
    "field": _("Lĩnh vực"),
    "procedure_code": _("Mã thủ tục"),
    "procedure_name": _("Tên thủ tục"),
    "received": _("Tiếp nhận"),
    "resolved": _("Đã giải quyết"),
    "on_time": _("Đúng hạn"),
    "late": _("Quá hạn"),
    "pending": _("Đang giải quyết"),
    "overdue": _("Đang quá hạn"),
    "on_time_rate": _("Tỷ lệ đúng hạn"),
    "online_share": _("Tỷ lệ nộp trực tuyến"),
    "online_procedure_share": _("Tỷ lệ TTHC có hồ sơ trực tuyến"),
    "bcci_receipt_share": _("Tỷ lệ tiếp nhận qua BCCI"),
    "bcci_return_share": _("Tỷ lệ trả kết quả qua BCCI"),
    "apology_rate": _("Tỷ lệ có thư xin lỗi"),
    "cancelled": _("Đã hủy hoặc rút"),
    "numerator": _("Tử số"),
    "denominator": _("Mẫu số"),
    "rate": _("Tỷ lệ"),
    "missing": _("Số hồ sơ không đúng hạn"),
    "lost_points": _("Điểm bị trừ"),
    "points": _("Điểm"),
    "max_points": _("Điểm tối đa"),
    "node": _("Tiêu chí"),
    "indicator": _("Chỉ số"),
    "summary": _("Tổng hợp"),
    "by_agency": _("Theo cơ quan"),
    "by_field": _("Theo lĩnh vực"),
    "by_procedure": _("Theo thủ tục"),
    "monthly": _("Theo tháng"),
    "inputs": _("Số liệu tiêu chí"),
    # the inputs sheet (the page's own column heads)
    "input": _("Thông số"),
    "value": _("Giá trị từ nhật ký"),
    "current": _("Giá trị hiện tại"),
}


def reason(code: str) -> str:
    """A problem's reason in the page's language: the CLI's words, one catalogue for both."""
    if code in words.REASONS:
        return words.reason_text(code, lang())
    return str(REASONS.get(code, code))


def problem(p: Mapping[str, Any]) -> dict[str, Any]:
    """A row problem (``RowProblem.as_dict()``) with its reason and facts worded."""
    facts = ", ".join(words.detail_text(k, v, lang()) for k, v in (p.get("detail") or {}).items())
    return {**p, "reason_text": reason(str(p.get("reason", ""))), "detail_text": facts}


def details(detail: dict[str, object]) -> str:
    """The facts of an error worth a sentence: the likely encoding, the mapping's line."""
    out = ""
    likely = detail.get("likely_encoding") or detail.get("encoding")
    if isinstance(likely, str) and likely in ENCODINGS:
        out += " · " + _("có thể tệp dùng bảng mã %(name)s") % {"name": ENCODINGS[likely]}
    if "line" in detail:
        out += " · " + _("dòng %(line)s của ánh xạ") % {"line": detail["line"]}
    return out


def headers() -> dict[str, str]:
    return {k: str(v) for k, v in HEADERS.items()}
