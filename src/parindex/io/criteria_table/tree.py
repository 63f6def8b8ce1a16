"""Build the node tree from the rows of a criteria table: areas → criteria → sub-criteria.

Codes come from the code column or the start of the title. Areas in Roman numerals (I, II)
become ``1``, ``2``; under them criteria numbered again from 1 are read as ``2.1``, ``2.1.1``
(the first criterion of the area decides whether its codes repeat the area's number). Letters
(a, b) are sub-items of the numbered row above them (``1.2.a``). A letter from A to H with a
title opens a block (``A. Điểm đánh giá``, ``B. Điểm điều tra xã hội học``). A row without a
code is a line of guidance for the row above it (the scoring levels a decision lists), or the
total row (``Tổng cộng``). Every leaf is scored by hand (rule ``manual``) until a rule is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parindex.core.loader import LineDict, LineList
from parindex.io.criteria_table.cells import (
    BLOCK,
    LETTER,
    ROMAN,
    Label,
    embedded,
    is_total,
    label_of,
    points,
    scorer_in_note,
    scorer_in_title,
)
from parindex.io.criteria_table.columns import Columns, header_again, is_numbering_row
from parindex.io.criteria_table.grid import Cell, Grid, fold, one_line
from parindex.io.criteria_table.problems import Place, Problems

APPRAISAL, SURVEY = "appraisal", "survey"
BLOCK_TITLES = {APPRAISAL: "Điểm đánh giá, thẩm định", SURVEY: "Điểm điều tra xã hội học"}
_BULLETS = "-+•–*"


@dataclass
class Item:
    """A node as read, before it becomes a document node."""

    code: str
    title: str
    place: Place
    line: int
    max: Decimal | None
    parent: str | None
    scorer: str | None
    block: str
    self_score: Decimal | None = None
    guidance: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)
    effective_scorer: str = "self"
    effective_block: str = APPRAISAL


@dataclass
class DeclaredBlock:
    code: str
    title: str
    max: Decimal | None
    line: int


@dataclass
class Area:
    code: str
    roman: bool
    relative: bool | None = None


class TreeBuilder:
    """Reads rows into items, then writes the framework's blocks and nodes with line marks.

    Each row read gets a line number (its index in :attr:`places`), so a problem the core's
    loader reports on a node or block is put back on its table, row and column.
    """

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.places: list[Place | None] = [None]
        self.columns: dict[int, Columns] = {}
        self.items: dict[str, Item] = {}
        self.order: list[Item] = []
        self.roots: list[Item] = []
        self.blocks: list[DeclaredBlock] = []
        self.block = APPRAISAL
        self.area: Area | None = None
        self.last_numbered: str | None = None
        self.last: Item | None = None
        self.by_row: dict[tuple[int, int], Item] = {}
        self.bad: set[str] = set()
        #: Codes of rows left out (a child of an unknown parent); "" when a row's code itself
        #: could not be read, so no sum is trusted.
        self.dropped: set[str] = set()
        self.total: tuple[Place, Decimal | None, Decimal | None] | None = None
        self.rows_read = 0

    # --- reading rows ---

    def read(self, grid: Grid, columns: Columns, start: int) -> None:
        """The rows of one table (or its continuation) from index ``start``."""
        self.columns[grid.number] = columns
        title_column = columns.keys["title"]
        numbering_at = start
        index = start
        while index < len(grid.rows):
            cells = grid.rows[index]
            if not any(c.text for c in cells) or (
                index == numbering_at and is_numbering_row(cells)
            ):
                index += 1
                continue
            title = grid.cell(index, title_column).text
            if title and (again := header_again(grid, index, columns)) is not None:
                index = numbering_at = again + 1
                continue
            self.row(grid, index, columns)
            index += 1

    def _cell(self, grid: Grid, index: int, columns: Columns, key: str) -> Cell:
        column = columns.keys.get(key)
        return grid.cell(index, column) if column else Cell("")

    def row(self, grid: Grid, index: int, columns: Columns) -> None:
        place = Place(grid, index, grid.row_numbers[index])
        self.rows_read += 1
        code_cell = self._cell(grid, index, columns, "code")
        title_cell = self._cell(grid, index, columns, "title")
        title = one_line(title_cell.text)
        label: Label | None = None
        if code_cell.text:
            label = label_of(code_cell.text)
            if label is None:
                self.problem("table_bad_code", place, columns, "code", value=code_cell.text)
                self.dropped.add("")
                return
        found = embedded(title)
        if found is not None and (label is None or found[0].text == label.text):
            label, title = found[0], found[1]
        if label is None:
            self.uncoded(place, columns, code_cell, title)
            return
        max_cell = self._cell(grid, index, columns, "max")
        if label.kind == BLOCK and title:
            self.open_block(place, columns, label, title, max_cell)
            return
        code, parent = self.code_of(label)
        if parent is not None and parent not in self.items:
            self.problem("table_unknown_parent", place, columns, "code", code, parent=parent)
            self.dropped.add(code)
            return
        self.add(place, columns, code, parent, title, title_cell, max_cell, label)

    def code_of(self, label: Label) -> tuple[str, str | None]:
        """The full code of a row's label and its parent's code (None for an area)."""
        if label.kind == ROMAN:
            return str(label.value), None
        if label.kind == LETTER:
            parent = self.last_numbered or "—"
            return f"{parent}.{label.text}", parent
        code = label.text
        area = self.area
        if area is not None and area.roman:
            if area.relative is None:
                parts = code.split(".")
                area.relative = len(parts) == 1 or parts[0] != area.code
            if area.relative:
                code = f"{area.code}.{code}"
        parent, _, _ = code.rpartition(".")
        return code, parent or None

    def add(
        self,
        place: Place,
        columns: Columns,
        code: str,
        parent: str | None,
        title: str,
        title_cell: Cell,
        max_cell: Cell,
        label: Label,
    ) -> None:
        grid, index = place.grid, place.index
        before = len(self.problems.found)
        if not title:
            self.empty(place, columns, "title", title_cell, code)
        maximum = self.number(place, columns, "max", max_cell, code)
        score_cell = self._cell(grid, index, columns, "self_score")
        note = self._cell(grid, index, columns, "note").text
        scorer = scorer_in_title(title) or (scorer_in_note(note) if note else None)
        score: Decimal | None = None
        if score_cell.text:
            read = points(score_cell.value, score_cell.text)
            if isinstance(read, str):
                marker = scorer_in_note(read)
                if marker is None:
                    self.problem("table_not_number", place, columns, "self_score", code, value=read)
                scorer = scorer or marker
            else:
                score = read
        evidence_text = self._cell(grid, index, columns, "evidence").text
        item = Item(
            code=code,
            title=title,
            place=place,
            line=self.mark(place),
            max=maximum,
            parent=parent,
            scorer=scorer,
            block=self.block,
            self_score=score,
            evidence=_lines(evidence_text),
        )
        if len(self.problems.found) > before:
            self.bad.add(code)
        if parent is None:
            self.roots.append(item)
            self.area = Area(code, label.kind == ROMAN)
        else:
            self.items[parent].children.append(item)
        self.items[code] = item
        self.order.append(item)
        self.by_row[(grid.number, place.row)] = item
        self.last = item
        if label.kind != LETTER:
            self.last_numbered = code

    def uncoded(self, place: Place, columns: Columns, code_cell: Cell, title: str) -> None:
        """A row without a code: the rest of a merged row, the total, or a guidance line."""
        grid, index = place.grid, place.index
        max_cell = self._cell(grid, index, columns, "max")
        origin = code_cell.merged_from
        if origin is not None and (item := self.by_row.get((grid.number, origin[0]))):
            if title:
                item.title = f"{item.title} {title}".strip()
            item.evidence += _lines(self._cell(grid, index, columns, "evidence").text)
            return
        if title and is_total(title):
            maximum = self.number(place, columns, "max", max_cell, "", required=False)
            score_cell = self._cell(grid, index, columns, "self_score")
            score = points(score_cell.value, score_cell.text) if score_cell.text else None
            self.total = (place, maximum, score if isinstance(score, Decimal) else None)
            return
        if self.last is not None and (title or max_cell.text):
            line = title.lstrip(_BULLETS).strip()
            self.last.guidance.append(f"{line}: {max_cell.text}" if max_cell.text else line)

    def open_block(
        self, place: Place, columns: Columns, label: Label, title: str, max_cell: Cell
    ) -> None:
        code = SURVEY if "dieu tra" in fold(title) or scorer_in_title(title) else APPRAISAL
        maximum = self.number(place, columns, "max", max_cell, label.text, required=False)
        self.blocks.append(DeclaredBlock(code, title, maximum, self.mark(place)))
        self.block = code
        self.area = None
        self.last_numbered = None

    def sums_trusted(self, code: str) -> bool:
        """Whether every row that may belong under ``code`` was read (so its sum can be checked)."""
        if code in self.bad or any(c.code in self.bad for c in self.items[code].children):
            return False
        return "" not in self.dropped and not any(d.startswith(f"{code}.") for d in self.dropped)

    # --- cells and problems ---

    def mark(self, place: Place) -> int:
        self.places.append(place)
        return len(self.places) - 1

    def problem(
        self, code: str, place: Place, columns: Columns, key: str, node: str = "", **facts: object
    ) -> None:
        self.problems.add_facts(
            code,
            place,
            facts,
            column=columns.heading(key),
            column_number=columns.keys.get(key, 0),
            node=node,
        )

    def empty(self, place: Place, columns: Columns, key: str, cell: Cell, code: str) -> None:
        if cell.merged_from is not None:
            self.problem(
                "table_merged_cell", place, columns, key, code, origin_row=cell.merged_from[0]
            )
        else:
            self.problem("table_empty_cell", place, columns, key, code)

    def number(
        self, place: Place, columns: Columns, key: str, cell: Cell, code: str, required: bool = True
    ) -> Decimal | None:
        read = points(cell.value, cell.text) if cell.text else None
        if isinstance(read, str):
            self.problem("table_not_number", place, columns, key, code, value=read)
            return None
        if read is None and required:
            self.empty(place, columns, key, cell, code)
        return read

    # --- the document ---

    def document_parts(self) -> tuple[LineList, LineList]:
        """The blocks and nodes of the framework document, line-marked by row."""
        sums: dict[str, Decimal] = {}
        for root in self.roots:
            self._settle(root, None)
        for item in self.order:
            if not item.children and item.max is not None:
                sums[item.effective_block] = sums.get(item.effective_block, Decimal(0)) + item.max
        declared = {b.code: b for b in self.blocks}
        blocks = LineList()
        for kind in (APPRAISAL, SURVEY):
            block = declared.get(kind)
            if kind not in sums and block is None:
                continue
            entry = _marked({}, block.line if block else 0)
            entry["code"] = kind
            entry["title"] = block.title if block else BLOCK_TITLES[kind]
            maximum = block.max if block and block.max is not None else sums.get(kind)
            entry["max"] = maximum if maximum is not None else Decimal(0)
            entry.key_lines = dict.fromkeys(entry, entry.line)
            blocks.append(entry)
        nodes = LineList(self._node(root, None) for root in self.roots)
        return blocks, nodes

    def _settle(self, item: Item, parent: Item | None) -> None:
        """Who scores the item and its block, inherited from the parent unless it says."""
        if parent is None:
            inherited = SURVEY if item.block == SURVEY else "self"
        else:
            inherited = parent.effective_scorer
        item.effective_scorer = item.scorer or inherited
        if item.effective_scorer == SURVEY:
            item.effective_block = SURVEY
        else:
            item.effective_block = parent.effective_block if parent else item.block
        for child in item.children:
            self._settle(child, item)

    def _node(self, item: Item, parent: Item | None) -> LineDict:
        node: dict[str, Any] = {"code": item.code, "title": item.title}
        if item.max is not None:
            node["max"] = item.max
        if parent is None or item.effective_block != parent.effective_block:
            node["block"] = item.effective_block
        if item.effective_scorer != (parent.effective_scorer if parent else "self"):
            node["scored_by"] = item.effective_scorer
        if item.guidance:
            node["guidance"] = "\n".join(item.guidance)
        if item.evidence:
            node["evidence"] = LineList(item.evidence)
        if item.children:
            children = LineList(self._node(child, item) for child in item.children)
            children.line = item.line
            node["children"] = children
        else:
            node["rule"] = _marked({"kind": "manual"}, item.line)
        return _marked(node, item.line)

    def check_total(self) -> None:
        """The total row, if any, against the areas' maxima."""
        if self.total is None or self.total[1] is None:
            return
        place, stated, _ = self.total
        areas = [root.max for root in self.roots]
        if any(m is None for m in areas) or self.bad or self.dropped:
            return
        total = sum((m for m in areas if m is not None), Decimal(0))
        if total != stated:
            columns = self.columns[place.grid.number]
            self.problem("table_total_sum", place, columns, "max", max=stated, total=total)


def _marked(values: dict[str, Any], line: int) -> LineDict:
    marked = LineDict(values)
    marked.line = line
    marked.key_lines = dict.fromkeys(values, line)
    return marked


def _lines(text: str) -> list[str]:
    """One evidence document per line, list bullets removed."""
    lines = (line.lstrip(_BULLETS).strip() for line in text.split("\n"))
    return [line for line in lines if line]
