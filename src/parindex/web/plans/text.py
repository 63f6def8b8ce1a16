"""The sentences the plan pages say (Vietnamese source strings, English in the catalogue)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.plans import PlanError
from parindex.plans.progress import ItemProgress
from parindex.presentation.numbers import (
    fmt_date,
    fmt_datetime,
    fmt_number,
    fmt_percent,
    fmt_target,
)
from parindex.presentation.text import measure_title
from parindex.web.plans.services import PlanServiceError
from parindex.web.site.language import lang


def describe(exc: PlanServiceError) -> str:
    """One sentence for a refused plan operation."""
    p = exc.params
    messages = {
        "not_allowed": _("Bạn không có quyền thực hiện thao tác này."),
        "not_lead": _("Cơ quan của bạn không chủ trì mục này của kế hoạch."),
        "not_final": _("Phiếu đánh giá chưa có kết quả thẩm định cuối cùng."),
        "bad_source": _("Nguồn điểm không hợp lệ."),
        "not_draft": _("Kế hoạch đã được duyệt, không sửa được nữa."),
        "not_approved": _("Kế hoạch phải được duyệt trước khi ban hành."),
        "number_required": _("Cần nhập số văn bản để ban hành kế hoạch."),
        "not_issued": _("Kế hoạch chưa được ban hành: chưa báo cáo được."),
        "unknown_item": _("Kế hoạch không có mục này."),
        "unknown_measure": _("Mục này không có chỉ tiêu đo lường đó."),
        "bad_status": _("Tình trạng không hợp lệ."),
        "bad_evidence": _("Tài liệu kiểm chứng phải là tài liệu của cơ quan báo cáo."),
    }
    if exc.code == "issued_exists":
        plan = p["plan"]
        return _(
            "Đơn vị đã có kế hoạch năm %(year)s ban hành (số %(number)s/%(symbol)s, ngày "
            "%(date)s). Tạo dự thảo mới sẽ có hai kế hoạch cho cùng một năm."
        ) % {
            "year": plan.year,
            "number": plan.number,
            "symbol": plan.symbol,
            "date": fmt_date(plan.issued_on) if plan.issued_on else "—",
        }
    if exc.code == "conflict":
        who = p.get("by") or _("người khác")
        at = p.get("at")
        when = _moment(at)
        return _(
            "%(who)s đã lưu thay đổi lúc %(when)s, sau khi bạn mở trang. Trang đã được tải "
            "lại với nội dung mới nhất; hãy nhập lại thay đổi của bạn."
        ) % {"who": who, "when": when}
    if exc.code == "deadline_passed":
        return _("Đã quá hạn báo cáo (%(deadline)s).") % {"deadline": fmt_date(p["deadline"])}
    too_long = {
        "number_too_long": _("Số văn bản dài quá %(limit)s ký tự."),
        "note_too_long": _("Kết quả thực hiện dài quá %(limit)s ký tự."),
        "difficulties_too_long": _("Khó khăn, vướng mắc dài quá %(limit)s ký tự."),
    }
    if exc.code in too_long:
        return too_long[exc.code] % {"limit": p.get("limit", "")}
    if exc.code == "bad_number":
        return _("%(name)s: “%(value)s” không phải là số không âm.") % {
            "name": p.get("name", ""),
            "value": p.get("value", ""),
        }
    return messages.get(exc.code, exc.code)


def plan_error(exc: PlanError) -> str:
    """One sentence for what the core found wrong in a plan or an edit (its code and facts);
    an error in a data file (code ``invalid``) keeps the core's own technical message."""
    from parindex.web.site.templatetags.figures import points

    p = exc.params
    if exc.code == "points_range":
        return _("Điểm mục tiêu %(target)s: %(points)s nằm ngoài khoảng 0..%(max)s.") % {
            "target": p["target"],
            "points": points(p["points"]),
            "max": points(p["max"]),
        }
    if exc.code == "effort_range":
        return _("Chỉ tiêu %(target)s: công sức %(effort)s phải lớn hơn 0.") % {
            "target": p["target"],
            "effort": points(p["effort"]),
        }
    if exc.code == "no_task":
        return _("Lĩnh vực %(area)s không có nhiệm vụ thứ %(n)s.") % {
            "area": p["area"],
            "n": int(str(p["index"])) + 1,
        }
    messages = {
        "lead_missing": _("Lĩnh vực %(area)s cần ít nhất một cơ quan chủ trì."),
        "task_text_missing": _("Nhiệm vụ cần có nội dung."),
        "no_area": _("Kế hoạch không có lĩnh vực %(area)s."),
        "no_target": _("Kế hoạch không có chỉ tiêu cho tiêu chí %(target)s."),
        "not_editable": _("Không sửa được %(fields)s của kế hoạch."),
        "measure_operator": _("Chỉ tiêu đo lường %(measure)s: phép so sánh “%(op)s” không hợp lệ."),
    }
    if exc.code in messages:
        return messages[exc.code] % p
    return str(exc)


def _moment(at: object) -> str:
    """When someone saved, in local time, dd/mm/yyyy HH:MM (the one formatter)."""
    if not isinstance(at, datetime.datetime):
        return ""
    return fmt_datetime(timezone.localtime(at) if timezone.is_aware(at) else at)


def edit_conflict(exc: PlanServiceError) -> str:
    """A refused edit form: someone saved a newer version after the user opened the page."""
    who = exc.params.get("by") or _("người khác")
    at = exc.params.get("at")
    when = _moment(at)
    return _("%(who)s đã lưu một phiên bản mới hơn lúc %(when)s, sau khi bạn mở trang.") % {
        "who": who,
        "when": when,
    }


def risk_texts(progress: ItemProgress) -> list[str]:
    """Why an item is at risk, one short sentence per reason."""
    texts = []
    for risk in progress.risks:
        if risk.code == "below_target":
            measure = next((m for m in progress.item.measures if m.name == risk.measure), None)
            unit = measure.unit.strip() if measure is not None else ""
            kind = "percent" if unit == "%" else "number"
            language = lang()
            texts.append(
                _("%(measure)s đạt %(value)s, chưa đạt chỉ tiêu %(target)s")
                % {
                    "measure": measure_title(
                        risk.measure,
                        measure.title if measure is not None else "",
                        progress.item.inputs,
                        language,
                    ),
                    "value": (
                        fmt_percent(risk.measured, language)
                        if kind == "percent"
                        else f"{fmt_number(risk.measured, language)} {unit}".strip()
                    ),
                    "target": fmt_target(risk.op, risk.target, kind, language, unit),
                }
            )
        elif risk.code == "deadline_passed":
            texts.append(_("đã quá thời hạn mà chưa hoàn thành"))
        elif risk.code == "reported_at_risk":
            texts.append(_("cơ quan chủ trì báo cáo có nguy cơ không đạt"))
        elif risk.code == "reported_late":
            texts.append(_("cơ quan chủ trì báo cáo chậm tiến độ"))
        else:
            texts.append(risk.code)
    return texts
