"""`parindex score|gaps|whatif|check|demo`: an assessment scored, explained and checked."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from parindex.cli.loading import add_assessment_command, scored
from parindex.cli.output import EXIT_FOUND, EXIT_OK, UsageError, emit, signed, word
from parindex.core.analysis import area_gaps, gaps, what_if
from parindex.core.assessment import AssessmentData
from parindex.core.checks import check
from parindex.core.model import Framework
from parindex.core.scoring import Scorecard
from parindex.demo import LAO_CAI_2020
from parindex.presentation import serialize
from parindex.presentation.numbers import fmt_points
from parindex.presentation.tables import to_csv
from parindex.presentation.text import area_summary, contradiction_text, lost_sentence


def _scorecard_rows(args: argparse.Namespace, card: Scorecard) -> list[list[object]]:
    rows: list[list[object]] = []
    for node in card:
        if args.depth and node.depth > args.depth:
            continue
        title = card.framework[node.code].title
        if args.lang == "en":
            title = card.framework[node.code].title_en or title
        lost = fmt_points(node.lost, args.lang) if node.lost > 0 else ""
        rows.append(
            [
                node.code,
                "  " * (node.depth - 1) + title,
                fmt_points(node.score, args.lang),
                fmt_points(node.max, args.lang),
                lost,
                word(args, node.scored_by),
            ]
        )
    return rows


def _explanations(args: argparse.Namespace, data: AssessmentData, card: Scorecard) -> str:
    lines = [f"\n{word(args, 'explain')}:"]
    for area in card.areas():
        self_max = area.part("self")[1]
        if not self_max:
            continue
        fw_area = card.framework[area.code]
        title = (fw_area.title_en or fw_area.title) if args.lang == "en" else fw_area.title
        lines.append(f"\n{area.code}. {title}")
        lines.append("  " + area_summary(card, area.code, args.lang))
        for leaf in card.leaves():
            if (
                card.framework.area_of(leaf.code).code == area.code
                and leaf.scored_by == "self"
                and leaf.lost > 0
                and leaf.complete
            ):
                lines.append(
                    "  - "
                    + lost_sentence(card, leaf.code, args.lang, data.comments.get(leaf.code, ""))
                )
    return "\n".join(lines)


def cmd_score(args: argparse.Namespace) -> int:
    data, card = scored(args.assessment, args.framework)
    self_score, self_max = card.total_by("self")
    headers = [word(args, k) for k in ("code", "title", "score", "max", "lost", "who")]
    summary = (
        f"\n{word(args, 'self_total')}: {fmt_points(self_score, args.lang)}/"
        f"{fmt_points(self_max, args.lang)}\n{word(args, 'index_total')}: "
        f"{fmt_points(card.total, args.lang)}/{fmt_points(card.max, args.lang)}"
    )
    missing = [n.code for n in card.incomplete("self")]
    if missing:
        summary += f"\n{word(args, 'incomplete')}: {', '.join(missing)}"
    if args.explain:
        summary += _explanations(args, data, card)
    if args.format == "table":
        framework = card.framework
        print(f"{card.unit} — {data.year} — {framework.label(args.lang)} ({framework.version})")
    emit(
        args,
        serialize.scorecard_dict(card, args.lang, data.comments),
        headers,
        _scorecard_rows(args, card),
        [False, False, True, True, True, False],
        summary,
    )
    return EXIT_OK


def cmd_gaps(args: argparse.Namespace) -> int:
    _, card = scored(args.assessment, args.framework)
    scope = None if args.all else "self"
    items = area_gaps(card, scored_by=scope) if args.by == "area" else gaps(card, scored_by=scope)
    rows = [
        [
            g.code,
            card.framework[g.code].title
            if args.lang == "vi"
            else card.framework[g.code].title_en or card.framework[g.code].title,
            fmt_points(g.lost, args.lang),
            fmt_points(g.score, args.lang),
            fmt_points(g.max, args.lang),
        ]
        for g in items
    ]
    headers = [word(args, k) for k in ("code", "title", "lost", "score", "max")]
    total_lost = sum((g.lost for g in items), Decimal(0))
    emit(
        args,
        [serialize.gap_dict(g) for g in items],
        headers,
        rows,
        [False, False, True, True, True],
        f"\n{word(args, 'lost')}: {fmt_points(total_lost, args.lang)}",
    )
    return EXIT_OK


def _parse_set(items: Sequence[str], framework: Framework) -> dict[str, dict[str, object]]:
    changes: dict[str, dict[str, object]] = {}
    for item in items:
        target, sep, value = item.partition("=")
        code, dot, name = target.rpartition(".")
        if not sep or not dot or not code or not name:
            raise UsageError(
                f"--set '{item}': expected CODE.INPUT=VALUE, e.g. 3.4.1.on_time=185443"
            )
        node = framework.get(code)
        if node is None or not node.is_leaf:
            raise UsageError(
                f"--set '{item}': no sub-criterion '{code}' in {framework.key}; "
                "expected CODE.INPUT=VALUE, e.g. 3.4.1.on_time=185443"
            )
        if node.input(name) is None:
            known = ", ".join(i.name for i in node.inputs)
            raise UsageError(f"--set '{item}': node {code} has no input '{name}' (inputs: {known})")
        changes.setdefault(code, {})[name] = value
    return changes


def cmd_whatif(args: argparse.Namespace) -> int:
    data, card = scored(args.assessment, args.framework)
    changes = _parse_set(args.set, card.framework)
    comparison = what_if(card, changes, data.previous)
    rows = [
        [
            c.code,
            card.framework[c.code].title,
            fmt_points(c.before, args.lang),
            fmt_points(c.after, args.lang),
            signed(c.delta, args.lang),
        ]
        for c in comparison.changed()
    ]
    headers = [word(args, k) for k in ("code", "title", "before", "after", "delta")]
    before_self = card.total_by("self")[0]
    after_self = comparison.after.total_by("self")[0]
    emit(
        args,
        serialize.comparison_dict(comparison),
        headers,
        rows,
        [False, False, True, True, True],
        f"\n{word(args, 'self_total')}: {fmt_points(before_self, args.lang)} → "
        f"{fmt_points(after_self, args.lang)} ({signed(after_self - before_self, args.lang)})",
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    data, card = scored(args.assessment, args.framework)
    found = check(card, data.stated)
    fw = card.framework
    if args.format == "json":
        print(
            json.dumps(
                [serialize.contradiction_dict(c, args.lang, fw) for c in found],
                ensure_ascii=False,
                indent=2,
            )
        )
    elif args.format == "csv":
        sys.stdout.write(
            to_csv(
                ["code", "node", "stated", "computed", "message"],
                [
                    [
                        c.code,
                        c.node,
                        c.stated,
                        c.computed,
                        contradiction_text(c, args.lang, card.framework),
                    ]
                    for c in found
                ],
            )
        )
    elif not found:
        print(word(args, "no_contradiction"))
    else:
        print(word(args, "contradictions").format(n=len(found)))
        for item in found:
            print("- " + contradiction_text(item, args.lang, card.framework))
    return EXIT_FOUND if found else EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    args.assessment = str(LAO_CAI_2020)
    args.framework = None
    args.explain = True
    args.depth = args.depth or 3
    cmd_score(args)
    print()
    cmd_check(args)
    return EXIT_OK


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register `score`, `gaps`, `whatif` and `check`."""
    p = add_assessment_command(
        sub, common, "score", cmd_score, "score an assessment and print the scorecard"
    )
    p.add_argument("--explain", action="store_true", help="add the lost-point sentences")
    p.add_argument("--depth", type=int, default=0, help="show nodes down to this depth")
    p = add_assessment_command(sub, common, "gaps", cmd_gaps, "points lost, largest first")
    p.add_argument("--by", choices=("leaf", "area"), default="leaf")
    p.add_argument("--all", action="store_true", help="include ministry and survey items")
    p = add_assessment_command(sub, common, "whatif", cmd_whatif, "rescore with changed inputs")
    p.add_argument("--set", action="append", default=[], required=True, metavar="CODE.INPUT=VALUE")
    add_assessment_command(
        sub, common, "check", cmd_check, "contradictions between stated and computed figures"
    )


def add_demo_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register `demo` (listed last in the help, after the other commands)."""
    p = sub.add_parser(
        "demo",
        parents=[common],
        help="score and explain the seed's 2020 self-assessment of Lào Cai",
    )
    p.add_argument("--depth", type=int, default=0)
    p.set_defaults(func=cmd_demo)
