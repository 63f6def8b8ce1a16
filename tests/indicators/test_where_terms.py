"""A link's filter read as plain conditions, so the provenance page can put it in words."""

from __future__ import annotations

import pytest

from parindex.indicators.definitions import Term, where_terms


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("", ()),
        ("True", ()),
        ("level == 'province'", (Term("level", True, ("province",)),)),
        (
            "(level == 'province') and (channel in ('online', 'bcci'))",
            (Term("level", True, ("province",)), Term("channel", True, ("online", "bcci"))),
        ),
        ("status != 'cancelled'", (Term("status", False, ("cancelled",)),)),
        (
            "status not in ['cancelled', 'withdrawn']",
            (Term("status", False, ("cancelled", "withdrawn")),),
        ),
        ("apology_sent", (Term("apology_sent", True, (True,)),)),
        ("not returned_by_bcci", (Term("returned_by_bcci", False, (True,)),)),
    ],
)
def test_plain_conditions_are_read(text: str, terms: tuple[Term, ...]) -> None:
    assert where_terms(text) == terms


@pytest.mark.parametrize(
    "text",
    [
        "online",  # a flag of the definitions file
        "level == 'province' or level == 'district'",
        "received_date >= as_of",
        "due_date == '2020-01-01'",  # a date column
        "level == 3",
        "not (level == 'province')",
        "'province' == level",
        "unknown == 'x'",
        "level ==",
    ],
)
def test_anything_else_is_not_put_in_words(text: str) -> None:
    assert where_terms(text) is None
