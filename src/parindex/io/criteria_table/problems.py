"""Problems of a criteria table, each located by file, table or sheet, row and column.

Every problem carries its code and the facts its sentence needs (``params``), plus its place:
``file``, ``table`` (a Word table's number) or ``sheet``, ``row`` and ``column`` (the heading
as the file writes it). The sentences live in ``parindex.presentation.text.PROBLEMS``
(Vietnamese and English); a problem's ``message`` is the English one, as for the other
readers, and :func:`parindex.presentation.text.problem_text` gives either language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from parindex.core.errors import Problem
from parindex.i18n import translate
from parindex.io.criteria_table.grid import Grid
from parindex.presentation.text import PROBLEMS, problem_text, render


@dataclass(frozen=True)
class Place:
    """A row of a table: the grid, the row's index in it and its number in the file."""

    grid: Grid
    index: int
    row: int

    def params(self, file: str) -> dict[str, object]:
        where: dict[str, object] = {"file": file}
        if self.grid.is_sheet:
            where["sheet"] = self.grid.name
        else:
            where["table"] = self.grid.number
        where["row"] = self.row
        return where

    def source(self, file: str) -> str:
        kind = f"[{self.grid.name}]" if self.grid.is_sheet else f"[table {self.grid.number}]"
        return f"{file}{kind}"


def english(code: str, params: dict[str, object], node: str = "") -> str:
    """The English sentence of a problem (its ``message``)."""
    message = PROBLEMS.get(code)
    if message is None:  # pragma: no cover - every code the reader gives is worded
        return code
    return render(translate(message, "en"), "en", **{"code": node, **params})


@dataclass
class Problems:
    """The problems found so far in one file, in the order the file holds them."""

    file: str
    found: list[tuple[tuple[int, int, int], Problem]] = field(default_factory=list)

    def add(
        self,
        code: str,
        place: Place | None = None,
        *,
        column: str = "",
        column_number: int = 0,
        node: str = "",
        **facts: object,
    ) -> None:
        """Add a problem with its facts given as keywords."""
        self.add_facts(code, place, facts, column=column, column_number=column_number, node=node)

    def add_facts(
        self,
        code: str,
        place: Place | None,
        facts: Mapping[str, object],
        *,
        column: str = "",
        column_number: int = 0,
        node: str = "",
        message: str = "",
    ) -> None:
        """Add a problem; ``message`` is kept for a code without a sentence of its own."""
        params: dict[str, object] = place.params(self.file) if place else {"file": self.file}
        if column:
            params["column"] = column
        params.update(facts)
        if code in PROBLEMS or not message:
            message = english(code, {k: v for k, v in params.items() if k != "file"}, node)
        problem = Problem(
            code,
            message,
            place.source(self.file) if place else self.file,
            place.row if place else None,
            node,
            params,
        )
        order = (place.grid.number, place.row, column_number) if place else (-1, 0, 0)
        self.found.append((order, problem))

    def extend(self, problems: list[Problem]) -> None:
        self.found.extend(((-1, 0, 0), p) for p in problems)

    def __bool__(self) -> bool:
        return bool(self.found)

    def ordered(self) -> list[Problem]:
        """File-level problems first, then by table, row and column."""
        return [p for _, p in sorted(self.found, key=lambda item: item[0])]


__all__ = ["Place", "Problems", "english", "problem_text"]
