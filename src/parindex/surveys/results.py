"""Satisfaction indices with confidence intervals, expectation priorities and comparisons.

Method (documented in docs/sipas.md): a factor's index is the share of "satisfied" answers
(codes 4 and 5 by default) among valid answers to the factor's satisfaction items, pooled over
respondents; the overall index is the weighted mean of the factor indices (equal weights by
default). Variances are linearised (each respondent is a cluster of answers); intervals are
Wilson score intervals computed with the effective sample size p(1−p)/variance, which equals
the number of answers when each respondent gives one answer. The ``mean`` method scores the
scale 0..1 instead and uses a normal interval.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from statistics import NormalDist
from typing import Any

import yaml

from parindex.core.limits import load_yaml
from parindex.surveys.model import FACTORS, Survey
from parindex.surveys.responses import Response, unit_service

ZERO, ONE = Decimal(0), Decimal(1)
#: The shipped mapping from SIPAS results to framework inputs.
SIPAS_FEEDS = Path(__file__).parent / "feeds.yaml"


@dataclass(frozen=True)
class IndexMethod:
    """How indices are computed; every choice is a parameter, the defaults follow SIPAS."""

    kind: str = "share"  # "share" of satisfied answers, or "mean" score rescaled to 0..1
    scale: tuple[str, ...] = ("1", "2", "3", "4", "5")  # valid codes, lowest first
    satisfied: tuple[str, ...] = ("4", "5")
    positive: tuple[str, ...] = ("co",)  # the favourable answer to a perception item
    factor_weights: Mapping[str, Decimal] | None = None  # None: equal weights
    confidence: Decimal = Decimal("0.95")

    @property
    def z(self) -> Decimal:
        """Return the two-sided normal quantile for the confidence level."""
        q = NormalDist().inv_cdf(1 - (1 - float(self.confidence)) / 2)
        return Decimal(repr(q))


@dataclass(frozen=True)
class Estimate:
    """An index (0..1) with its confidence interval, standard error and the counts behind it."""

    value: Decimal | None
    low: Decimal | None
    high: Decimal | None
    se: Decimal | None
    answers: int
    respondents: int
    positives: Decimal = ZERO  # satisfied answers (share) or summed scores (mean)

    @property
    def percent(self) -> Decimal | None:
        """Return the value in percent."""
        return None if self.value is None else self.value * 100


EMPTY = Estimate(None, None, None, None, 0, 0)


@dataclass(frozen=True)
class Priority:
    """One improvement aspect of the expectation question, with its rank (1 = most chosen)."""

    question: str
    choice: str
    count: int
    base: int
    share: Decimal
    rank: int


@dataclass(frozen=True)
class GroupIndex:
    """Results for one group of respondents: overall, per factor, per item, priorities."""

    key: tuple[str, ...]
    respondents: int
    overall: Estimate
    factors: dict[str, Estimate]
    items: dict[str, Estimate]
    overall_item: Estimate | None = None
    priorities: tuple[Priority, ...] = ()


@dataclass(frozen=True)
class SurveyResults:
    """Results at every level: all respondents, per unit, per service, per unit and service."""

    method: IndexMethod
    overall: GroupIndex
    by_unit: dict[str, GroupIndex] = field(default_factory=dict)
    by_service: dict[str, GroupIndex] = field(default_factory=dict)
    by_unit_service: dict[tuple[str, str], GroupIndex] = field(default_factory=dict)


def wilson(p: Decimal, n: Decimal | int, z: Decimal) -> tuple[Decimal, Decimal]:
    """Return the Wilson score interval of a share `p` observed on `n` trials."""
    n = Decimal(n)
    if n <= 0:
        return ZERO, ONE
    z2 = z * z
    denom = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denom
    half = z * (p * (1 - p) / n + z2 / (4 * n * n)).sqrt() / denom
    # The exact interval always holds p; clamp so rounding in the last digit cannot exclude it.
    return max(ZERO, min(p, centre - half)), min(ONE, max(p, centre + half))


def _combine(
    cells: Sequence[Sequence[tuple[Decimal, int]]],
    weights: Sequence[Decimal],
    method: IndexMethod,
) -> Estimate:
    """Estimate Σ w_f·p_f from per-respondent (score, answers) for each component f."""
    totals = [sum(n for _, n in comp) for comp in cells]
    live = [i for i, t in enumerate(totals) if t > 0]
    if not live:
        return EMPTY
    wsum = sum((weights[i] for i in live), ZERO)
    if wsum <= 0:
        return EMPTY
    w = {i: weights[i] / wsum for i in live}
    p_f = {i: sum((k for k, _ in cells[i]), ZERO) / totals[i] for i in live}
    p = sum((w[i] * p_f[i] for i in live), ZERO)
    m = len(cells[0])
    respondents = sum(1 for r in range(m) if any(cells[i][r][1] for i in live))
    # Linearised variance: each respondent contributes u_r = Σ w_f (k_rf − p_f n_rf) / N_f.
    var = sum(
        (
            sum((w[i] * (cells[i][r][0] - p_f[i] * cells[i][r][1]) / totals[i] for i in live), ZERO)
            ** 2
            for r in range(m)
        ),
        ZERO,
    )
    se = var.sqrt()
    answers = sum(totals[i] for i in live)
    positives = sum((k for i in live for k, _ in cells[i]), ZERO)
    z = method.z
    if method.kind == "mean":
        low, high = max(ZERO, p - z * se), min(ONE, p + z * se)
    else:
        n_eff = Decimal(respondents)
        if 0 < p < 1 and var > 0:
            n_eff = min(p * (1 - p) / var, Decimal(answers))
        low, high = wilson(p, n_eff, z)
    return Estimate(p, low, high, se, answers, respondents, positives)


def _score(method: IndexMethod, code: object) -> tuple[Decimal, int]:
    """Return (score, 1) for a valid scale answer, (0, 0) otherwise."""
    if not isinstance(code, str) or code not in method.scale:
        return ZERO, 0
    if method.kind == "mean":
        return Decimal(method.scale.index(code)) / (len(method.scale) - 1), 1
    return (ONE if code in method.satisfied else ZERO), 1


def _share_cells(
    responses: Sequence[Response], name: str, positive: Iterable[str]
) -> list[tuple[Decimal, int]]:
    pos = set(positive)
    return [
        (ONE if r.answers.get(name) in pos else ZERO, 1 if name in r.answers else 0)
        for r in responses
    ]


def priorities(survey: Survey, responses: Sequence[Response]) -> tuple[Priority, ...]:
    """Rank the aspects chosen in the expectation question(s), most chosen first."""
    out: list[Priority] = []
    for q in survey.tagged(kind="expectation"):
        codes = survey.choice_codes(q)
        answered = [r.answers[q.name] for r in responses if q.name in r.answers]
        counts = {c: 0 for c in codes}
        for a in answered:
            for c in a if isinstance(a, tuple) else (str(a),):
                if c in counts:
                    counts[c] += 1
        base = len(answered)
        ordered = sorted(codes, key=lambda c: (-counts[c], codes.index(c)))
        rank, prev = 0, None
        for i, c in enumerate(ordered, start=1):
            if counts[c] != prev:
                rank, prev = i, counts[c]
            share = Decimal(counts[c]) / base if base else ZERO
            out.append(Priority(q.name, c, counts[c], base, share, rank))
    return tuple(out)


def overall_index(
    survey: Survey, responses: Sequence[Response], method: IndexMethod | None = None
) -> tuple[Estimate, dict[str, Estimate]]:
    """The overall index of a group of responses and its per-factor indices, nothing else."""
    method = method or IndexMethod()
    factor_cells: dict[str, list[tuple[Decimal, int]]] = {}
    for f in FACTORS:
        qs = survey.tagged(kind="satisfaction", factor=f)
        if not qs:
            continue
        cells = []
        for r in responses:
            scores = [_score(method, r.answers.get(q.name)) for q in qs]
            cells.append((sum((s for s, _ in scores), ZERO), sum(n for _, n in scores)))
        factor_cells[f] = cells
    weights = method.factor_weights or {}
    factors = {f: _combine([c], [ONE], method) for f, c in factor_cells.items()}
    names = list(factor_cells)
    overall = (
        _combine(
            [factor_cells[f] for f in names],
            [Decimal(weights.get(f, ONE if not weights else ZERO)) for f in names],
            method,
        )
        if names
        else EMPTY
    )
    return overall, factors


def group_index(
    survey: Survey,
    responses: Sequence[Response],
    method: IndexMethod | None = None,
    key: tuple[str, ...] = (),
) -> GroupIndex:
    """Compute the indices of one group of responses."""
    method = method or IndexMethod()
    responses = list(responses)
    overall, factors = overall_index(survey, responses, method)
    items: dict[str, Estimate] = {}
    overall_item = None
    for q in survey.tagged(kind="satisfaction"):
        est = _combine([[_score(method, r.answers.get(q.name)) for r in responses]], [ONE], method)
        items[q.name] = est
        if q.sipas_factor is None and overall_item is None:
            overall_item = est
    for q in survey.tagged(kind="perception"):
        cells = _share_cells(responses, q.name, method.positive)
        items[q.name] = _combine([cells], [ONE], IndexMethod(confidence=method.confidence))
    return GroupIndex(
        key=key,
        respondents=len(responses),
        overall=overall,
        factors=factors,
        items=items,
        overall_item=overall_item,
        priorities=priorities(survey, responses),
    )


def compute_results(
    survey: Survey, responses: Iterable[Response], method: IndexMethod | None = None
) -> SurveyResults:
    """Compute the indices overall, per unit, per service and per unit and service."""
    method = method or IndexMethod()
    responses = list(responses)
    by_unit: dict[str, list[Response]] = {}
    by_service: dict[str, list[Response]] = {}
    by_cell: dict[tuple[str, str], list[Response]] = {}
    for r in responses:
        unit, service = unit_service(survey, r)
        by_unit.setdefault(unit, []).append(r)
        by_service.setdefault(service, []).append(r)
        by_cell.setdefault((unit, service), []).append(r)
    order = _form_order(survey)
    return SurveyResults(
        method=method,
        overall=group_index(survey, responses, method),
        by_unit={
            u: group_index(survey, by_unit[u], method, (u,))
            for u in sorted(by_unit, key=lambda u: order(survey.unit_question, u))
        },
        by_service={
            s: group_index(survey, by_service[s], method, (s,))
            for s in sorted(by_service, key=lambda s: order(survey.service_question, s))
        },
        by_unit_service={
            c: group_index(survey, by_cell[c], method, c)
            for c in sorted(
                by_cell,
                key=lambda c: (
                    order(survey.unit_question, c[0]),
                    order(survey.service_question, c[1]),
                ),
            )
        },
    )


def _form_order(survey: Survey) -> Callable[[str, str], tuple[int, str]]:
    """Return a sort key placing codes in the order of the question's choice list."""

    def key(question: str, code: str) -> tuple[int, str]:
        try:
            codes = survey.choice_codes(survey.question(question))
        except KeyError:
            codes = ()
        return (codes.index(code) if code in codes else len(codes), code)

    return key


# -- comparisons -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Comparison:
    """This year's index against last year's: difference, z statistic, significance, overlap."""

    current: Decimal
    previous: Decimal
    difference: Decimal
    z: Decimal | None
    significant: bool | None
    overlap: bool | None


def compare_previous(
    current: Estimate, previous: Estimate | Decimal, confidence: Decimal = Decimal("0.95")
) -> Comparison:
    """Compare with last year: a z test on the difference, and whether the intervals overlap.

    With last year's published figure only (a number), the test is against a fixed value and
    ``overlap`` tells whether that figure lies inside this year's interval.
    """
    if current.value is None:
        raise ValueError("current estimate has no value")
    zcrit = IndexMethod(confidence=confidence).z
    if isinstance(previous, Estimate):
        if previous.value is None:
            raise ValueError("previous estimate has no value")
        prev, se0 = previous.value, previous.se or ZERO
        overlap = None
        if None not in (current.low, current.high, previous.low, previous.high):
            overlap = current.low <= previous.high and previous.low <= current.high  # type: ignore[operator]
    else:
        prev, se0 = Decimal(previous), ZERO
        overlap = None
        if current.low is not None and current.high is not None:
            overlap = current.low <= prev <= current.high
    diff = current.value - prev
    se = ((current.se or ZERO) ** 2 + se0**2).sqrt()
    z = diff / se if se > 0 else None
    significant = None if z is None else abs(z) > zcrit
    return Comparison(current.value, prev, diff, z, significant, overlap)


@dataclass(frozen=True)
class TargetCheck:
    """The index against a plan target: gap, and whether the interval is clear of the target."""

    target: Decimal
    value: Decimal
    gap: Decimal
    met: bool
    status: str  # "above" (whole interval ≥ target), "below" (whole interval < target), "uncertain"


def compare_target(current: Estimate, target: Decimal | str = "0.90") -> TargetCheck:
    """Compare an index with a target share such as the plan's 90 %."""
    if current.value is None:
        raise ValueError("current estimate has no value")
    t = Decimal(str(target))
    status = "uncertain"
    if current.low is not None and current.low >= t:
        status = "above"
    elif current.high is not None and current.high < t:
        status = "below"
    return TargetCheck(t, current.value, current.value - t, current.value >= t, status)


# -- feeding the framework -------------------------------------------------------------------
def load_feeds(source: str | Path | Mapping[str, Any]) -> list[dict[str, Any]]:
    """Return the feed entries of a feeds YAML file (or of already-parsed data).

    The file is read within ``parindex.core.limits.YAML_LIMITS`` (a LimitError beyond them).
    """
    data = (
        source
        if isinstance(source, Mapping)
        else load_yaml(Path(source).read_text("utf-8"), loader=yaml.SafeLoader)
    )
    feeds = data.get("feeds") if isinstance(data, Mapping) else None
    if not isinstance(feeds, list):
        raise ValueError("feeds file needs a 'feeds' list")
    for f in feeds:
        if not {"node", "input", "measure"} <= set(f):
            raise ValueError(f"feed entry needs node, input and measure: {f!r}")
    return feeds


def _measure(group: GroupIndex, measure: str) -> Estimate | None:
    if measure == "overall":
        return group.overall
    if measure == "overall_item":
        return group.overall_item
    kind, _, name = measure.partition(":")
    if kind == "factor":
        return group.factors.get(name)
    if kind == "item":
        return group.items.get(name)
    raise ValueError(f"unknown measure {measure!r}")


def framework_inputs(
    results: SurveyResults | GroupIndex,
    feeds: str | Path | Mapping[str, Any],
    *,
    framework: str | None = None,
) -> dict[str, dict[str, Decimal]]:
    """Turn indices into framework inputs {node_code: {input_name: value}} as `feeds` says.

    Node codes are written ``<framework>:<node>``; with `framework` given only its nodes are
    returned, keyed without the prefix. Measures without data are left out.
    """
    group = results.overall if isinstance(results, SurveyResults) else results
    out: dict[str, dict[str, Decimal]] = {}
    for feed in load_feeds(feeds):
        node = str(feed["node"])
        fw, sep, code = node.partition(":")
        if framework is not None:
            if not sep or fw != framework:
                continue
            node = code
        est = _measure(group, str(feed["measure"]))
        if est is None or est.value is None:
            continue
        value = est.value * (100 if feed.get("scale", "percent") == "percent" else 1)
        digits = int(feed.get("digits", 4))
        out.setdefault(node, {})[str(feed["input"])] = value.quantize(Decimal(1).scaleb(-digits))
    return out
