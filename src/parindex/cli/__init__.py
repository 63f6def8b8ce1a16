"""The `parindex` command: the same core and services as the web application.

One module per command group (`frameworks`, `scoring`, `plans`, `ranking`, `indicators`);
`output` holds what they share: exit codes, words, printing and error rendering.

Exit codes: 0 success; 1 the command worked and found something (contradictions for `check`,
invalid files for `frameworks validate`); 2 bad arguments; 3 a bad input file (its problems are
listed with file, line and node); 4 an unexpected internal error.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from parindex.cli import frameworks, output, plans, ranking, scoring


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="language of tables and sentences (default vi)",
    )
    common.add_argument("--format", choices=("table", "json", "csv"), default="table")
    parser = argparse.ArgumentParser(
        prog="parindex",
        parents=[common],
        description="PAR INDEX: frameworks, scoring, gaps, what-if, checks and rankings.",
        epilog="Exit codes: 0 ok; 1 found contradictions or invalid files; 2 bad arguments; "
        "3 bad input file; 4 internal error.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    frameworks.add_parsers(sub, common)
    scoring.add_parsers(sub, common)
    plans.add_parsers(sub, common)
    ranking.add_parsers(sub, common)
    scoring.add_demo_parser(sub, common)

    # Imported here, not above, so `python -m parindex.cli.indicators` runs the module once.
    try:
        from parindex.cli import indicators
    except ImportError:  # pragma: no cover - indicators are optional at import time
        indicators = None  # type: ignore[assignment]
    if indicators is not None:
        indicators.add_parser(sub)
        sub.choices["indicators"].set_defaults(func=indicators.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse prints its own message
        return output.EXIT_OK if exc.code == 0 else output.EXIT_USAGE
    return output.run(args)
