"""Importing an XLSForm someone uploads: the structure parindex reads, the XLSForm standard as
pyxform (the converter KoboToolbox and ODK use) checks it, and only expressions parindex can
evaluate (``parindex.surveys.expressions``).

``read_xlsform`` reads a form parindex wrote or ships; ``import_xlsform`` is the door for
uploads. Every problem is located by sheet, Excel row and column header.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from parindex.surveys.errors import FormError, FormProblem
from parindex.surveys.expressions import constraint_problem, relevant_problem
from parindex.surveys.model import Survey
from parindex.surveys.xlsform import (
    SURVEY,
    Rows,
    find_sheet,
    normalise_type,
    parse_xlsform,
    read_sheets,
    sheet_records,
)

_PYXFORM_ROW = re.compile(r"\[row : (\d+)\]")
_PYXFORM_SHEET = re.compile(r"On the '(\w+)' sheet")
_PYXFORM_COLUMN = re.compile(r"the '(\w+)' value")
_PYXFORM_NAME = re.compile(r"element named '([^']+)'")
#: Rows without an answer shown on the public form: their expressions are never evaluated.
_NOT_SHOWN = ("note", "end_group")
#: Column headers (and pyxform's aliases) holding an expression -> what it is.
_EXPRESSION_COLUMNS = {
    "relevant": "relevant",
    "relevance": "relevant",
    "bind::relevant": "relevant",
    "constraint": "constraint",
    "bind::constraint": "constraint",
    "calculation": "calculation",
    "calculate": "calculation",
    "bind::calculate": "calculation",
}


def import_xlsform(path: str | Path) -> Survey:
    """Read an uploaded XLSForm; raise FormError listing what parindex or pyxform refuses."""
    sheets = read_sheets(path)
    survey = parse_xlsform(sheets, source=str(path))
    problems = pyxform_problems(path, _rows_by_name(sheets)) + expression_problems(sheets)
    if problems:
        raise FormError(problems, str(path))
    return survey


def pyxform_problems(path: str | Path, rows: Mapping[str, int] | None = None) -> list[FormProblem]:
    """What pyxform refuses in the workbook (it stops at the first problem): [] or one problem.

    ``value`` is pyxform's own (English) message; sheet, row and column come from its context
    or, for the messages without one, from the message (a question it names is found in
    ``rows``, question name -> Excel row of the survey sheet).
    """
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    try:
        convert(str(path), warnings=[])
    except (PyXFormError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        message = str(exc)
        context = getattr(exc, "context", None) or {}
        row = context.get("row") or _found(_PYXFORM_ROW, message)
        if row is None:
            row = (rows or {}).get(_found(_PYXFORM_NAME, message) or "")
        sheet = context.get("sheet") or _found(_PYXFORM_SHEET, message) or SURVEY
        column = context.get("column") or _found(_PYXFORM_COLUMN, message)
        return [
            FormProblem(
                str(sheet),
                int(row) if row is not None else None,
                str(column) if column else None,
                "xlsform_invalid",
                message[:500],
            )
        ]
    return []


def _rows_by_name(sheets: Mapping[str, Rows]) -> dict[str, int]:
    rows = find_sheet(sheets, SURVEY)
    found = sheet_records(rows)[1] if rows is not None else []
    return {rec["name"]: row for row, rec in found if rec.get("name")}


def _found(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group(1) if m else None


def expression_problems(sheets: Mapping[str, Rows]) -> list[FormProblem]:
    """Every relevant, constraint or calculation cell the public form could not evaluate."""
    rows = find_sheet(sheets, SURVEY)
    if rows is None:
        return []
    _, found = sheet_records(rows)
    typed = [(row, normalise_type(rec.get("type", ""))[0], rec) for row, rec in found]
    types = {rec.get("name", ""): qtype for _, qtype, rec in typed if rec.get("name")}
    problems: list[FormProblem] = []
    for row, qtype, rec in typed:
        if qtype in _NOT_SHOWN:
            continue
        for column in rec:
            expression, what = rec[column], _EXPRESSION_COLUMNS.get(column.casefold())
            if not expression or what is None:
                continue
            if what == "relevant":
                reason = relevant_problem(expression, types)
            elif what == "constraint":
                reason = constraint_problem(qtype, expression)
            else:
                reason = "not_evaluated"
            if reason:
                detail: dict[str, object] = {"question": rec.get("name", ""), "reason": reason}
                problems.append(
                    FormProblem(SURVEY, row, column, f"unsupported_{what}", expression, detail)
                )
    return problems
