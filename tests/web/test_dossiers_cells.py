"""The results tables' `cell` tag: every figure through the one formatter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from parindex.web.dossiers.templatetags.dossiers import cell


@pytest.mark.parametrize(
    ("value", "column", "vi", "en"),
    [
        (185443, "received", "185.443", "185,443"),
        (185443.0, "received", "185.443", "185,443"),
        (Decimal("185443"), "received", "185.443", "185,443"),
        (0.5, "lost_points", "0,5", "0.5"),  # points unpadded, never 0,5000
        (1.46284, "points", "1,4628", "1.4628"),
        (Decimal("0.0372"), "lost_points", "0,0372", "0.0372"),
        (0.975177, "rate", "97,52%", "97.52%"),
        (2020, "year", "2020", "2020"),
        (None, "received", "—", "—"),
    ],
)
def test_a_cell_reads_as_the_one_formatter_writes(value, column, vi, en) -> None:
    with translation.override("vi"):
        got_vi = cell(value, column, {"rate"})
    with translation.override("en"):
        got_en = cell(value, column, {"rate"})
    assert (got_vi, got_en) == (vi, en)


def test_a_level_code_reads_as_its_label() -> None:
    with translation.override("vi"):
        assert cell("province", "level") == "Cấp tỉnh"
