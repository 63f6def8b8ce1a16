"""The `parindex` command, run in-process as a user types it: output, formats and exit codes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from cli_helpers import DEMO, ROOT, Run


def test_demo_prints_the_seed_total_and_sentences(run: Run):
    result = run("demo")
    assert result.returncode == 0, result.stderr
    assert "61,4203/65" in result.stdout
    assert "180.840/185.443 hồ sơ, bằng 97,5178%" in result.stdout
    assert "0,6484" in result.stdout  # the seed's slip is reported by the check


def test_score_json_carries_totals_and_reasons(run: Run):
    result = run("score", str(DEMO), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["self"] == {"score": 61.4203, "max": 65}
    node = next(n for n in data["nodes"] if n["code"] == "3.4.1")
    assert node["score"] == 1.4628
    assert node["reason"]["code"] == "rate"
    assert node["inputs"] == {"on_time": 180840, "total": 185443}


def test_score_english_uses_english_numbers(run: Run):
    result = run("score", str(DEMO), "--lang", "en", "--explain")
    assert result.returncode == 0, result.stderr
    assert "Self-assessed total: 61.4203/65" in result.stdout
    assert "180,840 of 185,443 dossiers" in result.stdout


def test_score_csv_has_a_row_per_node(run: Run):
    result = run("score", str(DEMO), "--format", "csv")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][:3] == ["Mã", "Nội dung", "Điểm"]
    codes = [r[0] for r in rows[1:]]
    assert "3.4.1" in codes and "8.6" in codes


def test_gaps_are_ordered_by_points_at_stake(run: Run):
    result = run("gaps", str(DEMO), "--format", "json")
    data = json.loads(result.stdout)
    assert [g["code"] for g in data[:3]] == ["8.2", "8.5", "8.6"]
    losses = [g["lost"] for g in data]
    assert losses == sorted(losses, reverse=True)


def test_gaps_by_area(run: Run):
    data = json.loads(run("gaps", str(DEMO), "--by", "area", "--format", "json").stdout)
    assert [(g["code"], g["lost"]) for g in data] == [
        ("8", 2.5),
        ("7", 0.6332),
        ("6", 0.3903),
        ("3", 0.0562),
    ]


def test_whatif_shows_the_difference_per_node(run: Run):
    result = run("whatif", str(DEMO), "--set", "3.4.1.on_time=185443", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total_delta"] == pytest.approx(0.0372)
    changed = {c["code"]: c["delta"] for c in data["changes"]}
    assert changed == {
        "3": pytest.approx(0.0372),
        "3.4": pytest.approx(0.0372),
        "3.4.1": pytest.approx(0.0372),
    }


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("3.4.1=5", "expected CODE.INPUT=VALUE"),
        ("9.9.9.on_time=5", "no sub-criterion '9.9.9'"),
        ("3.4.1.nope=5", "has no input 'nope'"),
    ],
)
def test_whatif_rejects_bad_set_arguments(arg, message, run: Run):
    result = run("whatif", str(DEMO), "--set", arg)
    assert result.returncode == 2
    assert message in result.stderr


def test_whatif_rejects_a_bad_value_with_the_node(run: Run):
    result = run("whatif", str(DEMO), "--set", "3.4.1.on_time=abc")
    assert result.returncode == 3
    assert "3.4.1" in result.stderr and "on_time" in result.stderr


def test_check_lists_the_seed_contradictions_and_exits_1(run: Run):
    result = run("check", str(DEMO), "--format", "json")
    assert result.returncode == 1
    found = {(c["node"], c["code"]) for c in json.loads(result.stdout)}
    assert found == {
        ("3.4.2", "input"),
        ("3.4.2", "rate_fraction"),
        ("3.4.2", "input_score"),
        ("7", "parts"),
        ("7.1.9", "score"),
    }


def test_check_exits_0_when_figures_agree(tmp_path, run: Run):
    text = DEMO.read_text(encoding="utf-8").split("stated:")[0]
    clean = tmp_path / "clean.yaml"
    clean.write_text(text + "stated:\n  total: 61.4203\n  total_max: 65\n", encoding="utf-8")
    result = run("check", str(clean))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Không phát hiện mâu thuẫn" in result.stdout


def test_rank_from_csv_shares_ranks_on_ties_and_classifies(tmp_path, run: Run):
    results = tmp_path / "results.csv"
    results.write_text(
        "unit,total,max\nA,91.5,100\nB,85,100\nC,85,100\nD,60,100\n", encoding="utf-8"
    )
    data = json.loads(run("rank", str(results), "--format", "json").stdout)
    assert [(r["unit"], r["rank"], r["classification"]) for r in data] == [
        ("A", 1, "A"),
        ("B", 2, "B"),
        ("C", 2, "B"),
        ("D", 4, None),
    ]


def test_rank_with_custom_bands(tmp_path, run: Run):
    results = tmp_path / "results.csv"
    results.write_text("unit,total,max\nX,95,100\nY,75,100\n", encoding="utf-8")
    data = json.loads(
        run("rank", str(results), "--bands", "Xuất sắc=90,Tốt=70", "--format", "json").stdout
    )
    assert [r["classification"] for r in data] == ["Xuất sắc", "Tốt"]


def test_rank_reports_a_bad_csv_row(tmp_path, run: Run):
    results = tmp_path / "results.csv"
    results.write_text("unit,total,max\nX,abc,100\n", encoding="utf-8")
    result = run("rank", str(results))
    assert result.returncode == 3
    assert "results.csv:2" in result.stderr


def test_compare_two_years(tmp_path, run: Run):
    later = tmp_path / "lao-cai-2021.yaml"
    later.write_text(
        DEMO.read_text(encoding="utf-8")
        .replace("year: 2020", "year: 2021")
        .replace(
            '"8.5": {growth: 6.55, growth_previous: 10.32}',
            '"8.5": {growth: 7.1, growth_previous: 6.55}',
        ),
        encoding="utf-8",
    )
    data = json.loads(run("compare", str(DEMO), str(later), "--format", "json").stdout)
    assert data["total_delta"] == 1
    assert {c["code"] for c in data["changes"]} == {"8", "8.5"}
    table = run("compare", str(DEMO), str(later)).stdout
    row = next(line for line in table.splitlines() if line.startswith("8.5"))
    assert row.rstrip().endswith("+1  Điểm thay đổi") and "changed" not in row


def test_frameworks_list_and_show(run: Run):
    listed = json.loads(run("frameworks", "list", "--format", "json").stdout)
    codes = {f["code"] for f in listed}
    assert {"par-province-1149", "par-province-876"} <= codes
    shown = run("frameworks", "show", "par-province-1149", "--depth", "1")
    assert shown.returncode == 0
    assert "Cải cách thủ tục hành chính" in shown.stdout
    assert "3.4.1" not in shown.stdout


def test_frameworks_show_unknown_code_is_a_clear_error(run: Run):
    result = run("frameworks", "show", "nope")
    assert result.returncode == 3
    assert "no framework 'nope'" in result.stderr


def test_frameworks_validate_reports_every_problem_with_line_and_node(tmp_path, run: Run):
    text = (
        (ROOT / "src/parindex/frameworks/par-province-1149.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "rule: {kind: proportional, numerator: on_time, denominator: total}",
            "rule: {kind: proportional, numerator: on_time}",
            1,
        )
        .replace("max: 9.5", "max: 9.25", 1)
    )
    lines = text.splitlines()
    rule_line = 1 + next(i for i, t in enumerate(lines) if "numerator: on_time}" in t)
    area_line = 1 + lines.index('  - code: "3"')  # the area whose children no longer add up
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    result = run("frameworks", "validate", str(bad))
    assert result.returncode == 1
    assert (
        f"bad.yaml, dòng {rule_line}: cách tính «proportional» của tiêu chí 3.4.1 cần số liệu "
        "«denominator»\n"
    ) in result.stdout
    assert f"bad.yaml, dòng {area_line}: điểm tối đa của 3 là 13,5" in result.stdout
    english = run("frameworks", "validate", str(bad), "--lang", "en")
    assert (
        f"bad.yaml, line {rule_line}: rule 'proportional' of criterion 3.4.1 needs the input "
        "'denominator'\n"
    ) in english.stdout


def test_frameworks_validate_shipped_files_are_valid(run: Run):
    files = sorted(str(p) for p in (ROOT / "src/parindex/frameworks").glob("*.yaml"))
    result = run("frameworks", "validate", *files)
    assert result.returncode == 0, result.stdout


def test_frameworks_schema_is_json_schema(run: Run):
    schema = json.loads(run("frameworks", "schema").stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "proportional" in json.dumps(schema)


def test_published_schema_file_matches_the_loader(run: Run):
    published = ROOT / "docs/framework.schema.json"
    assert json.loads(published.read_text(encoding="utf-8")) == json.loads(
        run("frameworks", "schema").stdout
    ), "regenerate with: parindex frameworks schema > docs/framework.schema.json"


def test_missing_file_is_a_clear_error(run: Run):
    result = run("score", "does-not-exist.yaml")
    assert result.returncode == 3
    assert "does-not-exist.yaml" in result.stderr and "not found" in result.stderr


def test_unknown_command_is_a_usage_error(run: Run):
    result = run("frobnicate")
    assert result.returncode == 2


def test_malformed_assessment_yaml_names_the_line(tmp_path, run: Run):
    bad = tmp_path / "broken.yaml"
    bad.write_text("framework: par-province-1149\nyear: 2020\ninputs: [\n", encoding="utf-8")
    result = run("score", str(bad))
    assert result.returncode == 3
    assert result.stderr == (
        "parindex: broken.yaml, dòng 4: tệp kết thúc giữa chừng: thiếu dấu đóng ngoặc «]» "
        "hoặc «}» hay phần nội dung còn lại\n"
    )


def test_plan_writes_a_word_document_with_the_seed_sentences(tmp_path, run: Run):
    import docx

    output = tmp_path / "ke-hoach.docx"
    result = run("plan", str(DEMO), "-o", str(output))
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(str(output)).paragraphs)
    assert "KẾ HOẠCH" in text
    assert "180.840/185.443 hồ sơ, bằng 97,5178%" in text


def test_plan_json_and_excel(tmp_path, run: Run):
    assert run("plan", str(DEMO), "-o", str(tmp_path / "p.json")).returncode == 0
    assert json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))["areas"]
    assert run("plan", str(DEMO), "-o", str(tmp_path / "p.xlsx")).returncode == 0
    assert (tmp_path / "p.xlsx").read_bytes()[:2] == b"PK"


def test_plan_excel_in_english(tmp_path, run: Run):
    from openpyxl import load_workbook

    assert run("plan", str(DEMO), "--lang", "en", "-o", str(tmp_path / "p.xlsx")).returncode == 0
    book = load_workbook(tmp_path / "p.xlsx")
    assert book.sheetnames == ["Targets", "Tasks"]
    assert [c.value for c in book["Tasks"][3]] == ["No.", "Area", "Task", "Lead agency", "Deadline"]


def test_plan_rejects_an_unknown_output_kind(tmp_path, run: Run):
    result = run("plan", str(DEMO), "-o", str(tmp_path / "p.txt"))
    assert result.returncode == 2
    assert ".docx" in result.stderr


def test_tables_name_the_framework_unit_kinds_and_rules_in_words(run: Run):
    demo = run("demo")
    first = demo.stdout.splitlines()[0]
    assert first == (
        "Tỉnh Lào Cai — 2020 — Bộ tiêu chí xác định Chỉ số cải cách hành chính cấp tỉnh (2020.1)"
    )
    assert "par-province-1149@" not in first
    listed = run("frameworks", "list")
    row = next(line for line in listed.stdout.splitlines() if line.startswith("par-commune"))
    assert "Cấp xã" in row and " commune " not in row
    shown = run("frameworks", "show", "par-province-1149", "--lang", "en")
    line = next(x for x in shown.stdout.splitlines() if x.startswith("3.4.1"))
    assert line.rstrip().endswith("Proportional") and "proportional" not in line
