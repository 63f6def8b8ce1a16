"""Put the core's problems back on the workbook: sheet, row and column, in workbook order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parindex.core.errors import Problem
from parindex.io.framework_excel.layout import BLOCKS, COLUMNS, IDENTITY, NODES, ROWS, sheet_rank

if TYPE_CHECKING:
    from parindex.io.framework_excel.sheet_reader import SheetReader

#: A problem and where it sorts: (sheet number, row, column); -1 for the file as a whole.
Located = tuple[tuple[int, int, int], Problem]

# Problems the core reports at a node or block as a whole that one column explains.
_PROBLEM_COLUMNS = {
    ("duplicate_code", NODES.number): "code",
    ("max_not_positive", NODES.number): "max",
    ("children_sum", NODES.number): "max",
    ("unknown_block", NODES.number): "block",
    ("rule_missing", NODES.number): "rule",
    ("rule_on_parent", NODES.number): "rule",
    ("block_sum", BLOCKS.number): "max",
}


def ranked(located: list[Located]) -> list[Problem]:
    """The problems, file-level ones first, then by sheet in workbook order, row and column."""
    ordered = sorted(located, key=lambda item: (sheet_rank(item[0][0]), item[0][1:]))
    return [problem for _, problem in ordered]


def relocate(problems: list[Problem], sheets: dict[int, SheetReader], name: str) -> list[Problem]:
    """Turn problems from :func:`build_framework` into sheet, row and column locations."""
    return ranked([_relocate(problem, sheets, name) for problem in problems])


def _relocate(problem: Problem, sheets: dict[int, SheetReader], name: str) -> Located:
    if problem.line is None:
        facts = {"file": name, **problem.params}
        moved = Problem(problem.code, problem.message, name, None, problem.node, facts)
        return (-1, 0, 0), moved
    row = problem.line % ROWS
    number, index = divmod(problem.line // ROWS, COLUMNS)
    sheet = sheets.get(number)
    if sheet is None:  # pragma: no cover - every line the reader gives names a sheet
        return (-1, 0, 0), problem
    message = problem.message
    key = sheet.key_at(index) if index else None
    params: dict[str, object] = {"file": name, **problem.params}
    if problem.code == "schema":
        message = message.removeprefix(f"{problem.params.get('path', '')}: ")
        required = problem.params.get("validator") == "required"
        missing = problem.params.get("property") if required else None
        if missing is not None and sheet.layout is IDENTITY:
            message = f"field '{missing}' is missing"
            params["variant"] = "field"
        elif missing is not None and missing in sheet.columns:
            key = str(missing)
            message = "required, but the cell is empty"
            params["variant"] = "cell"
    override = _PROBLEM_COLUMNS.get((problem.code, sheet.layout.number))
    if override and override in sheet.columns:
        key = override
    first = problem.params.get("first")
    if problem.code == "duplicate_code" and isinstance(first, int):
        message = f"duplicate code (first in row {first % ROWS})"
        params["first_row"] = first % ROWS
    if key is not None:
        message = f"{sheet.where(key, row)}: {message}"
    params.update(sheet.place(key, row))
    return (
        (sheet.layout.number, row, sheet.columns.get(key or "", 0)),
        Problem(problem.code, message, sheet.source, row, problem.node, params),
    )
