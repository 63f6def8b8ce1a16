"""`parindex rank|compare`: units ranked and classified, two years compared."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path
from typing import Any

from parindex.cli.loading import read, scored
from parindex.cli.output import EXIT_OK, UsageError, emit, signed, word, word_of
from parindex.core.analysis import compare
from parindex.core.errors import InputError, Problem
from parindex.core.limits import CODE as LIMIT_CODE
from parindex.core.numbers import parse_number
from parindex.core.ranking import NATIONAL_BANDS, Classification, Entry, rank
from parindex.presentation import serialize
from parindex.presentation.numbers import fmt_number, fmt_points


def _parse_bands(text: str | None) -> tuple[Classification, ...]:
    if not text:
        return NATIONAL_BANDS
    bands = []
    for part in text.split(","):
        code, sep, low = part.partition("=")
        try:
            bands.append(Classification(code.strip(), parse_number(low)))
        except ValueError as exc:
            raise UsageError(f"--bands '{part}': expected CODE=PERCENT, e.g. A=90") from exc
        if not sep or not code.strip():
            raise UsageError(f"--bands '{part}': expected CODE=PERCENT, e.g. A=90")
    return tuple(bands)


def _results_csv(path: str) -> list[Entry]:
    entries = []
    text = read(path)
    reader = csv.DictReader(text.splitlines())
    try:
        fields = {f.strip().lower() for f in reader.fieldnames or []}
    except csv.Error as exc:
        raise InputError([Problem(LIMIT_CODE, str(exc), Path(path).name, 1)]) from exc
    if not {"unit", "total", "max"} <= fields:
        raise InputError(
            [
                Problem(
                    "csv_header",
                    "the header must have columns unit, total, max",
                    Path(path).name,
                    1,
                )
            ]
        )
    try:
        rows = list(enumerate(reader, start=2))
    except csv.Error as exc:  # e.g. a field longer than the csv module's limit
        line = reader.line_num + 1  # the line being read when it failed
        raise InputError([Problem(LIMIT_CODE, str(exc), Path(path).name, line)]) from exc
    for row_number, row in rows:
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        try:
            entries.append(
                Entry(
                    row["unit"],
                    parse_number(row["total"]),
                    parse_number(row["max"]),
                )
            )
        except ValueError as exc:
            raise InputError([Problem("csv_value", f"{exc}", Path(path).name, row_number)]) from exc
    return entries


def cmd_rank(args: argparse.Namespace) -> int:
    entries: list[Entry] = []
    for path in args.files:
        if path.endswith(".csv"):
            entries.extend(_results_csv(path))
        else:
            _, card = scored(path, args.framework)
            entries.append(
                Entry(card.unit, *card.total_by("self"))
                if args.self_only
                else Entry(card.unit, card.total, card.max)
            )
    if not entries:
        raise UsageError("give assessment files or a results CSV")
    ranked = rank(entries, _parse_bands(args.bands))
    rows = [
        [
            r.rank,
            r.unit,
            fmt_points(r.total, args.lang),
            fmt_points(r.max, args.lang),
            fmt_number(r.percent, args.lang, 2),
            r.classification or "—",
        ]
        for r in ranked
    ]
    headers = [word(args, k) for k in ("rank", "unit", "score", "max", "percent", "class")]
    emit(
        args,
        [serialize.ranked_dict(r) for r in ranked],
        headers,
        rows,
        [True, False, True, True, True, False],
    )
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    _, before = scored(args.before, None)
    _, after = scored(args.after, None)
    comparison = compare(before, after)
    rows = [
        [
            c.code,
            c.title,
            fmt_points(c.before, args.lang),
            fmt_points(c.after, args.lang),
            signed(c.delta, args.lang),
            word_of(args, "change", c.status),
        ]
        for c in comparison.changed()
    ]
    headers = [word(args, k) for k in ("code", "title", "before", "after", "delta", "status")]
    emit(
        args,
        serialize.comparison_dict(comparison),
        headers,
        rows,
        [False, False, True, True, True, False],
    )
    return EXIT_OK


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register `rank` and `compare`."""
    p = sub.add_parser("rank", parents=[common], help="rank units and classify them")
    p.add_argument("files", nargs="+", help="assessment files, or a CSV with unit,total,max")
    p.add_argument("--framework")
    p.add_argument("--bands", help="e.g. A=90,B=80,C=70 (default: the national bands)")
    p.add_argument("--self-only", action="store_true", help="rank on the self-assessed total")
    p.set_defaults(func=cmd_rank)

    p = sub.add_parser("compare", parents=[common], help="compare two years' assessments")
    p.add_argument("before")
    p.add_argument("after")
    p.set_defaults(func=cmd_compare)
