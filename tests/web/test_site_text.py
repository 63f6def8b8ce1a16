"""The one trim / required / length check every service applies to free text."""

from __future__ import annotations

import pytest

from parindex.web.site.text import TextError, clean_text


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        ("  Sở Nội vụ \n", {}, "Sở Nội vụ"),
        (None, {}, ""),
        ("   ", {}, ""),
        ("abc", {"max_length": 3}, "abc"),
        (" abc ", {"max_length": 3, "required": True}, "abc"),
    ],
)
def test_clean_text_trims_and_keeps_what_fits(value, options, expected) -> None:
    assert clean_text(value, field="note", **options) == expected


@pytest.mark.parametrize(
    ("value", "options", "code", "params"),
    [
        (" \n ", {"required": True}, "number_required", {}),
        (None, {"required": True}, "number_required", {}),
        ("abcd", {"max_length": 3}, "number_too_long", {"limit": 3}),
    ],
)
def test_clean_text_refuses_with_a_code_naming_the_field(value, options, code, params) -> None:
    with pytest.raises(TextError) as exc:
        clean_text(value, field="number", **options)
    assert (exc.value.code, exc.value.field, exc.value.params) == (code, "number", params)
