"""The public form: which questions to show, and reading a citizen's answers back.

Answers are checked with the core's own ``parse_value`` (the rules an imported Kobo row meets),
so a web answer and an imported one are held to the same form. Relevance (``relevant``) is
evaluated for the simple comparisons XLSForm users write (``${q} = 'v'``, ``!=``; see
``parindex.surveys.expressions``); an upload with any other expression is refused, and a
question of an older stored form with one is shown and optional.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from parindex.surveys import Question
from parindex.surveys import Survey as Form
from parindex.surveys.expressions import relevant
from parindex.surveys.responses import parse_value
from parindex.web.site.forms import PostedForm

MAX_TEXT = 2000
HONEYPOT = "website"  # a hidden field only robots fill in

MESSAGES = {
    "missing_required": _("Vui lòng trả lời câu hỏi này."),
    "unknown_choice": _("Lựa chọn không hợp lệ: vui lòng chọn một trong các phương án."),
    "too_many_choices": _("Chọn quá số mục cho phép."),
    "not_integer": _("Vui lòng nhập một số nguyên."),
    "not_number": _("Vui lòng nhập một số."),
    "out_of_range": _("Giá trị nằm ngoài khoảng cho phép."),
    "bad_date": _("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm."),
    "too_long": _("Nội dung quá dài (tối đa 2.000 ký tự)."),
    "not_single": _("Chỉ chọn một phương án."),
}


@dataclass
class Field:
    """One question as the template draws it."""

    question: Question
    label: str
    hint: str
    widget: str  # radio | checkbox | text | number | date
    choices: list[tuple[str, str]]
    required: bool
    conditional: bool
    values: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def name(self) -> str:
        return self.question.name


@dataclass
class Section:
    title: str
    fields: list[Field]


def _widget(q: Question) -> str:
    return {
        "select_one": "radio",
        "select_multiple": "checkbox",
        "integer": "number",
        "decimal": "number",
        "date": "date",
    }.get(q.type, "text")


def sections(
    form: Form,
    lang: str,
    fixed: Mapping[str, str],
    values: Mapping[str, list[str]] | None = None,
    errors: Mapping[str, str] | None = None,
) -> list[Section]:
    """The form's questions grouped as the XLSForm groups them (fixed questions left out)."""
    relevance = form.relevance_chain()
    values = values or {}
    errors = errors or {}
    out: list[Section] = [Section("", [])]
    depth = 0
    for q in form.questions:
        if q.type == "begin_group":
            depth += 1
            if depth == 1:
                out.append(Section(q.label(lang), []))
            continue
        if q.type == "end_group":
            depth = max(depth - 1, 0)
            if depth == 0:
                out.append(Section("", []))
            continue
        if q.type == "note" or q.name in fixed:
            continue
        choices = [(c.name, c.label(lang)) for c in form.choices.get(q.list_name or "", ())]
        conditional = bool(relevance[q.name])
        out[-1].fields.append(
            Field(
                question=q,
                label=q.label(lang),
                hint=q.hints.get(lang) or next(iter(q.hints.values()), ""),
                widget=_widget(q),
                choices=choices,
                required=q.required and not conditional,
                conditional=conditional,
                values=list(values.get(q.name, [])),
                error=str(MESSAGES.get(errors.get(q.name, ""), errors.get(q.name, ""))),
            )
        )
    return [s for s in out if s.fields]


def read_answers(
    form: Form, data: Any, fixed: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str], dict[str, list[str]]]:
    """Read a posted form: (answers, {question: error code}, {question: raw values typed}).

    ``data`` is a QueryDict (``getlist``). Answers to questions made irrelevant by another
    answer are dropped, as Kobo and ODK drop them.
    """
    answers: dict[str, Any] = dict(fixed)
    errors: dict[str, str] = {}
    raw: dict[str, list[str]] = {}
    relevance = form.relevance_chain()
    for q in form.items():
        if q.name in fixed:
            continue
        given = [v.strip() for v in data.getlist(q.name) if v.strip()]
        raw[q.name] = given
        if not given:
            continue
        if q.type != "select_multiple" and len(given) > 1:
            errors[q.name] = "not_single"
            continue
        if q.type == "text":
            if len(given[0]) > MAX_TEXT:
                errors[q.name] = "too_long"
                continue
            answers[q.name] = given[0]
            continue
        text = " ".join(given) if q.type == "select_multiple" else given[0]
        if q.type == "select_multiple" and any(" " in v for v in given):
            errors[q.name] = "unknown_choice"
            continue
        value, code = parse_value(form, q, text)
        if code:
            errors[q.name] = code
        elif value is not None:
            answers[q.name] = value
    # relevance and required, once every answer is known
    for q in form.items():
        if q.name in fixed or q.name in errors:
            continue
        rel = relevance[q.name]
        shown = relevant(rel, answers) if rel else True
        if shown is False:
            answers.pop(q.name, None)
        elif shown is True and q.required and q.name not in answers:
            errors[q.name] = "missing_required"
    return answers, errors, raw


class AnswerForm(PostedForm):
    """A citizen's post: the invitation code, the honeypot, and the answers to the form.

    The answers are read by ``read_answers`` (the questions come from the XLSForm, not from
    fields declared here); after ``is_valid()`` they are ``answers``, ``errors_by_question``
    (question -> code) and ``raw`` (what was typed, to show it again).
    """

    code = forms.CharField(required=False)
    website = forms.CharField(required=False, strip=False)  # HONEYPOT: people leave it empty

    def __init__(self, *args: Any, form: Form, fixed: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questionnaire, self.fixed = form, fixed
        self.answers: dict[str, Any] = {}
        self.errors_by_question: dict[str, str] = {}
        self.raw: dict[str, list[str]] = {}

    def clean_code(self) -> str:
        return self.cleaned_data["code"][:32]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.answers, self.errors_by_question, self.raw = read_answers(
            self.questionnaire, self.data, self.fixed
        )
        return data  # type: ignore[return-value]  # Form.clean() returns the cleaned data here, never None

    @property
    def invitation_code(self) -> str:
        return str(self.cleaned_data.get("code", ""))

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get(HONEYPOT))
