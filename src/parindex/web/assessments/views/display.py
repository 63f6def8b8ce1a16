"""What the self-assessment page shows, built from a framework, a scorecard and stored inputs.

Reads only: the view hands these objects to the template. Wording comes from the
presentation layer (Vietnamese or English, by the active language).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from parindex.core.model import Framework, Node
from parindex.core.numbers import to_decimal
from parindex.core.scoring import Scorecard
from parindex.presentation.answers import answer_text, yes_no_text
from parindex.presentation.numbers import fmt_number, fmt_points
from parindex.presentation.text import area_summary, lost_sentence
from parindex.web.assessments.models import InputValue, ItemAppraisal, NodeComment
from parindex.web.assessments.services.inputs import COMMENT
from parindex.web.site.language import lang

if TYPE_CHECKING:
    from parindex.web.assessments.forms.inputs import NodeEntryForm


def dom_id(code: str) -> str:
    return "n-" + code.replace(".", "-")


@dataclass
class InputField:
    name: str
    title: str
    unit: str
    kind: str
    choices: tuple[str, ...]
    value: str  # as stored ("185443", "98.7", "true"): what an editable input posts back
    version: int
    html_id: str
    error: str = ""
    shown: str = ""  # as people read it, unit included ("185.443 hồ sơ", "98,7%", "Có")
    #: (value, label) of each choice, the label in the page's language
    options: tuple[tuple[str, str], ...] = ()


def shown_value(value: str, kind: str, unit: str, language: str) -> str:
    """A stored input as a read-only page writes it: numbers through the one formatter with
    their unit ('185443' → '185.443 hồ sơ'; '98.7' in % → '98,7%'), yes/no in words, '—'
    for nothing; text that is no machine-written number is shown as it is."""
    if value == "":
        return "—"
    if kind == "yes_no":
        return yes_no_text(value == "true", language) if value in ("true", "false") else value
    if kind == "choice":
        return value
    try:
        number = to_decimal(value)
    except ValueError:
        return value
    if not number.is_finite():
        return value
    text = fmt_number(number, language)
    if unit == "%":
        return text + unit
    return f"{text} {unit}" if unit else text


@dataclass
class Row:
    code: str
    title: str
    depth: int
    max: str
    score: str
    is_leaf: bool
    self_scored: bool
    scored_by: str
    complete: bool
    guidance: str
    evidence: tuple[str, ...]
    inputs: list[InputField]
    lost_sentence: str
    dom_id: str
    area_code: str
    comment: str = ""
    comment_version: int = 0
    comment_error: str = ""
    editable: bool = True


@dataclass
class Area:
    code: str
    title: str
    max: str
    score: str
    summary: str
    filled: int
    leaves: int
    dom_id: str
    rows: list[Row] = field(default_factory=list)

    @property
    def percent_filled(self) -> int:
        return round(100 * self.filled / self.leaves) if self.leaves else 100


@dataclass
class Totals:
    score: str
    max: str
    filled: int
    leaves: int


def _title(node: Node, language: str) -> str:
    return (node.title_en or node.title) if language == "en" else node.title


def title_of(node: Node) -> str:
    """The node's title in the page's language."""
    return _title(node, lang())


def node_row(
    framework: Framework,
    scorecard: Scorecard,
    node: Node,
    stored: Mapping[str, InputValue],
    language: str,
    typed: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
    note: NodeComment | None = None,
    typed_comment: str | None = None,
) -> Row:
    """One node's row; ``typed`` and ``errors`` show a rejected entry back to the user."""
    scored = scorecard[node.code]
    inputs = []
    for spec in node.inputs if node.is_leaf else ():
        row = stored.get(spec.name)
        value = (typed or {}).get(spec.name, row.value if row is not None else "")
        inputs.append(
            InputField(
                name=spec.name,
                title=spec.label(language),
                unit=spec.unit_label(language),
                kind=spec.kind,
                choices=spec.choices,
                value=value,
                version=row.version if row is not None else 0,
                html_id=f"{dom_id(node.code)}-{spec.name}",
                error=(errors or {}).get(spec.name, ""),
                shown=(
                    answer_text(spec, value, language)
                    if spec.kind in ("yes_no", "choice") and value != ""
                    else shown_value(value, spec.kind, spec.unit_label(language), language)
                ),
                options=spec.choice_labels(language),
            )
        )
    sentence = ""
    if node.is_leaf and scored.complete and scored.score < scored.max:
        sentence = lost_sentence(
            scorecard, node.code, language, note.text if note is not None else ""
        )
    return Row(
        code=node.code,
        title=_title(node, language),
        depth=node.depth,
        max=fmt_points(node.max, language),
        score=fmt_points(scored.score, language),
        is_leaf=node.is_leaf,
        self_scored=node.scored_by == "self",
        scored_by=node.scored_by,
        complete=scored.complete,
        guidance=node.guidance_in(language),
        evidence=node.evidence_in(language),
        inputs=inputs,
        lost_sentence=sentence,
        dom_id=dom_id(node.code),
        area_code=framework.area_of(node.code).code,
        comment=typed_comment if typed_comment is not None else (note.text if note else ""),
        comment_version=note.version if note is not None else 0,
        comment_error=(errors or {}).get(COMMENT, ""),
    )


def area_view(
    framework: Framework,
    scorecard: Scorecard,
    area: Node,
    language: str,
    with_rows: bool = False,
    stored: Mapping[str, Mapping[str, InputValue]] | None = None,
    notes: Mapping[str, NodeComment] | None = None,
) -> Area:
    leaves = [n for n in _descendants(area) if n.is_leaf and n.scored_by == "self"]
    filled = sum(1 for n in leaves if scorecard[n.code].complete)
    self_score, _max = scorecard[area.code].part("self")
    result = Area(
        code=area.code,
        title=_title(area, language),
        max=fmt_points(area.max, language),
        score=fmt_points(self_score, language),
        summary=area_summary(scorecard, area.code, language),
        filled=filled,
        leaves=len(leaves),
        dom_id=dom_id(area.code),
    )
    if with_rows:
        result.rows = [
            node_row(
                framework,
                scorecard,
                n,
                (stored or {}).get(n.code, {}),
                language,
                note=(notes or {}).get(n.code),
            )
            for n in _descendants(area)
        ]
    return result


def totals_view(scorecard: Scorecard, language: str) -> Totals:
    score, maximum = scorecard.total_by("self")
    leaves = [n for n in scorecard.leaves() if n.scored_by == "self"]
    return Totals(
        score=fmt_points(score, language),
        max=fmt_points(maximum, language),
        filled=sum(1 for n in leaves if n.complete),
        leaves=len(leaves),
    )


def entry_view(
    scorecard: Scorecard,
    entry: NodeEntryForm,
    stored: Mapping[str, Mapping[str, InputValue]],
    note: NodeComment | None,
) -> dict[str, object]:
    """A posted row shown again (what was typed, its errors), its parents, area and total."""
    language = lang()
    framework = scorecard.framework
    code = entry.node.code
    row = node_row(
        framework,
        scorecard,
        entry.node,
        stored.get(code, {}),
        language,
        entry.typed,
        entry.input_errors,
        note,
        entry.typed_comment,
    )
    parents = [
        node_row(framework, scorecard, parent, {}, language)
        for parent in framework.ancestors(code)[:-1]  # the area has its own heading
    ]
    return {
        "row": row,
        "area": area_view(framework, scorecard, framework.area_of(code), language),
        "parents": parents,
        "totals": totals_view(scorecard, language),
    }


def page_view(
    scorecard: Scorecard,
    stored: Mapping[str, Mapping[str, InputValue]],
    notes: Mapping[str, NodeComment],
) -> tuple[list[Area], Totals]:
    language = lang()
    framework = scorecard.framework
    areas = [
        area_view(framework, scorecard, area, language, with_rows=True, stored=stored, notes=notes)
        for area in framework.nodes
    ]
    return areas, totals_view(scorecard, language)


def _descendants(node: Node) -> list[Node]:
    out: list[Node] = []
    for child in node.children:
        out.append(child)
        out.extend(_descendants(child))
    return out


@dataclass
class Item:
    """One self-scored sub-criterion as the council sees it (appraisal, explanation)."""

    code: str
    title: str
    area_code: str
    max: str
    max_value: object
    self_points: str
    score: str
    inputs: list[InputField]
    comment: str
    dom_id: str
    appraisal: ItemAppraisal | None
    can_act: bool = False
    final: str = ""
    typed: dict[str, str] = field(default_factory=dict)  # what a refused form held

    def keep(self, held: Mapping[str, str] | None, *, inputs: bool = False) -> None:
        """Show ``held`` (what the user typed before a refusal) instead of what is stored;
        ``inputs``: the item's input fields too (the explanation form holds them)."""
        if not held:
            return
        self.typed = dict(held)
        for entry in self.inputs if inputs else []:
            entry.value = held.get(entry.name, entry.value)


def items_view(
    scorecard: Scorecard,
    stored: Mapping[str, Mapping[str, InputValue]],
    notes: Mapping[str, NodeComment],
    claimed: Mapping[str, Decimal],
    appraisals: Mapping[str, ItemAppraisal],
    codes: Iterable[str] | None = None,
) -> list[Item]:
    """The self-scored sub-criteria (or only ``codes``), in framework order."""
    language = lang()
    framework = scorecard.framework
    wanted = set(codes) if codes is not None else None
    items = []
    for node in framework.leaves():
        if node.scored_by != "self" or (wanted is not None and node.code not in wanted):
            continue
        row = node_row(framework, scorecard, node, stored.get(node.code, {}), language)
        note = notes.get(node.code)
        claim = claimed.get(node.code)
        items.append(
            Item(
                code=node.code,
                title=row.title,
                area_code=row.area_code,
                max=row.max,
                max_value=node.max,
                self_points=fmt_points(claim, language) if claim is not None else "—",
                score=row.score,
                inputs=row.inputs,
                comment=note.text if note is not None else "",
                dom_id=row.dom_id,
                appraisal=appraisals.get(node.code),
            )
        )
    return items


def points(value: Decimal | None) -> str:
    return fmt_points(value, lang()) if value is not None else "—"
