"""XLSForm import and export (the KoboToolbox / ODK format), with parindex's extra columns.

Import collects every problem before failing, each located by sheet, Excel row and column
header. Export writes what import reads, so ``read_xlsform(write_xlsform(s)) == s``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from parindex.io.limits import FORM_TABLE_LIMITS, FORM_ZIP_LIMITS, Budget, open_workbook
from parindex.surveys.errors import FormError, FormProblem
from parindex.surveys.model import (
    CRITERION_RE,
    DEFAULT_LANGUAGE,
    FACTORS,
    KINDS,
    LANGUAGE_NAMES,
    QUESTION_TYPES,
    SELECT_TYPES,
    Choice,
    Question,
    Survey,
)

Rows = Sequence[Sequence[object]]

SURVEY, CHOICES, SETTINGS = "survey", "choices", "settings"
LOCALISED = ("label", "hint")
SURVEY_FIELDS = (
    "type",
    "name",
    "required",
    "relevant",
    "constraint",
    "choice_filter",
    "appearance",
    "sipas_factor",
    "sipas_kind",
    "criterion",
)
SETTINGS_FIELDS = (
    "form_title",
    "form_id",
    "version",
    "default_language",
    "unit_question",
    "service_question",
)
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
TRUE = {"yes", "true", "true()", "1"}
FALSE = {"", "no", "false", "false()", "0"}


def cell_text(value: object) -> str:
    """Return a cell as the text XLSForm means (1.0 -> "1", dates as ISO), stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def language_code(name: str) -> str:
    """Return the language code of ``Tiếng Việt (vi)``, ``vi`` or a known language name."""
    name = name.strip()
    m = re.search(r"\(([^()]+)\)\s*$", name)
    if m:
        return m.group(1).strip()
    for code, full in LANGUAGE_NAMES.items():
        if name.casefold() == full.casefold():
            return code
    return name


def language_header(code: str) -> str:
    """Return the header suffix for a language code (``Tiếng Việt (vi)``)."""
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})"


def _header(row: Sequence[object]) -> list[str]:
    return [cell_text(c) for c in row]


def sheet_records(rows: Rows) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Split a sheet into its header and (excel row, {header: text}) for non-empty rows."""
    if not rows:
        return [], []
    header = _header(rows[0])
    out = []
    for i, row in enumerate(rows[1:], start=2):
        rec = {h: cell_text(v) for h, v in zip(header, row, strict=False) if h}
        if any(rec.values()):
            out.append((i, rec))
    return header, out


def _split_localised(
    rec: Mapping[str, str], default_lang: str
) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Return ({'label': {lang: text}, 'hint': {...}}, other columns) of one record."""
    loc: dict[str, dict[str, str]] = {k: {} for k in LOCALISED}
    rest: dict[str, str] = {}
    for col, val in rec.items():
        base, sep, lang = col.partition("::")
        if base in LOCALISED:
            if val:
                loc[base][language_code(lang) if sep else default_lang] = val
        else:
            rest[col] = val
    return loc, rest


def find_sheet(sheets: Mapping[str, Rows], name: str) -> Rows | None:
    for key, rows in sheets.items():
        if key.strip().casefold() == name:
            return rows
    return None


def normalise_type(text: str) -> tuple[str, str | None]:
    """Return (type, list name) of a type cell; ``begin group`` becomes begin_group."""
    tokens = text.split()
    if not tokens:
        return "", None
    if len(tokens) >= 2 and tokens[0] in ("begin", "end") and tokens[1] == "group":
        return f"{tokens[0]}_group", None
    if tokens[0] in SELECT_TYPES:
        return tokens[0], (tokens[1] if len(tokens) > 1 else None)
    return tokens[0], None


def parse_xlsform(sheets: Mapping[str, Rows], source: str = "") -> Survey:
    """Build a Survey from sheet rows (header first); raise FormError listing every problem."""
    problems: list[FormProblem] = []
    settings = _parse_settings(find_sheet(sheets, SETTINGS))
    default_lang = language_code(settings.pop("default_language", "") or DEFAULT_LANGUAGE)
    languages: list[str] = [default_lang]

    choices, choice_problems = _parse_choices(find_sheet(sheets, CHOICES), default_lang, languages)
    problems += choice_problems

    survey_rows = find_sheet(sheets, SURVEY)
    if survey_rows is None:
        raise FormError([FormProblem(SURVEY, None, None, "missing_sheet")], source)
    header, records = sheet_records(survey_rows)
    for required_col in ("type", "name"):
        if required_col not in header:
            problems.append(FormProblem(SURVEY, 1, required_col, "missing_column"))
    if problems and any(p.code == "missing_column" for p in problems):
        raise FormError(problems, source)

    questions: list[Question] = []
    seen: dict[str, int] = {}
    groups: list[tuple[str, int]] = []
    for row, rec in records:
        loc, rest = _split_localised(rec, default_lang)
        for lang in (*loc["label"], *loc["hint"]):
            if lang not in languages:
                languages.append(lang)
        qtype, list_name = normalise_type(rest.pop("type", ""))
        name = rest.pop("name", "")

        def bad(
            column: str, code: str, value: str | None, _row: int = row, **detail: object
        ) -> None:
            problems.append(FormProblem(SURVEY, _row, column, code, value, dict(detail)))

        if qtype not in QUESTION_TYPES:
            bad("type", "unknown_type", rec.get("type", ""))
            continue
        if qtype in SELECT_TYPES:
            if not list_name:
                bad("type", "missing_list_name", rec.get("type", ""))
            elif list_name not in choices:
                bad("type", "unknown_choice_list", list_name)
        if qtype == "end_group":
            if groups:
                groups.pop()
            else:
                bad("type", "unbalanced_group", rec.get("type", ""), reason="end_without_begin")
        else:
            if not name:
                bad("name", "missing_name", None)
            elif not NAME_RE.match(name):
                bad("name", "bad_name", name)
            elif name in seen:
                bad("name", "duplicate_name", name, first_row=seen[name])
            else:
                seen[name] = row
            if qtype == "begin_group":
                groups.append((name, row))
        required_text = rest.pop("required", "")
        if required_text.casefold() not in TRUE | FALSE:
            bad("required", "bad_required", required_text)
        factor = rest.pop("sipas_factor", "") or None
        kind = rest.pop("sipas_kind", "") or None
        criterion = rest.pop("criterion", "") or None
        if factor and factor not in FACTORS:
            bad("sipas_factor", "unknown_sipas_factor", factor)
        if kind and kind not in KINDS:
            bad("sipas_kind", "unknown_sipas_kind", kind)
        if criterion and not CRITERION_RE.match(criterion):
            bad("criterion", "bad_criterion", criterion)
        questions.append(
            Question(
                type=qtype,
                name=name,
                labels=loc["label"],
                hints=loc["hint"],
                list_name=list_name,
                required=required_text.casefold() in TRUE,
                relevant=rest.pop("relevant", ""),
                constraint=rest.pop("constraint", ""),
                choice_filter=rest.pop("choice_filter", ""),
                appearance=rest.pop("appearance", ""),
                sipas_factor=factor,
                sipas_kind=kind,
                criterion=criterion,
                extra={k: v for k, v in rest.items() if v},
            )
        )
    for name, row in groups:
        problems.append(
            FormProblem(SURVEY, row, "type", "unbalanced_group", name, {"reason": "not_closed"})
        )
    if problems:
        raise FormError(problems, source)

    form_id = settings.pop("form_id", "") or (Path(source).stem if source else "survey")
    return Survey(
        form_id=form_id,
        title=settings.pop("form_title", "") or form_id,
        version=settings.pop("version", ""),
        default_language=default_lang,
        languages=tuple(languages),
        questions=tuple(questions),
        choices=choices,
        unit_question=settings.pop("unit_question", "") or "unit",
        service_question=settings.pop("service_question", "") or "service",
        settings_extra={k: v for k, v in settings.items() if v},
    )


def _parse_settings(rows: Rows | None) -> dict[str, str]:
    if not rows:
        return {}
    _, records = sheet_records(rows)
    return dict(records[0][1]) if records else {}


def _parse_choices(
    rows: Rows | None, default_lang: str, languages: list[str]
) -> tuple[dict[str, tuple[Choice, ...]], list[FormProblem]]:
    problems: list[FormProblem] = []
    lists: dict[str, list[Choice]] = {}
    seen: dict[tuple[str, str], int] = {}
    if rows is None:
        return {}, problems
    header, records = sheet_records(rows)
    for col in ("list_name", "name"):
        if col not in header:
            problems.append(FormProblem(CHOICES, 1, col, "missing_column"))
    if problems:
        return {}, problems
    for row, rec in records:
        loc, rest = _split_localised(rec, default_lang)
        for lang in loc["label"]:
            if lang not in languages:
                languages.append(lang)
        list_name, name = rest.pop("list_name", ""), rest.pop("name", "")
        if not list_name:
            problems.append(FormProblem(CHOICES, row, "list_name", "missing_list_name"))
            continue
        if not name:
            problems.append(FormProblem(CHOICES, row, "name", "missing_name"))
            continue
        if (list_name, name) in seen:
            problems.append(
                FormProblem(
                    CHOICES,
                    row,
                    "name",
                    "duplicate_choice",
                    name,
                    {"list_name": list_name, "first_row": seen[(list_name, name)]},
                )
            )
            continue
        seen[(list_name, name)] = row
        extra = {k: v for k, v in rest.items() if v}
        lists.setdefault(list_name, []).append(Choice(name, loc["label"], extra))
    return {k: tuple(v) for k, v in lists.items()}, problems


def read_sheets(path: str | Path) -> dict[str, list[list[object]]]:
    """Return every sheet of a workbook (.xlsx) as rows of cell values.

    The workbook is read within ``FORM_ZIP_LIMITS`` and ``FORM_TABLE_LIMITS``; beyond them a
    ``parindex.core.limits.LimitError`` is raised before it is unpacked (or read further).
    """
    budget = Budget(FORM_TABLE_LIMITS)
    with open_workbook(path, FORM_ZIP_LIMITS) as wb:
        return {ws.title: list(budget.rows_of(ws.iter_rows(values_only=True))) for ws in wb}


def read_xlsform(path: str | Path) -> Survey:
    """Read an XLSForm workbook (.xlsx) and return its Survey."""
    return parse_xlsform(read_sheets(path), source=str(path))


def _ordered_extra(dicts: Sequence[Mapping[str, str]]) -> list[str]:
    cols: list[str] = []
    for d in dicts:
        for k in d:
            if k not in cols:
                cols.append(k)
    return cols


def xlsform_sheets(survey: Survey) -> dict[str, list[list[str]]]:
    """Return the survey, choices and settings sheets as rows of text, header first."""
    langs = list(survey.languages)
    qs = survey.questions
    has = {f: any(getattr(q, f) for q in qs) for f in SURVEY_FIELDS[2:]}
    has_hint = any(q.hints for q in qs)
    header = ["type", "name", *(f"label::{language_header(lang)}" for lang in langs)]
    if has_hint:
        header += [f"hint::{language_header(lang)}" for lang in langs]
    header += [f for f in SURVEY_FIELDS[2:] if has[f]]
    extra_cols = _ordered_extra([q.extra for q in qs])
    header += extra_cols
    survey_rows = [header]
    for q in qs:
        row = [q.xlsform_type, q.name, *(q.labels.get(lang, "") for lang in langs)]
        if has_hint:
            row += [q.hints.get(lang, "") for lang in langs]
        for f in SURVEY_FIELDS[2:]:
            if has[f]:
                value: Any = getattr(q, f)
                row.append(("yes" if value else "") if f == "required" else (value or ""))
        row += [q.extra.get(c, "") for c in extra_cols]
        survey_rows.append(row)

    all_choices = [c for cs in survey.choices.values() for c in cs]
    c_extra = _ordered_extra([c.extra for c in all_choices])
    choice_rows = [
        ["list_name", "name", *(f"label::{language_header(lang)}" for lang in langs), *c_extra]
    ]
    for list_name, cs in survey.choices.items():
        for c in cs:
            choice_rows.append(
                [list_name, c.name, *(c.labels.get(lang, "") for lang in langs)]
                + [c.extra.get(k, "") for k in c_extra]
            )

    settings = {
        "form_title": survey.title,
        "form_id": survey.form_id,
        "version": survey.version,
        "default_language": language_header(survey.default_language),
    }
    if survey.unit_question != "unit":
        settings["unit_question"] = survey.unit_question
    if survey.service_question != "service":
        settings["service_question"] = survey.service_question
    settings.update(survey.settings_extra)
    return {
        SURVEY: survey_rows,
        CHOICES: choice_rows,
        SETTINGS: [list(settings), list(settings.values())],
    }


def write_xlsform(survey: Survey, path: str | Path) -> Path:
    """Write the survey as an XLSForm workbook that KoboToolbox and ODK accept."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from parindex.io.xlsx import save_workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in xlsform_sheets(survey).items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for col in ws.columns:
            width = max(len(str(c.value or "")) for c in col)
            ws.column_dimensions[col[0].column_letter].width = min(max(10, width + 2), 60)
    path = Path(path)
    save_workbook(wb, path)
    return path
