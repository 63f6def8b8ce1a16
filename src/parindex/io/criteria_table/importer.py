"""Import a criteria table: open it within limits, find its tables, build and validate.

The table becomes the same framework document a YAML file gives and goes through the core's
loader (:func:`parindex.core.loader.build_framework`), so every check of the format applies.
Problems come in two kinds, reported together: cells that cannot be read (this package's
``table_…`` codes) and the core's checks (``children_sum``, ``duplicate_code``, …) put back on
the row and column they concern.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from parindex.core.assessment import AssessmentData, load_assessment
from parindex.core.errors import FrameworkError, Problem
from parindex.core.loader import LineDict, build_framework
from parindex.core.model import Framework
from parindex.io.criteria_table.columns import HEADINGS, REQUIRED, Columns, best_guess, find_header
from parindex.io.criteria_table.docx_tables import read_docx_tables
from parindex.io.criteria_table.grid import Grid
from parindex.io.criteria_table.problems import Problems
from parindex.io.criteria_table.tree import TreeBuilder
from parindex.io.criteria_table.xlsx_sheets import read_xlsx_sheets
from parindex.io.framework_yaml import SCHEMA, dump_framework_yaml, flow, scalar
from parindex.io.limits import FRAMEWORK_ZIP_LIMITS, LimitError, check_zip

PathOrStream = str | os.PathLike[str] | IO[bytes]
ASSESSMENT_SCHEMA = "parindex/assessment/1"

# The core's problems that one column of the row explains.
_PROBLEM_COLUMNS = {
    "children_sum": "max",
    "max_not_positive": "max",
    "block_sum": "max",
    "duplicate_code": "code",
}


@dataclass(frozen=True)
class TableIdentity:
    """What the table does not say about the framework: its code, name, version and years."""

    code: str
    title: str
    version: str
    years: tuple[int, ...]
    unit_kind: str
    legal_basis: str
    title_en: str = ""


@dataclass(frozen=True)
class Unit:
    """The unit whose self-scores the table holds (for the self-assessment document)."""

    code: str = ""
    name: str = ""
    kind: str = ""


@dataclass(frozen=True)
class ImportedTable:
    """A table read and validated: the framework, its document and YAML text, and the
    self-assessment the table's ``Điểm tự đánh giá`` column holds (None without scores)."""

    framework: Framework
    document: dict[str, Any]
    framework_yaml: str
    assessment: AssessmentData | None = None
    assessment_yaml: str | None = None
    tables: tuple[str, ...] = field(default=())


def import_criteria_table(
    source: PathOrStream,
    identity: TableIdentity,
    *,
    source_name: str = "",
    unit: Unit | None = None,
    year: int | None = None,
    sheet: str | None = None,
) -> ImportedTable:
    """Read a Word (.docx) or Excel (.xlsx) criteria table; raise FrameworkError listing all.

    ``year`` is the year of the self-scores (default: the framework's first year); ``sheet``
    reads one sheet of a workbook instead of every visible sheet with a header.
    """
    name = source_name or _name_of(source)
    problems = Problems(name)
    grids = _open(source, name, problems, sheet)
    if problems:
        raise FrameworkError(problems.ordered())
    builder = TreeBuilder(problems)
    found = _segments(grids, problems)
    for grid, columns, start in found:
        builder.read(grid, columns, start)
    if found and not builder.order:
        problems.add("table_empty")
    if not builder.order:
        raise FrameworkError(problems.ordered())
    builder.check_total()
    blocks, nodes = builder.document_parts()
    document = _document(identity, blocks, nodes)
    framework: Framework | None = None
    try:
        framework = build_framework(document, name)
    except FrameworkError as exc:
        for problem in exc.problems:
            _relocate(problem, builder, problems)
    year = year if year is not None else (identity.years[0] if identity.years else 0)
    unit = unit or Unit()
    unit = Unit(unit.code, unit.name, unit.kind or identity.unit_kind)
    assessment_text = _assessment(builder, identity, unit, year)
    if problems or framework is None:
        raise FrameworkError(problems.ordered())
    plain = _plain(document)
    assessment = load_assessment(assessment_text, name) if assessment_text else None
    return ImportedTable(
        framework=framework,
        document=plain,
        framework_yaml=dump_framework_yaml(plain),
        assessment=assessment,
        assessment_yaml=assessment_text or None,
        tables=tuple(g.name for g, _, _ in found),
    )


def _name_of(source: PathOrStream) -> str:
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    return Path(str(getattr(source, "name", "") or "table")).name


def _open(source: PathOrStream, name: str, problems: Problems, sheet: str | None) -> list[Grid]:
    """The file's tables, within limits; a refusal or an unreadable file is one problem."""
    path = os.fspath(source) if isinstance(source, str | os.PathLike) else None
    target: str | IO[bytes] = path if path is not None else source  # type: ignore[assignment]
    try:
        check_zip(target, FRAMEWORK_ZIP_LIMITS)
        with zipfile.ZipFile(target) as archive:
            members = set(archive.namelist())
        if not isinstance(target, str):
            target.seek(0)
        if "word/document.xml" in members:
            return read_docx_tables(target)
        if "xl/workbook.xml" in members:
            return read_xlsx_sheets(target, sheet)
    except LimitError as exc:
        problems.add_facts(exc.code, None, exc.params)
        return []
    except Exception:
        # A damaged package can fail anywhere inside python-docx or openpyxl (XML errors and
        # the like); for the user it is one thing: a file we cannot read as a table.
        pass
    problems.add("table_unreadable")
    return []


def _segments(grids: list[Grid], problems: Problems) -> list[tuple[Grid, Columns, int]]:
    """Each table with its columns: its own header, or the previous table's when a Word
    table continues the one before it (same width, no header of its own)."""
    found: list[tuple[Grid, Columns, int]] = []
    previous: tuple[Grid, Columns] | None = None
    for grid in grids:
        columns = find_header(grid)
        if columns is not None:
            found.append((grid, columns, columns.header_index + 1))
            previous = (grid, columns)
        elif previous is not None and not grid.is_sheet and grid.width == previous[0].width:
            found.append((grid, previous[1], 0))
            previous = (grid, previous[1])
        else:
            previous = None
    if not found:
        _missing_columns(grids, problems)
    return found


def _missing_columns(grids: list[Grid], problems: Problems) -> None:
    candidates = [(best_guess(grid), grid) for grid in grids if grid.rows]
    if not candidates:
        problems.add("table_no_table")
        return
    guess, grid = max(candidates, key=lambda c: len(c[0].keys))
    for key in REQUIRED:
        if key not in guess.keys:
            where: dict[str, object] = (
                {"sheet": grid.name} if grid.is_sheet else {"table": grid.number}
            )
            facts = {**where, "heading": HEADINGS[key], "found": guess.headings}
            problems.add_facts("table_missing_column", None, facts)


def _document(identity: TableIdentity, blocks: Any, nodes: Any) -> LineDict:
    fields: dict[str, Any] = {"schema": SCHEMA, "code": identity.code, "title": identity.title}
    if identity.title_en:
        fields["title_en"] = identity.title_en
    fields.update(
        legal_basis=identity.legal_basis,
        version=identity.version,
        years=list(identity.years),
        unit_kind=identity.unit_kind,
        blocks=blocks,
        nodes=nodes,
    )
    document = LineDict(fields)
    document.line = 0
    document.key_lines = {}
    return document


def _relocate(problem: Problem, builder: TreeBuilder, problems: Problems) -> None:
    """Put a problem of the core's loader on the table row (and column) it concerns."""
    place = builder.places[problem.line] if problem.line else None
    node = problem.node
    if problem.code == "schema" and builder.bad:
        return  # the unreadable cell is already reported; the schema repeats it
    if problem.code == "block_sum" and (builder.bad or builder.dropped):
        return
    if problem.code == "children_sum" and not builder.sums_trusted(node):
        return
    facts = dict(problem.params)
    if problem.code == "duplicate_code":
        first = builder.places[int(str(facts.pop("first", 0) or 0))]
        if first is not None:
            where = first.params("")
            if place is not None and first.grid is place.grid:
                where = {"row": first.row}  # the same table: its row says where
            facts.update({f"first_{k}": v for k, v in where.items() if k != "file"})
    if problem.code == "block_sum" and place is not None:
        facts["block"] = next(b.title for b in builder.blocks if b.line == problem.line)
    if place is None:
        problems.add_facts(problem.code, None, facts, node=node, message=problem.message)
        return
    columns = builder.columns[place.grid.number]
    key = _PROBLEM_COLUMNS.get(problem.code, "")
    if key == "code" and key not in columns.keys:
        key = "title"
    problems.add_facts(
        problem.code,
        place,
        facts,
        column=columns.heading(key) if key else "",
        column_number=columns.keys.get(key, 0),
        node=node,
        message=problem.message,
    )


def _assessment(builder: TreeBuilder, identity: TableIdentity, unit: Unit, year: int) -> str:
    """The self-scores as an assessment file (YAML), or "" when the table holds none.

    Leaves' scores are the inputs (``points`` of the ``manual`` rule); a parent's score and
    the total row's are kept as the figures the table states, so a check shows where they
    do not add up.
    """
    inputs: dict[str, dict[str, Decimal]] = {}
    stated: dict[str, dict[str, Decimal]] = {}
    for item in builder.order:
        if item.self_score is None:
            continue
        columns = builder.columns[item.place.grid.number]
        if item.max is not None and item.self_score > item.max:
            builder.problem(
                "table_score_above_max",
                item.place,
                columns,
                "self_score",
                item.code,
                score=item.self_score,
                max=item.max,
            )
        if item.children:
            stated[item.code] = {"score": item.self_score, **_max(item.max)}
        elif item.effective_scorer == "self":
            inputs[item.code] = {"points": item.self_score}
        else:
            builder.problem(
                "table_score_not_self",
                item.place,
                columns,
                "self_score",
                item.code,
                score=item.self_score,
            )
    total = builder.total
    if not inputs and not stated and (total is None or total[2] is None):
        return ""
    lines = [
        f"schema: {ASSESSMENT_SCHEMA}",
        f"framework: {scalar(identity.code)}",
        f"unit: {flow({'code': unit.code, 'name': unit.name, 'kind': unit.kind})}",
        f"year: {year}",
        "inputs:" if inputs else "inputs: {}",
        *(f"  {scalar(code)}: {flow(values)}" for code, values in inputs.items()),
    ]
    if stated or (total is not None and total[2] is not None):
        lines += ["stated:", "  scope: self"]
        if total is not None and total[2] is not None:
            lines.append(f"  total: {scalar(total[2])}")
            if total[1] is not None:
                lines.append(f"  total_max: {scalar(total[1])}")
        if stated:
            lines.append("  nodes:")
            lines += [f"    {scalar(code)}: {flow(values)}" for code, values in stated.items()]
    return "\n".join(lines) + "\n"


def _max(value: Decimal | None) -> dict[str, Decimal]:
    return {"max": value} if value is not None else {}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_plain(v) for v in value]
    return value
