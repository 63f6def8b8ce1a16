"""Mapping files are checked against the published JSON Schema, with line numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parindex.cli.indicators import main
from parindex.indicators import MappingError, load_mapping, mapping_schema, read_log
from parindex.indicators.schema import CHANNELS, LEVELS, NAMES, STATUSES

ROOT = Path(__file__).resolve().parents[2]


def _problems(tmp_path: Path, text: str) -> list[tuple[int | None, str, str | None]]:
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as info:
        load_mapping(path)
    assert info.value.reason == "invalid_mapping"
    return [(p.row, p.reason, p.field) for p in info.value.problems]


def test_unknown_keys_columns_kinds_and_targets_are_reported_with_their_lines(
    tmp_path: Path,
) -> None:
    text = (
        "columns:\n"  # 1
        "  dossier_id: ID\n"  # 2
        "  agency: Nơi nhận\n"  # 3 (agency_name or agency_code)
        "values:\n"  # 4
        "  level:\n"  # 5
        "    Sở ngành: provincial\n"  # 6
        "  colour: {x: y}\n"  # 7
        "header_rows: 2\n"  # 8
    )
    assert _problems(tmp_path, text) == [
        (3, "unknown_column", "columns/agency"),
        (6, "unknown_target", "values/level/Sở ngành"),
        (7, "unknown_value_kind", "values/colour"),
        (8, "unknown_key", "header_rows"),
    ]


def test_wrongly_shaped_blocks_are_errors(tmp_path: Path) -> None:
    text = "values:\n  status: [Đã hủy, cancelled]\nheader_row: 0\ncolumns:\n  level: 3\n"
    assert _problems(tmp_path, text) == [
        (2, "bad_shape", "values/status"),
        (3, "bad_header_row", "header_row"),
        (5, "bad_shape", "columns/level"),
    ]


def test_a_default_no_word_table_knows_is_an_error(tmp_path: Path) -> None:
    assert _problems(tmp_path, "defaults:\n  level: huyen lon\n") == [
        (2, "unknown_value", "defaults/level")
    ]


def test_a_mapped_column_the_file_lacks_is_an_error_naming_the_mapping_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "x.csv"
    data.write_text("Mã hồ sơ,Cơ quan,Cấp,Ngày tiếp nhận\nA,B,Tỉnh,05/03/2020\n", encoding="utf-8")
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  dossier_id: Mã hồ sơ\n  apology_sent: Thư XL\n", "utf-8")
    with pytest.raises(MappingError) as info:
        read_log(data, mapping)
    assert (info.value.reason, info.value.field) == ("column_not_found", "apology_sent")
    assert info.value.detail == {"mapping": str(mapping), "line": 3}
    assert main(["compute", str(data), "--mapping", str(mapping)]) == 3
    assert "dòng của tệp ánh xạ 3" in capsys.readouterr().err


def test_the_cli_lists_every_problem_of_a_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("colums: {}\nvalues: {level: {X: nowhere}}\n", encoding="utf-8")
    data = tmp_path / "x.csv"
    data.write_text("Mã hồ sơ,Cơ quan,Cấp,Ngày tiếp nhận\n", encoding="utf-8")
    assert main(["preview", str(data), "--mapping", str(mapping)]) == 3
    err = capsys.readouterr().err
    assert "dòng 1: khóa không được phép (colums)" in err
    assert "dòng 2: giá trị đích không được phép (nowhere)" in err


def test_the_web_form_dict_is_checked_the_same_way() -> None:
    with pytest.raises(MappingError) as info:
        load_mapping({"columns": {"level": ["Cấp"]}, "defaults": {"nonsense": "x"}})
    assert [(p.reason, p.field) for p in info.value.problems] == [
        ("unknown_column", "defaults/nonsense")
    ]


def test_the_shipped_schema_lists_the_schemas_columns_and_words() -> None:
    schema = mapping_schema()
    props = schema["properties"]
    assert props["columns"]["propertyNames"]["enum"] == list(NAMES)
    values = props["values"]["properties"]
    for kind, codes in (("level", LEVELS), ("channel", CHANNELS), ("status", STATUSES)):
        assert values[kind]["additionalProperties"]["enum"] == list(codes)
    shipped = ROOT / "src/parindex/indicators/data/dossier-mapping.schema.json"
    assert json.loads(shipped.read_text(encoding="utf-8")) == schema


@pytest.mark.parametrize(
    "headers",
    [
        # Hệ thống thông tin giải quyết TTHC (the national one-stop-shop software)
        "Số biên nhận,Tên thủ tục hành chính,Lĩnh vực,Đơn vị xử lý,Cấp,Kênh nộp,"
        "Ngày nhận hồ sơ,Ngày hẹn trả,Ngày kết thúc xử lý,Ngày trả kết quả thực tế,"
        "Tình trạng hồ sơ,Đã gửi thư xin lỗi",
        # a provincial system
        "Mã hồ sơ,Mã TTHC,Tên TTHC,Tên cơ quan,Cấp thực hiện,Hình thức nộp hồ sơ,"
        "Thời gian tiếp nhận,Hạn trả kết quả,Ngày hoàn thành xử lý,Thời gian trả kết quả,"
        "Trạng thái xử lý,Phiếu xin lỗi",
    ],
)
def test_vendor_headers_are_recognised_out_of_the_box(tmp_path: Path, headers: str) -> None:
    path = tmp_path / "x.csv"
    row = (
        "A,1.1,Hộ tịch,Sở Tư pháp,Tỉnh,Trực tuyến,05/03/2020,10/03/2020,09/03/2020,10/03/2020,"
        "Đã trả kết quả,Không"
    )
    fields = len(headers.split(","))
    path.write_text(headers + "\n" + ",".join(row.split(",")[:fields]) + "\n", encoding="utf-8")
    log = read_log(path)
    wanted = {"dossier_id", "level", "channel", "received_date", "due_date", "resolved_date"}
    wanted |= {"returned_date", "status", "apology_sent", "agency_name"}
    assert wanted <= set(log.columns)


def test_an_encoding_no_codec_reads_is_a_mapping_problem_with_its_line(tmp_path: Path) -> None:
    # Found trying the product: "encoding: tcvn3" (the product's own word for such files) and
    # a typo raised a Python LookupError from the reading.
    assert _problems(tmp_path, "delimiter: ';'\nencoding: tcvn3\n") == [
        (2, "legacy_encoding", "encoding")
    ]
    assert _problems(tmp_path, "encoding: latin-9x\n") == [(1, "unknown_encoding", "encoding")]
    for codec in ("hex", "base64", "rot13", "idna"):  # codecs, but not of text files
        assert _problems(tmp_path, f"encoding: {codec}\n") == [(1, "unknown_encoding", "encoding")]
    assert load_mapping({"encoding": " cp1258 "}).encoding == "cp1258"


def test_utf16_named_for_a_file_without_a_byte_order_mark(tmp_path: Path) -> None:
    # Found trying the product: "encoding: utf-16" on an export without a BOM raised
    # "UTF-16 stream does not start with BOM".
    text = (
        "Mã hồ sơ\tCơ quan tiếp nhận\tCấp\tNgày tiếp nhận\r\n"
        "HS-1\tSở Tư pháp\tCấp tỉnh\t05/03/2020\r\n"
    )
    for codec in ("utf-16-le", "utf-16-be"):
        path = tmp_path / f"{codec}.csv"
        path.write_bytes(text.encode(codec))
        log = read_log(path, {"encoding": "utf-16"})
        assert log.data["agency_name"].to_list() == ["Sở Tư pháp"], codec


def test_a_mapping_problem_names_the_line_in_english_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  agency: Nơi nhận\n", encoding="utf-8")
    export = tmp_path / "log.csv"
    export.write_text("Mã hồ sơ;Cấp;Ngày tiếp nhận\nHS-1;Cấp tỉnh;05/03/2020\n", encoding="utf-8")
    assert main(["compute", str(export), "--mapping", str(mapping), "--lang", "en"]) == 3
    err = capsys.readouterr().err
    assert f"File {mapping}, line 2: unknown normalised column (agency)" in err


def test_utf32_named_for_a_file_without_a_byte_order_mark_is_read_or_refused_clearly(
    tmp_path: Path,
) -> None:
    text = "Mã hồ sơ;Cơ quan tiếp nhận;Cấp;Ngày tiếp nhận\nHS-1;Sở Tư pháp;Cấp tỉnh;05/03/2020\n"
    path = tmp_path / "log32.csv"
    path.write_bytes(text.encode("utf-32-le"))
    assert read_log(path, {"encoding": "utf-32"}).data["dossier_id"].to_list() == ["HS-1"]
    utf8 = tmp_path / "log8.csv"
    utf8.write_text(text, encoding="utf-8")  # named utf-32, but UTF-8: an error, no traceback
    with pytest.raises(MappingError) as info:
        read_log(utf8, {"encoding": "utf-32"})
    assert info.value.reason == "header_not_found"
