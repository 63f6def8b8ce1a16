"""Wording of the assessment services' refusals (errors are translated at the edge)."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.web.assessments.services import errors

WHAT = {
    "inputs": gettext_lazy("chưa nhập đủ số liệu"),
    "evidence": gettext_lazy("thiếu tài liệu kiểm chứng và chưa giải trình"),
    "explanation": gettext_lazy("chưa giải trình"),
    "appraisal": gettext_lazy("chưa thẩm định"),
    "reason": gettext_lazy("cần nêu lý do"),
    "points": gettext_lazy("cần nhập điểm hợp lệ"),
    "invalid": gettext_lazy("điểm không hợp lệ"),
    "out_of_range": gettext_lazy("điểm ngoài khoảng từ 0 đến điểm tối đa"),
    "decision": gettext_lazy("kết luận không hợp lệ"),
    "message": gettext_lazy("cần nhập lời nhắn"),
    "message_too_long": gettext_lazy("lời nhắn dài quá 2000 ký tự"),
    "until": gettext_lazy("ngày mở đến phải ở tương lai"),
    "unknown": gettext_lazy("không có tiêu chí này"),
    "too_long": gettext_lazy("nội dung dài quá 4000 ký tự"),
    "already_appealed": gettext_lazy("tiêu chí này đã được kiến nghị"),
    "appealed": gettext_lazy("đang xem xét kiến nghị"),
}


def describe(error: errors.ServiceError) -> str:
    """One sentence for the user, listing the codes where there are some."""
    if isinstance(error, errors.IncompleteError):
        parts = "; ".join(f"{code}: {WHAT.get(what, what)}" for code, what in error.missing)
        return _("Chưa thực hiện được, còn thiếu: %(items)s.") % {"items": parts}
    if isinstance(error, errors.DeadlinePassedError):
        due = formats.date_format(timezone.localtime(error.due), "SHORT_DATETIME_FORMAT")
        return _("Đã quá hạn %(due)s; liên hệ Thường trực CCHC để được mở lại.") % {"due": due}
    if isinstance(error, errors.ItemConflictError):
        return _("Tiêu chí này vừa được người khác cập nhật; vui lòng xem lại rồi thực hiện lại.")
    if isinstance(error, errors.WrongStatusError):
        return _("Không thực hiện được ở trạng thái hiện tại của phiếu.")
    return _("Không thực hiện được.")


#: a campaign's problems (``CampaignInvalidError``), worded by code
CAMPAIGN_PROBLEMS = {
    "required": gettext_lazy("Bắt buộc nhập."),
    "framework_year": gettext_lazy("Bộ tiêu chí đã chọn không áp dụng cho năm này."),
    "framework_not_active": gettext_lazy(
        "Phiên bản bộ tiêu chí này chưa được kích hoạt hoặc đã thôi áp dụng."
    ),
    "outside": gettext_lazy("Chỉ chọn đơn vị tổ chức hoặc đơn vị trực thuộc đơn vị tổ chức."),
    "order": gettext_lazy("Hạn này phải sau hạn của bước trước."),
    "not_appraiser": gettext_lazy("Người này không phải thành viên Hội đồng thẩm định."),
    "not_in_campaign": gettext_lazy("Đơn vị không thuộc đợt đánh giá."),
    "unknown": gettext_lazy("Không có lĩnh vực/tiêu chí này trong bộ tiêu chí."),
    "not_assigned": gettext_lazy("Phân công này không còn (có thể người khác vừa bỏ)."),
}


def problem_text(code: str) -> str:
    return str(CAMPAIGN_PROBLEMS.get(code, code))
