"""The survey model: an XLSForm questionnaire as frozen data, with parindex's SIPAS tags."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: The XLSForm question types parindex understands (``begin group`` is read as begin_group).
QUESTION_TYPES = (
    "select_one",
    "select_multiple",
    "integer",
    "decimal",
    "text",
    "date",
    "note",
    "begin_group",
    "end_group",
)
SELECT_TYPES = ("select_one", "select_multiple")
STRUCTURE_TYPES = ("begin_group", "end_group", "note")

#: The five SIPAS factors, in the order of the method (QĐ 2640/QĐ-BNV, QĐ 1001/QĐ-BNV).
FACTORS = ("access", "procedure", "civil_servant", "result", "feedback")
#: What an item measures: a perception (nhận định), satisfaction, expectation or who answers.
KINDS = ("perception", "satisfaction", "expectation", "respondent")

#: Language code -> name used in ``label::Name (code)`` headers.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"

#: A framework criterion reference: ``<framework code>:<node code>``.
CRITERION_RE = re.compile(r"^[A-Za-z0-9][\w.-]*:[\w.]+$")


@dataclass(frozen=True)
class Choice:
    """One answer option of a choice list: its code, labels per language, extra columns."""

    name: str
    labels: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Return the label in `lang`, falling back to any label, then the code."""
        return self.labels.get(lang) or next(iter(self.labels.values()), self.name)


@dataclass(frozen=True)
class Question:
    """One row of the survey sheet: a question, a note or a group marker."""

    type: str
    name: str
    labels: dict[str, str] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    list_name: str | None = None
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    choice_filter: str = ""
    appearance: str = ""
    sipas_factor: str | None = None
    sipas_kind: str | None = None
    criterion: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_item(self) -> bool:
        """Return True for a question that takes an answer (not a group marker or a note)."""
        return self.type not in STRUCTURE_TYPES

    @property
    def xlsform_type(self) -> str:
        """Return the type cell as XLSForm writes it (``select_one list``)."""
        return f"{self.type} {self.list_name}" if self.list_name else self.type

    def label(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """Return the label in `lang`, falling back to any label, then the name."""
        return self.labels.get(lang) or next(iter(self.labels.values()), self.name)


@dataclass(frozen=True)
class Survey:
    """A questionnaire: settings, questions in sheet order (group markers included), choices."""

    form_id: str
    title: str
    version: str = ""
    default_language: str = DEFAULT_LANGUAGE
    languages: tuple[str, ...] = (DEFAULT_LANGUAGE,)
    questions: tuple[Question, ...] = ()
    choices: dict[str, tuple[Choice, ...]] = field(default_factory=dict)
    unit_question: str = "unit"
    service_question: str = "service"
    settings_extra: dict[str, str] = field(default_factory=dict)

    def question(self, name: str) -> Question:
        """Return the question called `name` (KeyError when there is none)."""
        for q in self.questions:
            if q.name == name and q.type != "end_group":
                return q
        raise KeyError(name)

    def items(self) -> list[Question]:
        """Return the questions that take an answer, in order."""
        return [q for q in self.questions if q.is_item]

    def choice_codes(self, question: Question) -> tuple[str, ...]:
        """Return the answer codes of a select question."""
        return tuple(c.name for c in self.choices.get(question.list_name or "", ()))

    def group_paths(self) -> dict[str, tuple[str, ...]]:
        """Return, for each answerable question, the names of its enclosing groups."""
        stack: list[str] = []
        paths: dict[str, tuple[str, ...]] = {}
        for q in self.questions:
            if q.type == "begin_group":
                stack.append(q.name)
            elif q.type == "end_group":
                if stack:
                    stack.pop()
            elif q.is_item:
                paths[q.name] = tuple(stack)
        return paths

    def relevance_chain(self) -> dict[str, tuple[str, ...]]:
        """Return, for each item, its own and its groups' non-empty relevance expressions."""
        stack: list[str] = []
        out: dict[str, tuple[str, ...]] = {}
        for q in self.questions:
            if q.type == "begin_group":
                stack.append(q.relevant)
            elif q.type == "end_group":
                if stack:
                    stack.pop()
            elif q.is_item:
                out[q.name] = tuple(r for r in (*stack, q.relevant) if r)
        return out

    def tagged(self, *, kind: str | None = None, factor: str | None = None) -> list[Question]:
        """Return the items with the given SIPAS kind and/or factor."""
        return [
            q
            for q in self.items()
            if kind in (None, q.sipas_kind) and factor in (None, q.sipas_factor)
        ]
