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


def test_found_trying_the_product_lists_dates_words_and_progress(
    export: Writer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 25 bad rows: the first 20 are listed, then how many more (they were cut silently).
    bad = [
        f"{i};HS-{i};1.001;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Trực tuyến;31/02/2020;;;" for i in range(25)
    ]
    path = str(export([*GOOD, *bad]))
    assert main(["compute", path, "--indicators", "received", "--max-bad-rows", "25"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len([line for line in err if "ngày không hợp lệ" in line]) == 20
    assert err[-1] == "… (+5)"
    # Months and quarters as people write them (were "2020-03", "2020-Q1").
    assert main(["compute", path, "--by", "quarter,month", "--indicators", "received",
                 "--max-bad-rows", "25"]) == 0  # fmt: skip
    assert capsys.readouterr().out.splitlines()[2].startswith("Quý 1/2020  03/2020  ")
    # The reading date as it is typed here.
    assert main(["compute", path, "--indicators", "received", "--as-of", "20/03/2020",
                 "--max-bad-rows", "25"]) == 0  # fmt: skip
    assert "Ngày đọc số liệu: 20/03/2020 (ngày được chỉ định)" in capsys.readouterr().out
    assert main(["compute", path, "--as-of", "2020-99-99"]) == 2
    assert "dd/mm/yyyy, yyyy-mm-dd" in capsys.readouterr().err
    assert main(["compute", path, "--max-bad-rows", "-1"]) == 2
    assert capsys.readouterr().err == "Sai cú pháp lệnh: --max-bad-rows -1: không được âm\n"
    # Yes and no in words, and what a computation would rest on.
    assert main(["preview", str(export(GOOD)), "-n", "3"]) == 0
    done = capsys.readouterr()
    assert done.out.splitlines()[-1].rstrip().endswith("Có")
    assert "True" not in done.out and "False" not in done.out
    assert done.err.startswith("Ngày đọc số liệu: 12/03/2020 (ngày của tệp xuất")
    assert "đọc 3, dùng 3, bỏ ra 0" in done.err
    # An import's open progress line is ended before any error, not only a refusal.
    empty = tmp_path / "empty.csv"
    empty.write_text("x;y\n1;2\n", encoding="utf-8")
    assert main(["import", str(empty), "--store", str(tmp_path / "s")]) == 3
    err_text = capsys.readouterr().err
    assert "\nLỗi: Tệp" in err_text and "0/1Lỗi" not in err_text


def test_import_and_compute_state_the_rows_skipped(
    export: Writer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Found trying the product: the import said only how many rows were bad, not which were
    # left out or how many blank and total rows it skipped.
    path = str(export([GOOD[0], ";;;;;;;;;;", GOOD[1], "Tổng cộng;2;;;;;;;;;"]))
    assert main(["import", path, "--store", str(tmp_path / "store")]) == 0
    said = "đọc 2, dùng 2, bỏ ra 0; bỏ qua 1 dòng trống, 1 dòng tổng cộng"
    assert said in capsys.readouterr().err
    assert main(["compute", path, "--indicators", "received", "--lang", "en"]) == 0
    assert "skipped 1 blank rows, 1 total rows" in capsys.readouterr().out
