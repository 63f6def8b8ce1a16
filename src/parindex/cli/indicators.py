"""`parindex indicators …`: generate, import, preview, compute, drilldown, apply.

Exit codes: 0 success; 2 bad arguments; 3 a bad input file (the message names the file, row,
column and reason). Errors never surface as tracebacks.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from parindex.cli.output import EXIT_INPUT, EXIT_OK, EXIT_USAGE, UsageError
from parindex.core.dates import parse_date
from parindex.indicators import GROUP_KEYS, apply, compute, inputs_document, open_dataset
from parindex.indicators.definitions import WHERE, load_definitions, title_in
from parindex.indicators.errors import ImportRejected, IndicatorError
from parindex.indicators.ingest import Tolerance, preview
from parindex.indicators.store import Store
from parindex.indicators.words import detail_text, reason_text, value_word, word
from parindex.presentation.numbers import (
    fmt_count,
    fmt_date,
    fmt_percent,
    fmt_period,
    fmt_points,
)

MAX_PROBLEMS_SHOWN = 20


class _Parser(argparse.ArgumentParser):
    """An argparse parser that reports usage errors as an exception, not by exiting."""

    def error(self, message: str) -> Any:
        raise UsageError(message)


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register the `indicators` subcommand on an argparse subparsers object."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "indicators", help="indicators from dossier logs"
    )
    _fill(p)
    return p


def _fill(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("vi", "en"), default="vi")
    sub = p.add_subparsers(dest="indicators_command", metavar="COMMAND")
    sub.required = True

    def common(q: argparse.ArgumentParser, fmt: bool = True) -> None:
        q.add_argument("--lang", choices=("vi", "en"), default=argparse.SUPPRESS)
        if fmt:
            q.add_argument("--format", choices=("table", "json", "csv"), default="table")
            q.add_argument(
                "--keys",
                action="store_true",
                help="tables name indicators and levels by their keys (json and csv always do)",
            )

    g = sub.add_parser("generate", help="write a synthetic dossier log")
    g.add_argument("output", type=Path)
    g.add_argument("--rows", type=int, default=None, help="default: the seed's 2020 counts")
    g.add_argument("--seed", type=int, default=2020)
    g.add_argument("--year", type=int, default=2020)
    g.add_argument("--dates", choices=("dmy", "iso"), default="dmy")
    common(g, fmt=False)

    def mapping_args(q: argparse.ArgumentParser) -> None:
        q.add_argument("--mapping", type=Path, help="YAML/JSON column mapping")

    i = sub.add_parser("import", help="import an export into a store")
    i.add_argument("file", type=Path)
    i.add_argument("--store", type=Path, required=True)
    mapping_args(i)
    i.add_argument("--max-bad-rows", type=int, default=None)
    i.add_argument("--max-bad-share", type=float, default=None)
    common(i)

    v = sub.add_parser("preview", help="show the first rows as they will be read")
    v.add_argument("file", type=Path)
    mapping_args(v)
    v.add_argument("-n", type=int, default=10)
    common(v)

    def source_args(q: argparse.ArgumentParser) -> None:
        q.add_argument("source", type=Path, help="a store directory or an export file")
        mapping_args(q)
        q.add_argument("--definitions", type=Path, help="indicator definitions YAML")
        q.add_argument("--year", type=int)
        q.add_argument("--where", help="filter, e.g. \"level == 'province'\"")
        q.add_argument("--as-of", type=_as_of, dest="as_of", help="dd/mm/yyyy or yyyy-mm-dd")
        q.add_argument("--max-bad-rows", type=int, default=None, help="rows that may be left out")
        q.add_argument("--max-bad-share", type=float, default=None)

    c = sub.add_parser("compute", help="compute indicators by a grouping")
    source_args(c)
    c.add_argument("--by", default="", help=f"comma-separated: {','.join(GROUP_KEYS)}")
    c.add_argument("--indicators", default=None, help="comma-separated indicator names")
    common(c)

    d = sub.add_parser("drilldown", help="who loses the points of a node")
    source_args(d)
    d.add_argument("--node", default="3.4.1")
    d.add_argument("--framework", default="par-province-1149")
    d.add_argument("--max-points", type=float, default=None)
    d.add_argument("--top", type=int, default=10)
    d.add_argument("--xlsx", type=Path, help="also write the drill-down to this Excel file")
    common(d)

    a = sub.add_parser("apply", help="framework input values with provenance (JSON)")
    source_args(a)
    a.add_argument("--framework", default="par-province-1149")
    common(a, fmt=False)


@dataclass(frozen=True)
class Labels:
    """How a table names what it shows: indicator titles (or keys), which indicators are rates."""

    lang: str = "vi"
    titles: Mapping[str, str] = field(default_factory=dict)
    rates: frozenset[str] = frozenset()
    keys: bool = False

    @classmethod
    def of(cls, args: argparse.Namespace, defs: Any = None) -> Labels:
        lang = getattr(args, "lang", "vi")
        indicators = defs.indicators if defs is not None else {}
        titles = {n: title_in(d.title, lang, n) for n, d in indicators.items()}
        rates = frozenset(n for n, d in indicators.items() if d.is_rate)
        return cls(lang, titles, rates, bool(getattr(args, "keys", False)))


def _out(
    args: argparse.Namespace, df: pl.DataFrame, out: Any, labels: Labels | None = None
) -> None:
    fmt = getattr(args, "format", "table")
    if fmt == "json":
        out.write(json.dumps(df.to_dicts(), ensure_ascii=False, default=str, indent=1) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(df.columns)
        writer.writerows(df.rows())
        out.write(buf.getvalue())
    else:
        out.write(_table(df, labels or Labels.of(args)) + "\n")


def _cell(value: object, lang: str, column: str = "", rate: bool = False) -> str:
    """One figure through the one formatter: counts grouped (1.412), rates in percent
    (99,86%), other numbers as points (1,4628), a year as it is, days dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    if isinstance(value, int | float):
        if column == "rate" or (column == "value" and rate):
            return fmt_percent(Decimal(repr(value)) * 100, lang)
        if column in ("year", "quarter", "month", "_row") and float(value).is_integer():
            return str(int(value))
        if float(value).is_integer():
            return fmt_count(int(value), lang)
        return fmt_points(Decimal(repr(value)), lang)
    return str(value)


def _text(value: object, column: str, labels: Labels, rate: bool) -> str:
    if not labels.keys:
        if column == "indicator" and isinstance(value, str):
            return labels.titles.get(value, value)
        if column in ("month", "quarter") and isinstance(value, str):
            return fmt_period(value, labels.lang)
        if isinstance(value, str):
            return value_word(column, value, labels.lang)
    return _cell(value, labels.lang, column, rate)


def _table(df: pl.DataFrame, labels: Labels) -> str:
    lang = labels.lang
    headers = [word(c, lang) for c in df.columns]
    at = df.columns.index("indicator") if "indicator" in df.columns else None
    rows = []
    for r in df.rows():
        rate = at is not None and r[at] in labels.rates
        rows.append([_text(v, c, labels, rate) for v, c in zip(r, df.columns, strict=True)])
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    numeric = [df.dtypes[i].is_numeric() for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if n else c.ljust(w) for c, w, n in zip(cells, widths, numeric, strict=True)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _write_problems(err: Any, problems: Any, lang: str, indent: str = "") -> None:
    """Write the first problems, then how many more there are (never cut without saying)."""
    problems = list(problems)
    for p in problems[:MAX_PROBLEMS_SHOWN]:
        err.write(indent + _problem_line(p, lang) + "\n")
    if len(problems) > MAX_PROBLEMS_SHOWN:
        err.write(f"{indent}… (+{fmt_count(len(problems) - MAX_PROBLEMS_SHOWN, lang)})\n")


def _problem_line(p: Any, lang: str) -> str:
    where = word("filter", lang) if p.file == WHERE else word("file", lang)
    parts = [f"{where} {p.file}"]
    if p.row is not None:
        # A mapping or definitions file has lines; an export has rows.
        text_file = str(p.file).lower().endswith((".yaml", ".yml", ".json"))
        parts.append(f"{word('line' if text_file else 'row', lang)} {p.row}")
    if p.column:
        parts.append(f"{word('column', lang)} «{p.column}»")
    text = ", ".join(parts) + f": {reason_text(p.reason, lang)}"
    if p.value not in (None, ""):
        text += f" ({p.value})"
    if p.detail:
        text += " " + ", ".join(detail_text(k, v, lang) for k, v in p.detail.items())
    return text


def _about(info: dict[str, Any], lang: str, labels: Labels | None = None) -> str:
    """Word what a result rests on: the reading date and its rule, rows read, used, left out."""
    when = fmt_date(dt.date.fromisoformat(info["as_of"]), lang)
    text = f"{word('as_of', lang)}: {when} ({word('as_of_' + info['as_of_rule'], lang)})"
    if "rows_read" in info:
        counts = ", ".join(
            f"{word(k, lang)} {_cell(info[k], lang)}"
            for k in ("rows_read", "rows_used", "rows_left_out")
        )
        text += f"; {counts}"
        if info["left_out_rows"]:
            shown = ", ".join(str(r) for r in info["left_out_rows"])
            more = info["rows_left_out"] - len(info["left_out_rows"])
            text += f" ({word('rows', lang)} {shown}{f', … (+{more})' if more > 0 else ''})"
        skipped = {k: v for k, v in (info.get("rows_skipped") or {}).items() if v}
        if skipped:
            kinds = ", ".join(
                f"{_cell(n, lang)} {word('skipped_' + k, lang)}" for k, n in sorted(skipped.items())
            )
            text += f"; {word('skipped', lang)} {kinds}"
    titles = labels.titles if labels is not None and not labels.keys else {}
    for name, columns in info.get("unavailable", {}).items():
        missing = ", ".join(word(c, lang) for c in columns)
        text += f"\n{word('unavailable', lang)}: {titles.get(name, name)} ({missing})"
    return text


def _as_of(text: str) -> dt.date:
    """Read `--as-of` as dates are typed here (dd/mm/yyyy) or in ISO (yyyy-mm-dd)."""
    value = parse_date(text)
    if value is None:
        raise argparse.ArgumentTypeError(f"{text!r}: dd/mm/yyyy, yyyy-mm-dd")
    return value


def _tolerance(args: argparse.Namespace) -> Tolerance:
    lang = getattr(args, "lang", "vi")
    if args.max_bad_rows is None and args.max_bad_share is None:
        return Tolerance()
    if args.max_bad_rows is not None and args.max_bad_rows < 0:
        raise UsageError(f"--max-bad-rows {args.max_bad_rows}: {word('not_negative', lang)}")
    if args.max_bad_share is not None and not 0 <= args.max_bad_share <= 1:
        raise UsageError(f"--max-bad-share {args.max_bad_share}: {word('share_0_1', lang)}")
    return Tolerance(args.max_bad_rows, args.max_bad_share)


#: Whether a progress line is open on stderr (written without its end of line yet).
_PROGRESS_OPEN = [False]


def _progress(lang: str) -> Callable[[str, int, int], None]:
    """Report an import's stages on stderr in words, counts through the one formatter."""

    def report(stage: str, done: int, total: int) -> None:
        if total:
            name = word(f"stage_{stage}", lang)
            sys.stderr.write(f"\r{name}: {fmt_count(done, lang)}/{fmt_count(total, lang)}")
            _PROGRESS_OPEN[0] = done < total
            if done >= total:
                sys.stderr.write("\n")

    return report


def _end_progress(err: Any) -> None:
    """End an open progress line, so that what follows starts a line of its own."""
    if _PROGRESS_OPEN[0]:
        err.write("\n")
        _PROGRESS_OPEN[0] = False


def run(args: argparse.Namespace, out: Any = None, err: Any = None) -> int:
    """Run a parsed `indicators` command; return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    lang = getattr(args, "lang", "vi")
    try:
        return _dispatch(args, out, err)
    except UsageError as exc:
        err.write(f"{word('usage_error', lang)}: {exc}\n")
        return EXIT_USAGE
    except ImportRejected as exc:
        # Only an import stores anything; a refused computation, preview or apply computed
        # (and wrote) nothing. An import's progress line ("Kiểm tra tệp: 0/1") is still open.
        importing = getattr(args, "indicators_command", "") == "import"
        refused = "import_failed" if importing else "read_refused"
        _end_progress(err)
        err.write(
            f"{word(refused, lang)}: {exc.file}: "
            f"{fmt_count(exc.bad, lang)} / {fmt_count(exc.total, lang)} {word('bad_rows', lang)}\n"
        )
        _write_problems(err, exc.problems, lang, "  ")
        return EXIT_INPUT
    except IndicatorError as exc:
        _end_progress(err)
        err.write(f"{word('error', lang)}: " + _problem_line(exc.as_problem(), lang) + "\n")
        _write_problems(err, getattr(exc, "problems", []), lang, "  ")
        return EXIT_INPUT
    except OSError as exc:
        err.write(f"{word('error', lang)}: {exc.filename or ''}: {exc.strerror}\n")
        return EXIT_INPUT
    except pl.exceptions.PolarsError as exc:
        # A file that passed header detection but not parsing (e.g. broken quoting).
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        where = getattr(args, "source", getattr(args, "file", ""))
        err.write(f"{word('error', lang)}: {where}: {first}\n")
        return EXIT_INPUT


def _dispatch(args: argparse.Namespace, out: Any, err: Any) -> int:
    lang = args.lang
    cmd = args.indicators_command
    if cmd == "generate":
        if args.rows is not None and args.rows < 1:
            raise UsageError(f"--rows {args.rows}: {word('at_least_one', lang)}")
        from parindex.indicators.generator import generate

        n = generate(args.output, args.rows, seed=args.seed, year=args.year, dates=args.dates)
        out.write(f"{args.output}: {_cell(n, lang)} {word('rows', lang)}\n")
        return EXIT_OK
    if cmd == "preview":
        pv = preview(args.file, args.mapping, args.n)
        if args.format == "table":
            out.write(f"{word('header_row', lang)}: {pv.header_row}\n")
            for k, v in pv.columns.items():
                out.write(f"  {word(k, lang)} ← «{v}»\n")
            if pv.unmatched_headers:
                out.write(f"{word('unmatched', lang)}: {', '.join(pv.unmatched_headers)}\n")
        _out(args, pl.DataFrame(pv.rows) if pv.rows else pl.DataFrame(), out)
        if pv.reading is not None:
            # What a computation would rest on: the export's date, rows read, used, left out.
            r = pv.reading.summary()
            if r["last_date"]:
                err.write(_about({**r, "as_of": r["last_date"], "as_of_rule": "export"}, lang))
            else:
                err.write(
                    _about({**r, "as_of": dt.date.today().isoformat(), "as_of_rule": "today"}, lang)
                )
            err.write("\n")
        _write_problems(err, pv.reading.problems if pv.reading else pv.problems, lang)
        return EXIT_OK
    if cmd == "import":
        result = Store(args.store).import_file(
            args.file, args.mapping, tolerance=_tolerance(args), progress=_progress(lang)
        )
        summary = {
            "status": result.status,
            "rows_new": result.rows_new,
            "rows_updated": result.rows_updated,
            "rows_unchanged": result.rows_unchanged,
            "rows_bad": result.read.rows_bad if result.read else 0,
            "file": result.record.file if result.record else None,
            "sha256": result.record.source_sha256 if result.record else None,
        }
        _out(args, pl.DataFrame([summary]), out)
        reading = result.read.reading if result.read else None
        if reading is not None and args.format != "json":
            # What the import read: rows read, stored, left out (which) and skipped.
            r = reading.summary()
            as_of = r["last_date"] or dt.date.today().isoformat()
            rule = "export" if r["last_date"] else "today"
            err.write(_about({**r, "as_of": as_of, "as_of_rule": rule}, lang) + "\n")
        if result.read:
            _write_problems(err, result.read.problems, lang)
        return EXIT_OK
    defs = load_definitions(args.definitions)
    ds = open_dataset(args.source, args.mapping, tolerance=_tolerance(args))
    if cmd == "compute":
        by = [b for b in args.by.split(",") if b]
        bad = [b for b in by if b not in GROUP_KEYS]
        if bad:
            raise UsageError(f"--by {bad[0]}: {', '.join(GROUP_KEYS)}")
        names = args.indicators.split(",") if args.indicators else None
        if names:
            unknown = [n for n in names if n not in defs.indicators]
            if unknown:
                raise UsageError(f"--indicators {unknown[0]}: {', '.join(defs.indicators)}")
        table = compute(
            ds,
            by,
            indicators=names,
            definitions=defs,
            year=args.year,
            where=args.where,
            as_of=args.as_of,
        )
        if args.format == "json":
            doc = {"reading": table.about(), "rows": table.data.to_dicts()}
            out.write(json.dumps(doc, ensure_ascii=False, default=str, indent=1) + "\n")
        else:
            labels = Labels.of(args, defs)
            _out(args, table.data, out, labels)
            text = _about(table.about(), lang, labels)
            (out if args.format == "table" else err).write(text + "\n")
        _write_problems(err, table.reading.problems if table.reading else (), lang)
        return EXIT_OK
    if cmd == "apply":
        if args.year is None:
            raise UsageError(f"--year: {word('required_option', lang)}")
        values = apply(
            ds, args.framework, args.year, definitions=defs, where=args.where, as_of=args.as_of
        )
        doc = {
            "framework": args.framework,
            "year": args.year,
            "inputs": inputs_document(values),
            "reading": values[0].provenance["reading"] if values else None,  # type: ignore[dict-item]  # the document is YAML-dumped, any value goes
            "provenance": {v.node: v.provenance for v in values},
        }
        out.write(json.dumps(doc, ensure_ascii=False, indent=1, default=str) + "\n")
        if values:
            err.write(_about(values[0].provenance["reading"], lang) + "\n")
        return EXIT_OK
    if cmd == "drilldown":
        from parindex.indicators.drilldown import drilldown, export_xlsx

        if args.year is None:
            raise UsageError(f"--year: {word('required_option', lang)}")
        dd = drilldown(
            ds,
            args.framework,
            args.node,
            args.year,
            definitions=defs,
            where=args.where,
            as_of=args.as_of,
            max_points=args.max_points,
            top=args.top,
        )
        labels = Labels.of(args, defs)
        if args.format == "table":
            out.write(_about(dd.about, lang, labels) + "\n")
        for title, df in dd.tables().items():
            if args.format == "table":
                out.write(f"\n{word(title, lang)}\n")
            _out(args, df, out, labels)
        if args.xlsx:
            export_xlsx(dd, args.xlsx, lang=lang)
        return EXIT_OK
    raise UsageError(cmd)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `indicators` standalone (python -m parindex.cli.indicators …)."""
    parser = _Parser(prog="parindex indicators")
    _fill(parser)
    lang = "en" if argv and "--lang" in argv and "en" in argv else "vi"
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
    except UsageError as exc:
        sys.stderr.write(f"{word('usage_error', lang)}: {exc}\n{parser.format_usage()}")
        return EXIT_USAGE
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
