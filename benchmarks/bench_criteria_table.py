"""Benchmark: import and validate a criteria framework from the Ministry's Word table.

Goal: a framework of 100 sub-criteria (10 areas × 5 criteria × 2 sub-criteria, 160 rows, with
self-scores, the table split over three Word tables with the header repeated) is read from
Word and validated in at most 1 s. Timed in one process over N runs (median, min, max):

- baseline: the same framework read from its YAML file (``load_framework_yaml``);
- word table: ``import_criteria_table`` on the .docx (open within limits, read the tables,
  build the tree, validate with the core's loader, write the YAML text and the assessment);
- excel table: the same table as an .xlsx, for comparison;
- word read only: python-docx opening the file and reading every cell (the floor under the
  word table figure).

Usage: python benchmarks/bench_criteria_table.py [--runs 20]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable

from docx import Document
from openpyxl import Workbook

from parindex.io.criteria_table import TableIdentity, import_criteria_table
from parindex.io.framework_yaml import load_framework_yaml

HEADER = (
    "STT",
    "Lĩnh vực/Tiêu chí/Tiêu chí thành phần",
    "Điểm tối đa",
    "Điểm tự đánh giá",
    "Tài liệu kiểm chứng",
    "Ghi chú",
)
IDENTITY = TableIdentity(
    code="bench-100",
    title="Bộ tiêu chí thử nghiệm 100 tiêu chí thành phần",
    version="1",
    years=(2025,),
    unit_kind="department",
    legal_basis="QĐ thử nghiệm",
)
AREAS, CRITERIA, SUBS = 10, 5, 2


def rows() -> list[tuple[str, ...]]:
    """The table's rows: leaves of 0,5 points, scored 0,25 or 0,5 in turn."""
    out: list[tuple[str, ...]] = []
    for a in range(1, AREAS + 1):
        out.append((f"{a}", f"Lĩnh vực {a}: cải cách hành chính", "5", "", "", ""))
        for c in range(1, CRITERIA + 1):
            out.append((f"{a}.{c}", f"Tiêu chí {a}.{c} về thực hiện nhiệm vụ", "1", "", "", ""))
            for s in range(1, SUBS + 1):
                title = f"Tỷ lệ hoàn thành nhiệm vụ {a}.{c}.{s} theo kế hoạch\nđúng thời hạn"
                scored = "0,5" if (a + c + s) % 2 else "0,25"
                out.append((f"{a}.{c}.{s}", title, "0,5", scored, "Báo cáo kết quả", ""))
    return out


def docx_table() -> bytes:
    document = Document()
    document.add_paragraph("BẢNG TIÊU CHÍ")
    body = rows()
    third = len(body) // 3
    for piece in (body[:third], body[third : 2 * third], body[2 * third :]):
        table = document.add_table(rows=len(piece) + 1, cols=len(HEADER))
        for c, heading in enumerate(HEADER):
            table.cell(0, c).text = heading
        for r, row in enumerate(piece, start=1):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        document.add_page_break()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_table() -> bytes:
    book = Workbook()
    ws = book.active
    ws.append(HEADER)
    for row in rows():
        ws.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(call: Callable[[], object], runs: int) -> tuple[float, float, float]:
    call()  # warm: imports, caches
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    word, excel = docx_table(), xlsx_table()
    imported = import_criteria_table(io.BytesIO(word), IDENTITY, source_name="bench.docx")
    leaves = sum(1 for _ in imported.framework.leaves())
    yaml_text = imported.framework_yaml
    same = load_framework_yaml(yaml_text, "bench.yaml")
    excel_import = import_criteria_table(io.BytesIO(excel), IDENTITY, source_name="bench.xlsx")
    assert [n.code for n in same.walk()] == [n.code for n in imported.framework.walk()]
    assert excel_import.framework_yaml == yaml_text
    assert imported.assessment is not None and len(imported.assessment.inputs) == leaves

    def read_word_cells() -> None:
        for table in Document(io.BytesIO(word)).tables:
            for row in table.rows:
                for cell in row.cells:
                    _ = cell.text

    steps: list[tuple[str, Callable[[], object]]] = [
        ("baseline: yaml", lambda: load_framework_yaml(yaml_text, "bench.yaml")),
        (
            "word table",
            lambda: import_criteria_table(io.BytesIO(word), IDENTITY, source_name="b.docx"),
        ),
        (
            "excel table",
            lambda: import_criteria_table(io.BytesIO(excel), IDENTITY, source_name="b.xlsx"),
        ),
        ("word read only", read_word_cells),
    ]
    print(
        f"Importing a framework of {leaves} sub-criteria ({len(rows())} rows; "
        f"docx {len(word) // 1024} KiB, xlsx {len(excel) // 1024} KiB), {runs} runs each"
    )
    print(f"{'step':<16}{'median ms':>10}{'min ms':>9}{'max ms':>9}")
    figures = {}
    for name, call in steps:
        median, low, high = timed(call, runs)
        figures[name] = median
        print(f"{name:<16}{median * 1000:>10.1f}{low * 1000:>9.1f}{high * 1000:>9.1f}")
    word_median = figures["word table"]
    verdict = "met" if word_median <= 1 else "NOT met"
    print(
        f"goal (100 sub-criteria from Word in at most 1 s): {verdict} ({word_median * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
