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
    assert summary["B1"].value == "Chỉ số hài lòng (%)"
    assert summary["B2"].value == round(float(results.overall.overall.value * 100), 2)
    units = wb["Theo đơn vị"]
    assert units.max_row == 1 + len(results.by_unit)
    assert units["B2"].value == "Trung tâm Phục vụ hành chính công tỉnh"


def test_results_workbook_in_english(sipas, kobo_csv, tmp_path):
    results = compute_results(sipas, read_responses(kobo_csv, sipas).responses)
    wb = load_workbook(results_to_xlsx(results, sipas, tmp_path / "r.xlsx", lang="en"))
    assert wb.sheetnames[0] == "Summary"
