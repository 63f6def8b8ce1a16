"""Words shown to people (column headers, reasons), in Vietnamese and English.

The texts are msgids of the `parindex` gettext catalogue (see `parindex.i18n`).
"""

from __future__ import annotations

from parindex.i18n import Message, gettext_noop, pgettext_noop, translate

WORDS: dict[str, Message] = {
    # normalised columns
    "_row": gettext_noop("Dòng"),
    "dossier_id": gettext_noop("Mã hồ sơ"),
    "procedure_code": gettext_noop("Mã thủ tục"),
    "procedure_name": gettext_noop("Tên thủ tục"),
    "field": pgettext_noop("field of procedures", "Lĩnh vực"),
    "agency_code": gettext_noop("Mã cơ quan"),
    "agency_name": gettext_noop("Cơ quan tiếp nhận"),
    "level": gettext_noop("Cấp"),
    "channel": gettext_noop("Hình thức nộp"),
    "returned_by_bcci": gettext_noop("Trả kết quả qua BCCI"),
    "received_date": gettext_noop("Ngày tiếp nhận"),
    "due_date": gettext_noop("Hạn xử lý"),
    "resolved_date": gettext_noop("Ngày có kết quả"),
    "returned_date": gettext_noop("Ngày trả kết quả"),
    "status": gettext_noop("Trạng thái"),
    "apology_sent": gettext_noop("Đã xin lỗi"),
    # result columns
    "year": gettext_noop("Năm"),
    "quarter": gettext_noop("Quý"),
    "month": gettext_noop("Tháng"),
    "indicator": gettext_noop("Chỉ tiêu"),
    "numerator": gettext_noop("Tử số"),
    "denominator": gettext_noop("Mẫu số"),
    "value": gettext_noop("Giá trị"),
    "rate": gettext_noop("Tỷ lệ"),
    "missing": gettext_noop("Số hồ sơ không đạt"),
    "lost_points": gettext_noop("Điểm bị mất"),
    "points": pgettext_noop("indicator column", "Điểm"),
    "max_points": pgettext_noop("indicator column", "Điểm tối đa"),
    "node": gettext_noop("Tiêu chí"),
    "status_": gettext_noop("Kết quả"),
    "rows_new": gettext_noop("Số dòng mới"),
    "rows_updated": gettext_noop("Số dòng cập nhật"),
    "rows_unchanged": gettext_noop("Số dòng không đổi"),
    "rows_bad": gettext_noop("Số dòng lỗi"),
    "sha256": gettext_noop("SHA-256"),
    "file": gettext_noop("Tệp"),
    # titles and messages
    "summary": gettext_noop("Tổng hợp"),
    "by_agency": gettext_noop("Theo cơ quan"),
    "by_field": gettext_noop("Theo lĩnh vực"),
    "by_procedure": gettext_noop("Theo thủ tục"),
    "monthly": gettext_noop("Theo tháng"),
    "row": pgettext_noop("row number", "dòng"),
    "line": pgettext_noop("line number of a text file", "dòng"),
    "column": gettext_noop("cột"),
    "rows": pgettext_noop("row count", "dòng"),
    "bad_rows": gettext_noop("dòng lỗi"),
    "header_row": gettext_noop("Dòng tiêu đề"),
    "unmatched": gettext_noop("Cột không dùng"),
    "error": gettext_noop("Lỗi"),
    "usage_error": gettext_noop("Sai cú pháp lệnh"),
    "filter": gettext_noop("Bộ lọc"),
    "yes": gettext_noop("Có"),
    "no": gettext_noop("Không"),
    "not_negative": gettext_noop("không được âm"),
    "at_least_one": gettext_noop("phải từ 1 trở lên"),
    "share_0_1": gettext_noop("phải từ 0 đến 1"),
    "required_option": gettext_noop("bắt buộc với lệnh này"),
    "import_failed": gettext_noop("Nhập dữ liệu thất bại, không có gì được lưu"),
    "read_refused": gettext_noop("Tệp bị từ chối, không tính chỉ số nào"),
    # what a result rests on
    "as_of": gettext_noop("Ngày đọc số liệu"),
    "as_of_given": gettext_noop("ngày được chỉ định"),
    "as_of_export": gettext_noop("ngày của tệp xuất: ngày muộn nhất trong tệp"),
    "as_of_today": gettext_noop("hôm nay: tệp không có ngày nào"),
    "rows_read": gettext_noop("đọc"),
    "skipped": gettext_noop("bỏ qua"),
    "skipped_blank": gettext_noop("dòng trống"),
    "skipped_total": gettext_noop("dòng tổng cộng"),
    "rows_used": gettext_noop("dùng"),
    "rows_left_out": gettext_noop("bỏ ra"),
    "unavailable": gettext_noop("Không tính được (thiếu cột)"),
    "cancelled": gettext_noop("Số hồ sơ đã hủy hoặc rút"),
    # the stages an import reports as it goes (Store.import_file's progress)
    "stage_check": gettext_noop("Kiểm tra tệp"),
    "stage_read": gettext_noop("Đọc dòng"),
    "stage_merge": gettext_noop("Gộp với dữ liệu đã có"),
    "stage_write": gettext_noop("Ghi dữ liệu"),
    "stage_generate": gettext_noop("Tạo dữ liệu"),
    "stage_done": gettext_noop("Xong"),
}

REASONS: dict[str, Message] = {
    "missing": gettext_noop("thiếu dữ liệu bắt buộc"),
    "bad_date": gettext_noop("ngày không hợp lệ"),
    "unknown_value": gettext_noop("giá trị không nhận biết được"),
    "resolved_before_received": gettext_noop("ngày có kết quả trước ngày tiếp nhận"),
    "due_before_received": gettext_noop("hạn xử lý trước ngày tiếp nhận"),
    "returned_before_resolved": gettext_noop("ngày trả kết quả trước ngày có kết quả"),
    "resolved_without_date": gettext_noop("trạng thái đã giải quyết nhưng thiếu ngày có kết quả"),
    "duplicate_id": gettext_noop("mã hồ sơ trùng"),
    "header_not_found": gettext_noop("không tìm thấy dòng tiêu đề"),
    "missing_column": gettext_noop("thiếu cột bắt buộc"),
    "not_found": gettext_noop("không tìm thấy tệp"),
    "unknown_format": gettext_noop("định dạng tệp không hỗ trợ (CSV, XLSX, Parquet)"),
    "unreadable": gettext_noop("không đọc được tệp"),
    "sheet_not_found": gettext_noop("không có trang tính"),
    "too_many_bad_rows": gettext_noop("quá nhiều dòng lỗi"),
    "locked": gettext_noop("kho dữ liệu đang được nhập bởi tiến trình khác"),
    "bad_manifest": gettext_noop("tệp manifest hỏng"),
    "unknown_indicator": gettext_noop("chỉ tiêu không tồn tại"),
    "unknown_node": gettext_noop("tiêu chí không tồn tại"),
    "no_link": gettext_noop("tiêu chí chưa gắn với chỉ tiêu"),
    "no_links": gettext_noop("khung tiêu chí chưa gắn với chỉ tiêu"),
    "bad_expression": gettext_noop("biểu thức lọc sai"),
    "unknown_name": gettext_noop("tên cột hoặc cờ không tồn tại"),
    # reading, encodings, mapping files
    "file_too_large_or_malformed": gettext_noop("tệp quá lớn hoặc bị hỏng"),
    "date_in_future": gettext_noop("ngày muộn hơn hôm nay"),
    "legacy_encoding": gettext_noop(
        "tệp dùng bảng mã cũ; hãy chuyển sang Unicode (UTF-8), ví dụ bằng Unikey"
    ),
    "not_utf8": gettext_noop(
        "ô có byte không phải UTF-8 (đã thay bằng �); hãy lưu lại tệp với bảng mã UTF-8"
    ),
    "unknown_encoding": gettext_noop("bảng mã không tồn tại (ví dụ: utf-8, utf-16, cp1258)"),
    "column_not_found": gettext_noop("không thấy cột mà ánh xạ chỉ định"),
    "column_not_in_source": gettext_noop("tệp không có cột mà chỉ tiêu cần"),
    "invalid_mapping": gettext_noop("tệp ánh xạ không hợp lệ"),
    "bad_syntax": gettext_noop("sai cú pháp YAML/JSON"),
    "not_a_mapping": gettext_noop("tệp ánh xạ phải là một bảng khóa–giá trị"),
    "unknown_key": gettext_noop("khóa không được phép"),
    "unknown_column": gettext_noop("cột chuẩn không tồn tại"),
    "unknown_value_kind": gettext_noop("loại giá trị không tồn tại (level, channel, status, bool)"),
    "unknown_target": gettext_noop("giá trị đích không được phép"),
    "bad_shape": gettext_noop("sai kiểu dữ liệu"),
    "bad_header_row": gettext_noop("dòng tiêu đề phải là số nguyên từ 1"),
    "bad_value": gettext_noop("giá trị không hợp lệ"),
}


DETAILS: dict[str, Message] = {
    "likely_encoding": gettext_noop("có thể tệp dùng bảng mã"),
    "encoding": gettext_noop("bảng mã"),
    "line": gettext_noop("dòng của tệp ánh xạ"),
    "mapping": gettext_noop("tệp ánh xạ"),
    "first_row": gettext_noop("trùng với dòng"),
    "columns": pgettext_noop("details columns", "cột"),
    "expected": gettext_noop("giá trị được phép"),
    "problems": gettext_noop("số lỗi"),
    "rows_scanned": gettext_noop("số dòng đã dò"),
    "error": gettext_noop("chi tiết:"),
}


def word(key: str, lang: str = "vi") -> str:
    """Return the label of `key` in `lang` (the key itself when there is none)."""
    message = WORDS.get(key)
    return key if message is None else translate(message, lang)


def reason_text(reason: str, lang: str = "vi") -> str:
    """Return the sentence for a reason code (the code itself when there is none)."""
    message = REASONS.get(reason)
    return reason if message is None else translate(message, lang)


def detail_text(key: str, value: object, lang: str = "vi") -> str:
    """Return one fact of a problem (`key=value`) as words."""
    message = DETAILS.get(key)
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    if key in ("likely_encoding", "encoding") and isinstance(value, str):
        value = {"tcvn3": "TCVN3 (ABC)", "cp1258": "Windows-1258 (cp1258)"}.get(value, value)
    if message is None:
        return f"{key}={value}"
    return f"{translate(message, lang)} {value}"


#: The values of the log's coded columns a table groups by, in words (never "commune").
VALUES: dict[str, dict[str, Message]] = {
    "level": {
        "province": gettext_noop("Cấp tỉnh"),
        "district": gettext_noop("Cấp huyện"),
        "commune": gettext_noop("Cấp xã"),
    },
    "channel": {
        "direct": gettext_noop("Trực tiếp"),
        "online": gettext_noop("Trực tuyến"),
        "bcci": gettext_noop("Bưu chính công ích"),
    },
    # a dossier's status in the log (schema.STATUSES), and what an import did (Store)
    "status": {
        "received": pgettext_noop("dossier status", "Đã tiếp nhận"),
        "in_progress": pgettext_noop("dossier status", "Đang giải quyết"),
        "supplement_requested": pgettext_noop("dossier status", "Yêu cầu bổ sung"),
        "suspended": pgettext_noop("dossier status", "Tạm dừng"),
        "resolved": pgettext_noop("dossier status", "Đã có kết quả"),
        "returned": pgettext_noop("dossier status", "Đã trả kết quả"),
        "rejected": pgettext_noop("dossier status", "Từ chối"),
        "cancelled": pgettext_noop("dossier status", "Đã hủy"),
        "withdrawn": pgettext_noop("dossier status", "Đã rút"),
        "imported": pgettext_noop("import", "Đã nhập"),
        "unchanged": pgettext_noop("import", "Không có gì mới"),
    },
}


def value_word(column: str, value: str, lang: str = "vi") -> str:
    """Return a coded value of `column` in words ('commune' → 'Cấp xã'), others as they are."""
    message = VALUES.get(column, {}).get(value)
    return value if message is None else translate(message, lang)
