"""One reading path: every door checks an export the same way, and every result says so."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from indicator_helpers import GOOD, Writer

from parindex.cli.indicators import main
from parindex.indicators import (
    ImportRejected,
    SourceError,
    Store,
    Tolerance,
    apply,
    compute,
    load_mapping,
    open_dataset,
    preview,
    read_log,
)

BAD_CHANNEL = "9;HS-9;1.009;Hộ tịch;Sở Tư pháp;Cấp tỉnh;Fax;05/03/2020;10/03/2020;09/03/2020;"


def _received(path: Path, indicators: list[str], **kw: object) -> int:
    table = compute(open_dataset(path, tolerance=Tolerance(max_rows=1)), indicators=indicators)
    return int(table.data.filter(indicator="received")["numerator"][0])


def test_a_figure_does_not_depend_on_the_other_indicators_asked_for(export: Writer) -> None:
    # Before: `received` alone read the bad-channel row, `received,online_share` dropped it.
    path = export([*GOOD, BAD_CHANNEL])
    assert _received(path, ["received"]) == _received(path, ["received", "online_share"]) == 3


def test_a_bad_row_refuses_a_computation_over_the_file_unless_tolerated(export: Writer) -> None:
    path = export([*GOOD, BAD_CHANNEL])
    with pytest.raises(ImportRejected) as info:
        compute(open_dataset(path), indicators=["received"])
    (problem,) = info.value.problems
    assert (problem.row, problem.column, problem.reason) == (7, "Hình thức nộp", "unknown_value")
    table = compute(open_dataset(path, tolerance=Tolerance(max_rows=1)))
    about = table.about()
    assert (about["rows_read"], about["rows_used"], about["rows_left_out"]) == (4, 3, 1)
    assert about["left_out_rows"] == [7] and about["left_out_reasons"] == {"unknown_value": 1}


def test_dich_vu_bcci_is_a_channel(export: Writer) -> None:
    row = GOOD[0].replace("Trực tuyến", "Dịch vụ BCCI")
    assert read_log(export([row])).data["channel"].to_list() == ["bcci"]


def test_apply_refuses_corrupted_rows_and_says_which_it_left_out(
    export: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: five corrupted rows were silently dropped and apply exited 0.
    bad = [
        GOOD[0].replace("HS-001", f"HS-B{i}").replace("05/03/2020", "5/13/2020") for i in range(5)
    ]
    path = str(export([*GOOD, *bad]))
    assert main(["apply", path, "--year", "2020"]) == 3
    err = capsys.readouterr().err
    assert "5 / 8 dòng lỗi" in err and "dòng 7, cột «Ngày tiếp nhận»: ngày không hợp lệ" in err
    # A refused computation says nothing was computed, not that an import failed.
    assert err.startswith(f"Tệp bị từ chối, không tính chỉ số nào: {path}: 5 / 8 dòng lỗi")
    assert main(["--lang", "en", "apply", path, "--year", "2020"]) == 3
    assert capsys.readouterr().err.startswith(f"File refused, no indicator computed: {path}: ")
    store = Path(path).parent / "store"
    assert main(["import", path, "--store", str(store)]) == 3
    lines = capsys.readouterr().err.split("\n")  # the progress line, ended, then the refusal
    assert lines[1].startswith(f"Nhập dữ liệu thất bại, không có gì được lưu: {path}: 5 / 8")
    assert main(["apply", path, "--year", "2020", "--max-bad-rows", "5"]) == 0
    done = capsys.readouterr()
    doc = json.loads(done.out)
    assert doc["inputs"]["3.4.1"] == {"on_time": 1, "total": 1}
    reading = doc["provenance"]["3.4.1"]["reading"]
    assert (reading["rows_read"], reading["rows_used"], reading["rows_left_out"]) == (8, 3, 5)
    assert reading["left_out_rows"] == [7, 8, 9, 10, 11]
    assert doc["provenance"]["3.4.1"]["as_of"] == "2020-03-12" == reading["as_of"]
    assert (
        "Ngày đọc số liệu: 12/03/2020" in done.err and "bỏ ra 5 (dòng 7, 8, 9, 10, 11)" in done.err
    )


def test_import_preview_and_compute_report_the_same_bad_rows(
    export: Writer, tmp_path: Path
) -> None:
    path = export([*GOOD, BAD_CHANNEL, GOOD[0].replace("1;HS-001", "8;HS-001")])
    one = Tolerance(max_rows=2)
    imported = Store(tmp_path / "s").import_file(path, tolerance=one).read
    shown = preview(path, n=1)  # the first row only, but the whole file is checked
    computed = open_dataset(path, tolerance=one).reading
    assert imported is not None and shown.reading is not None
    expected = [(7, "unknown_value"), (8, "duplicate_id")]
    for reading in (imported.reading, shown.reading, computed):
        assert reading is not None
        assert [(p.row, p.reason) for p in reading.problems] == expected
        assert (reading.rows_read, reading.rows_used) == (5, 3)


def test_compute_json_states_rows_and_reading_date(
    export: Writer, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(export(GOOD))
    assert main(["compute", path, "--indicators", "received", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["rows"][0]["numerator"] == 3
    reading = doc["reading"]
    assert (reading["as_of"], reading["as_of_rule"]) == ("2020-03-12", "export")
    assert (reading["rows_read"], reading["rows_used"], reading["rows_left_out"]) == (3, 3, 0)
    assert main(["compute", path, "--indicators", "received", "--as-of", "2020-12-31"]) == 0
    assert "Ngày đọc số liệu: 31/12/2020 (ngày được chỉ định); đọc 3" in capsys.readouterr().out


# -- the reading date -------------------------------------------------------------------------

HEADER = "Mã hồ sơ;Cơ quan tiếp nhận;Cấp;Ngày tiếp nhận;Hạn xử lý;Ngày có kết quả;Trạng thái"


def _log(tmp_path: Path, rows: list[str], name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_reading_date_is_the_exports_own_date_not_31_december(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Received in December 2020, resolved on time in January 2021: resolved, not pending.
    path = _log(
        tmp_path,
        [
            "A;Sở Tư pháp;Tỉnh;20/12/2020;10/01/2021;05/01/2021;Đã trả kết quả",
            "B;Sở Tư pháp;Tỉnh;21/12/2020;10/01/2021;;Đang xử lý",
            "C;Sở Tư pháp;Tỉnh;08/01/2021;20/01/2021;;Đang xử lý",
        ],
    )
    table = compute(open_dataset(path), year=2020, indicators=["resolved", "pending"])
    assert (table.as_of, table.as_of_rule) == (dt.date(2021, 1, 8), "export")
    got = {r["indicator"]: r["numerator"] for r in table.data.to_dicts()}
    assert got == {"resolved": 1, "pending": 1}
    assert main(["compute", str(path), "--year", "2020", "--indicators", "resolved"]) == 0
    assert "Ngày đọc số liệu: 08/01/2021 (ngày của tệp xuất" in capsys.readouterr().out


def test_a_date_later_than_today_is_a_bad_row_not_the_reading_date(tmp_path: Path) -> None:
    path = _log(tmp_path, ["A;Sở Tư pháp;Tỉnh;20/12/2020;;05/01/2092;Đã giải quyết"])
    with pytest.raises(ImportRejected) as info:
        read_log(path)
    assert [p.reason for p in info.value.problems] == ["date_in_future"]


# -- statuses ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Đã hủy", "cancelled"),
        ("Hủy", "cancelled"),
        ("huỷ", "cancelled"),
        ("Rút hồ sơ", "withdrawn"),
        ("Trả lại", "rejected"),
        ("Từ chối", "rejected"),
        ("Tạm dừng", "suspended"),
        ("Chờ bổ sung", "supplement_requested"),
        ("Yêu cầu bổ sung", "supplement_requested"),
        ("Đang xử lý", "in_progress"),
        ("Mới tiếp nhận", "received"),
        ("Đã giải quyết", "resolved"),
        ("Đã trả kết quả", "returned"),
    ],
)
def test_status_wordings_are_recognised(tmp_path: Path, text: str, code: str) -> None:
    resolved = "05/01/2021" if code in ("resolved", "returned") else ""
    path = _log(tmp_path, [f"A;Sở Tư pháp;Tỉnh;20/12/2020;;{resolved};{text}"])
    assert read_log(path).data["status"].to_list() == [code]


def test_cancelled_and_withdrawn_dossiers_count_in_no_rate(tmp_path: Path) -> None:
    path = _log(
        tmp_path,
        [
            "A;Sở Tư pháp;Tỉnh;01/03/2020;10/03/2020;05/03/2020;Đã trả kết quả",
            "B;Sở Tư pháp;Tỉnh;02/03/2020;10/03/2020;;Đã hủy",
            "C;Sở Tư pháp;Tỉnh;03/03/2020;10/03/2020;;Rút hồ sơ",
            "D;Sở Tư pháp;Tỉnh;04/03/2020;04/03/2020;;Đang xử lý",
        ],
    )
    table = compute(open_dataset(path), year=2020)
    got = {r["indicator"]: (r["numerator"], r["denominator"]) for r in table.data.to_dicts()}
    assert got["received"][0] == 2 and got["cancelled"][0] == 2
    assert got["pending"][0] == got["overdue"][0] == 1 and got["resolved"][0] == 1
    assert got["on_time_rate"] == (1, 1)
    # The file has no channel column: the online share is not computed, and says why.
    assert "online_share" not in got and table.unavailable["online_share"] == ["channel"]


def test_a_dossier_marked_resolved_without_a_resolution_date_is_a_bad_row(tmp_path: Path) -> None:
    # Before: "Đã trả kết quả" with no date counted as pending.
    path = _log(tmp_path, ["A;Sở Tư pháp;Tỉnh;01/03/2020;10/03/2020;;Đã trả kết quả"])
    with pytest.raises(ImportRejected) as info:
        compute(open_dataset(path), indicators=["pending"])
    (problem,) = info.value.problems
    assert (problem.row, problem.column, problem.reason) == (
        2,
        "Trạng thái",
        "resolved_without_date",
    )


# -- columns a figure needs -------------------------------------------------------------------


def test_an_indicator_needing_a_missing_column_is_an_error_never_zero(tmp_path: Path) -> None:
    from parindex.indicators import MappingError

    path = _log(tmp_path, ["A;Sở Tư pháp;Tỉnh;01/03/2020;10/03/2020;12/03/2020;Đã giải quyết"])
    with pytest.raises(MappingError) as info:
        compute(open_dataset(path), indicators=["apology_rate"])
    assert (info.value.reason, info.value.field) == ("column_not_in_source", "apology_sent")
    assert "apology_rate" in compute(open_dataset(path)).unavailable


def test_da_gui_thu_xin_loi_is_the_apology_column(tmp_path: Path) -> None:
    # Before: the header was not recognised and the apology rate printed 0/363.
    path = tmp_path / "x.csv"
    path.write_text(
        HEADER + ";Đã gửi thư xin lỗi\nA;Sở Tư pháp;Tỉnh;01/03/2020;05/03/2020;12/03/2020;"
        "Đã giải quyết;Có\n",
        encoding="utf-8",
    )
    table = compute(open_dataset(path), indicators=["apology_rate"])
    assert table.data.select("numerator", "denominator").row(0) == (1, 1)


def test_apply_refuses_a_file_without_the_columns_of_a_linked_node(tmp_path: Path) -> None:
    from parindex.indicators import MappingError

    path = _log(tmp_path, ["A;Sở Tư pháp;Tỉnh;01/03/2020;10/03/2020;12/03/2020;Đã giải quyết"])
    with pytest.raises(MappingError, match="column_not_in_source"):
        apply(open_dataset(path), "par-province-1149", 2020)


def test_a_zip_bomb_posing_as_an_excel_export_is_refused_before_it_is_unpacked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A few kilobytes that claim 3 GiB unpacked: every door refuses it, nothing is stored."""
    from bombs import office_bomb

    path = tmp_path / "bao-cao.xlsx"
    path.write_bytes(office_bomb(unpacked=3 * 1024 * 1024 * 1024))
    with pytest.raises(SourceError) as refused:
        read_log(path)
    assert refused.value.reason == "file_too_large_or_malformed"
    store = tmp_path / "store"
    assert main(["import", str(path), "--store", str(store)]) == 3
    assert "tệp quá lớn hoặc bị hỏng" in capsys.readouterr().err
    assert not (store / "manifest.json").exists()


def test_an_alias_bomb_as_a_mapping_or_definitions_file_is_refused(tmp_path: Path) -> None:
    from parindex.indicators import load_definitions
    from parindex.indicators.errors import IndicatorError

    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    lines += [
        f"{c}: &{c} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for load in (load_mapping, load_definitions):
        with pytest.raises(IndicatorError) as refused:
            load(bomb)
        assert refused.value.reason == "file_too_large_or_malformed"
