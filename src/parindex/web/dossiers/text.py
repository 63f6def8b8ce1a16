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
}

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


def headers() -> dict[str, str]:
    return {k: str(v) for k, v in HEADERS.items()}
