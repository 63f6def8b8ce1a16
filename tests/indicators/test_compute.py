"""Indicators from the seed's 2020 log, framework inputs with provenance, and invariants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex import frameworks
from parindex.indicators import (
    DefinitionError,
    Store,
    apply,
    compute,
    load_definitions,
    open_dataset,
    parse_definitions,
)
from parindex.indicators.dataset import Dataset

SEED = {"province": (180_840, 185_443), "district": (39_265, 39_733), "commune": (201_628, 201_893)}


def test_the_generated_log_gives_the_seeds_2020_counts_by_level(seed_csv: Path) -> None:
    table = compute(open_dataset(seed_csv), ["level"], year=2020, indicators=["on_time_rate"])
    got = {r["level"]: (r["numerator"], r["denominator"]) for r in table.data.to_dicts()}
    assert got == SEED


def test_apply_fills_the_1149_inputs_with_provenance(seed_csv: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    store.import_file(seed_csv)
    now = dt.datetime(2021, 1, 15, 8, 0, tzinfo=dt.UTC)
    values = {v.node: v for v in apply(open_dataset(store), "par-province-1149", 2020, now=now)}
    assert values["3.4.1"].values == {"on_time": 180_840, "total": 185_443}
    assert values["3.4.2"].values == {"on_time": 39_265, "total": 39_733}
    assert values["3.4.3"].values == {"on_time": 201_628, "total": 201_893}
    prov = values["3.4.2"].provenance
    (source,) = prov["sources"]
    assert source["file"] == seed_csv.name and len(source["sha256"]) == 64
    assert source["rows_used"] == prov["rows_used"] == 40_043  # received at district level
    assert prov["indicator"] == "on_time_rate" and len(prov["definition_sha256"]) == 64
    # Read at the export's own date (its latest date: a result returned on 2 January 2021).
    assert (prov["computed_at"], prov["as_of"]) == ("2021-01-15T08:00:00+00:00", "2021-01-02")
    assert prov["as_of_rule"] == "export"
    assert prov["reading"]["rows_read"] == prov["reading"]["rows_used"] == 429_649
    assert values["7.2.1"].provenance["approximate"] is True


def test_every_link_names_an_existing_node_and_input() -> None:
    for link in load_definitions().links:
        node = frameworks.find(link.framework).get(link.node)
        assert node is not None, link.node
        assert set(link.inputs) <= {i.name for i in node.inputs}, link.node


def test_a_store_and_the_file_it_came_from_give_the_same_table(
    seed_csv: Path, tmp_path: Path
) -> None:
    store = Store(tmp_path / "s")
    store.import_file(seed_csv)
    by = ["month", "level"]
    a = compute(open_dataset(seed_csv), by, year=2020).data
    b = compute(open_dataset(store), by, year=2020).data
    assert a.equals(b)


def test_definitions_reject_unknown_names_and_unsafe_expressions() -> None:
    base = "indicators:\n  x: {numerator: %s}\n"
    with pytest.raises(DefinitionError, match="unknown_name"):
        parse_definitions(base % "nonsense")
    with pytest.raises(DefinitionError, match="not_a_value"):
        parse_definitions(base % "\"__import__('os') == 1\"")
    with pytest.raises(DefinitionError, match="bad_expression"):
        parse_definitions(base % '"level =="')


def test_definition_hash_changes_when_a_flag_it_uses_changes() -> None:
    text = 'flags: {ok: "resolved_date is not None"}\nindicators:\n  x: {numerator: ok}\n'
    a = parse_definitions(text).indicators["x"].sha256
    b = parse_definitions(text.replace("is not None", "is None")).indicators["x"].sha256
    assert a != b


day = st.integers(min_value=0, max_value=400)
dossier = st.tuples(
    st.sampled_from(["province", "district", "commune"]),
    day,
    st.one_of(st.none(), st.integers(0, 60)),  # due after received
    st.one_of(st.none(), st.integers(0, 90)),  # resolved after received
    st.sampled_from(["direct", "online", "bcci"]),
    st.booleans(),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(dossier, min_size=1, max_size=60), st.sampled_from([["level"], ["month"], []]))
def test_on_time_never_exceeds_resolved_nor_resolved_received_and_rates_stay_in_0_1(
    rows: list[tuple], by: list[str]
) -> None:
    start = dt.date(2020, 1, 1)
    df = pl.DataFrame(
        {
            "dossier_id": [str(i) for i in range(len(rows))],
            "level": [r[0] for r in rows],
            "agency_code": "A",
            "agency_name": "A",
            "received_date": [start + dt.timedelta(r[1]) for r in rows],
            "due_date": [None if r[2] is None else start + dt.timedelta(r[1] + r[2]) for r in rows],
            "resolved_date": [
                None if r[3] is None else start + dt.timedelta(r[1] + r[3]) for r in rows
            ],
            "channel": [r[4] for r in rows],
            "apology_sent": [r[5] for r in rows],
            "returned_by_bcci": [r[5] for r in rows],
        }
    )
    ds = _frame_dataset(df)
    data = compute(ds, by, year=2020).data
    wide = {(tuple(r[k] for k in by), r["indicator"]): r for r in data.to_dicts()}
    groups = {g for g, _ in wide}
    for g in groups:
        received = wide[g, "received"]["numerator"]
        resolved = wide[g, "resolved"]["numerator"]
        on_time = wide[g, "on_time"]["numerator"]
        assert 0 <= on_time <= resolved <= received
        assert resolved + wide[g, "pending"]["numerator"] == received
        assert on_time + wide[g, "late"]["numerator"] == resolved
    rates = data.filter(pl.col("denominator").is_not_null() & pl.col("value").is_not_null())
    assert rates["value"].is_between(0, 1).all()


def _frame_dataset(df: pl.DataFrame) -> Dataset:
    """Return a dataset over an in-memory frame (a store's shape, without files)."""
    from parindex.indicators.schema import SCHEMA

    full = df.with_columns(
        [pl.lit(None, dtype=t).alias(n) for n, t in SCHEMA.items() if n not in df.columns]
    ).with_columns(pl.lit(1, dtype=pl.Int64).alias("_import"))
    full = full.with_columns([pl.col(n).cast(t) for n, t in SCHEMA.items()])

    class _FrameStore(Store):
        def scan(self) -> pl.LazyFrame:
            return full.lazy()

        def imports(self) -> list:
            return []

    return Dataset((), store=_FrameStore("."))


def test_a_filter_reads_words_as_codes_dates_as_typed_and_refuses_a_value_it_cannot(
    seed_csv: Path, tmp_path: Path
) -> None:
    # Found trying the product: "level == 'Cấp huyện'" (the word tables show) matched no row
    # and gave zeros; "received_date >= '05/03/2020'" was polars' error in English.
    store = Store(tmp_path / "store")
    store.import_file(seed_csv)
    for source in (open_dataset(seed_csv), open_dataset(store.root)):

        def received(where: str, ds: Dataset = source) -> int:
            t = compute(ds, [], year=2020, indicators=["received"], where=where)
            return int(t.data["numerator"][0])

        district = received("level == 'district'")
        assert received("level == 'Cấp huyện'") == received("level == 'cấp huyện'") == district
        assert 0 < district < received("level != 'district'")
        assert received("channel in ('Trực tuyến', 'BCCI')") == received(
            "channel in ('online', 'bcci')"
        )
        assert received("status != 'Đã hủy'") == received("status != 'cancelled'")
        assert received("apology_sent == 'Có'") == received("apology_sent == True")
        assert received("apology_sent != 'Không'") == received("apology_sent != False")
        assert received("received_date >= '01/07/2020'") == received(
            "received_date >= '2020-07-01'"
        )
        assert (
            0
            < received("received_date >= '01/07/2020'")
            < received("received_date >= '01/01/2020'")
        )
        for where, reason, value in [
            ("level == 'distrct'", "unknown_value", "distrct"),
            ("received_date >= 'hôm qua'", "bad_date", "hôm qua"),
            ("foo == 1", "unknown_name", "foo"),
        ]:
            with pytest.raises(DefinitionError) as info:
                compute(source, [], year=2020, indicators=["received"], where=where)
            assert (info.value.reason, info.value.file, info.value.value) == (
                reason,
                "--where",
                value,
            )
