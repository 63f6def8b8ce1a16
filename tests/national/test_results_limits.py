"""A national results file built to explode is one problem, found before it is read."""

from __future__ import annotations

import pytest

from bombs import MIB, office_bomb
from parindex.core.limits import CODE
from parindex.io.limits import NATIONAL_TABLE_LIMITS, ZIP_LIMITS
from parindex.national import NationalImportError, read_results
from parindex.national.results import ImportProblem

HEADER = "Tỉnh/thành phố,Năm,Điểm thẩm định,Điểm điều tra XHH,Tổng điểm,Xếp hạng"


def refused(source, provinces) -> ImportProblem:
    with pytest.raises(NationalImportError) as caught:
        read_results(source, provinces, name="kq")
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.code) == ("kq", None, CODE)
    return problem


def test_a_national_results_zip_bomb_is_refused_before_it_is_unpacked(provinces):
    problem = refused(office_bomb(), provinces)
    assert problem.params == {
        "limit": "zip_total_bytes",
        "maximum": ZIP_LIMITS.max_total_bytes,
        "found": 80 * MIB + 29,
    }


def test_a_national_results_file_beyond_its_size_is_refused_unread(provinces, tmp_path):
    path = tmp_path / "kq.csv"
    path.write_bytes(b"x" * (NATIONAL_TABLE_LIMITS.max_bytes + 1))

    problem = refused(path, provinces)

    assert problem.params["limit"] == "file_bytes"
    assert problem.params["found"] == NATIONAL_TABLE_LIMITS.max_bytes + 1


def test_a_national_results_csv_of_too_many_rows_is_refused(provinces):
    rows = NATIONAL_TABLE_LIMITS.max_rows
    data = ("\n".join([HEADER] + ["Lào Cai,2019,1,2,3,1"] * rows)).encode()

    problem = refused(data, provinces)

    assert problem.params == {"limit": "rows", "maximum": rows, "found": rows + 1}
