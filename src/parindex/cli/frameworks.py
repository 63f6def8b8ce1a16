"""`parindex frameworks list|show|validate|export|import|diff|schema`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from parindex import frameworks
from parindex.cli.output import (
    EXIT_FOUND,
    EXIT_OK,
    UsageError,
    emit,
    problem_text,
    word,
    word_of,
)
from parindex.core.errors import FrameworkError, InputError, Problem
from parindex.core.schema import framework_schema
from parindex.presentation import serialize
from parindex.presentation.numbers import fmt_points


def cmd_frameworks_list(args: argparse.Namespace) -> int:
    items = [frameworks.load_path(p) for p in frameworks.shipped()]
    rows = [
        [
            f.code,
            f.version,
            ", ".join(map(str, f.years)),
            word_of(args, "kind", f.unit_kind),
            sum(1 for _ in f.leaves()),
            fmt_points(f.max, args.lang),
            f.legal_basis,
        ]
        for f in items
    ]
    headers = [
        word(args, "code"),
        word(args, "version"),
        word(args, "years"),
        word(args, "kind"),
        word(args, "leaves"),
        word(args, "max"),
        word(args, "basis"),
    ]
    emit(
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
        rule = word_of(args, "rule", node.rule.kind) if node.rule else ""
        rows.append(
            [
                node.code,
                "  " * (node.depth - 1) + title,
                fmt_points(node.max, args.lang),
                word(args, node.scored_by),
                rule,
            ]
        )
    headers = [
        word(args, "code"),
        word(args, "title"),
        word(args, "max"),
        word(args, "who"),
        word(args, "rule"),
    ]
    if args.format == "table":
        print(f"{framework.title} — {framework.legal_basis} ({framework.key})")
    emit(
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
                    f"{path}: {word(args, 'valid')} ({framework.key}, "
                    f"{sum(1 for _ in framework.leaves())} {word(args, 'leaves')})"
                )
        except (FrameworkError, InputError) as exc:
            status = EXIT_FOUND
            results.append(
                {
                    "file": path,
                    "valid": False,
                    "problems": [
                        serialize.plain(_problem_dict(p, problem_text(args, p)))
                        for p in exc.problems
                    ],
                }
            )
            if args.format == "table":
                for problem in exc.problems:
                    print(problem_text(args, problem), file=sys.stdout)
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return status


def _problem_dict(problem: Problem, text: str) -> dict[str, Any]:
    return {
        "text": text,
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


def _identity(args: argparse.Namespace) -> Any:
    """The identity a criteria table does not carry, from the options (None if not given)."""
    from parindex.io.criteria_table import TableIdentity

    if not args.code:
        return None
    missing = [
        o for o in ("title", "version", "years", "unit_kind", "legal_basis") if not getattr(args, o)
    ]
    if missing:
        names = ", ".join("--" + m.replace("_", "-") for m in missing)
        raise UsageError(f"a criteria table with --code needs {names} too")
    try:
        years = tuple(int(y) for y in args.years.replace(";", ",").split(",") if y.strip())
    except ValueError:
        raise UsageError(f"--years must be years separated by commas, not '{args.years}'") from None
    return TableIdentity(
        code=args.code,
        title=args.title,
        version=args.version,
        years=years,
        unit_kind=args.unit_kind,
        legal_basis=args.legal_basis,
    )


def _read_file(path: str, args: argparse.Namespace) -> Any:
    """Any framework file: YAML, the framework workbook, or a Word or Excel criteria table."""
    from parindex.io.framework_file import read_framework_file

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    return read_framework_file(data, Path(path).name, identity=_identity(args))


def _framework(ref: str, args: argparse.Namespace) -> Any:
    if Path(ref).suffix.lower() in (".xlsx", ".docx", ".yaml", ".yml") and Path(ref).exists():
        return _read_file(ref, args).framework
    return frameworks.find(ref)


def cmd_frameworks_import(args: argparse.Namespace) -> int:
    read = _read_file(args.file, args)
    if args.output:
        Path(args.output).write_text(read.yaml_text, encoding="utf-8")
        print(args.output)
        if args.self_assessment and read.assessment_yaml:
            Path(args.self_assessment).write_text(read.assessment_yaml, encoding="utf-8")
            print(args.self_assessment)
    else:
        sys.stdout.write(read.yaml_text)
    return EXIT_OK


def cmd_frameworks_diff(args: argparse.Namespace) -> int:
    from parindex.core.diff import framework_diff
    from parindex.presentation.diff import diff_lines

    old = _framework(args.old, args)
    new = _framework(args.new, args)
    diff = framework_diff(old, new)
    if args.format == "json":
        changes = [
            {"kind": c.kind, "code": c.code, "title": c.title, "before": c.before, "after": c.after}
            for c in diff.changes
        ]
        body = {"old": diff.old, "new": diff.new, "changes": changes}
        print(json.dumps(serialize.plain(body), ensure_ascii=False, indent=2))
    else:
        print("\n".join(diff_lines(diff, args.lang)))
    return EXIT_FOUND if diff else EXIT_OK


def cmd_frameworks_schema(args: argparse.Namespace) -> int:
    print(json.dumps(framework_schema(), ensure_ascii=False, indent=2, default=str))
    return EXIT_OK


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register `frameworks` and its actions."""
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
    p = fw_sub.add_parser(
        "import",
        parents=[common],
        help="read a framework (.yaml, workbook .xlsx, or a Word/Excel criteria table) to YAML",
    )
    p.add_argument("file")
    p.add_argument("--output", "-o")
    p.add_argument("--self-assessment", help="write a table's self-scores to this file too")
    _identity_options(p)
    p.set_defaults(func=cmd_frameworks_import)
    p = fw_sub.add_parser(
        "diff", parents=[common], help="what changed between two frameworks (exit 1 if any)"
    )
    p.add_argument("old", help="code@version or file")
    p.add_argument("new", help="code@version or file")
    _identity_options(p)
    p.set_defaults(func=cmd_frameworks_diff)
    p = fw_sub.add_parser("schema", parents=[common], help="print the format's JSON Schema")
    p.set_defaults(func=cmd_frameworks_schema)


def _identity_options(p: argparse.ArgumentParser) -> None:
    group = p.add_argument_group("criteria table identity (a Word/Excel table does not carry it)")
    group.add_argument("--code")
    group.add_argument("--title")
    group.add_argument("--version", dest="version")
    group.add_argument("--years", help="2025, 2026")
    group.add_argument("--unit-kind", dest="unit_kind")
    group.add_argument("--legal-basis", dest="legal_basis")
