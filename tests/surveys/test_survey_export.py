"""Excel export of results: one sheet per level, Vietnamese headers."""

from __future__ import annotations

from openpyxl import load_workbook

from parindex.surveys import compute_results, read_responses, results_to_xlsx


def test_results_workbook_has_one_sheet_per_level(sipas, kobo_csv, tmp_path):
    results = compute_results(sipas, read_responses(kobo_csv, sipas).responses)
    path = results_to_xlsx(results, sipas, tmp_path / "ket_qua.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [
        "Tổng hợp",
        "Theo đơn vị",
        "Theo dịch vụ",
        "Đơn vị - dịch vụ",
        "Theo câu hỏi",
        "Mong đợi",
        "Phương pháp",
    ]
    summary = wb["Tổng hợp"]
    # the index is a fraction Excel shows with its own % sign: no "(%)" in the header
    assert summary["B1"].value == "Chỉ số hài lòng"
    assert summary["B2"].value == float(round(results.overall.overall.value, 4))
    assert (summary["B2"].number_format, summary["E2"].number_format) == ("0.00%", "#,##0")
    assert isinstance(summary["E2"].value, int)
    priorities = wb["Mong đợi"]
    assert [c.value for c in priorities[1]][:2] == ["Thứ hạng", "Mã lựa chọn"]
    assert priorities["E2"].number_format == "0.00%"
    method = {r[0]: r[1] for r in wb["Phương pháp"].iter_rows(values_only=True)}
    assert method["Cách tính chỉ số"] == "Tỷ lệ câu trả lời hài lòng"
    assert method["Độ tin cậy"] == 0.95 and "kind" not in method
    units = wb["Theo đơn vị"]
    assert units.max_row == 1 + len(results.by_unit)
    assert units["B2"].value == "Trung tâm Phục vụ hành chính công tỉnh"


def test_results_workbook_in_english(sipas, kobo_csv, tmp_path):
    results = compute_results(sipas, read_responses(kobo_csv, sipas).responses)
    wb = load_workbook(results_to_xlsx(results, sipas, tmp_path / "r.xlsx", lang="en"))
    assert wb.sheetnames[0] == "Summary"
