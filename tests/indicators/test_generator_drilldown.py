"""The generator is deterministic and scales exactly; the drill-down's losses add up."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest

from parindex.indicators import open_dataset
from parindex.indicators.drilldown import drilldown, export_xlsx
from parindex.indicators.generator import generate, iter_chunks


def test_same_seed_same_log_and_rows_scale_exactly(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert generate(a, 5_000, seed=7) == generate(b, 5_000, seed=7) == 5_000
    assert a.read_bytes() == b.read_bytes()
    assert generate(b, 5_000, seed=8) == 5_000 and a.read_bytes() != b.read_bytes()
    # Several chunks (the generator cuts them by month): ids stay unique across them.
    chunks = list(iter_chunks(900_000, chunk_rows=400_000))
    assert len(chunks) > 2 and sum(c.height for c in chunks) == 900_000
    ids = pl.concat([c.select("dossier_id") for c in chunks])["dossier_id"]
    assert ids.n_unique() == 900_000


def test_drilldown_losses_by_agency_add_up_to_the_nodes_loss(
    seed_csv: Path, tmp_path: Path
) -> None:
    dd = drilldown(open_dataset(seed_csv), "par-province-1149", "3.4.1", 2020)
    assert (dd.numerator, dd.denominator, dd.max_points) == (180_840, 185_443, 1.5)
    assert round(dd.points or 0, 4) == 1.4628
    for table in dd.by.values():
        assert table["lost_points"].sum() == pytest.approx(dd.lost)
    assert dd.by["agency"]["lost_points"].is_sorted(descending=True)
    assert dd.monthly.height == 12
    path = export_xlsx(dd, tmp_path / "dd.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Tổng hợp",
        "Theo cơ quan",
        "Theo lĩnh vực",
        "Theo thủ tục",
        "Theo tháng",
    ]
    headers = [c.value for c in wb["Theo cơ quan"][1]]
    assert headers[:3] == ["Mã cơ quan", "Cơ quan tiếp nhận", "Tử số"]
    assert "Điểm bị mất" in headers
    # typed cells with the format of their kind: counts grouped, rates as %, points rounded
    summary = {c.value: i for i, c in enumerate(wb["Tổng hợp"][1])}
    figures = wb["Tổng hợp"][2]
    numerator = figures[summary["Tử số"]]
    assert (numerator.value, numerator.number_format) == (180_840, "#,##0")
    rate = figures[summary["Tỷ lệ"]]
    assert (round(rate.value, 4), rate.number_format) == (0.9752, "0.00%")
    assert figures[summary["Chỉ tiêu"]].value == "Tỷ lệ hồ sơ giải quyết đúng hạn"  # not a key
    points = figures[summary["Điểm"]]
    assert (points.value, points.number_format) == (1.4628, "General")
