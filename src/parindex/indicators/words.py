"""Words shown to people (column headers, reasons), in Vietnamese and English."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # normalised columns
    "_row": ("Dòng", "Row"),
    "dossier_id": ("Mã hồ sơ", "Dossier"),
    "procedure_code": ("Mã thủ tục", "Procedure code"),
    "procedure_name": ("Tên thủ tục", "Procedure"),
    "field": ("Lĩnh vực", "Field"),
    "agency_code": ("Mã cơ quan", "Agency code"),
    "agency_name": ("Cơ quan tiếp nhận", "Agency"),
    "level": ("Cấp", "Level"),
    "channel": ("Hình thức nộp", "Channel"),
    "returned_by_bcci": ("Trả kết quả qua BCCI", "Returned by BCCI"),
    "received_date": ("Ngày tiếp nhận", "Received"),
    "due_date": ("Hạn xử lý", "Due"),
    "resolved_date": ("Ngày có kết quả", "Resolved"),
    "returned_date": ("Ngày trả kết quả", "Returned"),
    "status": ("Trạng thái", "Status"),
    "apology_sent": ("Đã xin lỗi", "Apology sent"),
    # result columns
    "year": ("Năm", "Year"),
    "quarter": ("Quý", "Quarter"),
    "month": ("Tháng", "Month"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "numerator": ("Tử số", "Numerator"),
    "denominator": ("Mẫu số", "Denominator"),
    "value": ("Giá trị", "Value"),
    "rate": ("Tỷ lệ", "Rate"),
    "missing": ("Số hồ sơ không đạt", "Dossiers short"),
    "lost_points": ("Điểm bị mất", "Points lost"),
    "points": ("Điểm", "Points"),
    "max_points": ("Điểm tối đa", "Max points"),
    "node": ("Tiêu chí", "Criterion"),
    "status_": ("Kết quả", "Result"),
    "rows_new": ("Số dòng mới", "New rows"),
    "rows_updated": ("Số dòng cập nhật", "Updated rows"),
    "rows_unchanged": ("Số dòng không đổi", "Unchanged rows"),
    "rows_bad": ("Số dòng lỗi", "Bad rows"),
    "sha256": ("SHA-256", "SHA-256"),
    "file": ("Tệp", "File"),
    # titles and messages
    "summary": ("Tổng hợp", "Summary"),
    "by_agency": ("Theo cơ quan", "By agency"),
    "by_field": ("Theo lĩnh vực", "By field"),
    "by_procedure": ("Theo thủ tục", "By procedure"),
    "monthly": ("Theo tháng", "By month"),
    "row": ("dòng", "row"),
    "column": ("cột", "column"),
    "rows": ("dòng", "rows"),
    "bad_rows": ("dòng lỗi", "bad rows"),
    "header_row": ("Dòng tiêu đề", "Header row"),
    "unmatched": ("Cột không dùng", "Columns not used"),
    "error": ("Lỗi", "Error"),
    "usage_error": ("Sai cú pháp lệnh", "Usage error"),
    "import_failed": (
        "Nhập dữ liệu thất bại, không có gì được lưu",
        "Import failed, nothing stored",
    ),
    # what a result rests on
    "as_of": ("Ngày đọc số liệu", "Read at"),
    "as_of_given": ("ngày được chỉ định", "the date given"),
    "as_of_export": ("ngày của tệp xuất: ngày muộn nhất trong tệp", "the export's own date"),
    "as_of_today": ("hôm nay: tệp không có ngày nào", "today: the file holds no date"),
    "rows_read": ("đọc", "rows read"),
    "rows_used": ("dùng", "used"),
    "rows_left_out": ("bỏ ra", "left out"),
    "unavailable": ("Không tính được (thiếu cột)", "Not computed (columns missing)"),
    "cancelled": ("Số hồ sơ đã hủy hoặc rút", "Dossiers cancelled or withdrawn"),
}

REASONS: dict[str, tuple[str, str]] = {
    "missing": ("thiếu dữ liệu bắt buộc", "required value missing"),
    "bad_date": ("ngày không hợp lệ", "not a valid date"),
    "unknown_value": ("giá trị không nhận biết được", "unknown value"),
    "resolved_before_received": (
        "ngày có kết quả trước ngày tiếp nhận",
        "resolved before received",
    ),
    "due_before_received": ("hạn xử lý trước ngày tiếp nhận", "due before received"),
    "returned_before_resolved": (
        "ngày trả kết quả trước ngày có kết quả",
        "returned before resolved",
    ),
    "resolved_without_date": (
        "trạng thái đã giải quyết nhưng thiếu ngày có kết quả",
        "resolved status without a resolved date",
    ),
    "duplicate_id": ("mã hồ sơ trùng", "duplicate dossier id"),
    "header_not_found": ("không tìm thấy dòng tiêu đề", "header row not found"),
    "missing_column": ("thiếu cột bắt buộc", "required column missing"),
    "not_found": ("không tìm thấy tệp", "file not found"),
    "unknown_format": (
        "định dạng tệp không hỗ trợ (CSV, XLSX, Parquet)",
        "unsupported file format (CSV, XLSX, Parquet)",
    ),
    "unreadable": ("không đọc được tệp", "cannot read the file"),
    "sheet_not_found": ("không có trang tính", "no such sheet"),
    "too_many_bad_rows": ("quá nhiều dòng lỗi", "too many bad rows"),
    "locked": ("kho dữ liệu đang được nhập bởi tiến trình khác", "another import holds the store"),
    "bad_manifest": ("tệp manifest hỏng", "corrupt manifest"),
    "unknown_indicator": ("chỉ tiêu không tồn tại", "unknown indicator"),
    "unknown_node": ("tiêu chí không tồn tại", "unknown criterion"),
    "no_link": ("tiêu chí chưa gắn với chỉ tiêu", "criterion not linked to an indicator"),
    "no_links": ("khung tiêu chí chưa gắn với chỉ tiêu", "framework not linked to indicators"),
    "bad_expression": ("biểu thức lọc sai", "bad filter expression"),
    "unknown_name": ("tên cột hoặc cờ không tồn tại", "unknown column or flag"),
    # reading, encodings, mapping files
    "date_in_future": ("ngày muộn hơn hôm nay", "date later than today"),
    "legacy_encoding": (
        "tệp dùng bảng mã cũ; hãy chuyển sang Unicode (UTF-8), ví dụ bằng Unikey",
        "the file is in a legacy encoding; convert it to Unicode (UTF-8), e.g. with Unikey",
    ),
    "column_not_found": (
        "không thấy cột mà ánh xạ chỉ định",
        "column named by the mapping not found",
    ),
    "column_not_in_source": (
        "tệp không có cột mà chỉ tiêu cần",
        "the file lacks a column the indicator needs",
    ),
    "invalid_mapping": ("tệp ánh xạ không hợp lệ", "invalid mapping file"),
    "bad_syntax": ("sai cú pháp YAML/JSON", "YAML/JSON syntax error"),
    "not_a_mapping": (
        "tệp ánh xạ phải là một bảng khóa–giá trị",
        "a mapping must be a key–value table",
    ),
    "unknown_key": ("khóa không được phép", "unknown key"),
    "unknown_column": ("cột chuẩn không tồn tại", "unknown normalised column"),
    "unknown_value_kind": (
        "loại giá trị không tồn tại (level, channel, status, bool)",
        "unknown kind of values (level, channel, status, bool)",
    ),
    "unknown_target": ("giá trị đích không được phép", "target value not allowed"),
    "bad_shape": ("sai kiểu dữ liệu", "wrong shape"),
    "bad_header_row": (
        "dòng tiêu đề phải là số nguyên từ 1",
        "header row must be an integer from 1",
    ),
    "bad_value": ("giá trị không hợp lệ", "invalid value"),
}

DETAILS: dict[str, tuple[str, str]] = {
    "likely_encoding": ("có thể tệp dùng bảng mã", "the file is likely in"),
    "encoding": ("bảng mã", "encoding"),
    "line": ("dòng của tệp ánh xạ", "line of the mapping file"),
    "mapping": ("tệp ánh xạ", "mapping file"),
    "first_row": ("trùng với dòng", "same as row"),
    "columns": ("cột", "columns"),
    "expected": ("giá trị được phép", "allowed values"),
}


def word(key: str, lang: str = "vi") -> str:
    """Return the label of `key` in `lang` (the key itself when there is none)."""
    pair = WORDS.get(key)
    return key if pair is None else pair[0 if lang == "vi" else 1]


def reason_text(reason: str, lang: str = "vi") -> str:
    """Return the sentence for a reason code (the code itself when there is none)."""
    pair = REASONS.get(reason)
    return reason if pair is None else pair[0 if lang == "vi" else 1]


def detail_text(key: str, value: object, lang: str = "vi") -> str:
    """Return one fact of a problem (`key=value`) as words."""
    pair = DETAILS.get(key)
    label = key if pair is None else pair[0 if lang == "vi" else 1]
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    if key in ("likely_encoding", "encoding") and isinstance(value, str):
        value = {"tcvn3": "TCVN3 (ABC)", "cp1258": "Windows-1258 (cp1258)"}.get(value, value)
    return f"{label} {value}" if pair is not None else f"{key}={value}"
