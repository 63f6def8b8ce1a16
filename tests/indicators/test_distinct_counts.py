"""The distinct-procedure indicator against a straightforward computation (issue 4).

`compute` counts distinct procedures per group without a second grouping level (see
docs/indicators.md, "How it stays fast"); these tests compare its counts with a plain
`n_unique` per group on a generated log spanning two years, several months, levels and
agencies, for several groupings.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from parindex.indicators import compute, load_definitions, open_dataset
from parindex.indicators.compute import GROUP_KEYS
from parindex.indicators.generator import generate

AS_OF = dt.date(2021, 12, 31)
INDICATOR = "online_procedure_share"


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return one CSV holding a generated 2020 log and a generated 2021 log."""
    folder = tmp_path_factory.mktemp("distinct")
    first, second = folder / "2020.csv", folder / "2021.csv"
    generate(first, 12_000, seed=7, year=2020)
    generate(second, 12_000, seed=8, year=2021)
    both = folder / "both.csv"
    # Both logs number their dossiers from 1; the second's get other ids (a file's ids are
    # unique, or its later rows are duplicates).
    lines = [
        line.replace("H", "K", 1) for line in second.read_text(encoding="utf-8").splitlines(True)
    ]
    both.write_text(first.read_text(encoding="utf-8") + "".join(lines[1:]), encoding="utf-8")
    return both


def _expected(path: Path, by: list[str]) -> pl.DataFrame:
    """Count distinct procedures per group the obvious way, over the valid rows."""
    defs = load_definitions()
    lf = open_dataset(path).lf
    date = pl.col(defs.period)
    keys = {
        "year": date.dt.year().alias("year"),
        "month": date.dt.strftime("%Y-%m").alias("month"),
        "level": pl.col("level"),
        "agency": pl.col("agency_code"),
        "channel": pl.col("channel"),
        "procedure": pl.col("procedure_code"),
    }
    online = defs.compile("online", AS_OF)
    aggs = [
        pl.col("procedure_code").filter(online).drop_nulls().n_unique().alias("numerator"),
        pl.col("procedure_code").drop_nulls().n_unique().alias("denominator"),
    ]
    grouped = lf.group_by([keys[k] for k in by]).agg(aggs) if by else lf.select(aggs)
    df = grouped.collect()
    return df.with_columns(pl.col("numerator", "denominator").cast(pl.Int64))


@pytest.mark.parametrize(
    "by",
    [
        ["year", "month", "level", "agency"],
        ["year", "level", "agency"],
        ["month"],
        ["agency", "channel"],
        ["procedure"],
        [],
    ],
)
def test_distinct_procedure_counts_match_a_plain_count(two_years: Path, by: list[str]) -> None:
    table = compute(open_dataset(two_years), by, as_of=AS_OF)
    got = table.data.filter(pl.col("indicator") == INDICATOR)
    keys = [c for k in by for c in GROUP_KEYS[k] if c not in ("agency_name", "procedure_name")]
    got = got.select(*keys, "numerator", "denominator")
    want = _expected(two_years, by).select(*keys, "numerator", "denominator")
    assert got.height == want.height > 0
    if keys:
        got, want = got.sort(keys, nulls_last=True), want.sort(keys, nulls_last=True)
    assert got.to_dicts() == want.to_dicts()
    if {"year", "month", "level", "agency"} <= set(by):
        # Enough groups for the test to mean something: two years, several levels and agencies.
        assert got["year"].n_unique() == 2 and got["level"].n_unique() >= 3
        assert got["agency_code"].n_unique() >= 5 and got["month"].n_unique() >= 20
        assert (got["numerator"] < got["denominator"]).any()
        assert (got["numerator"] > 0).any()
