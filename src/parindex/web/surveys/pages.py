"""What the survey, results and coverage pages show, as rows of formatted text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from parindex.web.accounts.permissions import AnyUser

from parindex.presentation.numbers import fmt_count, fmt_percent, fmt_pp, fmt_target
from parindex.surveys import Estimate, GroupIndex, Response, SurveyResults, compute_results
from parindex.surveys import Survey as Form
from parindex.web.assessments.models import Assessment
from parindex.web.assessments.permissions import can_feed_inputs
from parindex.web.site.language import lang
from parindex.web.surveys.forms import ApplyForm, QuotaForm, StatusForm
from parindex.web.surveys.models import ImportBatch, Survey
from parindex.web.surveys.services.questionnaire import form_of
from parindex.web.surveys.services.results import comparisons
from parindex.web.surveys.services.selectors import (
    FedInput,
    core_responses,
    coverage,
    coverage_total,
    fed_inputs,
    service_map_of,
)

FACTOR_LABELS = {
    "access": _("Tiếp cận dịch vụ"),
    "procedure": _("Thủ tục hành chính"),
    "civil_servant": _("Công chức trực tiếp giải quyết công việc"),
    "result": _("Kết quả giải quyết"),
    "feedback": _("Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị"),
}


def pct(value: Decimal | None, places: int = 2) -> str:
    if value is None:
        return "—"
    return fmt_percent(value * 100, lang(), places)


def num(value: int | Decimal) -> str:
    return fmt_count(value, lang())


def pp(value: Decimal | None) -> str:
    """A difference of two shares (0..1) in percentage points: '+10,00 điểm phần trăm'."""
    return "—" if value is None else fmt_pp(value * 100, lang())


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    index: str
    low: str
    high: str
    answers: int
    respondents: int
    value: Decimal | None


def line(code: str, label: str, e: Estimate) -> Line:
    return Line(
        code, label, pct(e.value), pct(e.low), pct(e.high), e.answers, e.respondents, e.value
    )


def factor_lines(group: GroupIndex) -> list[Line]:
    lines = [line(f, str(FACTOR_LABELS.get(f, f)), e) for f, e in group.factors.items()]
    return lines


def choice_label(form: Form, question: str, code: str) -> str:
    try:
        q = form.question(question)
    except KeyError:
        return code
    for c in form.choices.get(q.list_name or "", ()):
        if c.name == code:
            return c.label(lang())
    return code or "—"


def level_lines(form: Form, groups: dict[str, GroupIndex], question: str) -> list[Line]:
    return [line(code, choice_label(form, question, code), g.overall) for code, g in groups.items()]


@dataclass(frozen=True)
class PriorityLine:
    rank: int
    label: str
    count: int
    share: str


def priority_lines(form: Form, results: SurveyResults) -> list[PriorityLine]:
    return [
        PriorityLine(p.rank, choice_label(form, p.question, p.choice), p.count, pct(p.share, 1))
        for p in results.overall.priorities
    ]


MAX_COMMENTS = 50


@dataclass(frozen=True)
class CommentLine:
    unit: str
    question: str
    text: str  # as the citizen typed it: the template escapes it


def comment_lines(form: Form, responses: list[Response]) -> list[CommentLine]:
    """The latest free-text answers (text questions), newest first."""
    texts = [q for q in form.items() if q.type == "text"]
    out: list[CommentLine] = []
    for r in reversed(responses):
        for q in texts:
            value = r.answers.get(q.name)
            if isinstance(value, str) and value.strip():
                unit = choice_label(
                    form, form.unit_question, str(r.answers.get(form.unit_question, ""))
                )
                out.append(CommentLine(unit, q.label(lang()), value))
                if len(out) >= MAX_COMMENTS:
                    return out
    return out


def detail_context(survey: Survey, public_url: str) -> dict[str, object]:
    """Everything the survey's own page shows: quotas and coverage, imports, codes."""
    rows = coverage(survey)
    service_map = service_map_of(survey)
    batches = ImportBatch.objects.filter(survey=survey)
    return {
        "survey": survey,
        "rows": rows,
        "total_target": coverage_total(rows),
        "mapped_services": [
            s for s, e in service_map["services"].items() if e["fields"] or e["procedures"]
        ],
        "rest_service": service_map.get("rest") or "",
        "total_collected": survey.responses.count(),
        "status_form": StatusForm(initial={"status": survey.status}),
        "quota_form": QuotaForm(),
        "batches": batches[:20],
        "batches_total": batches.count(),
        "public_url": public_url,
        "codes_total": survey.codes.count(),
        "codes_used": survey.codes.filter(response__isnull=False).count(),
    }


def results_context(survey: Survey, units: set[str] | None) -> dict[str, object]:
    """The results page of ``units`` (None: every unit, with last year and the target)."""
    form = form_of(survey)
    responses = core_responses(survey, units)
    results = compute_results(form, responses)
    overall = results.overall
    cmp = comparisons(survey, overall.overall) if units is None else None
    context: dict[str, object] = {
        "survey": survey,
        "restricted": units is not None,
        "results": results,
        "overall": line("overall", _("Chỉ số hài lòng chung"), overall.overall),  # type: ignore[arg-type]  # a lazy translation, rendered as text
        "overall_item": overall.overall_item and line("overall_sat", "", overall.overall_item),
        "factors": factor_lines(overall),
        "units": level_lines(form, results.by_unit, form.unit_question),
        "services": level_lines(form, results.by_service, form.service_question),
        "priorities": priority_lines(form, results),
        "comments": comment_lines(form, responses),
        "comparison": cmp,
        "pct": pct,
    }
    if cmp is not None:
        context["previous_diff"] = cmp.previous and pp(cmp.previous.difference)
        context["previous_value"] = cmp.previous and pct(cmp.previous.previous)
        context["target_value"] = cmp.target and fmt_target(
            ">=", cmp.target.target, "fraction", lang()
        )
        context["target_gap"] = cmp.target and pp(cmp.target.gap)
    return context


@dataclass(frozen=True)
class ApplyChoice:
    """An assessment the figures can go to, the inputs they would overwrite, and its form."""

    assessment: Assessment
    may_apply: bool
    inputs: list[FedInput]
    form: ApplyForm


def apply_choices(user: AnyUser, assessments: Iterable[Assessment]) -> list[ApplyChoice]:
    """Each assessment with the stored versions of the inputs applying writes (posted back)."""
    out = []
    for a in assessments:
        inputs = fed_inputs(a)
        versions: dict[str, dict[str, int]] = {}
        for i in inputs:
            versions.setdefault(i.node_code, {})[i.input_name] = i.version
        form = ApplyForm(initial={"assessment": a.pk, "versions": versions})
        out.append(ApplyChoice(a, can_feed_inputs(user, a) and a.is_editable, inputs, form))
    return out
