"""The crawl's detector (page_words.py) finds codes and the other language, and only those."""

from __future__ import annotations

import pytest
from page_words import data_pattern, problems, visible_text

PAGE = """<html lang="vi"><head><title>Trang</title><style>.a_b {}</style></head><body>
<script>var snake_case = 1;</script>
<p title="Gợi ý">Điểm: 1,5 <b>điểm</b> TTHC</p>
<form><input type="hidden" name="x_y" value="hidden_value">
<input type="text" value="typed_value" placeholder="Nhập số">
<input type="submit" value="Lưu"><textarea>đã gõ typed_text</textarea>
<select><option>Chấp nhận</option></select></form>
<code>/api/v1/assessments?unit_id=1</code>
<button lang="en">English</button><span translate="no">agency_name</span>
</body></html>"""


def test_visible_text_is_what_a_person_reads_in_the_page_language() -> None:
    text = visible_text(PAGE)
    assert text.split("\n") == [
        "Trang",
        "Gợi ý",
        "Điểm: 1,5",
        "điểm",
        "TTHC",
        "Nhập số",
        "Lưu",
        "Chấp nhận",
    ]
    assert visible_text(PAGE, "en") == "English"
    assert problems(visible_text(PAGE), "vi") == []


@pytest.mark.parametrize(
    ("text", "language", "found"),
    [
        ("Quyết định: accept", "vi", ["English on a Vietnamese page: 'accept'"]),
        ("rate đạt 98,70", "vi", ["English on a Vietnamese page: 'rate'"]),
        ("Nhập số liệu on_time", "vi", ["identifier: 'on_time'"]),
        ("par-province-1149@2020.1", "vi", ["identifier: 'par-province-1149@2020.1'"]),
        ("Khung par-province-1149", "en", ["identifier: 'par-province-1149'"]),
        ("trọng tâm của năm {year}", "vi", ["identifier: '{year}'"]),
        (
            "Decision: Chấp nhận",
            "en",
            ["Vietnamese on an English page: 'Chấp'", "Vietnamese on an English page: 'nhận'"],
        ),
        ("Decision: accepted", "en", []),
        ("Tệp XLSForm (.xlsx), PDF, Excel; Lào Cai", "vi", []),
        ("Xem https://example.org/a_b và nguoi@example.org", "vi", []),
        (
            "Bộ chỉ số (QĐ 766/QĐ-TTg), Decision 52/2019/QĐ-UBND",
            "vi",
            ["English on a Vietnamese page: 'Decision'"],
        ),
        ("Index of Decision 766/QĐ-TTg", "en", []),
        ("TTg duyệt", "vi", ["English on a Vietnamese page: 'TTg'"]),
    ],
)
def test_problems_names_each_offending_word(text, language, found) -> None:
    assert problems(text, language) == found


def test_data_people_typed_may_be_in_either_language() -> None:
    data = data_pattern(["Sở Nội vụ", "focal_point"])
    assert problems("Unit: Sở Nội vụ, by focal_point", "en", data) == []
    assert problems("Unit: Sở Nội vụ tỉnh", "en", data) == ["Vietnamese on an English page: 'tỉnh'"]
