"""Following a plan: reporting periods, the items agencies report on, risks, consolidation.

Pure functions on plain data (no Django, no I/O): the web app stores the reports and calls
:func:`consolidate`; the documents render its result. Everything returned is codes and numbers.

Just over 500 lines: one consolidation of reports per period; its counting and projection parts
are split out already (projection.py).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum

import yaml

from parindex.core.limits import LimitError, load_yaml
from parindex.core.model import Framework, InputSpec
from parindex.core.numbers import HUNDRED, to_decimal
from parindex.plans.model import Measure, Plan, PlanError, Task


class Period(Enum):
    """A reporting period of the plan's year (the seed: Quý I, 6 tháng, Quý III, năm)."""

    Q1 = "Q1"
    H1 = "H1"
    Q3 = "Q3"
    YEAR = "YEAR"

    @property
    def label(self) -> str:
        """The period as a Vietnamese report names it ("Quý I", "6 tháng")."""
        return PERIOD_LABELS[self]


PERIOD_LABELS = {Period.Q1: "Quý I", Period.H1: "6 tháng", Period.Q3: "Quý III", Period.YEAR: "Năm"}

# (last month, last day) of the covered range; every range starts on 1 January (cumulative:
# a plan's progress is reported from the start of its year).
_PERIOD_END = {Period.Q1: (3, 31), Period.H1: (6, 30), Period.Q3: (9, 30), Period.YEAR: (12, 31)}
# Default reporting deadline: the 15th of the period's last month (figures "ước thực hiện đến
# hết kỳ"), so Sở Nội vụ can compile before the province reports; the year's report by 15/11
# because the province's yearly CCHC report and its self-assessment follow in December.
_DEADLINE = {Period.Q1: (3, 15), Period.H1: (6, 15), Period.Q3: (9, 15), Period.YEAR: (11, 15)}


def period_range(period: Period, year: int) -> tuple[date, date]:
    """The dates a period's report covers, both inclusive (cumulative from 1 January)."""
    month, day = _PERIOD_END[period]
    return date(year, 1, 1), date(year, month, day)


def default_deadline(period: Period, year: int) -> date:
    """The day agencies' reports for ``period`` are due unless the province sets another."""
    month, day = _DEADLINE[period]
    return date(year, month, day)


class Status(Enum):
    """What an agency reports about an item."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    AT_RISK = "at_risk"
    LATE = "late"


@dataclass(frozen=True)
class PlanItem:
    """One thing of the plan an agency reports on: a target (per criterion) or a task."""

    key: str  # "3.4.1" for a target, "3/task-2" for a task
    kind: str  # "target" | "task"
    area: str
    title: str
    lead: str
    coordinating: tuple[str, ...] = ()
    deadline: date | None = None
    measures: tuple[Measure, ...] = ()
    #: (numerator, denominator) inputs of the criterion's rule, so a reported pair gives the
    #: "rate" measure; empty when the plan was read without its framework.
    rate_inputs: tuple[str, str] | tuple[()] = ()
    #: The criterion's inputs (titles, kinds, units), so a reported value is named in words;
    #: empty when the plan was read without its framework.
    inputs: tuple[InputSpec, ...] = ()


@dataclass(frozen=True)
class ItemReport:
    """An agency's report on one item for one period; ``submitted_on`` None is a draft."""

    key: str
    agency: str
    period: Period
    status: Status
    measured: Mapping[str, Decimal] = field(default_factory=dict)
    note: str = ""
    difficulties: str = ""
    submitted_on: date | None = None

    def __post_init__(self) -> None:
        values: dict[str, Decimal] = {}
        for name, raw in self.measured.items():
            try:
                values[name] = to_decimal(raw)
            except (ValueError, TypeError, ArithmeticError) as exc:
                raise PlanError(f"'{self.key}': measured {name} {raw!r} is not a number") from exc
            if not values[name].is_finite():
                raise PlanError(f"'{self.key}': measured {name} {raw!r} is not a number")
        object.__setattr__(self, "measured", values)


@dataclass(frozen=True)
class Risk:
    """Why an item is at risk: a code, and for a measure its reported value and target."""

    code: str  # below_target | deadline_passed | reported_at_risk | reported_late
    measure: str = ""
    op: str = ""
    measured: Decimal | None = None
    target: Decimal | None = None


RISK_CODES = ("below_target", "deadline_passed", "reported_at_risk", "reported_late")

_TASK_ID = re.compile(r"task-(\d+)")


def _task_keys(area: str, tasks: Sequence[Task]) -> list[str]:
    return [f"{area}/{t.id or f'task-{n}'}" for n, t in enumerate(tasks, start=1)]


def with_task_ids(plan: Plan) -> Plan:
    """Give every task without an id a stable one ("task-<n>", above the area's highest)."""
    areas = []
    for area in plan.areas:
        taken = {t.id for t in area.tasks if t.id}
        numbers = {int(m.group(1)) for name in taken if (m := _TASK_ID.fullmatch(name))}
        highest = max(numbers | {len(area.tasks)})
        tasks = []
        for n, task in enumerate(area.tasks, start=1):
            if not task.id:
                # Keep the key the task had by position, unless an explicit id took it.
                candidate = f"task-{n}"
                if candidate in taken:
                    highest += 1
                    candidate = f"task-{highest}"
                taken.add(candidate)
                task = dataclasses.replace(task, id=candidate)
            tasks.append(task)
        areas.append(dataclasses.replace(area, tasks=tuple(tasks)))
    return dataclasses.replace(plan, areas=tuple(areas))


def _split(agencies: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in agencies.split(";") if part.strip())


def _inputs(framework: Framework | None, code: str) -> tuple[InputSpec, ...]:
    node = framework.get(code) if framework is not None else None
    return node.inputs if node is not None else ()


def _rate_inputs(framework: Framework | None, code: str) -> tuple[str, str] | tuple[()]:
    node = framework.get(code) if framework is not None else None
    measure = getattr(node.rule, "measure", None) if node is not None else None
    if measure is not None and measure.numerator and measure.denominator:
        return (measure.numerator, measure.denominator)
    return ()


def plan_items(plan: Plan, framework: Framework | None = None) -> list[PlanItem]:
    """Every target and task of the plan as an item to report on, in plan order.

    A target's lead is its own or the area's first lead agency (the other leads of the area
    coordinate); its deadline is the end of the plan's year. Pass the framework so a reported
    numerator and denominator count for a "rate" measure.
    """
    items: list[PlanItem] = []
    year_end = date(plan.year, 12, 31)
    for area in plan.areas:
        leads = tuple(lead.agency for lead in area.leads)
        coordinating = _split(area.coordinating)
        for target in area.targets:
            lead = target.lead or (leads[0] if leads else "")
            others = tuple(a for a in leads if a != lead)
            items.append(
                PlanItem(
                    key=target.code,
                    kind="target",
                    area=area.code,
                    title=target.title,
                    lead=lead,
                    coordinating=others + coordinating,
                    deadline=year_end,
                    measures=target.measures,
                    rate_inputs=_rate_inputs(framework, target.code),
                    inputs=_inputs(framework, target.code),
                )
            )
        for key, task in zip(_task_keys(area.code, area.tasks), area.tasks, strict=True):
            items.append(
                PlanItem(
                    key=key,
                    kind="task",
                    area=area.code,
                    title=task.text,
                    lead=task.lead,
                    coordinating=(),
                    deadline=task.deadline or year_end,
                )
            )
    return items


def measured_value(
    item: PlanItem, measure: Measure, measured: Mapping[str, Decimal]
) -> Decimal | None:
    """The reported value of a measure: given by name, or a rate from numerator/denominator."""
    if measure.name in measured:
        return measured[measure.name]
    if measure.name == "rate" and item.rate_inputs:
        num, den = item.rate_inputs
        if num in measured and den in measured and measured[den] != 0:
            return measured[num] / measured[den] * HUNDRED
    return None


def meets(value: Decimal, op: str, target: Decimal) -> bool:
    """Whether ``value`` satisfies ``op target`` (">=", ">", "=", "<=", "<")."""
    return {
        ">=": value >= target,
        ">": value > target,
        "=": value == target,
        "<=": value <= target,
        "<": value < target,
    }[op]


def at_risk(item: PlanItem, report: ItemReport | None, today: date) -> tuple[Risk, ...]:
    """Why the item is at risk (empty if it is not), from its report of the period (or none).

    Rules: a reported measure does not meet its target; the item's deadline has passed and it
    is not reported done; the agency itself reports it at risk or late.
    """
    risks: list[Risk] = []
    if report is not None:
        for measure in item.measures:
            value = measured_value(item, measure, report.measured)
            if value is not None and not meets(value, measure.op, measure.value):
                risks.append(Risk("below_target", measure.name, measure.op, value, measure.value))
    done = report is not None and report.status is Status.DONE
    if item.deadline is not None and today > item.deadline and not done:
        risks.append(Risk("deadline_passed"))
    if report is not None and report.status is Status.AT_RISK:
        risks.append(Risk("reported_at_risk"))
    if report is not None and report.status is Status.LATE:
        risks.append(Risk("reported_late"))
    return tuple(risks)


@dataclass(frozen=True)
class Counts:
    """How a group of items stands: every item is reported (in one status) or not reported.

    ``at_risk`` counts items with at least one risk, whatever their status.
    """

    items: int = 0
    not_reported: int = 0
    not_started: int = 0
    in_progress: int = 0
    done: int = 0
    reported_at_risk: int = 0
    late: int = 0
    at_risk: int = 0

    @property
    def reported(self) -> int:
        return self.not_started + self.in_progress + self.done + self.reported_at_risk + self.late

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            *(getattr(self, f.name) + getattr(other, f.name) for f in dataclasses.fields(self))
        )


_STATUS_FIELD = {
    Status.NOT_STARTED: "not_started",
    Status.IN_PROGRESS: "in_progress",
    Status.DONE: "done",
    Status.AT_RISK: "reported_at_risk",
    Status.LATE: "late",
}


def _count(report: ItemReport | None, risks: tuple[Risk, ...]) -> Counts:
    status = "not_reported" if report is None else _STATUS_FIELD[report.status]
    return Counts(items=1, at_risk=1 if risks else 0, **{status: 1})


@dataclass(frozen=True)
class ItemProgress:
    """An item, the lead agency's submitted report for the period (if any) and its risks."""

    item: PlanItem
    report: ItemReport | None
    risks: tuple[Risk, ...]
    contributions: tuple[ItemReport, ...] = ()  # coordinating agencies' reports


@dataclass(frozen=True)
class OverdueReport:
    """An agency's reports missing after the deadline, or submitted after it."""

    agency: str
    items: tuple[str, ...]
    days_late: int
    submitted: bool  # False: still missing (days until today); True: submitted late


@dataclass(frozen=True)
class Consolidation:
    """The periodic consolidated picture Sở Nội vụ compiles (Quý I, 6 tháng, Quý III, năm)."""

    plan_year: int
    period: Period
    start: date
    end: date
    deadline: date
    today: date
    items: tuple[ItemProgress, ...]
    total: Counts
    by_area: tuple[tuple[str, Counts], ...]
    by_agency: tuple[tuple[str, Counts], ...]
    overdue: tuple[OverdueReport, ...]

    @property
    def at_risk(self) -> tuple[ItemProgress, ...]:
        """Items with at least one risk, in plan order."""
        return tuple(p for p in self.items if p.risks)

    @property
    def deadline_passed(self) -> bool:
        return self.today > self.deadline


def consolidate(
    plan: Plan,
    reports: Iterable[ItemReport],
    period: Period,
    year: int,
    today: date,
    *,
    framework: Framework | None = None,
    deadline: date | None = None,
) -> Consolidation:
    """Consolidate the agencies' submitted reports on ``plan`` for ``period`` of ``year``.

    Reports of other periods and drafts are left out; a report on an unknown item, or two
    reports of one agency on one item, raise PlanError. An item's status is its lead agency's
    report; coordinating agencies' reports are kept as contributions.
    """
    if year != plan.year:
        raise PlanError(f"the plan is for {plan.year}, not {year}")
    deadline = deadline or default_deadline(period, year)
    start, end = period_range(period, year)
    items = plan_items(plan, framework)
    by_key = {item.key: item for item in items}
    received: dict[tuple[str, str], ItemReport] = {}
    for incoming in reports:
        if incoming.key not in by_key:
            raise PlanError(f"report of {incoming.agency}: the plan has no item '{incoming.key}'")
        if incoming.period is not period or incoming.submitted_on is None:
            continue
        if (incoming.key, incoming.agency) in received:
            raise PlanError(
                f"{incoming.agency} reported twice on '{incoming.key}' for {period.label}"
            )
        received[(incoming.key, incoming.agency)] = incoming

    progress: list[ItemProgress] = []
    total = Counts()
    areas: dict[str, Counts] = {}
    agencies: dict[str, Counts] = {}
    missing: dict[str, list[str]] = {}
    late: dict[str, tuple[list[str], int]] = {}
    for item in items:
        report = received.get((item.key, item.lead))
        risks = at_risk(item, report, today)
        others = tuple(
            r for (key, agency), r in received.items() if key == item.key and agency != item.lead
        )
        progress.append(ItemProgress(item, report, risks, others))
        counts = _count(report, risks)
        total += counts
        areas[item.area] = areas.get(item.area, Counts()) + counts
        agencies[item.lead] = agencies.get(item.lead, Counts()) + counts
        if report is None:
            missing.setdefault(item.lead, []).append(item.key)
        elif report.submitted_on is not None and report.submitted_on > deadline:
            keys, days = late.get(item.lead, ([], 0))
            keys.append(item.key)
            late[item.lead] = (keys, max(days, (report.submitted_on - deadline).days))

    overdue: list[OverdueReport] = []
    if today > deadline:
        overdue += [
            OverdueReport(agency, tuple(keys), (today - deadline).days, submitted=False)
            for agency, keys in missing.items()
        ]
    overdue += [
        OverdueReport(agency, tuple(keys), days, submitted=True)
        for agency, (keys, days) in late.items()
    ]
    return Consolidation(
        plan_year=plan.year,
        period=period,
        start=start,
        end=end,
        deadline=deadline,
        today=today,
        items=tuple(progress),
        total=total,
        by_area=tuple(areas.items()),
        by_agency=tuple(agencies.items()),
        overdue=tuple(overdue),
    )


def measured_of(consolidation: Consolidation) -> dict[str, dict[str, Decimal]]:
    """The values measured so far per criterion (lead agencies' reports), for ``project``."""
    return {
        p.item.key: dict(p.report.measured)
        for p in consolidation.items
        if p.item.kind == "target" and p.report is not None and p.report.measured
    }


REPORTS_SCHEMA = "parindex/plan-reports/1"


def _report_from(raw: object, where: str) -> ItemReport:
    if not isinstance(raw, Mapping):
        raise PlanError(f"{where}: a report is a mapping with key, agency, period, status")
    missing = [name for name in ("key", "agency", "period", "status") if not raw.get(name)]
    if missing:
        raise PlanError(f"{where}: {', '.join(missing)} missing")
    try:
        period = Period(str(raw["period"]).upper())
    except ValueError:
        known = ", ".join(p.value for p in Period)
        raise PlanError(f"{where}: period {raw['period']!r} is not one of {known}") from None
    try:
        status = Status(str(raw["status"]).lower())
    except ValueError:
        known = ", ".join(s.value for s in Status)
        raise PlanError(f"{where}: status {raw['status']!r} is not one of {known}") from None
    submitted = raw.get("submitted_on")
    if submitted is not None and not isinstance(submitted, date):
        try:
            submitted = date.fromisoformat(str(submitted))
        except ValueError:
            raise PlanError(f"{where}: submitted_on {submitted!r} is not a date") from None
    measured = raw.get("measured") or {}
    if not isinstance(measured, Mapping):
        raise PlanError(f"{where}: measured is a mapping of name: number")
    try:
        return ItemReport(
            key=str(raw["key"]),
            agency=str(raw["agency"]),
            period=period,
            status=status,
            measured=dict(measured),
            note=str(raw.get("note") or ""),
            difficulties=str(raw.get("difficulties") or ""),
            submitted_on=submitted,
        )
    except PlanError as exc:
        raise PlanError(f"{where}: {exc}") from exc


def load_reports(text: str, source: str = "reports") -> list[ItemReport]:
    """Parse agencies' reports from YAML (schema parindex/plan-reports/1); name every problem.

    Text beyond ``parindex.core.limits.YAML_LIMITS`` is a PlanError of the limit's code.
    """
    try:
        doc = load_yaml(text, loader=yaml.SafeLoader)
    except LimitError as exc:
        raise PlanError(f"{source}: {exc}", code=exc.code, **exc.params) from exc
    except yaml.YAMLError as exc:
        raise PlanError(f"{source}: not valid YAML: {exc}") from exc
    if not isinstance(doc, Mapping) or doc.get("schema") != REPORTS_SCHEMA:
        raise PlanError(f"{source}: not a reports file (schema: {REPORTS_SCHEMA})")
    items = doc.get("reports") or []
    if not isinstance(items, list):
        raise PlanError(f"{source}: 'reports' is a list")
    default_period = doc.get("period")
    return [
        _report_from(
            {"period": default_period, **raw} if isinstance(raw, Mapping) else raw,
            f"{source}: reports[{n}]",
        )
        for n, raw in enumerate(items)
    ]
