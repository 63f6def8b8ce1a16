"""Bounds for files people hand in: zip packages (.xlsx, .docx) and YAML text.

Pure Python, no Django. A zip package is checked from its central directory before anything
unpacks it (Python's zipfile never inflates a member past the size the directory declares), and
YAML is read by a loader that counts aliases, depth and the nodes aliases expand to while it
composes, so a bomb is refused before it costs memory or time. Every refusal is one
:class:`LimitError` with the code ``file_too_large_or_malformed`` and parameters naming the
limit, its maximum and what was found; each door translates it like any other problem.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, Any, TypeVar

import yaml

from parindex.core.errors import ParindexError, Problem

CODE = "file_too_large_or_malformed"
MIB = 1024 * 1024

ZipSource = str | os.PathLike[str] | IO[bytes]
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
class ZipLimits:
    """What a zip package may declare: total unpacked size, members and compression ratio."""

    max_total_bytes: int = 64 * MIB
    max_members: int = 1_000
    #: Unpacked / packed size of one member; spreadsheets' XML compresses 5 to 30 times.
    max_ratio: int = 100
    #: Members smaller than this unpacked are never refused for their ratio alone.
    ratio_floor_bytes: int = MIB


@dataclass(frozen=True)
class YamlLimits:
    """What YAML text may hold: its size, nesting depth, aliases and the nodes they expand to."""

    max_bytes: int = 4 * MIB
    max_depth: int = 64
    max_aliases: int = 100
    max_nodes: int = 250_000


ZIP_LIMITS = ZipLimits()
YAML_LIMITS = YamlLimits()
#: A framework workbook is a few hundred rows: far less than any other upload.
FRAMEWORK_ZIP_LIMITS = ZipLimits(max_total_bytes=16 * MIB, max_members=500)


def check_zip(source: ZipSource, limits: ZipLimits = ZIP_LIMITS) -> None:
    """Refuse a zip package whose central directory declares too much; a stream is rewound.

    A file that is not a zip at all raises :class:`zipfile.BadZipFile` as ``zipfile`` does.
    """
    position = None if isinstance(source, str | os.PathLike) else source.tell()
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    finally:
        if position is not None and not isinstance(source, str | os.PathLike):
            source.seek(position)
    if len(members) > limits.max_members:
        raise LimitError(
            "zip_members",
            limits.max_members,
            len(members),
            f"the package holds {len(members)} files, more than {limits.max_members}",
        )
    total = sum(member.file_size for member in members)
    if total > limits.max_total_bytes:
        raise LimitError(
            "zip_total_bytes",
            limits.max_total_bytes,
            total,
            f"the package unpacks to {total} bytes, more than {limits.max_total_bytes}",
        )
    for member in members:
        if member.file_size < limits.ratio_floor_bytes:
            continue
        ratio = member.file_size // max(member.compress_size, 1)
        if ratio > limits.max_ratio:
            raise LimitError(
                "zip_ratio",
                limits.max_ratio,
                ratio,
                f"'{member.filename}' unpacks {ratio} times its packed size "
                f"(at most {limits.max_ratio})",
            )


def load_yaml(text: str | bytes, *, loader: type[L], limits: YamlLimits = YAML_LIMITS) -> Any:
    """Parse YAML with ``loader`` bounded by ``limits``; YAML errors are raised as PyYAML's."""
    return yaml.load(text, Loader=bounded_loader(loader, limits))


def bounded_loader(loader: type[L], limits: YamlLimits = YAML_LIMITS) -> type[L]:
    """A subclass of the safe loader ``loader`` that raises LimitError beyond ``limits``."""
    return _bounded(loader, limits)


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
