"""The frameworks shipped with parindex, as data files, and how to find one by code or path."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from parindex.core.errors import FrameworkError, Problem
from parindex.core.limits import YAML_LIMITS, LimitError, check_size
from parindex.core.model import Framework
from parindex.io.framework_yaml import load_framework_yaml

DIRECTORY = Path(__file__).parent


@dataclass(frozen=True)
class Shipped:
    code: str
    path: Path


def shipped() -> list[Path]:
    """Paths of the framework files that ship with parindex."""
    return sorted(DIRECTORY.glob("*.yaml"))


@lru_cache(maxsize=32)
def _load_path(path: str, mtime: float) -> Framework:
    with Path(path).open("rb") as handle:  # never more than the YAML limit into memory
        data = handle.read(YAML_LIMITS.max_bytes + 1)
    try:
        check_size(len(data), YAML_LIMITS.max_bytes, "file")
    except LimitError as exc:
        raise FrameworkError([exc.problem(Path(path).name)]) from exc
    return load_framework_yaml(data.decode("utf-8"), Path(path).name)


def load_path(path: Path) -> Framework:
    """Load and validate a framework file (cached while the file is unchanged)."""
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise FrameworkError([Problem("file", f"cannot read: {exc.strerror}", str(path))]) from exc
    return _load_path(str(path), mtime)


def find(ref: str) -> Framework:
    """A framework by file path, by code (``par-province-1149``) or by ``code@version``."""
    candidate = Path(ref)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return load_path(candidate)
    code, _, version = ref.partition("@")
    for path in shipped():
        framework = load_path(path)
        if framework.code == code and (not version or framework.version == version):
            return framework
    known = ", ".join(load_path(p).key for p in shipped())
    raise FrameworkError([Problem("unknown_framework", f"no framework '{ref}' (known: {known})")])


def for_year(code_prefix: str, year: int) -> Framework | None:
    """The shipped framework of a family that applies to ``year``."""
    for path in shipped():
        framework = load_path(path)
        if framework.code.startswith(code_prefix) and framework.applies_to(year):
            return framework
    return None
