"""Reading the files commands are given: assessments scored against their framework."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parindex import frameworks
from parindex.core.assessment import AssessmentData, load_assessment
from parindex.core.errors import InputError, Problem
from parindex.core.limits import YAML_LIMITS, LimitError, check_size
from parindex.core.model import Framework
from parindex.core.scoring import Scorecard, score


def read(path: str, max_bytes: int = YAML_LIMITS.max_bytes) -> str:
    """The text of a UTF-8 file; a missing, unreadable or too large file is an input problem."""
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(max_bytes + 1)
        check_size(len(data), max_bytes, "file")
        return data.decode("utf-8")
    except LimitError as exc:
        raise InputError([exc.problem(path)]) from exc
    except FileNotFoundError as exc:
        raise InputError([Problem("file", "file not found", path)]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem("file", f"cannot read: {exc}", path)]) from exc


def assessment(path: str) -> AssessmentData:
    return load_assessment(read(path), Path(path).name)


def framework_for(data: AssessmentData, ref: str | None) -> Framework:
    """The framework `ref` names, or the assessment's own, which must apply to its year."""
    framework = frameworks.find(ref or data.framework)
    if ref is None and not framework.applies_to(data.year):
        raise InputError(
            [
                Problem(
                    "framework_year",
                    f"{framework.key} does not apply to "
                    f"{data.year} (years {list(framework.years)})",
                )
            ]
        )
    return framework


def scored(path: str, ref: str | None) -> tuple[AssessmentData, Scorecard]:
    """The assessment in `path` and its scorecard; input problems name the file."""
    data = assessment(path)
    framework = framework_for(data, ref)
    try:
        card = score(
            framework,
            data.inputs,
            data.previous,
            unit=data.unit_name or data.unit_code,
            year=data.year,
        )
    except InputError as exc:
        raise InputError(
            [
                Problem(p.code, p.message, Path(path).name, p.line, p.node, p.params)
                for p in exc.problems
            ]
        ) from exc
    return data, card


def add_assessment_command(
    sub: Any,
    common: argparse.ArgumentParser,
    name: str,
    func: Callable[[argparse.Namespace], int],
    help_text: str,
) -> argparse.ArgumentParser:
    """Register a command that reads one assessment file (and an optional --framework)."""
    p: argparse.ArgumentParser = sub.add_parser(name, parents=[common], help=help_text)
    p.add_argument("assessment", help="assessment YAML file")
    p.add_argument("--framework", help="framework code or file (default: the file's)")
    p.set_defaults(func=func)
    return p
