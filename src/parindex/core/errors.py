"""The core's exception root and its structured problems."""

from __future__ import annotations

from dataclasses import dataclass, field


class ParindexError(Exception):
    """Root of every error the core raises."""


@dataclass(frozen=True)
class Problem:
    """One validation problem, located as precisely as the source allows.

    ``code`` is stable and machine readable; ``params`` carries the facts the message needs.
    The presentation layer turns both into a sentence.
    """

    code: str
    message: str
    source: str = ""
    line: int | None = None
    node: str = ""
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def location(self) -> str:
        where = self.source
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return f"{where} {self.node}".strip() if self.node else where

    def __str__(self) -> str:
        loc = self.location()
        return f"{loc}: {self.message}" if loc else self.message


class FrameworkError(ParindexError):
    """A framework failed validation; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class InputError(ParindexError):
    """Assessment inputs are invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class FormulaError(ParindexError):
    """A formula is not allowed or cannot be evaluated."""
