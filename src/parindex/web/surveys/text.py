"""Sentences for the codes the surveys core and services raise (errors translated at the edge)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.core.errors import InputError
from parindex.surveys import FormProblem, ResponseProblem, SourceError
from parindex.web.assessments.refusals import input_problems
from parindex.web.surveys.services.errors import SurveyServiceError

FORM_CODES = {
    "missing_sheet": gettext_lazy("thiếu trang"),
    "missing_column": gettext_lazy("thiếu cột"),
    "unknown_type": gettext_lazy("loại câu hỏi không được hỗ trợ"),
    "missing_list_name": gettext_lazy("thiếu tên danh sách lựa chọn"),
    "unknown_choice_list": gettext_lazy("danh sách lựa chọn không có trong trang choices"),
    "missing_name": gettext_lazy("thiếu tên câu hỏi"),
    "bad_name": gettext_lazy("tên không hợp lệ"),
    "duplicate_name": gettext_lazy("tên bị trùng"),
    "unbalanced_group": gettext_lazy("nhóm mở và đóng không khớp"),
    "bad_required": gettext_lazy("giá trị required không hợp lệ"),
    "unknown_sipas_factor": gettext_lazy("yếu tố SIPAS không hợp lệ"),
    "unknown_sipas_kind": gettext_lazy("loại câu hỏi SIPAS không hợp lệ"),
    "bad_criterion": gettext_lazy("mã tiêu chí không hợp lệ (dạng <khung>:<mã>)"),
    "duplicate_choice": gettext_lazy("lựa chọn bị trùng"),
    "xlsform_invalid": gettext_lazy("không đúng chuẩn XLSForm (pyxform từ chối)"),
    "unsupported_relevant": gettext_lazy(
        "phiếu trực tuyến không tính được điều kiện hiển thị này; chỉ dùng được "
        "${câu hỏi} = 'mã' hoặc ${câu hỏi} != 'mã' với câu hỏi lựa chọn, văn bản hoặc ngày"
    ),
    "unsupported_constraint": gettext_lazy(
        "phiếu trực tuyến không kiểm tra được ràng buộc này; chỉ dùng được "
        "'. >= a and . <= b' với câu hỏi số và 'count-selected(.) <= n' với câu hỏi chọn nhiều"
    ),
    "unsupported_calculation": gettext_lazy(
        "phiếu trực tuyến không tính được công thức (calculation)"
    ),
}

ROW_CODES = {
    "missing_id": gettext_lazy("thiếu mã phiếu"),
    "duplicate_id": gettext_lazy("mã phiếu bị trùng trong tệp"),
    "unknown_choice": gettext_lazy("mã đáp án không có trong phiếu"),
    "too_many_choices": gettext_lazy("chọn quá số mục cho phép"),
    "not_integer": gettext_lazy("không phải số nguyên"),
    "not_number": gettext_lazy("không phải số"),
    "out_of_range": gettext_lazy("ngoài khoảng cho phép"),
    "bad_date": gettext_lazy("ngày không hợp lệ"),
    "bad_flag": gettext_lazy("ô đánh dấu không hợp lệ"),
    "missing_required": gettext_lazy("thiếu câu trả lời bắt buộc"),
}

SOURCE_CODES = {
    "file_not_found": gettext_lazy("Không đọc được tệp."),
    "unknown_format": gettext_lazy("Chỉ nhận tệp CSV hoặc XLSX."),
    "no_header": gettext_lazy("Tệp trống: không có dòng tiêu đề."),
    "unknown_tool": gettext_lazy("Công cụ không được hỗ trợ."),
    "override_column_not_found": gettext_lazy("Không có cột đã chỉ định."),
    "missing_id_column": gettext_lazy(
        "Không tìm thấy cột mã phiếu (_uuid, KEY, id…): hãy xuất tệp kèm các cột hệ thống."
    ),
    "unmapped_questions": gettext_lazy("Tệp thiếu cột cho các câu hỏi bắt buộc:"),
    "unreadable": gettext_lazy("Không đọc được tệp: tệp bị hỏng hoặc không phải CSV UTF-8."),
}

SERVICE_CODES = {
    "form_not_xlsx": gettext_lazy("Phiếu XLSForm phải là tệp .xlsx."),
    "file_too_large_or_malformed": gettext_lazy("Tệp quá lớn hoặc bị hỏng."),
    "form_unreadable": gettext_lazy("Không đọc được tệp XLSForm: tệp không phải bảng tính hợp lệ."),
    "bad_margin": gettext_lazy("Sai số e phải lớn hơn 0 và nhỏ hơn 1."),
    "bad_status": gettext_lazy("Trạng thái không hợp lệ."),
    "bad_population": gettext_lazy("Số hồ sơ N không được âm."),
    "unknown_code": gettext_lazy("Mã không có trong danh sách của phiếu."),
    "no_log": gettext_lazy("Chưa có nhật ký hồ sơ của năm này cho tỉnh."),
    "bad_count": gettext_lazy("Số mã phải từ 1 đến 5.000."),
    "not_open": gettext_lazy("Cuộc khảo sát hiện không nhận phiếu."),
    "code_used": gettext_lazy("Mã mời này đã được dùng để gửi một phiếu."),
    "bad_extension": gettext_lazy("Chỉ nhận tệp CSV hoặc XLSX."),
    "changed_responses": gettext_lazy(
        "Tệp có phiếu trùng mã với phiếu đã nhập nhưng câu trả lời khác; không nhập gì. Mã phiếu:"
    ),
    "unknown_service": gettext_lazy("Mã dịch vụ không có trong danh sách của phiếu."),
    "duplicate_field": gettext_lazy("Một lĩnh vực chỉ được gán cho một dịch vụ:"),
    "duplicate_procedure": gettext_lazy("Một mã thủ tục chỉ được gán cho một dịch vụ:"),
    "agencies_too_long": gettext_lazy("Danh sách mã cơ quan quá dài (tối đa 255 ký tự):"),
    "concurrent_import": gettext_lazy("Một lượt nhập khác đang chạy; vui lòng thử lại."),
    "nothing_to_apply": gettext_lazy(
        "Khung đánh giá của phiếu này không có tiêu chí nào dùng kết quả khảo sát."
    ),
    "apply_not_allowed": gettext_lazy("Bạn không được nhập thông số của phiếu đánh giá này."),
}
APPLY_CONFLICT = gettext_lazy(
    "Không áp dụng được: thông số %(names)s của tiêu chí %(node)s đã được thay đổi sau khi trang"
    " này được mở; không có gì được ghi. Hãy xem giá trị mới rồi áp dụng lại."
)


def form_problem(p: FormProblem) -> str:
    where = _("Trang %(sheet)s") % {"sheet": p.sheet}
    if p.row is not None:
        where += ", " + _("dòng %(row)s") % {"row": p.row}
    if p.column:
        where += ", " + _("cột %(column)s") % {"column": p.column}
    what = str(FORM_CODES.get(p.code, p.code))
    return f"{where}: {what}" + (f" ({p.value})" if p.value else "")


def row_problem(p: ResponseProblem) -> str:
    where = _("Dòng %(row)s") % {"row": p.row}
    if p.column:
        where += ", " + _("cột %(column)s") % {"column": p.column}
    what = str(ROW_CODES.get(p.code, p.code))
    return f"{where}: {what}" + (f" ({p.value})" if p.value else "")


def source_error(e: SourceError) -> str:
    text = str(SOURCE_CODES.get(e.code, e.code))
    questions = e.detail.get("questions")
    if isinstance(questions, list):
        text += " " + ", ".join(str(q) for q in questions)
    return text


def service_error(e: SurveyServiceError) -> str:
    if e.code == "apply_conflict":
        names = e.detail.get("names")
        listed = ", ".join(str(n) for n in names) if isinstance(names, list) else ""
        return str(APPLY_CONFLICT) % {"names": listed, "node": e.detail.get("node", "")}
    text = str(SERVICE_CODES.get(e.code, e.code))
    ids = e.detail.get("ids")
    if isinstance(ids, list):
        text += " " + ", ".join(str(i) for i in ids)
    elif e.detail.get("value"):
        text += f" {e.detail['value']}"
    return text


def apply_error(e: Exception) -> str:
    """A refused application of the results: the survey's own codes, else the assessment's."""
    if isinstance(e, SurveyServiceError):
        return service_error(e)
    if isinstance(e, InputError):
        return _("Không áp dụng được: %(e)s") % {"e": input_problems(e)}
    return _("Không áp dụng được: %(e)s") % {"e": e}
