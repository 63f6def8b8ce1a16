"""Responses from KoboToolbox, ODK Central and LimeSurvey, validated against the SIPAS form."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from parindex.surveys import (
    Question,
    ResponsesRejected,
    SourceError,
    Survey,
    Tolerance,
    detect_tool,
    read_responses,
    read_table,
)
from parindex.surveys.responses import STRICT

DATA = Path(__file__).parent / "data"

LENIENT = Tolerance(max_bad_share=Decimal(1))


def test_kobo_export_is_read_with_group_paths(sipas, kobo_csv):
    batch = read_responses(kobo_csv, sipas)
    assert batch.mapping.tool == "kobo"
    assert batch.mapping.id_column == "_uuid"
    assert batch.mapping.columns["unit"] == "respondent/unit"
    assert (batch.rows, len(batch.responses), batch.problems) == (30, 30, ())
    first = batch.responses[0]
    assert first.id == "16f44881-5724-4955-b91d-ddd91389b372"
    assert first.row == 2 and first.submitted_at == "2026-09-03T09:04:00"
    assert first.answers["improve"] == ("nang_luc", "thai_do")
    assert first.answers["comment"] == "Công chức nhiệt tình, chu đáo"
    assert "fb_sat" not in first.answers  # not relevant: no feedback given


def test_odk_central_export_is_read(sipas):
    batch = read_responses(DATA / "odk_example.csv", sipas)
    assert batch.mapping.tool == "odk" and batch.mapping.id_column == "KEY"
    assert batch.mapping.columns["access_sat"] == "access-access_sat"
    assert (len(batch.responses), batch.problems) == (8, ())


def test_limesurvey_export_resolves_codes_and_subquestions(sipas):
    batch = read_responses(DATA / "limesurvey_example.csv", sipas)
    assert batch.mapping.tool == "limesurvey"
    assert batch.mapping.columns["age_group"] == "agegroup"
    assert set(batch.mapping.multi_columns["improve"]) == {
        c.name for c in sipas.choices["improvements"]
    }
    assert (len(batch.responses), batch.problems) == (6, ())
    first = batch.responses[0]
    assert first.answers["unit"] == "so_tu_phap"  # A2: the second unit of the form
    assert first.answers["improve"] == ("nang_luc", "tiep_nhan_phan_anh")  # SQ007, SQ008 = Y


def test_xlsx_export_is_read_like_csv(sipas, kobo_csv, tmp_path):
    header, rows = read_table(kobo_csv)
    wb = Workbook()
    wb.active.append(header)
    for _, row in rows:
        wb.active.append(row)
    wb.save(tmp_path / "kobo.xlsx")
    assert read_responses(tmp_path / "kobo.xlsx", sipas) == read_responses(kobo_csv, sipas)


def test_override_maps_a_hand_made_sheet(sipas, tmp_path):
    # The secretariat typed paper questionnaires into a sheet with its own headers.
    survey = Survey(
        "mini",
        "Mini",
        questions=(Question("select_one", "unit", list_name="u", required=True),),
        choices=sipas.choices | {"u": sipas.choices["units"]},
    )
    path = tmp_path / "nhap_tay.csv"
    path.write_text("Số phiếu,Cơ quan\nP-001,so_tu_phap\nP-002,ubnd_xa\n", encoding="utf-8")
    batch = read_responses(path, survey, {"_id": "Số phiếu", "unit": "Cơ quan"})
    assert [r.id for r in batch.responses] == ["P-001", "P-002"]
    assert batch.mapping.tool == "generic"


def _kobo_with(tmp_path, kobo_csv, edits):
    """Copy the first rows of the Kobo example, applying {row index: {column: value}}."""
    header, rows = read_table(kobo_csv)
    out = [list(r) for _, r in rows[:6]]
    for i, changes in edits.items():
        for col, value in changes.items():
            out[i][header.index(col)] = value
    path = tmp_path / "bad.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter=";")
        w.writerow(header)
        w.writerows(out)
    return path


def test_malformed_and_duplicate_rows_are_rejected_with_reasons(sipas, kobo_csv, tmp_path):
    path = _kobo_with(
        tmp_path,
        kobo_csv,
        {
            1: {"access/access_sat": "6"},
            2: {"respondent/gender": ""},
            3: {"_uuid": "16f44881-5724-4955-b91d-ddd91389b372"},
            4: {"_uuid": ""},
            5: {"improve": "thai_do giam_phi nang_luc co_so_vat_chat"},
        },
    )
    with pytest.raises(ResponsesRejected) as err:
        read_responses(path, sipas, tolerance=STRICT)
    got = [(p.row, p.column, p.question, p.code) for p in err.value.problems]
    assert got == [
        (3, "access/access_sat", "access_sat", "unknown_choice"),
        (4, "respondent/gender", "gender", "missing_required"),
        (5, "_uuid", None, "duplicate_id"),
        (6, "_uuid", None, "missing_id"),
        (7, "improve", "improve", "too_many_choices"),
    ]
    assert err.value.problems[2].detail == {"first_row": 2}
    assert (err.value.bad, err.value.total) == (5, 6)


def test_tolerance_keeps_good_rows_and_reports_bad_ones(sipas, kobo_csv, tmp_path):
    path = _kobo_with(tmp_path, kobo_csv, {1: {"access/access_sat": "6"}})
    batch = read_responses(path, sipas, tolerance=LENIENT)
    assert (len(batch.responses), batch.bad_rows) == (5, 1)
    with pytest.raises(ResponsesRejected):  # 1 of 6 is more than the default 5 %
        read_responses(path, sipas)


NUMBERS = Survey(
    "numbers",
    "Numbers",
    questions=(
        Question("text", "id"),
        Question("integer", "age", constraint=". >= 18 and . <= 120"),
        Question("decimal", "hours", constraint=". > 0"),
        Question("date", "day"),
    ),
)


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("age", "17", "out_of_range"),
        ("age", "12.5", "not_integer"),
        ("age", "mười", "not_integer"),
        ("hours", "0", "out_of_range"),
        ("hours", "abc", "not_number"),
        ("day", "31/02/2026", "bad_date"),
    ],
)
def test_out_of_range_and_badly_typed_values_are_problems(tmp_path, column, value, code):
    row = {"id": "r1", "age": "40", "hours": "1,5", "day": "03/09/2026"} | {column: value}
    path = tmp_path / "n.csv"
    path.write_text(",".join(row) + "\n" + ",".join(f'"{v}"' for v in row.values()) + "\n")
    batch = read_responses(path, NUMBERS, tolerance=LENIENT)
    assert [(p.row, p.column, p.code) for p in batch.problems] == [(2, column, code)]


def test_valid_numbers_and_dates_are_typed(tmp_path):
    path = tmp_path / "n.csv"
    path.write_text('id,age,hours,day\nr1,40,"1,5",03/09/2026\n')
    (resp,) = read_responses(path, NUMBERS).responses
    assert resp.answers == {"id": "r1", "age": 40, "hours": Decimal("1.5"), "day": "2026-09-03"}


def test_a_required_question_without_a_column_is_a_mapping_error(sipas, tmp_path):
    path = tmp_path / "thieu.csv"
    path.write_text("_uuid;respondent/unit\nabc;ubnd_xa\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        read_responses(path, sipas)
    assert err.value.code == "unmapped_questions"
    assert "gender" in err.value.detail["questions"]


@pytest.mark.parametrize(
    ("header", "tool"),
    [
        (["start", "grp/q1", "_id", "_uuid", "_submission_time"], "kobo"),
        (["SubmissionDate", "grp-q1", "meta-instanceID", "KEY"], "odk"),
        (["id", "submitdate", "lastpage", "startlanguage", "A1"], "limesurvey"),
        (["Số phiếu", "Cơ quan"], "generic"),
    ],
)
def test_the_tool_is_recognised_from_its_meta_columns(header, tool):
    assert detect_tool(header) == tool


def test_an_override_naming_a_missing_column_is_an_error(sipas, kobo_csv):
    with pytest.raises(SourceError) as err:
        read_responses(kobo_csv, sipas, {"gender": "Giới tính"})
    assert err.value.code == "override_column_not_found"
