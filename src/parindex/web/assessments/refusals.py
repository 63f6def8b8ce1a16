"""Wording of the assessment services' refusals (errors are translated at the edge)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.core.errors import InputError, Problem
from parindex.presentation.numbers import fmt_datetime
from parindex.presentation.text import relation_text
from parindex.web.assessments.services import errors
from parindex.web.site.language import lang

WHAT = {
    "inputs": gettext_lazy("chưa nhập đủ số liệu"),
    "evidence": gettext_lazy("thiếu tài liệu kiểm chứng và chưa giải trình"),
    "explanation": gettext_lazy("chưa giải trình"),
    "appraisal": gettext_lazy("chưa thẩm định"),
    "reason_required": gettext_lazy("cần nêu lý do"),
    "answer_required": gettext_lazy("cần nêu lý do"),
    "explanation_required": gettext_lazy("cần nhập nội dung giải trình"),
    "points": gettext_lazy("cần nhập điểm hợp lệ"),
    "invalid": gettext_lazy("điểm không hợp lệ"),
    "out_of_range": gettext_lazy("điểm ngoài khoảng từ 0 đến điểm tối đa"),
    "decision": gettext_lazy("kết luận không hợp lệ"),
    "message_required": gettext_lazy("cần nhập lời nhắn"),
    "until": gettext_lazy("ngày mở đến phải ở tương lai"),
    "unknown": gettext_lazy("không có tiêu chí này"),
    "already_appealed": gettext_lazy("tiêu chí này đã được kiến nghị"),
    "appealed": gettext_lazy("đang xem xét kiến nghị"),
}

#: a text refused as too long (``TextTooLongError``), worded by code with its limit
TOO_LONG = {
    "reason_too_long": gettext_lazy("Lý do dài quá %(limit)s ký tự"),
    "answer_too_long": gettext_lazy("Lý do dài quá %(limit)s ký tự"),
    "explanation_too_long": gettext_lazy("Nội dung giải trình dài quá %(limit)s ký tự"),
    "message_too_long": gettext_lazy("Lời nhắn dài quá %(limit)s ký tự"),
}


def describe(error: errors.ServiceError) -> str:
    """One sentence for the user, listing the codes where there are some."""
    if isinstance(error, errors.TextTooLongError):
        code, what = error.missing[0]
        text = TOO_LONG.get(what, what) % {"limit": error.limit}
        text = text if code == "*" else f"{code}: {text}"
        return _("%(text)s; chưa lưu, vui lòng rút gọn rồi gửi lại.") % {"text": text}
    if isinstance(error, errors.IncompleteError):
        parts = "; ".join(f"{code}: {WHAT.get(what, what)}" for code, what in error.missing)
        return _("Chưa thực hiện được, còn thiếu: %(items)s.") % {"items": parts}
    if isinstance(error, errors.DeadlinePassedError):
        due = fmt_datetime(timezone.localtime(error.due), lang())
        return _("Đã quá hạn %(due)s; liên hệ Thường trực CCHC để được mở lại.") % {"due": due}
    if isinstance(error, errors.NothingLeftError):
        return _("Không còn tiêu chí nào chưa thẩm định trong phạm vi được phân công.")
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


def input_problem(problem: Problem) -> str:
    """A refused entry of a sub-criterion (the core's or the input service's ``Problem``)."""
    if problem.code == "relation":
        return relation_text(problem.params, lang())
    if problem.code == "bad_value":
        return _("Giá trị không hợp lệ: %(value)s") % {"value": problem.params.get("value", "")}
    if problem.code == "comment_too_long":
        return _(
            "Giải thích, ghi chú dài quá %(limit)s ký tự; chưa lưu, vui lòng rút gọn rồi gửi lại."
        ) % {"limit": problem.params.get("limit", "")}
    return problem.message


def input_problems(error: InputError) -> str:
    """Every refused value of a data feed or an import, one '3.4.3: …' after the other."""
    return "; ".join(
        f"{p.node}: {input_problem(p)}" if p.node else input_problem(p) for p in error.problems
    )
