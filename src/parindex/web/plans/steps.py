"""The plans' irreversible steps, each asked first (``parindex.web.site.confirm``): issuing a
plan, and drafting a second plan for a year that already has an issued one."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from parindex.web.plans import services
from parindex.web.plans.models import Period, Plan
from parindex.web.site.confirm import Line, Step


def _day(value) -> str:
    return formats.date_format(value, "d/m/Y")


def issue_step(plan: Plan, data: dict[str, Any]) -> Step:
    """What issuing does, with the number and date typed and the deadlines that follow."""
    pure = services.plan_current(plan)
    issued_on = data["issued_on"]
    deadlines = services.issue_deadlines(plan, issued_on)
    return Step(
        title=_("Ban hành kế hoạch"),
        subject=plan.title,
        action=reverse("plans:issue", args=[plan.pk]),
        button=_("Xác nhận ban hành"),
        cancel=plan.get_absolute_url(),
        happens=[
            _("Kế hoạch được ban hành với số %(number)s/%(symbol)s, ngày %(date)s.")
            % {"number": data["number"].strip(), "symbol": pure.symbol, "date": _day(issued_on)},
            _("Nội dung kế hoạch được khóa; các cơ quan chủ trì bắt đầu báo cáo theo kỳ."),
            _("Kỳ báo cáo có hạn trước ngày ban hành được dời đến %(days)s ngày sau ngày ban hành.")
            % {"days": services.REPORT_DAYS_AFTER_ISSUE},
        ],
        items=[
            Line(code=str(Period(code).label), title="", what=_day(day))
            for code, day in deadlines.items()
        ],
        items_title=_("Hạn báo cáo các kỳ"),
        hidden=[("number", data["number"]), ("issued_on", issued_on.isoformat())],
    )


def generate_step(form, warning: str) -> Step:
    """The warning before drafting a plan for a year that already has an issued one."""
    assessment = form.cleaned_data["assessment"]
    return Step(
        title=_("Tạo dự thảo kế hoạch"),
        subject=f"{assessment.unit.name} · {assessment.campaign.year}",
        action=reverse("plans:generate"),
        button=_("Vẫn tạo dự thảo mới"),
        cancel=reverse("plans:list"),
        happens=[
            warning,
            _("Kế hoạch đã ban hành không thay đổi; dự thảo mới được tạo riêng để sửa."),
        ],
        hidden=[
            ("assessment", str(assessment.pk)),
            ("source", form.cleaned_data["source"]),
            ("despite_issued", "1"),
        ],
    )
