"""The `indicators` command, run in-process as a user types it: exit codes, messages, formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from indicator_helpers import GOOD, Writer

from parindex.cli.indicators import main


def test_apply_prints_the_seeds_inputs_with_provenance_as_json(
    seed_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["apply", str(seed_csv), "--year", "2020"])
    done = capsys.readouterr()
    assert code == 0, done.err
    doc = json.loads(done.out)
    assert doc["inputs"]["3.4.2"] == {"on_time": 39_265, "total": 39_733}
    assert doc["provenance"]["3.4.1"]["sources"][0]["file"] == seed_csv.name


def test_a_bad_file_exits_3_naming_file_row_column_and_reason(
    export: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = GOOD[1].replace("2020-03-06", "31/02/2020")
    path = export([GOOD[0], bad])
    assert main(["import", str(path), "--store", str(path.parent / "store")]) == 3
    err = capsys.readouterr().err
    assert f"{path}, dòng 5, cột «Ngày tiếp nhận»: ngày không hợp lệ (31/02/2020)" in err
    assert not (path.parent / "store" / "manifest.json").exists()


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str], export: Writer) -> None:
    assert main(["compute", str(export(GOOD)), "--by", "weekday"]) == 2
    assert "weekday" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2


def test_compute_in_english_json_and_csv(
    export: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(export(GOOD))
    assert main(["compute", path, "--by", "level", "--indicators", "received", "--lang", "en"]) == 0
    table = capsys.readouterr().out
    assert table.splitlines()[0].split() == [
        "Level",
        "Indicator",
        "Numerator",
        "Denominator",
        "Value",
    ]
    assert (
        main(["compute", path, "--by", "level", "--indicators", "received", "--format", "json"])
        == 0
    )
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert {r["level"]: r["numerator"] for r in rows} == {
        "commune": 1,
        "district": 1,
        "province": 1,
    }
    assert main(["compute", path, "--indicators", "received", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "indicator,numerator,denominator,value",
        "received,3,,3.0",
    ]


def test_import_twice_then_preview_and_generate(
    export: Writer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(export(GOOD))
    store = str(tmp_path / "store")
    assert main(["import", path, "--store", store, "--format", "json"]) == 0
    done = capsys.readouterr()
    assert json.loads(done.out)[0]["status"] == "imported"  # JSON keeps the codes
    # the stages in words, counts through the one formatter (never "done: 3/3")
    assert "Xong: 3/3" in done.err and "done:" not in done.err
    assert main(["import", path, "--store", store, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["status"] == "unchanged"
    assert main(["import", path, "--store", store]) == 0
    table = capsys.readouterr().out
    assert "Không có gì mới" in table and "unchanged" not in table
    assert main(["preview", path, "-n", "2"]) == 0
    assert "Dòng tiêu đề: 3" in capsys.readouterr().out
    out = tmp_path / "g.parquet"
    assert main(["generate", str(out), "--rows", "1000"]) == 0
    assert out.exists()
    assert main(["compute", str(out), "--indicators", "received", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert doc["rows"][0]["numerator"] == 1000 == doc["reading"]["rows_used"]


def test_missing_file_exits_3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", str(tmp_path / "none.csv")]) == 3
    assert "không tìm thấy tệp" in capsys.readouterr().err


def test_a_table_names_indicators_and_levels_in_words_and_formats_figures(
    export: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(export(GOOD))
    assert main(["compute", path, "--by", "level", "--indicators", "received,on_time_rate"]) == 0
    text = capsys.readouterr().out
    # "Số hồ sơ tiếp nhận", not `received`; "Cấp xã", not `commune`; a count is 1, not 1,0000
    assert "received" not in text and "commune" not in text and "on_time_rate" not in text
    commune = [line for line in text.splitlines() if line.startswith("Cấp xã")]
    received = next(line for line in commune if "Số hồ sơ tiếp nhận" in line)
    assert received.split()[-2:] == ["1", "1"]
    rate = next(line for line in commune if "Tỷ lệ hồ sơ giải quyết đúng hạn" in line)
    assert rate.split()[-1] in {"0,00%", "100,00%"}


def test_keys_keep_the_machine_names_for_scripts(
    export: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(export(GOOD))
    args = ["compute", path, "--by", "level", "--indicators", "received", "--keys"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["Cấp", "Chỉ"]  # headers stay words
    assert {line.split()[0] for line in lines[2:5]} == {"commune", "district", "province"}
    assert all(line.split()[1] == "received" for line in lines[2:5])
