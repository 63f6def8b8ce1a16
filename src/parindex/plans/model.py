"""The improvement plan: frozen dataclasses holding the plan's figures and its final wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from parindex.core.errors import ParindexError

OPERATORS = (">=", ">", "=", "<=", "<")


class PlanError(ParindexError):
    """A plan, its defaults or an edit is invalid.

    ``code`` is stable and machine readable (``points_range``, ``lead_missing``...) and
    ``params`` carries the facts a sentence needs: the web words them (in Vietnamese or
    English), the message itself is English for logs and the command line. Errors found in
    data files (defaults, stored plans, reports) keep the generic code ``invalid``.
    """

    def __init__(self, message: str, *, code: str = "invalid", **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Measure:
    """A target value for a measured input, e.g. on-time rate >= 99 %."""

    name: str
    op: str
    value: Decimal
    unit: str = ""
    title: str = ""

    def __post_init__(self) -> None:
        if self.op not in OPERATORS:
            raise PlanError(
                f"measure '{self.name}': operator '{self.op}' not in {OPERATORS}",
                code="measure_operator",
                measure=self.name,
                op=self.op,
            )


@dataclass(frozen=True)
class Target:
    """What the plan aims at for one node: points (default full marks) and measured values."""

    code: str
    title: str
    max: Decimal
    base_score: Decimal
    points: Decimal
    measures: tuple[Measure, ...] = ()
    lead: str = ""
    #: Effort to reach the target (1 low .. 5 high); None takes the rule kind's default.
    effort: Decimal | None = None

    def __post_init__(self) -> None:
        if not Decimal(0) <= self.points <= self.max:
            raise PlanError(
                f"target {self.code}: {self.points} points outside 0..{self.max}",
                code="points_range",
                target=self.code,
                points=self.points,
                max=self.max,
            )
        if self.effort is not None and self.effort <= 0:
            raise PlanError(
                f"target {self.code}: effort {self.effort} must be above 0",
                code="effort_range",
                target=self.code,
                effort=self.effort,
            )


@dataclass(frozen=True)
class Lead:
    """A lead agency (cơ quan chủ trì), with the part it leads when an area has several."""

    agency: str
    scope: str = ""


#: Which score a plan rests on: the unit's self-assessment, or the council's final appraisal.
BASES = ("self", "final")


@dataclass(frozen=True)
class CouncilChange:
    """A sub-criterion the appraisal council scored differently from the self-assessment."""

    self_points: Decimal
    points: Decimal
    reason: str = ""


@dataclass(frozen=True)
class Content:
    """One bullet of "Nội dung từng tiêu chí", with its "+" sub-items."""

    text: str
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Task:
    """A task with its lead agency and deadline (the plan's annex)."""

    text: str
    lead: str
    deadline: date | None = None
    #: Stable id ("task-3") so progress reports keep pointing at the task after removals;
    #: empty means "its position" (see :func:`parindex.plans.progress.with_task_ids`).
    id: str = ""


@dataclass(frozen=True)
class PlanArea:
    """One area of section II: base-year score, lost points, goal, targets, responsibilities."""

    code: str
    title: str
    self_score: Decimal
    self_max: Decimal
    ministry_max: Decimal
    summary: str
    lost: tuple[str, ...]
    goal: str
    contents: tuple[Content, ...]
    targets: tuple[Target, ...]
    leads: tuple[Lead, ...]
    coordinating: str
    tasks: tuple[Task, ...] = ()
    #: Where parindex uses a figure other than the one the unit's report printed (a corrected
    #: slip, found by the consistency check), a sentence saying so.
    notes: tuple[str, ...] = ()

    def target(self, code: str) -> Target | None:
        """The target of node ``code`` in this area, if any."""
        return next((t for t in self.targets if t.code == code), None)


@dataclass(frozen=True)
class Duty:
    """A group of section III (Tổ chức thực hiện): whose duty, and its numbered items."""

    heading: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """A unit's improvement plan for ``year`` built on its ``base_year`` assessment."""

    unit: str
    unit_code: str
    year: int
    base_year: int
    framework: str
    self_score: Decimal
    self_max: Decimal
    issuer: tuple[str, ...]
    number: str
    symbol: str
    place: str
    date: date | None
    title: str
    subtitle: str
    preamble: tuple[str, ...]
    purpose: tuple[str, ...]
    requirements: tuple[str, ...]
    areas: tuple[PlanArea, ...]
    duties: tuple[Duty, ...]
    annex_note: str
    closing: str
    recipients: tuple[str, ...]
    signature_capacity: str
    signature_title: str
    signatory: str
    #: The score the plan rests on (``BASES``); ``self_score`` is that score's total.
    basis: str = "self"

    def area(self, code: str) -> PlanArea:
        """The area ``code``; raise PlanError if the plan has none."""
        for area in self.areas:
            if area.code == code:
                return area
        raise PlanError(f"the plan has no area '{code}'", code="no_area", area=code)

    def targets(self) -> list[tuple[PlanArea, Target]]:
        """Every target with its area, in plan order."""
        return [(area, target) for area in self.areas for target in area.targets]

    def tasks(self) -> list[tuple[PlanArea, Task]]:
        """Every task with its area, in plan order."""
        return [(area, task) for area in self.areas for task in area.tasks]
