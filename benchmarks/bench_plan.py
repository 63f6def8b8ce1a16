"""Benchmark: draft a province's improvement plan and render it to Word, beside a baseline.

Goal (issue 5): generating the plan document for a province takes at most 1 s. Measured steps,
each the median of N runs on the seed's data (Lào Cai 2020), in one process:

- score: the assessment scored against the 1149 framework (context; not part of the goal);
- generate: ``generate_plan`` (defaults parsed from YAML, sentences, targets);
- render: ``plan_docx`` (docxtpl: load the template, fill it, save the .docx);
- baseline: the same content written with plain python-docx calls, no template;
- xlsx: the targets workbook; pdf: LibreOffice headless, when installed (not part of the goal).

The consolidated periodic report (goal: at most 1 s too), on a Quý I where every lead agency
reported every item (half with measured values): consolidate, project (two scorecards),
report_docx and report_xlsx, and the whole path "report total".

"first" is the first call in a warm process; "cold process" runs the whole path (imports,
framework and defaults parsed, scored, drafted, rendered) in a fresh interpreter, median of 3.

Usage: python benchmarks/bench_plan.py [--runs 20]
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from docx import Document
from docx.shared import Mm, Pt

from parindex import frameworks
from parindex.core.assessment import load_assessment
from parindex.core.scoring import score
from parindex.demo import LAO_CAI_2020
from parindex.documents.convert import docx_to_pdf, find_soffice
from parindex.documents.plan_docx import plan_context, plan_docx
from parindex.documents.plan_xlsx import plan_xlsx
from parindex.documents.report_docx import ReportOptions, report_docx
from parindex.documents.report_xlsx import report_xlsx
from parindex.plans import Plan, generate_plan, shipped_defaults
from parindex.plans.progress import ItemReport, Period, Status, consolidate, measured_of, plan_items
from parindex.plans.projection import best_value, project


def baseline_docx(plan: Plan) -> bytes:
    """The same document written directly with python-docx: what one writes without templates."""
    ctx = plan_context(plan)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(14)
    header = doc.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "\n".join(ctx["issuer"])
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = f"Số: {ctx['number']}/{ctx['symbol']}"
    header.cell(1, 1).text = f"{ctx['place']}, ngày {ctx['day']} tháng {ctx['month']}"
    add = doc.add_paragraph
    add(ctx["title"]).runs[0].bold = True
    add(ctx["subtitle"]).runs[0].bold = True
    for text in ctx["preamble"]:
        add(text)
    add("I. MỤC ĐÍCH, YÊU CẦU")
    for text in ctx["purpose"] + ctx["requirements"]:
        add(f"- {text}")
    add("II. NHIỆM VỤ, GIẢI PHÁP THỰC HIỆN")
    for area in ctx["areas"]:
        add(f"{area['code']}. Chỉ số nội dung “{area['title']}”:").runs[0].bold = True
        add(f"{area['code']}.1. Điểm tự chấm năm {ctx['base_year']}:")
        add(area["summary"])
        for text in area["lost"]:
            add(f"- {text}")
        add(f"{area['code']}.2. Mục tiêu và các tiêu chí cụ thể:")
        add(f"a) Mục tiêu: {area['goal']}")
        for content in area["contents"]:
            add(f"- {content['text']}")
            for item in content["subitems"]:
                add(f"+ {item}")
        add(f"{area['code']}.3. Phân công trách nhiệm:")
        add(f"- Cơ quan chủ trì: {area['lead_names']}.")
        add(f"- Cơ quan phối hợp: {area['coordinating']}.")
    add("III. TỔ CHỨC THỰC HIỆN")
    for number, duty in enumerate(ctx["duties"], start=1):
        add(f"{number}. {duty['heading']}:")
        for index, text in enumerate(duty["paragraphs"], start=1):
            add(f"{number}.{index}. {text}")
    add(ctx["closing"])
    closing = doc.add_table(rows=1, cols=2)
    closing.cell(0, 0).text = "Nơi nhận:\n" + "\n".join(f"- {r}" for r in ctx["recipients"])
    closing.cell(0, 1).text = f"{ctx['signature_capacity']}\n{ctx['signature_title']}"
    annex = doc.add_table(rows=1, cols=7)
    for area in ctx["areas"]:
        for target in area["targets"]:
            cells = annex.add_row().cells
            values = [target["code"], target["title"], target["max"], target["base_score"]]
            values += [target["points"], "", area["lead_names"]]
            for cell, value in zip(cells, values, strict=True):
                cell.text = value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def timed(func: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """(first call, median of the next ``runs`` calls) in seconds, and the last result."""
    start = time.perf_counter()
    result = func()
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return first, statistics.median(times), result


COLD = """
import time
start = time.perf_counter()
from parindex import frameworks
from parindex.core.assessment import load_assessment
from parindex.demo import LAO_CAI_2020
from parindex.documents.plan_docx import plan_docx
from parindex.plans import plan_from_assessment
data = load_assessment(LAO_CAI_2020.read_text(encoding="utf-8"))
plan_docx(plan_from_assessment(data, frameworks.find(data.framework)))
print(time.perf_counter() - start)
"""


def cold_seconds() -> float:
    """A fresh interpreter: imports, framework and defaults parsed, scored, drafted, rendered."""
    result = subprocess.run(
        [sys.executable, "-c", COLD], capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    data = load_assessment(LAO_CAI_2020.read_text(encoding="utf-8"), LAO_CAI_2020.name)
    framework = frameworks.find(data.framework)

    def scored() -> Any:
        return score(framework, data.inputs, unit=data.unit_name, year=data.year)

    card = scored()

    def generate() -> Plan:
        return generate_plan(
            card,
            comments=data.comments,
            defaults=shipped_defaults(framework.code),
            previous_result=data.previous_result,
        )

    plan = generate()
    rows = [
        ("score", *timed(scored, args.runs)[:2]),
        ("generate", *timed(generate, args.runs)[:2]),
        ("render", *timed(lambda: plan_docx(plan), args.runs)[:2]),
        ("generate+render", *timed(lambda: plan_docx(generate()), args.runs)[:2]),
        ("baseline", *timed(lambda: baseline_docx(plan), args.runs)[:2]),
        ("xlsx", *timed(lambda: plan_xlsx(plan), args.runs)[:2]),
    ]
    docx_bytes = plan_docx(plan)
    if find_soffice():
        rows.append(("pdf", *timed(lambda: docx_to_pdf(docx_bytes), 3)[:2]))
    print(
        f"Plan for {data.unit_name} {plan.year} ({len(plan.areas)} areas, "
        f"{len(plan.targets())} targets, {len(docx_bytes):,} bytes .docx); median of {args.runs}"
    )
    print(f"{'step':<16} {'first ms':>9} {'median ms':>10}")
    for name, first, median in rows:
        print(f"{name:<16} {first * 1000:>9.1f} {median * 1000:>10.1f}")
    cold = statistics.median(cold_seconds() for _ in range(3))
    print(f"{'cold process':<16} {cold * 1000:>9.1f}  (imports + load + score + generate + render)")
    total = dict((name, median) for name, _, median in rows)["generate+render"]
    verdict = "met" if total <= 1.0 else "NOT met"
    print(f"goal (plan document in at most 1 s): {verdict} ({total * 1000:.0f} ms)")
    report_rows(plan, data.inputs, framework, args.runs)


def report_rows(plan: Plan, inputs: Any, framework: Any, runs: int) -> None:
    """Time the consolidated periodic report on a Quý I where every item was reported."""
    statuses = list(Status)
    reports = [
        ItemReport(
            item.key,
            item.lead,
            Period.Q1,
            statuses[n % len(statuses)],
            {m.name: m.value - n % 2 for m in item.measures},
            note="Ghi chú",
            difficulties="Khó khăn" if n % 3 == 0 else "",
            submitted_on=date(2021, 3, 10 + n % 10),
        )
        for n, item in enumerate(plan_items(plan, framework))
    ]
    today = date(2021, 3, 20)

    def consolidated() -> Any:
        return consolidate(plan, reports, Period.Q1, 2021, today, framework=framework)

    result = consolidated()

    def projected() -> Any:
        return project(framework, inputs, plan, measured_of(result))

    projection = projected()
    options = ReportOptions(projection=projection, best=best_value(projection.current, plan))

    def whole() -> bytes:
        done = consolidated()
        ahead = project(framework, inputs, plan, measured_of(done))
        chosen = ReportOptions(projection=ahead, best=best_value(ahead.current, plan))
        return report_docx(plan, done, chosen)

    rows = [
        ("consolidate", *timed(consolidated, runs)[:2]),
        ("project", *timed(projected, runs)[:2]),
        ("report docx", *timed(lambda: report_docx(plan, result, options), runs)[:2]),
        ("report xlsx", *timed(lambda: report_xlsx(plan, result, options), runs)[:2]),
        ("report total", *timed(whole, runs)[:2]),
    ]
    print(f"\nConsolidated report, Quý I {plan.year}: {len(reports)} reports; median of {runs}")
    print(f"{'step':<16} {'first ms':>9} {'median ms':>10}")
    for name, first, median in rows:
        print(f"{name:<16} {first * 1000:>9.1f} {median * 1000:>10.1f}")
    total = rows[-1][2]
    verdict = "met" if total <= 1.0 else "NOT met"
    print(f"goal (consolidated report in at most 1 s): {verdict} ({total * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
