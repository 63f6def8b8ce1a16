"""Exports in UTF-8 (with or without BOM), UTF-16, cp1258 and decomposed text read alike."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from parindex.cli.indicators import main
from parindex.indicators import SourceError, Store, compute, open_dataset, read_log

TEXT = (
    "BÁO CÁO TÌNH HÌNH GIẢI QUYẾT HỒ SƠ\n"
    "Mã hồ sơ;Cơ quan tiếp nhận;Cấp;Ngày tiếp nhận;Ngày có kết quả;Lĩnh vực\n"
    "HS-1;Sở Tư pháp;Cấp tỉnh;05/03/2020;06/03/2020;Hộ tịch\n"
    "HS-2;UBND xã Cốc San;Cấp xã;05/03/2020;;Đất đai\n"
    "HS-3;Sở Tư pháp;Cấp tỉnh;07/03/2020;;Chứng thực\n"
    "Tổng cộng;;;;;\n"
)
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base letters, tones as combining marks."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
            out += (base + "".join(c for c in d if c in _TONES)).encode("cp1258")
    return out


def _check(path: Path) -> None:
    log = read_log(path)
    assert log.rows_skipped == {"total": 1}
    assert log.data["agency_name"].to_list() == ["Sở Tư pháp", "UBND xã Cốc San", "Sở Tư pháp"]
    assert all(unicodedata.is_normalized("NFC", v) for v in log.data["field"].to_list())
    where = "agency_name == 'Sở Tư pháp'"
    table = compute(open_dataset(path), where=where, indicators=["received"])
    assert table.data["numerator"].to_list() == [2]


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.encode("utf-16"),  # with its BOM, little-endian here
        lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
        cp1258,
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16-le", "utf16-be", "nfd", "cp1258"],
)
def test_every_encoding_reads_the_same_rows(tmp_path: Path, encode) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(encode(TEXT))
    _check(path)


def test_cp1258_named_by_the_mapping_is_normalised_too(tmp_path: Path) -> None:
    # Before: read with `encoding: cp1258` the text stayed decomposed; the total row counted.
    path = tmp_path / "log.csv"
    path.write_bytes(cp1258(TEXT))
    log = read_log(path, {"encoding": "cp1258"})
    assert log.rows_skipped == {"total": 1}
    assert log.data["agency_name"][0] == "Sở Tư pháp"


def test_the_utf8_export_of_the_same_data_changes_nothing_in_the_store(tmp_path: Path) -> None:
    legacy, utf8 = tmp_path / "a.csv", tmp_path / "b.csv"
    legacy.write_bytes(cp1258(TEXT))
    utf8.write_bytes(TEXT.encode("utf-8"))
    store = Store(tmp_path / "store")
    assert store.import_file(legacy).rows_new == 3
    again = store.import_file(utf8)
    assert (again.status, again.rows_unchanged, again.rows_updated) == ("unchanged", 3, 0)


def test_a_nfd_where_constant_matches_nfc_text(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(TEXT.encode("utf-8"))
    where = unicodedata.normalize("NFD", "agency_name == 'Sở Tư pháp'")
    table = compute(open_dataset(path), where=where, indicators=["received"])
    assert table.data["numerator"].to_list() == [2]


def test_a_tcvn3_file_is_refused_with_a_hint_naming_the_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # TCVN3 (ABC) letters: ă â ê ô ơ ư đ are 0xA8–0xAE, toned vowels 0xB5–0xFE.
    header = b"M\xb8 h\xe5 s\xac;C\xac quan ti\xd5p nh\xadn;C\xa9p;Ng\xb5y ti\xd5p nh\xadn\n"
    path = tmp_path / "abc.csv"
    path.write_bytes(header + b"HS-1;S\xab T\xad ph\xb8p;T\xacnh;05/03/2020\n")
    with pytest.raises(SourceError) as info:
        read_log(path)
    assert (info.value.reason, info.value.detail) == ("legacy_encoding", {"encoding": "tcvn3"})
    assert main(["preview", str(path)]) == 3
    err = capsys.readouterr().err
    assert "bảng mã cũ" in err and "TCVN3 (ABC)" in err


def test_a_legacy_file_read_as_utf8_names_the_likely_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before: "không tìm thấy dòng tiêu đề" and no hint.
    path = tmp_path / "log.csv"
    path.write_bytes(cp1258(TEXT))
    assert main(["preview", str(path), "--mapping", str(_utf8_mapping(tmp_path))]) == 3
    err = capsys.readouterr().err
    assert "không tìm thấy dòng tiêu đề" in err
    assert "có thể tệp dùng bảng mã Windows-1258 (cp1258)" in err


def _utf8_mapping(tmp_path: Path) -> Path:
    path = tmp_path / "m.yaml"
    path.write_text("encoding: utf-8\n", encoding="utf-8")
    return path


def test_bytes_that_are_not_utf8_are_a_bad_row_in_every_path(tmp_path: Path) -> None:
    # Found trying the product: one name typed in cp1258 bytes in a UTF-8 export was read as
    # "Th�i vi�c", silently, reported as UTF-8 (here: "Đăng ky" in cp1258).
    from parindex.indicators import ImportRejected, Tolerance

    head = "Mã hồ sơ;Mã thủ tục;Tên thủ tục;Cơ quan tiếp nhận;Cấp;Ngày tiếp nhận\n"
    rows = ["HS-1;P1;Thủ tục một;Sở Tư pháp;Cấp tỉnh;05/03/2020\n"]
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        head.encode()
        + rows[0].encode()
        + b"HS-2;P2;"
        + "Đăng ky".encode("cp1258")
        + ";Sở Tư pháp;Cấp tỉnh;06/03/2020\n".encode()
    )
    with pytest.raises(ImportRejected) as info:
        read_log(path)
    problem = info.value.problems[0]
    assert (problem.row, problem.reason, problem.field) == (3, "not_utf8", "procedure_name")
    assert "\ufffd" in (problem.value or "")
    tolerant = Tolerance(max_rows=1)
    table = compute(open_dataset(path, tolerance=tolerant), [], indicators=["received"])
    assert (table.reading.rows_read, table.reading.bad_rows) == (2, [3])
    assert table.data["numerator"].to_list() == [1]
    result = Store(tmp_path / "store").import_file(path, tolerance=tolerant)
    assert result.read is not None and [p.row for p in result.read.problems] == [3]
    assert result.rows_new == 1
