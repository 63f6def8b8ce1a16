"""Every command that reads a file refuses one built to explode: a Vietnamese sentence, exit 3."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import DEMO, Result, Run

from bombs import ALIAS_BOMB, DEEP, MIB, office_bomb
from parindex.core.limits import YAML_LIMITS

VI = "tệp quá lớn hoặc bị hỏng"


def bomb(tmp_path: Path, text: str = ALIAS_BOMB, name: str = "bomb.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def refused(run: Run, *args: str) -> Result:
    result = run(*args)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    return result


# Every command given an assessment file, with what else it needs to run.
COMMANDS = [
    ("score",),
    ("gaps",),
    ("whatif", "--set", "3.4.1.on_time=1"),
    ("check",),
    ("plan", "-o", "plan.json"),
    ("plan-report", "--reports", str(DEMO), "--period", "Q1", "-o", "r.docx"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
@pytest.mark.parametrize(
    ("text", "detail"),
    [
        (ALIAS_BOMB, "the text expands to more than 250000 values"),
        (DEEP, "nested more than 64 levels deep"),
    ],
    ids=["aliases", "deep"],
)
def test_an_assessment_built_to_explode_is_refused_by_every_command(
    tmp_path, run, command, text, detail
):
    result = refused(run, command[0], bomb(tmp_path, text), *command[1:])

    assert result.stderr == f"parindex: bomb.yaml: {VI} ({detail})\n"
    assert not (tmp_path / "plan.json").exists() and not (tmp_path / "r.docx").exists()


def test_the_refusal_is_worded_in_english_with_lang_en(tmp_path, run):
    result = refused(run, "score", bomb(tmp_path), "--lang", "en")
    assert result.stderr.startswith("parindex: bomb.yaml: file too large or malformed (")


def test_a_file_beyond_the_size_limit_is_refused_before_it_is_read(tmp_path, run):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (YAML_LIMITS.max_bytes + 1))

    result = refused(run, "score", str(path))

    assert f"{VI} (the file is {YAML_LIMITS.max_bytes + 1} bytes," in result.stderr


@pytest.mark.parametrize("args", [("rank",), ("compare", str(DEMO))], ids=["rank", "compare"])
def test_rank_and_compare_refuse_an_assessment_built_to_explode(tmp_path, run, args):
    result = refused(run, *args, bomb(tmp_path))
    assert f"bomb.yaml: {VI}" in result.stderr


def test_rank_refuses_a_csv_field_longer_than_the_csv_module_reads(tmp_path, run):
    path = tmp_path / "results.csv"
    path.write_text('unit,total,max\n"' + "x" * 200_000 + '",1,2\n', encoding="utf-8")

    result = refused(run, "rank", str(path))

    assert f"results.csv:2: {VI} (field larger than field limit" in result.stderr


def test_plan_report_refuses_reports_built_to_explode(tmp_path, run):
    reports = bomb(tmp_path, name="reports.yaml")
    args = ("--reports", reports, "--period", "Q1", "-o", str(tmp_path / "r.docx"))

    result = refused(run, "plan-report", str(DEMO), *args)

    assert f"parindex: reports.yaml: {VI} (reports.yaml: the text expands" in result.stderr
    assert not (tmp_path / "r.docx").exists()


def test_a_framework_file_built_to_explode_is_refused(tmp_path, run):
    result = refused(run, "score", str(DEMO), "--framework", bomb(tmp_path))
    assert f"bomb.yaml: {VI}" in result.stderr


def test_frameworks_import_of_a_zip_bomb_says_so_in_vietnamese(tmp_path, run):
    source, output = tmp_path / "bomb.xlsx", tmp_path / "out.yaml"
    source.write_bytes(office_bomb())

    result = refused(run, "frameworks", "import", str(source), "-o", str(output))

    assert result.stderr == (
        f"parindex: bomb.xlsx: {VI} (the package unpacks to {80 * MIB + 29} bytes, "
        f"more than {16 * MIB})\n"
    )
    assert not output.exists()
