"""The plans' hand-offs: who is told when a plan is issued, a period opens, a report is filed
or a reporting deadline approaches or passes (through ``notifications.handoffs.notify``).

| moment | who is told | link |
|---|---|---|
| plan issued | the focal points of every agency that leads items of the plan | the plan |
| a period opens (the first whose deadline is today or later) | the same | the period |
| an item report filed | the secretariat of the plan's province | the period |
| deadline in 7, 3, 1 days, or passed | focal points of agencies with items unreported | period |

The period and deadline notifications carry a ``key``: the daily run (``send_reminders``,
through ``notifications.signals.scheduled_run``) sends each once however often it repeats.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from parindex.presentation.numbers import fmt_date
from parindex.web.accounts.models import Membership, Role, User
from parindex.web.notifications.handoffs import display_name, notify
from parindex.web.notifications.models import Kind, Notification
from parindex.web.organisations.models import Unit
from parindex.web.organisations.selectors import province_of
from parindex.web.plans import follow
from parindex.web.plans.models import ItemReport, Plan, PlanReportingPeriod, PlanStatus
from parindex.web.plans.pages import agency_units

OVERDUE_WITHIN = datetime.timedelta(days=7)


def lead_agencies(plan: Plan) -> dict[Unit, list[str]]:
    """Each agency of the province that leads items of the plan, with those items' keys."""
    from parindex.web.plans.services import plan_current

    units = agency_units(plan)
    found: dict[Unit, list[str]] = {}
    for item in follow.plan_items(plan_current(plan), follow.framework_of(plan)):
        unit = units.get(follow.norm(item.lead))
        if unit is not None:
            found.setdefault(unit, []).append(item.key)
    return found


def focal_points(unit: Unit) -> list[User]:
    found = Membership.objects.filter(unit=unit, role=Role.FOCAL_POINT, user__is_active=True)
    return [m.user for m in found.select_related("user")]


def secretariat_of(plan: Plan) -> list[User]:
    """The secretariat of the plan's province (as ``permissions.can_manage``)."""
    found = Membership.objects.filter(role=Role.SECRETARIAT, user__is_active=True)
    return [
        m.user
        for m in found.select_related("user", "unit__parent")
        if (p := province_of(m.unit)) is not None and p.pk == plan.unit_id
    ]


def _period_name(period: PlanReportingPeriod) -> dict[str, str]:
    names = {}
    for language in ("vi", "en"):
        with override(language):
            names[language] = f"{period.get_period_display()} {period.plan.year}"
    return names


def _period_link(period: PlanReportingPeriod) -> str:
    return reverse("plans:period", args=[period.plan_id, period.period])


def _about(plan: Plan, actor: User | None = None, **more: Any) -> dict[str, Any]:
    return {"actor": display_name(actor), "plan": plan.title, **more}


def _tell_agencies(
    plan: Plan,
    items: Mapping[Unit, int],
    *,
    kind: Kind,
    link: str = "",
    period: PlanReportingPeriod | None = None,
    actor: User | None = None,
    key: str = "",
    **params: Any,
) -> list[Notification]:
    """Tell the focal points of each agency in ``items`` how many of its items this concerns
    (every notice of the plan to agencies). About a ``period``: linked to it, quoting it and
    its deadline. ``key``, when given, is made one per agency."""
    if period is not None:
        link = _period_link(period)
        params.update(period=_period_name(period), deadline=fmt_date(period.deadline))
    sent: list[Notification] = []
    for unit, count in items.items():
        sent += notify(
            users=focal_points(unit),
            kind=kind,
            link=link,
            params=_about(plan, actor, agency=unit.name, items=count, **params),
            actor=actor,
            key=f"{key}:{unit.pk}" if key else "",
        )
    return sent


def _items_led(plan: Plan) -> dict[Unit, int]:
    return {unit: len(keys) for unit, keys in lead_agencies(plan).items()}


def plan_issued(plan: Plan, actor: User) -> list[Notification]:
    """Tell every lead agency the plan is out, then announce the period now open."""
    sent = _tell_agencies(
        plan, _items_led(plan), kind=Kind.PLAN_ISSUED, link=plan.get_absolute_url(), actor=actor
    )
    return sent + periods_announce(plan, timezone.localdate(), actor=actor)


def current_period(plan: Plan, today: datetime.date) -> PlanReportingPeriod | None:
    """The period agencies report on now: the first whose deadline is today or later."""
    return plan.periods.filter(deadline__gte=today).order_by("deadline").first()


def periods_announce(
    plan: Plan, today: datetime.date, actor: User | None = None
) -> list[Notification]:
    """Announce the open period to its lead agencies, once (a ``key`` per period)."""
    period = current_period(plan, today)
    if period is None:
        return []
    return _tell_agencies(
        plan,
        _items_led(plan),
        period=period,
        kind=Kind.PERIOD_OPENED,
        actor=actor,
        key=f"plan-period-opened:{period.pk}",
    )


def report_filed(report: ItemReport, actor: User) -> list[Notification]:
    """Tell the province's secretariat an agency has reported: items reported one after
    another (while the notice is unread) gather in one notice of the agency's period."""
    period = report.period
    plan = period.plan
    from parindex.web.plans.services import plan_current

    items = {i.key: i for i in follow.plan_items(plan_current(plan), follow.framework_of(plan))}
    item = items.get(report.item_key)
    return notify(
        users=secretariat_of(plan),
        kind=Kind.REPORT_FILED,
        link=_period_link(period),
        params=_about(
            plan,
            actor,
            agency=report.agency.name,
            reported=[item.title if item is not None else report.item_key],
            period=_period_name(period),
        ),
        actor=actor,
        gather="reported",
    )


def _unreported(period: PlanReportingPeriod, agencies: dict[Unit, list[str]]) -> Counter[Unit]:
    filed = set(ItemReport.objects.filter(period=period).values_list("agency_id", "item_key"))
    missing: Counter[Unit] = Counter()
    for unit, keys in agencies.items():
        missing[unit] = sum(1 for k in keys if (unit.pk, k) not in filed)
    return +missing  # only those with something missing


def deadlines_remind(
    plan: Plan, today: datetime.date, days_before: Sequence[int]
) -> list[Notification]:
    """Remind agencies with unreported items before the deadline, and once it has passed."""
    days = sorted({int(d) for d in days_before if int(d) > 0})
    # (period, kind, key, more params): the open period's next threshold, the one just passed
    due: list[tuple[PlanReportingPeriod, Kind, str, dict[str, Any]]] = []
    period = current_period(plan, today)
    if period is not None and days:
        left = (period.deadline - today).days
        threshold = next((d for d in days if left <= d), None)
        if threshold is not None:
            key = f"plan-due:{period.pk}:{period.deadline}:{threshold}"
            due.append((period, Kind.REPORT_DUE, key, {"days": max(left, 0)}))
    late = (
        plan.periods.filter(deadline__lt=today, deadline__gte=today - OVERDUE_WITHIN)
        .order_by("-deadline")
        .first()
    )
    if late is not None:
        due.append((late, Kind.REPORT_OVERDUE, f"plan-overdue:{late.pk}:{late.deadline}", {}))
    agencies = lead_agencies(plan) if due else {}
    sent: list[Notification] = []
    for reported, kind, key, more in due:
        unreported = _unreported(reported, agencies)
        sent += _tell_agencies(plan, unreported, period=reported, kind=kind, key=key, **more)
    return sent


def scheduled(
    sender: object, now: datetime.datetime, days_before: Sequence[int], **kwargs: Any
) -> list[Notification]:
    """The daily run: open periods announced, reporting deadlines reminded (each once)."""
    today = timezone.localdate(now)
    sent: list[Notification] = []
    issued = Plan.objects.filter(status=PlanStatus.ISSUED, year__gte=today.year - 1)
    for plan in issued.select_related("unit", "assessment__campaign__framework_version"):
        sent += periods_announce(plan, today)
        sent += deadlines_remind(plan, today, days_before)
    return sent
