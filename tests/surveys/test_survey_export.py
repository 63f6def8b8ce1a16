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
    assert [c.value for c in priorities[1]] == [
        "Thứ hạng",
        "Nội dung cần cải thiện",
        "Số lượt chọn",
        "Tỷ lệ chọn",
    ]
    assert priorities["D2"].number_format == "0.00%"
    method = {r[0]: r[1] for r in wb["Phương pháp"].iter_rows(values_only=True)}
    assert method["Cách tính chỉ số"] == "Tỷ lệ câu trả lời hài lòng"
    assert method["Độ tin cậy"] == 0.95 and "kind" not in method
    units = wb["Theo đơn vị"]
    assert units.max_row == 1 + len(results.by_unit)
    assert units["A2"].value == "Trung tâm Phục vụ hành chính công tỉnh"


FACTORS_VI = [
    "Tiếp cận dịch vụ",
    "Thủ tục hành chính",
    "Công chức trực tiếp giải quyết công việc",
    "Kết quả giải quyết",
    "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
]
LEVEL_VI = ["Số người trả lời", "Chỉ số hài lòng", "Cận dưới", "Cận trên", *FACTORS_VI]


def _form_codes(survey):
    """Every name of the form a person never reads: questions, choice lists and choices."""
    codes = {q.name for q in survey.questions} | set(survey.choices)
    codes |= {c.name for choices in survey.choices.values() for c in choices}
    return {code for code in codes if not code.isdigit()}  # scale levels 1-5 are figures


def test_results_workbook_names_units_services_and_questions_without_codes(
    sipas, kobo_csv, tmp_path
):
    results = compute_results(sipas, read_responses(kobo_csv, sipas).responses)
    wb = load_workbook(results_to_xlsx(results, sipas, tmp_path / "r.xlsx"))
    headings = {ws.title: [c.value for c in ws[1]] for ws in wb}
    assert headings["Theo đơn vị"] == ["Đơn vị", *LEVEL_VI]
    assert headings["Theo dịch vụ"] == ["Dịch vụ", *LEVEL_VI]
    assert headings["Đơn vị - dịch vụ"] == ["Đơn vị", "Dịch vụ", *LEVEL_VI]
    assert headings["Theo câu hỏi"] == [
        "Câu hỏi",
        "Chỉ số hài lòng",
        "Cận dưới",
        "Cận trên",
        "Số câu trả lời hợp lệ",
        "Số người trả lời",
    ]
    assert wb["Theo dịch vụ"]["A2"].value == "Hộ tịch (khai sinh, kết hôn, khai tử…)"
    assert wb["Đơn vị - dịch vụ"]["B2"].value == "Đất đai"
    assert wb["Theo câu hỏi"]["A2"].value == ("Mức độ hài lòng của Ông/Bà về việc tiếp cận dịch vụ")
    assert wb["Mong đợi"]["B2"].value == (
        "Mở rộng các hình thức tiếp cận dịch vụ (trực tuyến, bưu chính)"
    )
    codes = _form_codes(sipas)
    assert {"so_tu_phap", "ho_tich", "access_sat", "rut_ngan_thoi_gian"} <= codes
    cells = {c.value for ws in wb for row in ws.iter_rows() for c in row}
    assert cells & codes == set()


def test_results_workbook_in_english(sipas, kobo_csv, tmp_path):
    results = compute_results(sipas, read_responses(kobo_csv, sipas).responses)
    wb = load_workbook(results_to_xlsx(results, sipas, tmp_path / "r.xlsx", lang="en"))
    assert wb.sheetnames[0] == "Summary"
    assert [c.value for c in wb["By service"][1]][:2] == ["Service", "Respondents"]
    assert wb["By service"]["A2"].value == "Civil status (birth, marriage, death…)"
    assert [c.value for c in wb["Expectations"][1]] == [
        "Rank",
        "Aspect to improve",
        "Times chosen",
        "Share choosing",
    ]
    assert wb["Expectations"]["B2"].value == "More ways to reach the service (online, post)"
    cells = {c.value for ws in wb for row in ws.iter_rows() for c in row}
    assert cells & _form_codes(sipas) == set()
