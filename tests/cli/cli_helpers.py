"""Paths and the result type the command-line tests share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "src/parindex/demo/lao-cai-2020.yaml"


@dataclass(frozen=True)
class Result:
    """What a command left: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


Run = Callable[..., Result]
