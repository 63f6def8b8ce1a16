"""Wording for the codes the indicators package and the services return."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

STAGES = {
    "": _("Đang chờ"),
    "read": _("Đọc tệp"),
    "check": _("Kiểm tra dữ liệu"),
    "merge": _("Gộp với dữ liệu đã có"),
    "write": _("Ghi dữ liệu"),
    "done": _("Hoàn thành"),
}

REASONS = {
    "missing": _("thiếu giá trị bắt buộc"),
    "bad_date": _("ngày không hợp lệ"),
    "unknown_value": _("giá trị không nhận diện được"),
    "resolved_before_received": _("ngày có kết quả trước ngày tiếp nhận"),
    "due_before_received": _("hạn xử lý trước ngày tiếp nhận"),
    "returned_before_resolved": _("ngày trả kết quả trước ngày có kết quả"),
    "resolved_without_date": _("đã giải quyết nhưng không có ngày có kết quả"),
    "duplicate_id": _("mã hồ sơ trùng"),
    "too_many_bad_rows": _("quá nhiều dòng lỗi"),
    "header_not_found": _("không tìm thấy dòng tiêu đề"),
    "missing_column": _("thiếu cột bắt buộc"),
    "locked": _("đang có lượt nhập khác"),
    "interrupted": _("lượt nhập bị gián đoạn; hãy nhập lại"),
    "date_in_future": _("ngày muộn hơn hôm nay"),
    "legacy_encoding": _("tệp dùng bảng mã cũ; hãy chuyển sang Unicode (UTF-8), ví dụ bằng Unikey"),
    "column_not_found": _("không thấy cột mà ánh xạ chỉ định"),
    "column_not_in_source": _("tệp không có cột mà chỉ tiêu cần"),
    "invalid_mapping": _("ánh xạ cột không hợp lệ"),
    "unknown_column": _("cột chuẩn không tồn tại"),
    "unknown_key": _("khóa không được phép"),
    "unknown_target": _("giá trị đích không được phép"),
    "unknown_value_kind": _("loại giá trị không tồn tại"),
    "bad_shape": _("sai kiểu dữ liệu"),
    "bad_header_row": _("dòng tiêu đề phải là số nguyên từ 1"),
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
}


def reason(code: str) -> str:
    return str(REASONS.get(code, code))


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
