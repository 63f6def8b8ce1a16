"""`parindex plan|plan-report`: the improvement plan drafted, and reports on it consolidated."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parindex.cli.loading import add_assessment_command, assessment, framework_for, read
from parindex.cli.output import EXIT_OK, UsageError
from parindex.core.errors import InputError, Problem
from parindex.core.limits import CODE as LIMIT_CODE


def _problem(exc: Any, code: str, path: str) -> Problem:
    """A PlanError as an input problem; a refused file keeps its code and facts."""
    if exc.code == LIMIT_CODE:
        return Problem(exc.code, str(exc), Path(path).name, params=dict(exc.params))
    return Problem(code, str(exc), Path(path).name)


def cmd_plan(args: argparse.Namespace) -> int:
    from parindex.documents.convert import docx_to_pdf
    from parindex.documents.plan_docx import plan_docx
    from parindex.documents.plan_xlsx import plan_xlsx
    from parindex.plans import PlanError, plan_from_assessment, plan_to_json

    data = assessment(args.assessment)
    framework = framework_for(data, args.framework)
    try:
        plan = plan_from_assessment(data, framework)
    except PlanError as exc:
        raise InputError([_problem(exc, "plan", args.assessment)]) from exc
    output = Path(args.output)
    writers: dict[str, Callable[[], bytes | str]] = {
        ".docx": lambda: plan_docx(plan),
        ".xlsx": lambda: plan_xlsx(plan, args.lang),
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

    data = assessment(args.assessment)
    framework = framework_for(data, args.framework)
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
            plan_from_json(read(args.plan)) if args.plan else plan_from_assessment(data, framework)
        )
        reports = load_reports(read(args.reports), Path(args.reports).name)
        result = consolidate(plan, reports, period, plan.year, today, framework=framework)
        ahead = project(framework, data.inputs, plan, measured_of(result), previous=data.previous)
    except PlanError as exc:
        raise InputError([_problem(exc, "plan_report", args.reports)]) from exc
    options = ReportOptions(projection=ahead, best=best_value(ahead.current, plan))
    writer = report_docx if output.suffix == ".docx" else report_xlsx
    output.write_bytes(writer(plan, result, options))
    print(output)
    return EXIT_OK


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    """Register `plan` and `plan-report`."""
    p = add_assessment_command(
        sub, common, "plan", cmd_plan, "draft the improvement plan (Word, Excel, PDF or JSON)"
    )
    p.add_argument("--output", "-o", required=True, help="plan.docx, plan.xlsx, plan.pdf, …")

    p = add_assessment_command(
        sub, common, "plan-report", cmd_plan_report, "consolidate agencies' reports on the plan"
    )
    p.add_argument("--reports", required=True, help="reports YAML (parindex/plan-reports/1)")
    p.add_argument("--period", required=True, help="Q1, H1, Q3 or YEAR")
    p.add_argument("--today", help="consolidation date YYYY-MM-DD (default: today)")
    p.add_argument("--plan", help="a stored plan (JSON); default: drafted from the assessment")
    p.add_argument("--output", "-o", required=True, help="report.docx or report.xlsx")
