"""What the results and coverage pages show, as rows of formatted text."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parindex.i18n import language
from parindex.presentation.numbers import fmt_number, fmt_percent
from parindex.surveys import Estimate, GroupIndex, Response, SurveyResults
from parindex.surveys import Survey as Form

FACTOR_LABELS = {
    "access": _("Tiếp cận dịch vụ"),
    "procedure": _("Thủ tục hành chính"),
    "civil_servant": _("Công chức trực tiếp giải quyết công việc"),
    "result": _("Kết quả giải quyết"),
    "feedback": _("Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị"),
}


def lang() -> str:
    return language(get_language())


def pct(value: Decimal | None, places: int = 2) -> str:
    if value is None:
        return "—"
    return fmt_percent(value * 100, lang(), places)


def num(value: int | Decimal) -> str:
    return fmt_number(value, lang())


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
