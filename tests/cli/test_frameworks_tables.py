"""`parindex frameworks import` reads the Ministry's Word and Excel tables too, and
`parindex frameworks diff` prints what changed, in Vietnamese or English."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))

from criteria_tables import MINISTRY_HEADER, Table, docx_bytes, ministry_rows, tree

from parindex.frameworks import find
from parindex.io.framework_yaml import load_framework_yaml

IDENTITY = [
    "--code", "par-province-1149", "--title", "Bộ tiêu chí cấp tỉnh", "--version", "2026.1",
    "--years", "2026, 2027", "--unit-kind", "province", "--legal-basis", "QĐ 999/QĐ-BNV",
]  # fmt: skip


def word_table(path: Path, rows=None, scores=None) -> Path:
    rows = rows or ministry_rows(find("par-province-1149"), scores)
    path.write_bytes(docx_bytes(Table([MINISTRY_HEADER], rows)))
    return path


def test_a_word_table_imports_to_yaml_with_its_self_scores(run, tmp_path) -> None:
    table = word_table(tmp_path / "bang.docx", scores={"7.1.3": "1"})
    result = run("frameworks", "import", str(table), "-o", "out.yaml",
                 "--self-assessment", "tu-cham.yaml", *IDENTITY)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["out.yaml", "tu-cham.yaml"]
    framework = load_framework_yaml((tmp_path / "out.yaml").read_text(encoding="utf-8"))
    assert framework.key == "par-province-1149@2026.1"
    assert tree(framework) == tree(find("par-province-1149"))
    assert '"7.1.3": {points: 1}' in (tmp_path / "tu-cham.yaml").read_text(encoding="utf-8")


def test_a_table_needs_its_identity(run, tmp_path) -> None:
    result = run("frameworks", "import", str(word_table(tmp_path / "b.docx")))
    assert result.returncode == 3
    assert result.stderr == (
        "parindex: b.docx: bảng tiêu chí không ghi mã, tên, phiên bản, năm áp dụng, loại đơn "
        "vị và căn cứ pháp lý của bộ tiêu chí: hãy nhập các mục này\n"
    )
    partial = run("frameworks", "import", str(tmp_path / "b.docx"), "--code", "x")
    assert partial.returncode == 2 and "--title" in partial.stderr


def test_diff_prints_the_changes_in_vietnamese_and_english(run, tmp_path) -> None:
    rows = [list(r) for r in ministry_rows(find("par-province-1149"))]
    rows[1][1] = "Tiêu chí của lĩnh vực 1"
    table = word_table(tmp_path / "moi.docx", rows)
    result = run("frameworks", "diff", "par-province-1149@2020.1", str(table), *IDENTITY)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "Khác biệt từ par-province-1149@2020.1 đến par-province-1149@2026.1"
    assert lines[1] == (
        "Đổi tên 1.R: «Các tiêu chí tự đánh giá của lĩnh vực 1 (chưa công bố chi tiết)» "
        "thành «Tiêu chí của lĩnh vực 1»"
    )
    english = run("frameworks", "diff", "par-province-1149", str(table), "--lang", "en", *IDENTITY)
    assert english.stdout.splitlines()[0] == (
        "Differences from par-province-1149@2020.1 to par-province-1149@2026.1"
    )
    assert "Scoring rule of 7.1.3" in english.stdout


def test_diff_of_a_framework_with_itself_says_no_change(run) -> None:
    result = run("frameworks", "diff", "par-province-1149", "par-province-1149@2020.1")
    assert result.returncode == 0
    assert result.stdout.splitlines()[1] == "Không có thay đổi."
