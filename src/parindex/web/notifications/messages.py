"""How each hand-off reads: a short title (the e-mail's subject) and a sentence.

A notification keeps the names it quotes (``params``: who acted, the unit, the campaign, the
item's code and title, the plan, the period) and is worded here when it is read, in the
reader's language, so the same row reads in Vietnamese and in English. A parameter given as
``{"vi": …, "en": …}`` (an item's title, a period's name) is taken in the active language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from parindex.web.notifications.models import Notification


def localised(value: Any, language: str | None = None) -> str:
    """A parameter in ``language`` (the active one by default)."""
    if isinstance(value, Mapping):
        lang = (language or get_language() or "vi").split("-")[0]
        return str(value.get(lang) or value.get("vi") or "")
    return "" if value is None else str(value)


class _Params(dict[str, str]):
    """The parameters in the active language; one missing reads as empty, never an error."""

    def __missing__(self, key: str) -> str:
        return ""


def _params(params: Mapping[str, Any]) -> _Params:
    return _Params({name: localised(value) for name, value in params.items()})


def title(notification: Notification) -> str:
    """The short line: a mail's subject, the notification's heading."""
    p = _params(notification.params)
    kind = notification.kind
    if kind == "sent_back":
        return _("Phiếu tự đánh giá của %(unit)s được trả lại để hoàn thiện") % p
    if kind == "submitted":
        return _("Phiếu tự đánh giá của %(unit)s chờ thủ trưởng xác nhận") % p
    if kind == "confirmed":
        return _("%(unit)s đã gửi phiếu tự đánh giá tới Hội đồng thẩm định") % p
    if kind == "appraisal_started":
        return _("Phiếu đánh giá của %(unit)s đã mở để thẩm định") % p
    if kind == "returned":
        return _("Tiêu chí %(item)s của %(unit)s được trả lại để giải trình") % p
    if kind == "explained":
        return _("%(unit)s đã giải trình tiêu chí %(item)s") % p
    if kind == "finalised":
        return _("Đã có kết quả thẩm định của %(unit)s") % p
    if kind == "published":
        return _("Đã công bố kết quả %(campaign)s") % p
    if kind == "appeal_filed":
        return _("%(unit)s kiến nghị về điểm tiêu chí %(item)s") % p
    if kind == "appeal_decided":
        return _("Hội đồng đã trả lời kiến nghị về tiêu chí %(item)s của %(unit)s") % p
    if kind == "plan_issued":
        return _("Đã ban hành %(plan)s") % p
    if kind == "period_opened":
        return _("Mở kỳ báo cáo %(period)s: %(plan)s") % p
    if kind == "report_filed":
        return _("%(agency)s đã báo cáo %(period)s: %(plan)s") % p
    if kind == "report_due":
        return _("Nhắc hạn báo cáo %(period)s: còn %(days)s ngày") % p
    if kind == "report_overdue":
        return _("Đã quá hạn báo cáo %(period)s: %(plan)s") % p
    return notification.text.split(". ")[0][:120]


def body(notification: Notification) -> str:
    """The sentence: who acted, on what, and what the reader is to do now."""
    p = _params(notification.params)
    kind = notification.kind
    if kind == "sent_back":
        p["message"] = notification.text
        return (
            _(
                "%(actor)s đã trả lại phiếu tự đánh giá của %(unit)s (%(campaign)s) để hoàn thiện: "
                "“%(message)s”"
            )
            % p
        )
    if kind == "submitted":
        return (
            _(
                "%(actor)s đã gửi phiếu tự đánh giá của %(unit)s (%(campaign)s). Đề nghị xem và "
                "xác nhận để gửi Hội đồng thẩm định, hoặc trả lại để hoàn thiện."
            )
            % p
        )
    if kind == "confirmed":
        return (
            _(
                "%(actor)s đã xác nhận phiếu tự đánh giá của %(unit)s (%(campaign)s). Đề nghị "
                "mở thẩm định."
            )
            % p
        )
    if kind == "appraisal_started":
        return (
            _(
                "%(actor)s đã mở thẩm định phiếu đánh giá của %(unit)s (%(campaign)s). Đề nghị "
                "thẩm định các tiêu chí được phân công."
            )
            % p
        )
    if kind == "returned":
        return (
            _(
                "%(actor)s đã trả lại tiêu chí %(item)s “%(title)s” của %(unit)s để giải trình: "
                "“%(reason)s”. Đề nghị giải trình trước hạn."
            )
            % p
        )
    if kind == "explained":
        return (
            _(
                "%(actor)s đã giải trình tiêu chí %(item)s “%(title)s” của %(unit)s "
                "(%(campaign)s). Đề nghị thẩm định lại."
            )
            % p
        )
    if kind == "finalised":
        return (
            _(
                "%(actor)s đã chốt kết quả thẩm định của %(unit)s (%(campaign)s). Đơn vị có thể "
                "xem điểm cuối cùng và kiến nghị (nếu có) trước hạn."
            )
            % p
        )
    if kind == "published":
        return _("%(actor)s đã công bố kết quả %(campaign)s. Xem kết quả của %(unit)s.") % p
    if kind == "appeal_filed":
        return (
            _(
                "%(actor)s đã kiến nghị về điểm tiêu chí %(item)s “%(title)s” của %(unit)s "
                "(%(campaign)s): “%(reason)s”. Đề nghị trình Hội đồng xem xét và trả lời."
            )
            % p
        )
    if kind == "appeal_decided":
        return (
            _(
                "%(actor)s đã trả lời kiến nghị về tiêu chí %(item)s “%(title)s” của %(unit)s: "
                "%(decision)s."
            )
            % p
        )
    if kind == "plan_issued":
        return (
            _(
                "%(actor)s đã ban hành kế hoạch. %(agency)s chủ trì %(items)s nhiệm vụ; đề nghị "
                "báo cáo tiến độ theo từng kỳ."
            )
            % p
        )
    if kind == "period_opened":
        return (
            _(
                "Kỳ báo cáo %(period)s của %(plan)s đã mở. %(agency)s báo cáo tiến độ %(items)s "
                "nhiệm vụ chủ trì trước ngày %(deadline)s."
            )
            % p
        )
    if kind == "report_filed":
        return _report_filed(notification.params, p)
    if kind == "report_due":
        return (
            _(
                "%(agency)s chưa báo cáo đủ %(items)s nhiệm vụ chủ trì của %(plan)s. Hạn báo cáo "
                "kỳ %(period)s là %(deadline)s."
            )
            % p
        )
    if kind == "report_overdue":
        return (
            _(
                "Hạn báo cáo kỳ %(period)s của %(plan)s (%(deadline)s) đã qua; %(agency)s chưa "
                "báo cáo đủ %(items)s nhiệm vụ chủ trì."
            )
            % p
        )
    return notification.text


def _report_filed(params: Mapping[str, Any], p: _Params) -> str:
    """The agency (named once: the person's name often repeats it) and every item reported."""
    reported = [localised(t) for t in params.get("reported") or [params.get("item")] if t]
    p["count"] = str(len(reported))
    p["items"] = "; ".join(f"“{t}”" for t in reported)
    return (
        ngettext(
            "%(agency)s đã gửi báo cáo kỳ %(period)s về %(count)s nhiệm vụ của %(plan)s: "
            "%(items)s.",
            "%(agency)s đã gửi báo cáo kỳ %(period)s về %(count)s nhiệm vụ của %(plan)s: "
            "%(items)s.",
            len(reported),
        )
        % p
    )


def render(notification: Notification) -> str:
    """Title and sentence together (a plain notification: its text)."""
    if not notification.kind or notification.kind == "reminder":
        return notification.text
    return f"{title(notification)}. {body(notification)}"
