"""The `parindex` command: the same core and services as the web application.

Exit codes: 0 success; 1 the command worked and found something (contradictions for `check`,
invalid files for `frameworks validate`); 2 bad arguments; 3 a bad input file (its problems are
listed with file, line and node); 4 an unexpected internal error.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex import frameworks
from parindex.core.analysis import area_gaps, compare, gaps, what_if
from parindex.core.assessment import AssessmentData, load_assessment
from parindex.core.checks import check
from parindex.core.errors import FrameworkError, InputError, ParindexError, Problem
from parindex.core.model import Framework
from parindex.core.numbers import to_decimal
from parindex.core.ranking import NATIONAL_BANDS, Classification, Entry, rank
from parindex.core.schema import framework_schema
from parindex.core.scoring import Scorecard, score
from parindex.demo import LAO_CAI_2020
from parindex.presentation import serialize
from parindex.presentation.numbers import fmt_number, fmt_points
from parindex.presentation.tables import table, to_csv
from parindex.presentation.text import area_summary, contradiction_text, lost_sentence

EXIT_OK, EXIT_FOUND, EXIT_USAGE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3, 4

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "code": "Mã",
        "title": "Nội dung",
        "score": "Điểm",
        "max": "Tối đa",
        "lost": "Mất",
        "who": "Chấm",
        "self": "tự chấm",
        "ministry": "Bộ chấm",
        "survey": "điều tra",
        "self_total": "Tổng điểm tự đánh giá",
        "index_total": "Tổng điểm Chỉ số (khi đủ điểm Bộ chấm và điều tra)",
        "incomplete": "Chưa có số liệu",
        "no_contradiction": "Không phát hiện mâu thuẫn giữa các số liệu.",
        "contradictions": "Các số liệu mâu thuẫn ({n}):",
        "rank": "Hạng",
        "unit": "Đơn vị",
        "percent": "%",
        "class": "Xếp loại",
        "version": "Phiên bản",
        "years": "Năm áp dụng",
        "kind": "Đối tượng",
        "leaves": "Số TCTP",
        "basis": "Căn cứ",
        "valid": "hợp lệ",
        "area": "Lĩnh vực",
        "before": "Trước",
        "after": "Sau",
        "delta": "Chênh lệch",
        "status": "Thay đổi",
        "error": "Lỗi",
        "explain": "Giải thích điểm không đạt",
        "rule": "Quy tắc",
    },
    "en": {
        "code": "Code",
        "title": "Item",
        "score": "Score",
        "max": "Max",
        "lost": "Lost",
        "who": "Scored by",
        "self": "self",
        "ministry": "ministry",
        "survey": "survey",
        "self_total": "Self-assessed total",
        "index_total": "Index total (once ministry and survey points are in)",
        "incomplete": "Missing inputs",
        "no_contradiction": "No contradiction between the figures.",
        "contradictions": "Contradicting figures ({n}):",
        "rank": "Rank",
        "unit": "Unit",
        "percent": "%",
        "class": "Class",
        "version": "Version",
        "years": "Years",
        "kind": "Unit kind",
        "leaves": "Leaves",
        "basis": "Legal basis",
        "valid": "valid",
        "area": "Area",
        "before": "Before",
        "after": "After",
        "delta": "Change",
        "status": "Status",
        "error": "Error",
        "explain": "Why points were lost",
        "rule": "Rule",
    },
}


class UsageError(ParindexError):
    """Bad command-line arguments."""


def _w(args: argparse.Namespace, key: str) -> str:
    return WORDS[args.lang][key]


def _emit(
    args: argparse.Namespace,
    data: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    right: Sequence[bool] | None = None,
    text_after: str = "",
) -> None:
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        sys.stdout.write(to_csv(headers, rows))
    else:
        print(table(headers, rows, right))
        if text_after:
            print(text_after)


# --- loading -----------------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError([Problem("file", "file not found", path)]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([Problem("file", f"cannot read: {exc}", path)]) from exc


def _assessment(path: str) -> AssessmentData:
    return load_assessment(_read(path), Path(path).name)


def _framework_for(data: AssessmentData, ref: str | None) -> Framework:
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


def _scored(path: str, ref: str | None) -> tuple[AssessmentData, Scorecard]:
    data = _assessment(path)
    framework = _framework_for(data, ref)
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


# --- commands ----------------------------------------------------------------------------


def cmd_frameworks_list(args: argparse.Namespace) -> int:
    items = [frameworks.load_path(p) for p in frameworks.shipped()]
    rows = [
        [
            f.code,
            f.version,
            ", ".join(map(str, f.years)),
            f.unit_kind,
            sum(1 for _ in f.leaves()),
            fmt_points(f.max, args.lang),
            f.legal_basis,
        ]
        for f in items
    ]
    headers = [
        _w(args, "code"),
        _w(args, "version"),
        _w(args, "years"),
        _w(args, "kind"),
        _w(args, "leaves"),
        _w(args, "max"),
        _w(args, "basis"),
    ]
    _emit(
        args,
        [serialize.framework_dict(f, with_nodes=False) for f in items],
        headers,
        rows,
        [False, False, False, False, True, True, False],
    )
    return EXIT_OK


def cmd_frameworks_show(args: argparse.Namespace) -> int:
    framework = frameworks.find(args.framework)
    rows = []
    for node in framework.walk():
        if args.depth and node.depth > args.depth:
            continue
        title = node.title_en or node.title if args.lang == "en" else node.title
        rule = node.rule.kind if node.rule else ""
        rows.append(
            [
                node.code,
                "  " * (node.depth - 1) + title,
                fmt_points(node.max, args.lang),
                _w(args, node.scored_by),
                rule,
            ]
        )
    headers = [
        _w(args, "code"),
        _w(args, "title"),
        _w(args, "max"),
        _w(args, "who"),
        _w(args, "rule"),
    ]
    if args.format == "table":
        print(f"{framework.title} — {framework.legal_basis} ({framework.key})")
    _emit(
        args, serialize.framework_dict(framework), headers, rows, [False, False, True, False, False]
    )
    return EXIT_OK


def cmd_frameworks_validate(args: argparse.Namespace) -> int:
    status = EXIT_OK
    results = []
    for path in args.files:
        try:
            if path.endswith(".xlsx"):
                from parindex.io.framework_excel import import_framework_xlsx

                framework = import_framework_xlsx(path, Path(path).name)
            else:
                framework = frameworks.load_path(Path(path))
            results.append({"file": path, "valid": True, "framework": framework.key})
            if args.format == "table":
                print(
                    f"{path}: {_w(args, 'valid')} ({framework.key}, "
                    f"{sum(1 for _ in framework.leaves())} {_w(args, 'leaves')})"
                )
        except (FrameworkError, InputError) as exc:
            status = EXIT_FOUND
            results.append(
                {
                    "file": path,
                    "valid": False,
                    "problems": [serialize.plain(_problem_dict(p)) for p in exc.problems],
                }
            )
            if args.format == "table":
                for problem in exc.problems:
                    print(str(problem), file=sys.stdout)
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return status


def _problem_dict(problem: Problem) -> dict[str, Any]:
    return {
        "code": problem.code,
        "message": problem.message,
        "source": problem.source,
        "line": problem.line,
        "node": problem.node,
    }


def cmd_frameworks_export(args: argparse.Namespace) -> int:
    framework = frameworks.find(args.framework)
    output = Path(args.output)
    if output.suffix == ".xlsx":
        from parindex.io.framework_excel import export_framework_xlsx

        export_framework_xlsx(framework, output)
    elif output.suffix in (".yaml", ".yml"):
        from parindex.io.framework_yaml import dump_framework_yaml

        output.write_text(dump_framework_yaml(framework), encoding="utf-8")
    elif output.suffix == ".json":
        output.write_text(
            json.dumps(serialize.framework_dict(framework), ensure_ascii=False, indent=2),
            encoding="utf-8",
        )
    else:
        raise UsageError(f"--output must end in .xlsx, .yaml or .json, not '{output.suffix}'")
    print(output)
    return EXIT_OK


def cmd_frameworks_import(args: argparse.Namespace) -> int:
    from parindex.io.framework_excel import import_framework_xlsx
    from parindex.io.framework_yaml import dump_framework_yaml

    framework = import_framework_xlsx(args.file, Path(args.file).name)
    text = dump_framework_yaml(framework)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(args.output)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_frameworks_schema(args: argparse.Namespace) -> int:
    print(json.dumps(framework_schema(), ensure_ascii=False, indent=2, default=str))
    return EXIT_OK


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
                _w(args, node.scored_by),
            ]
        )
    return rows


def _explanations(args: argparse.Namespace, data: AssessmentData, card: Scorecard) -> str:
    lines = [f"\n{_w(args, 'explain')}:"]
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
    data, card = _scored(args.assessment, args.framework)
    self_score, self_max = card.total_by("self")
    headers = [_w(args, k) for k in ("code", "title", "score", "max", "lost", "who")]
    summary = (
        f"\n{_w(args, 'self_total')}: {fmt_points(self_score, args.lang)}/"
        f"{fmt_points(self_max, args.lang)}\n{_w(args, 'index_total')}: "
        f"{fmt_points(card.total, args.lang)}/{fmt_points(card.max, args.lang)}"
    )
    missing = [n.code for n in card.incomplete("self")]
    if missing:
        summary += f"\n{_w(args, 'incomplete')}: {', '.join(missing)}"
    if args.explain:
        summary += _explanations(args, data, card)
    if args.format == "table":
        print(f"{card.unit} — {data.year} — {card.framework.key}")
    _emit(
        args,
        serialize.scorecard_dict(card, args.lang, data.comments),
        headers,
        _scorecard_rows(args, card),
        [False, False, True, True, True, False],
        summary,
    )
    return EXIT_OK


def cmd_gaps(args: argparse.Namespace) -> int:
    _, card = _scored(args.assessment, args.framework)
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
    headers = [_w(args, k) for k in ("code", "title", "lost", "score", "max")]
    total_lost = sum((g.lost for g in items), Decimal(0))
    _emit(
        args,
        [serialize.gap_dict(g) for g in items],
        headers,
        rows,
        [False, False, True, True, True],
        f"\n{_w(args, 'lost')}: {fmt_points(total_lost, args.lang)}",
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
    data, card = _scored(args.assessment, args.framework)
    changes = _parse_set(args.set, card.framework)
    comparison = what_if(card, changes, data.previous)
    rows = [
        [
            c.code,
            card.framework[c.code].title,
            fmt_points(c.before, args.lang),
            fmt_points(c.after, args.lang),
            _signed(c.delta, args.lang),
        ]
        for c in comparison.changed()
    ]
    headers = [_w(args, k) for k in ("code", "title", "before", "after", "delta")]
    before_self = card.total_by("self")[0]
    after_self = comparison.after.total_by("self")[0]
    _emit(
        args,
        serialize.comparison_dict(comparison),
        headers,
        rows,
        [False, False, True, True, True],
        f"\n{_w(args, 'self_total')}: {fmt_points(before_self, args.lang)} → "
        f"{fmt_points(after_self, args.lang)} ({_signed(after_self - before_self, args.lang)})",
    )
    return EXIT_OK


def _signed(value: Decimal, lang: str) -> str:
    text = fmt_points(value, lang)
    return text if value < 0 else "+" + text


def cmd_check(args: argparse.Namespace) -> int:
    data, card = _scored(args.assessment, args.framework)
    found = check(card, data.stated)
    if args.format == "json":
        print(
            json.dumps(
                [serialize.contradiction_dict(c, args.lang) for c in found],
                ensure_ascii=False,
                indent=2,
            )
        )
    elif args.format == "csv":
        sys.stdout.write(
            to_csv(
                ["code", "node", "stated", "computed", "message"],
                [
                    [c.code, c.node, c.stated, c.computed, contradiction_text(c, args.lang)]
                    for c in found
                ],
            )
        )
    elif not found:
        print(_w(args, "no_contradiction"))
    else:
        print(_w(args, "contradictions").format(n=len(found)))
        for item in found:
            print("- " + contradiction_text(item, args.lang))
    return EXIT_FOUND if found else EXIT_OK


def _parse_bands(text: str | None) -> tuple[Classification, ...]:
    if not text:
        return NATIONAL_BANDS
    bands = []
    for part in text.split(","):
        code, sep, low = part.partition("=")
        try:
            bands.append(Classification(code.strip(), to_decimal(low.replace("%", ""))))
        except ValueError as exc:
            raise UsageError(f"--bands '{part}': expected CODE=PERCENT, e.g. A=90") from exc
        if not sep or not code.strip():
            raise UsageError(f"--bands '{part}': expected CODE=PERCENT, e.g. A=90")
    return tuple(bands)


def _results_csv(path: str) -> list[Entry]:
    entries = []
    text = _read(path)
    reader = csv.DictReader(text.splitlines())
    fields = {f.strip().lower() for f in reader.fieldnames or []}
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
    for row_number, row in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        try:
            entries.append(
                Entry(
                    row["unit"],
                    to_decimal(row["total"].replace(",", ".")),
                    to_decimal(row["max"].replace(",", ".")),
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
            _, card = _scored(path, args.framework)
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
    headers = [_w(args, k) for k in ("rank", "unit", "score", "max", "percent", "class")]
    _emit(
        args,
        [serialize.ranked_dict(r) for r in ranked],
        headers,
        rows,
        [True, False, True, True, True, False],
    )
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    _, before = _scored(args.before, None)
    _, after = _scored(args.after, None)
    comparison = compare(before, after)
    rows = [
        [
            c.code,
            c.title,
            fmt_points(c.before, args.lang),
            fmt_points(c.after, args.lang),
            _signed(c.delta, args.lang),
            c.status,
        ]
        for c in comparison.changed()
    ]
    headers = [_w(args, k) for k in ("code", "title", "before", "after", "delta", "status")]
    _emit(
        args,
        serialize.comparison_dict(comparison),
        headers,
        rows,
        [False, False, True, True, True, False],
    )
    return EXIT_OK


def cmd_plan(args: argparse.Namespace) -> int:
    from parindex.documents.convert import docx_to_pdf
    from parindex.documents.plan_docx import plan_docx
    from parindex.documents.plan_xlsx import plan_xlsx
    from parindex.plans import PlanError, plan_from_assessment, plan_to_json

    data = _assessment(args.assessment)
    framework = _framework_for(data, args.framework)
    try:
        plan = plan_from_assessment(data, framework)
    except PlanError as exc:
        raise InputError([Problem("plan", str(exc), Path(args.assessment).name)]) from exc
    output = Path(args.output)
    writers: dict[str, Callable[[], bytes | str]] = {
        ".docx": lambda: plan_docx(plan),
        ".xlsx": lambda: plan_xlsx(plan),
        ".pdf": lambda: docx_to_pdf(plan_docx(plan)),
        ".json": lambda: plan_to_json(plan),
    }
    writer = writers.get(output.suffix)
    if writer is None:
        raise UsageError(f"--output must end in {', '.join(writers)}, not '{output.suffix}'")
    content = writer()
    if isinstance(content, str):
        output.write_text(content, encoding="utf-8")
    else:
        output.write_bytes(content)
    print(output)
    return EXIT_OK


def cmd_plan_report(args: argparse.Namespace) -> int:
    from datetime import date

    from parindex.documents.report_docx import ReportOptions, report_docx
    from parindex.documents.report_xlsx import report_xlsx
    from parindex.plans import PlanError, plan_from_assessment, plan_from_json
    from parindex.plans.progress import Period, consolidate, load_reports, measured_of
    from parindex.plans.projection import best_value, project

    data = _assessment(args.assessment)
    framework = _framework_for(data, args.framework)
    try:
        period = Period(args.period.upper())
        today = date.fromisoformat(args.today) if args.today else date.today()
    except ValueError as exc:
        raise UsageError(f"--period Q1|H1|Q3|YEAR and --today YYYY-MM-DD: {exc}") from exc
    output = Path(args.output)
    if output.suffix not in (".docx", ".xlsx"):
        raise UsageError(f"--output must end in .docx or .xlsx, not '{output.suffix}'")
    try:
        plan = (
            plan_from_json(_read(args.plan)) if args.plan else plan_from_assessment(data, framework)
        )
        reports = load_reports(_read(args.reports), Path(args.reports).name)
        result = consolidate(plan, reports, period, plan.year, today, framework=framework)
        ahead = project(framework, data.inputs, plan, measured_of(result), previous=data.previous)
    except PlanError as exc:
        raise InputError([Problem("plan_report", str(exc), Path(args.reports).name)]) from exc
    options = ReportOptions(projection=ahead, best=best_value(ahead.current, plan))
    writer = report_docx if output.suffix == ".docx" else report_xlsx
    output.write_bytes(writer(plan, result, options))
    print(output)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    args.assessment = str(LAO_CAI_2020)
    args.framework = None
    args.explain = True
    args.depth = args.depth or 3
    cmd_score(args)
    print()
    cmd_check(args)
    return EXIT_OK


# --- the parser --------------------------------------------------------------------------


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

    fw = sub.add_parser(
        "frameworks", parents=[common], help="list, show, validate, export, import frameworks"
    )
    fw_sub = fw.add_subparsers(dest="action", metavar="ACTION")
    fw_sub.required = True
    p = fw_sub.add_parser("list", parents=[common], help="the shipped frameworks")
    p.set_defaults(func=cmd_frameworks_list)
    p = fw_sub.add_parser("show", parents=[common], help="a framework's tree")
    p.add_argument("framework", help="code, code@version or file")
    p.add_argument("--depth", type=int, default=0)
    p.set_defaults(func=cmd_frameworks_show)
    p = fw_sub.add_parser("validate", parents=[common], help="validate YAML or Excel files")
    p.add_argument("files", nargs="+")
    p.set_defaults(func=cmd_frameworks_validate)
    p = fw_sub.add_parser("export", parents=[common], help="write a framework to .xlsx/.yaml/.json")
    p.add_argument("framework")
    p.add_argument("--output", "-o", required=True)
    p.set_defaults(func=cmd_frameworks_export)
    p = fw_sub.add_parser("import", parents=[common], help="read a framework from .xlsx to YAML")
    p.add_argument("file")
    p.add_argument("--output", "-o")
    p.set_defaults(func=cmd_frameworks_import)
    p = fw_sub.add_parser("schema", parents=[common], help="print the format's JSON Schema")
    p.set_defaults(func=cmd_frameworks_schema)

    def scoring(
        name: str, func: Callable[[argparse.Namespace], int], help_text: str
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("assessment", help="assessment YAML file")
        p.add_argument("--framework", help="framework code or file (default: the file's)")
        p.set_defaults(func=func)
        return p

    p = scoring("score", cmd_score, "score an assessment and print the scorecard")
    p.add_argument("--explain", action="store_true", help="add the lost-point sentences")
    p.add_argument("--depth", type=int, default=0, help="show nodes down to this depth")
    p = scoring("gaps", cmd_gaps, "points lost, largest first")
    p.add_argument("--by", choices=("leaf", "area"), default="leaf")
    p.add_argument("--all", action="store_true", help="include ministry and survey items")
    p = scoring("whatif", cmd_whatif, "rescore with changed inputs")
    p.add_argument("--set", action="append", default=[], required=True, metavar="CODE.INPUT=VALUE")
    scoring("check", cmd_check, "contradictions between stated and computed figures")

    p = scoring("plan", cmd_plan, "draft the improvement plan (Word, Excel, PDF or JSON)")
    p.add_argument("--output", "-o", required=True, help="plan.docx, plan.xlsx, plan.pdf, …")

    p = scoring("plan-report", cmd_plan_report, "consolidate agencies' reports on the plan")
    p.add_argument("--reports", required=True, help="reports YAML (parindex/plan-reports/1)")
    p.add_argument("--period", required=True, help="Q1, H1, Q3 or YEAR")
    p.add_argument("--today", help="consolidation date YYYY-MM-DD (default: today)")
    p.add_argument("--plan", help="a stored plan (JSON); default: drafted from the assessment")
    p.add_argument("--output", "-o", required=True, help="report.docx or report.xlsx")

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

    p = sub.add_parser(
        "demo",
        parents=[common],
        help="score and explain the seed's 2020 self-assessment of Lào Cai",
    )
    p.add_argument("--depth", type=int, default=0)
    p.set_defaults(func=cmd_demo)

    try:
        from parindex.indicators import cli as indicators_cli
    except ImportError:  # pragma: no cover - indicators are optional at import time
        indicators_cli = None  # type: ignore[assignment]
    if indicators_cli is not None:
        indicators_cli.add_parser(sub)
        sub.choices["indicators"].set_defaults(func=indicators_cli.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse prints its own message
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"parindex: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (FrameworkError, InputError) as exc:
        for problem in exc.problems:
            print(f"parindex: {problem}", file=sys.stderr)
        return EXIT_INPUT
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return EXIT_OK
    except ParindexError as exc:
        print(f"parindex: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:  # pragma: no cover
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
