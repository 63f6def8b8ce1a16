"""A framework file built to explode (zip bomb, alias bomb, deep nesting) is refused at once."""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections.abc import Callable

import pytest
from openpyxl import load_workbook
from test_framework_excel import NODES, edited, exported, row_of
from test_framework_yaml import assert_same_framework

from bombs import ALIAS_BOMB, zip_of
from parindex.cli import main
from parindex.core.errors import FrameworkError, Problem
from parindex.core.limits import CODE, MIB, YAML_LIMITS, LimitError, load_yaml
from parindex.core.loader import LineLoader
from parindex.frameworks import find
from parindex.io.framework_excel import import_framework_xlsx
from parindex.io.framework_yaml import dump_framework_yaml, load_framework_yaml
from parindex.io.limits import FRAMEWORK_ZIP_LIMITS, check_zip

# Without the limits each of these holds a worker for minutes or runs out of memory; with
# them they are refused before the expansion: the refusal is the bound (the suite never times
# itself).


def refused(call: Callable[[], object]) -> list[Problem]:
    """The problems a framework reader raises, having checked it raised them quickly."""
    with pytest.raises(FrameworkError) as excinfo:
        call()
    return excinfo.value.problems


# --- zip packages --------------------------------------------------------------------------


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked():
    bomb = zip_of({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": bytes(40 * MIB)})
    assert len(bomb) < 100_000

    (problem,) = refused(lambda: import_framework_xlsx(io.BytesIO(bomb), "bomb.xlsx"))

    assert problem.code == CODE == "file_too_large_or_malformed"
    assert problem.source == "bomb.xlsx"
    assert problem.params["limit"] == "zip_total_bytes"
    assert problem.params["maximum"] == FRAMEWORK_ZIP_LIMITS.max_total_bytes
    assert problem.params["found"] == 40 * MIB + 4


def test_a_member_that_unpacks_a_thousand_times_its_size_is_refused():
    data = zip_of({"xl/sharedStrings.xml": bytes(8 * MIB)})

    (problem,) = refused(lambda: import_framework_xlsx(io.BytesIO(data), "bomb.xlsx"))

    assert (problem.code, problem.params["limit"]) == (CODE, "zip_ratio")
    assert problem.params["found"] > 1000
    assert "xl/sharedStrings.xml" in problem.message


def test_a_package_of_too_many_members_is_refused(tmp_path):
    path = tmp_path / "many.xlsx"
    path.write_bytes(zip_of({f"xl/media/{i}.xml": b"" for i in range(501)}))

    (problem,) = refused(lambda: import_framework_xlsx(path))

    assert (problem.code, problem.params["limit"], problem.params["found"]) == (
        CODE,
        "zip_members",
        501,
    )


def test_a_large_package_that_does_not_compress_is_refused_for_its_size():
    data = zip_of({"xl/media/image1.png": os.urandom(17 * MIB)}, zipfile.ZIP_STORED)

    with pytest.raises(LimitError) as excinfo:
        check_zip(io.BytesIO(data), FRAMEWORK_ZIP_LIMITS)

    assert excinfo.value.code == CODE
    assert excinfo.value.params == {
        "limit": "zip_total_bytes",
        "maximum": 16 * MIB,
        "found": 17 * MIB,
    }


def test_checking_a_stream_rewinds_it_so_the_workbook_still_reads():
    stream = io.BytesIO(exported())
    check_zip(stream)
    assert stream.tell() == 0
    assert import_framework_xlsx(stream, "lao-cai.xlsx").key == find("par-province-1149").key


def test_a_file_that_is_not_a_zip_is_still_reported_as_not_a_workbook():
    (problem,) = refused(lambda: import_framework_xlsx(io.BytesIO(b"code: x\n"), "x.xlsx"))
    assert problem.code == "xlsx_unreadable"


# --- YAML ----------------------------------------------------------------------------------


def test_an_alias_bomb_framework_is_refused_at_once():
    assert len(ALIAS_BOMB) < 563

    (problem,) = refused(lambda: load_framework_yaml(ALIAS_BOMB, "bomb.yaml"))

    assert (problem.code, problem.source) == (CODE, "bomb.yaml")
    assert problem.params["limit"] == "yaml_nodes"
    assert problem.params["maximum"] == YAML_LIMITS.max_nodes


def test_more_aliases_than_allowed_are_refused_even_when_they_expand_to_little():
    text = "a: &a 1\nb: [" + ", ".join(["*a"] * 101) + "]\n"

    (problem,) = refused(lambda: load_framework_yaml(text, "aliases.yaml"))

    assert (problem.code, problem.params) == (
        CODE,
        {"limit": "yaml_aliases", "maximum": 100, "found": 101},
    )


@pytest.mark.parametrize("text", ["[" * 100_000, "{a: " * 100_000, "- " * 100_000])
def test_deep_nesting_is_refused_without_a_traceback(text):
    (problem,) = refused(lambda: load_framework_yaml(text, "deep.yaml"))

    assert (problem.code, problem.params) == (
        CODE,
        {"limit": "yaml_depth", "maximum": 64, "found": 65},
    )


def test_an_alias_inside_its_own_anchor_is_refused():
    (problem,) = refused(lambda: load_framework_yaml("a: &loop [1, *loop]\n", "loop.yaml"))
    assert (problem.code, problem.params["limit"]) == (CODE, "yaml_recursive_alias")


def test_text_beyond_the_size_limit_is_refused_before_it_is_parsed():
    text = "title: " + "x" * YAML_LIMITS.max_bytes + "\n"

    (problem,) = refused(lambda: load_framework_yaml(text, "big.yaml"))

    assert (problem.code, problem.params["limit"]) == (CODE, "yaml_bytes")
    assert problem.params["found"] == len(text)


def test_a_shipped_framework_and_its_own_aliases_read_within_the_limits():
    framework = find("par-province-1149")
    assert_same_framework(
        load_framework_yaml(dump_framework_yaml(framework), "1149.yaml"), framework
    )
    doc = load_yaml("a: &x {k: 1.5}\nb: *x\n", loader=LineLoader)
    assert doc == {"a": {"k": doc["a"]["k"]}, "b": {"k": doc["a"]["k"]}}
    assert str(doc["b"]["k"]) == "1.5"


def test_an_alias_bomb_in_a_rule_parameters_cell_is_reported_at_that_cell():
    def change(sheets):
        ws = sheets[NODES]
        ws[f"N{row_of(ws, '3.4.1')}"] = ALIAS_BOMB

    data = edited(exported(), change)
    row = row_of(load_workbook(io.BytesIO(data))[NODES], "3.4.1")

    problems = refused(lambda: import_framework_xlsx(io.BytesIO(data), "lao-cai.xlsx"))

    (problem,) = [p for p in problems if p.code == CODE]
    assert (problem.source, problem.line, problem.node) == (f"lao-cai.xlsx[{NODES}]", row, "3.4.1")
    assert (problem.params["column_key"], problem.params["column"]) == (
        "params",
        "Tham số cách tính",
    )
    assert problem.params["limit"] == "yaml_nodes"
    assert problem.message.startswith("column 'params' (N): ")


# --- the command line ----------------------------------------------------------------------


def test_cli_validate_lists_the_refusal_like_any_invalid_file_and_exits_1(tmp_path, capsys):
    path = tmp_path / "bomb.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")

    assert main(["frameworks", "validate", str(path), "--format", "json"]) == 1

    (result,) = json.loads(capsys.readouterr().out)
    assert result["valid"] is False
    assert [p["code"] for p in result["problems"]] == [CODE]


def test_cli_import_of_a_zip_bomb_writes_nothing_and_exits_3(tmp_path, capsys):
    source, output = tmp_path / "bomb.xlsx", tmp_path / "out.yaml"
    source.write_bytes(zip_of({"xl/worksheets/sheet1.xml": bytes(40 * MIB)}))

    assert main(["frameworks", "import", str(source), "-o", str(output)]) == 3

    err = capsys.readouterr().err
    assert "unpacks to" in err
    assert "Traceback" not in err
    assert not output.exists()
