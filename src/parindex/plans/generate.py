"""Generate a draft improvement plan from a scorecard, its comments and the plan defaults."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from parindex.core.assessment import AssessmentData
from parindex.core.checks import Stated, check
from parindex.core.model import Framework
from parindex.core.numbers import to_decimal
from parindex.core.scoring import NodeScore, Scorecard, score
from parindex.plans.defaults import PlanDefaults, shipped_defaults
from parindex.plans.model import (
    BASES,
    Content,
    CouncilChange,
    Duty,
    Lead,
    Plan,
    PlanArea,
    PlanError,
    Target,
)
from parindex.presentation.numbers import fmt_number, fmt_points
from parindex.presentation.text import (
    area_summary,
    correction_notes,
    lost_sentence,
    lowercase_first,
    phrase,
)

_UNIT_PREFIXES = ("Tỉnh ", "Thành phố ", "tỉnh ", "thành phố ")


class _Values(dict[str, str]):
    """Placeholder values; an unknown placeholder names itself instead of printing nothing."""

    def __missing__(self, key: str) -> str:
        raise PlanError(f"unknown placeholder {{{key}}} in the plan defaults")


def fill(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{name}`` placeholders; raise PlanError on an unknown one."""
    try:
        return template.format_map(_Values(values))
    except (ValueError, IndexError, AttributeError) as exc:
        raise PlanError(f"bad placeholder in {template[:60]!r}: {exc}") from exc


def place_of(unit: str) -> str:
    """The place written before the date: 'Tỉnh Lào Cai' -> 'Lào Cai'."""
    for prefix in _UNIT_PREFIXES:
        if unit.startswith(prefix):
            return unit[len(prefix) :]
    return unit


def _previous_values(previous: Mapping[str, object]) -> dict[str, str]:
    """Last year's published result as the Ministry prints it (52,90; 29,95; 15/63)."""
    values: dict[str, str] = {}
    for key in ("appraisal", "survey", "total"):
        if previous.get(key) is not None:
            values[key] = fmt_number(to_decimal(previous[key]), "vi", 2)
    if previous.get("appraisal_max") is not None:
        values["appraisal_max"] = fmt_points(to_decimal(previous["appraisal_max"]))
    for key in ("rank", "of", "year"):
        if previous.get(key) is not None:
            values[key] = str(previous[key])
    return values


def _lost_sentences(
    scorecard: Scorecard,
    area_code: str,
    comments: Mapping[str, str],
    council: Mapping[str, CouncilChange],
) -> tuple[str, ...]:
    framework = scorecard.framework
    sentences = []
    for node in framework.walk():
        if not node.is_leaf or framework.area_of(node.code).code != area_code:
            continue
        leaf = scorecard[node.code]
        change = council.get(node.code)
        if leaf.scored_by == "self" and leaf.lost > 0 and (leaf.complete or change):
            sentences.append(
                lost_sentence(
                    scorecard,
                    leaf.code,
                    "vi",
                    comments.get(leaf.code, ""),
                    (change.self_points, change.reason) if change else None,
                )
            )
    return tuple(sentences)


def _notes(
    scorecard: Scorecard, area_code: str, notes: Mapping[str, str], council: Mapping[str, object]
) -> tuple[str, ...]:
    """The correction notes of the area's sub-criteria (none where the council re-scored)."""
    framework = scorecard.framework
    return tuple(
        notes[n.code]
        for n in framework.walk()
        if n.code in notes and n.code not in council and framework.area_of(n.code).code == area_code
    )


def _targets(scorecard: Scorecard, area: NodeScore, defaults: PlanDefaults) -> tuple[Target, ...]:
    framework = scorecard.framework
    targets = []
    for node in framework.walk():
        if not node.is_leaf or node.scored_by == "survey":
            continue
        if framework.area_of(node.code).code != area.code:
            continue
        leaf = scorecard[node.code]
        targets.append(
            Target(
                code=node.code,
                title=node.title,
                max=node.max,
                base_score=leaf.score,
                points=node.max,
                measures=defaults.targets.get(node.code, ()),
            )
        )
    return tuple(targets)


def generate_plan(
    scorecard: Scorecard,
    *,
    comments: Mapping[str, str] | None = None,
    defaults: PlanDefaults,
    year: int | None = None,
    previous_result: Mapping[str, object] | None = None,
    context: Mapping[str, str] | None = None,
    unit_code: str = "",
    number: str = "",
    issued: date | None = None,
    basis: str = "self",
    council: Mapping[str, CouncilChange] | None = None,
    stated: Stated | None = None,
) -> Plan:
    """Draft the plan for ``year`` (default: the year after the scorecard's) from its scores.

    ``basis`` says which score the scorecard holds: ``self`` (the self-assessment) or ``final``
    (the council's final appraisal; ``council`` then names the items it changed, with their
    reason, which follows the item's lost-point sentence). ``stated`` are the figures the
    unit's report printed: where the scorecard uses another (a corrected slip), the area
    carries a note saying so.
    """
    if scorecard.year is None:
        raise PlanError("the scorecard has no year: a plan needs the assessed year")
    if basis not in BASES:
        raise PlanError(f"basis {basis!r} is not one of {BASES}", code="bad_basis", basis=basis)
    council = council or {}
    notes = correction_notes(scorecard, check(scorecard, stated)) if stated else {}
    base_year = scorecard.year
    year = year or base_year + 1
    comments = comments or {}
    self_score, self_max = scorecard.total_by("self")
    unit_name = scorecard.unit
    values: dict[str, str] = {
        "unit": lowercase_first(unit_name),
        "unit_upper": unit_name.upper(),
        "place": place_of(unit_name),
        "year": str(year),
        "base_year": str(base_year),
        "prev_year": str(base_year - 1),
        "self_score": fmt_points(self_score),
        "self_max": fmt_points(self_max),
        "score_basis": phrase(f"score_basis_{basis}"),
        "previous_result": "",
    }
    values.update(defaults.context)
    values.update(context or {})
    if previous_result:
        prev = {**values, **_previous_values(previous_result)}
        prev["prev_year"] = prev.pop("year", values["prev_year"])
        values["previous_result"] = " " + fill(defaults.text("previous_result"), prev)

    def text(template: str) -> str:
        return fill(template, values)

    areas = []
    for area in scorecard.areas():
        area_self, area_max = area.part("self")
        if not area_max:
            continue  # survey blocks: nothing the unit scores itself
        own = defaults.areas.get(area.code)
        title = own.title if own and own.title else lowercase_first(area.title)
        areas.append(
            PlanArea(
                code=area.code,
                title=text(title),
                self_score=area_self,
                self_max=area_max,
                ministry_max=area.part("ministry")[1],
                summary=area_summary(scorecard, area.code, "vi", basis),
                lost=_lost_sentences(scorecard, area.code, comments, council),
                goal=text((own.goal if own and own.goal else "") or defaults.goal),
                contents=tuple(
                    Content(text(c.text), tuple(text(i) for i in c.items))
                    for c in (own.contents if own else ())
                ),
                targets=_targets(scorecard, area, defaults),
                leads=tuple(
                    Lead(text(lead.agency), text(lead.scope)) for lead in (own.leads if own else ())
                ),
                coordinating=text(
                    (own.coordinating if own and own.coordinating else "") or defaults.coordinating
                ),
                notes=_notes(scorecard, area.code, notes, council),
            )
        )
    signature = defaults.document.get("signature") or {}
    return Plan(
        unit=unit_name,
        unit_code=unit_code,
        year=year,
        base_year=base_year,
        framework=scorecard.framework.key,
        self_score=self_score,
        self_max=self_max,
        issuer=tuple(text(line) for line in defaults.texts("issuer")),
        number=number,
        symbol=text(defaults.text("symbol")),
        place=values["place"],
        date=issued,
        title=text(defaults.text("title")),
        subtitle=text(defaults.text("subtitle")),
        preamble=tuple(text(p) for p in defaults.texts("preamble")),
        purpose=tuple(text(p) for p in defaults.texts("purpose")),
        requirements=tuple(text(p) for p in defaults.texts("requirements")),
        areas=tuple(areas),
        duties=tuple(
            Duty(text(d.heading), tuple(text(i) for i in d.items)) for d in defaults.duties()
        ),
        annex_note=text(defaults.text("annex_note")),
        closing=text(defaults.text("closing")),
        recipients=tuple(text(r) for r in defaults.texts("recipients")),
        signature_capacity=text(str(signature.get("capacity") or "")),
        signature_title=text(str(signature.get("title") or "")),
        signatory=text(str(signature.get("name") or "")),
        basis=basis,
    )


def plan_from_assessment(
    data: AssessmentData,
    framework: Framework,
    *,
    defaults: PlanDefaults | None = None,
    **options: Any,
) -> Plan:
    """Score an assessment and draft its plan with its comments and last year's result."""
    scorecard = score(
        framework, data.inputs, data.previous, unit=data.unit_name or data.unit_code, year=data.year
    )
    return generate_plan(
        scorecard,
        comments=data.comments,
        defaults=defaults or shipped_defaults(framework.code),
        previous_result=data.previous_result,
        unit_code=data.unit_code,
        stated=data.stated,
        **options,
    )
