"""Provinces are matched by code or by name, whatever the prefix, case or diacritics."""

from __future__ import annotations

import pytest

from parindex.national.provinces import ProvinceMatcher, normalize_name


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Tỉnh Lào Cai", "10"),
        ("lao cai", "10"),
        ("LÀO CAI", "10"),
        ("TP. Hồ Chí Minh", "79"),
        ("Thành phố Hồ Chí Minh", "79"),
        ("Thừa Thiên - Huế", "46"),
        ("Tỉnh Thừa Thiên Huế", "46"),
        ("Hoà Bình", "17"),  # old-style diacritic placement
        ("Bà Rịa–Vũng Tàu", "77"),
        ("Đắk Lắk", "66"),
        ("Dak Lak", "66"),
        ("10", "10"),
        ("010", "10"),
        (10, "10"),
        (1.0, "01"),
    ],
)
def test_match_ignores_prefix_case_and_diacritics(
    provinces: dict[str, str], written: object, code: str
) -> None:
    assert ProvinceMatcher(provinces).match(written) == code


@pytest.mark.parametrize("written", ["Lào Cai Mới", "Atlantis", "", None, "99"])
def test_unknown_names_do_not_match(provinces: dict[str, str], written: object) -> None:
    assert ProvinceMatcher(provinces).match(written) is None


def test_aliases_can_be_listed() -> None:
    matcher = ProvinceMatcher({"79": ["Hồ Chí Minh", "TP.HCM", "Sài Gòn"]})
    assert matcher.match("tp hcm") == "79"
    assert matcher.match("Sài Gòn") == "79"
    assert matcher.names["79"] == "Hồ Chí Minh"


def test_a_name_shared_by_two_codes_is_refused() -> None:
    with pytest.raises(ValueError, match="ambiguous"):
        ProvinceMatcher({"01": "Tỉnh A", "02": "Thành phố A"})


def test_normalize_name_strips_prefixes_and_marks() -> None:
    assert normalize_name("Tỉnh Đắk Nông") == "daknong"
    assert normalize_name("Thành phố Cần Thơ") == "cantho"
