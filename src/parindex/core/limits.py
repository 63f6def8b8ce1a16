"""Bounds for text people hand in: its size and, for YAML, its depth, aliases and expansion.

Why here, in the core: the core parses the YAML it is handed (frameworks, assessments), and
every door (web, API, CLI, imports) reaches it through ``load_framework`` and
``load_assessment``. Bounding the parse in the core means a caller cannot forget the bound, and
keeps ONE implementation: ``parindex.io.limits`` adds only what needs files (zip packages,
workbooks, CSV) and re-uses :class:`LimitError` and the loader below; ``parindex.plans`` and
``parindex.surveys`` read their YAML through :func:`load_yaml` too.

The loader counts aliases, depth and the nodes aliases expand to while it composes, so a bomb
is refused before it costs memory or time. Every refusal is one :class:`LimitError` with the
code ``file_too_large_or_malformed`` and parameters naming the limit, its maximum and what was
found; each door translates it like any other problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Any, TypeVar

import yaml

from parindex.core.errors import ParindexError, Problem

CODE = "file_too_large_or_malformed"
MIB = 1024 * 1024

L = TypeVar("L", bound=yaml.SafeLoader)


class LimitError(ParindexError):
    """A file exceeds a limit (or is built to look small and unpack large)."""

    code = CODE

    def __init__(self, limit: str, maximum: int, found: int, message: str) -> None:
        self.params: dict[str, object] = {"limit": limit, "maximum": maximum, "found": found}
        super().__init__(message)

    def problem(self, source: str = "", line: int | None = None, node: str = "") -> Problem:
        """The refusal as a located problem, for readers that report a list of them."""
        return Problem(self.code, str(self), source, line, node, dict(self.params))


@dataclass(frozen=True)
class YamlLimits:
    """What YAML text may hold: its size, nesting depth, aliases and the nodes they expand to."""

    max_bytes: int = 4 * MIB
    max_depth: int = 64
    max_aliases: int = 100
    max_nodes: int = 250_000


YAML_LIMITS = YamlLimits()


def check_size(size: int, maximum: int, what: str = "text") -> None:
    """Refuse ``size`` bytes beyond ``maximum``; ``what`` names the limit (``text_bytes``)."""
    if size > maximum:
        raise LimitError(
            f"{what}_bytes", maximum, size, f"the {what} is {size} bytes, more than {maximum}"
        )


def load_yaml(text: str | bytes, *, loader: type[L], limits: YamlLimits = YAML_LIMITS) -> Any:
    """Parse YAML with ``loader`` bounded by ``limits``; YAML errors are raised as PyYAML's."""
    return yaml.load(text, Loader=bounded_loader(loader, limits))


def bounded_loader(loader: type[L], limits: YamlLimits = YAML_LIMITS) -> type[L]:
    """A subclass of the safe loader ``loader`` that raises LimitError beyond ``limits``."""
    # A class is hashable; typeshed types lru_cache's arguments as Hashable, which type[L] isn't.
    return _bounded(loader, limits)  # type: ignore[arg-type]


@lru_cache(maxsize=16)
def _bounded(base: type[L], limits: YamlLimits) -> type[L]:
    class Bounded(base):  # type: ignore[valid-type,misc]
        def __init__(self, stream: str | bytes | IO[str] | IO[bytes]) -> None:
            if not isinstance(stream, str | bytes):
                stream = stream.read(limits.max_bytes + 1)
            size = len(stream) if len(stream) > limits.max_bytes else _byte_size(stream)
            if size > limits.max_bytes:
                raise LimitError(
                    "yaml_bytes",
                    limits.max_bytes,
                    size,
                    f"the text is {size} bytes, more than {limits.max_bytes}",
                )
            super().__init__(stream)
            self._depth = 0
            self._aliases = 0
            self._nodes = 0
            self._sizes: dict[int, int] = {}  # id(node) -> nodes it stands for, aliases expanded

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                self._aliases += 1
                if self._aliases > limits.max_aliases:
                    raise LimitError(
                        "yaml_aliases",
                        limits.max_aliases,
                        self._aliases,
                        f"more than {limits.max_aliases} aliases (*name)",
                    )
                node = super().compose_node(parent, index)
                size = self._sizes.get(id(node))
                if size is None:  # the anchor is still open: the alias makes a loop
                    raise LimitError(
                        "yaml_recursive_alias", 0, 1, "an alias refers to a node that contains it"
                    )
                self._count(size)
                return node
            self._depth += 1
            if self._depth > limits.max_depth:
                raise LimitError(
                    "yaml_depth",
                    limits.max_depth,
                    self._depth,
                    f"nested more than {limits.max_depth} levels deep",
                )
            before = self._nodes
            node = super().compose_node(parent, index)
            self._depth -= 1
            self._count(1)
            self._sizes[id(node)] = self._nodes - before
            return node

        def _count(self, nodes: int) -> None:
            self._nodes += nodes
            if self._nodes > limits.max_nodes:
                raise LimitError(
                    "yaml_nodes",
                    limits.max_nodes,
                    self._nodes,
                    f"the text expands to more than {limits.max_nodes} values",
                )

    Bounded.__name__ = Bounded.__qualname__ = f"Bounded{base.__name__}"
    return Bounded


def _byte_size(text: str | bytes) -> int:
    return len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
