"""A store import in bounded memory: one checked pass into id-hash buckets, then a merge by ranges.

Reading: the export is read once, streaming. The same check as every other reading path
(`ingest.check`'s queries and `ingest.conclude`) runs over it while its dossier rows are sunk
into temporary Parquet files, one folder per bucket of the dossier id's hash. A dossier id
always falls in the same bucket, so duplicates within the file, and ids already stored, are
found one bucket range at a time: memory follows the range (about `STEP_ROWS` rows), never the
file. Nothing in the store changes before the check has accepted the file.

Layout: a part keeps its rows in bucket order with a `_bucket` column (row-group statistics let
a merge read one range of a part only) and the manifest records the rows per bucket and the
hashing used. polars' hash is stable within one polars version only: a part written under
another (or before buckets, a version-1 part) is read with its buckets computed again, which is
correct, only slower; a part rewritten by a merge is brought to the current hashing.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import polars as pl

from parindex.indicators.ingest import (
    Reading,
    Tolerance,
    _queries,
    collect_read,
    conclude,
    fast_reading,
    later_duplicates,
    open_checked,
    read_again,
    referred_rows,
)
from parindex.indicators.mapping import ColumnMapping
from parindex.indicators.normalise import EVENT_DATES, SKIP
from parindex.indicators.reading import ROW, Progress, Raw
from parindex.indicators.schema import NAMES, SCHEMA

if TYPE_CHECKING:
    import pyarrow.parquet as pq

BUCKETS = 64
BUCKET = "_bucket"
IMPORT = "_import"
STEP_ROWS = 1_000_000  # rows (incoming and stored) one merge step holds, roughly
STAGE_ROW_GROUP = 16_384  # small row groups keep the 64 open bucket writers' buffers small
PART_ROW_GROUP = 65_536
# lz4: a part is written (and read) for a fraction of zstd's CPU, at a larger file.
PART_COMPRESSION: Final = "lz4"
TEMP_PREFIX = ".import-"
PROGRESS_SECONDS = 0.5


def hashing() -> str:
    """Name the bucketing of parts written now (a part of another one is re-bucketed)."""
    return f"polars-{pl.__version__}:hash(seed=0)%{BUCKETS}"


def bucket_expr() -> pl.Expr:
    """Return the bucket of each row's dossier id."""
    return (pl.col("dossier_id").hash(seed=0) % BUCKETS).cast(pl.UInt8).alias(BUCKET)


def part_schema() -> dict[str, pl.DataType]:
    """Return the columns of a stored part, in order."""
    return {ROW: pl.Int64(), **SCHEMA, IMPORT: pl.Int64(), BUCKET: pl.UInt8()}


@dataclass
class Staged:
    """One export's checked dossier rows in bucket folders under `root`, and its reading."""

    root: Path
    raw: Raw
    reading: Reading | None = None
    rows_seen: int = 0
    leave_out: list[int] = field(default_factory=list)  # duplicate rows (bad rows are flagged)
    read_again: bool = False  # rows read again in full are staged twice (`_stage_again`)

    def files(self, lo: int, hi: int) -> list[Path]:
        """Return the bucket files of buckets lo..hi-1."""
        out: list[Path] = []
        for b in range(lo, hi):
            out += sorted((self.root / f"{BUCKET}={b}").glob("*.parquet"))
        return out

    def counts(self) -> list[int]:
        """Return the rows staged per bucket."""
        out = []
        for b in range(BUCKETS):
            files = self.files(b, b + 1)
            out.append(pl.scan_parquet(files).select(pl.len()).collect().item() if files else 0)
        return out

    def scan(self, lo: int, hi: int) -> pl.LazyFrame | None:
        """Return the staged rows of buckets lo..hi-1 lazily (None: none there)."""
        files = self.files(lo, hi)
        return pl.scan_parquet(files) if files else None


def _poll(
    future: concurrent.futures.Future[Any], seen: list[int], progress: Progress | None
) -> Any:
    """Wait for a collect, reporting the rows read so far from the caller's thread."""
    while True:
        try:
            return future.result(timeout=PROGRESS_SECONDS)
        except concurrent.futures.TimeoutError:
            if progress:
                progress("read", seen[0], 0)


def stage(
    path: Path,
    cm: ColumnMapping,
    tolerance: Tolerance,
    root: Path,
    progress: Progress | None = None,
) -> Staged:
    """Read and check `path` once, sinking its dossier rows into buckets under `root`.

    Raises ImportRejected (as `ingest.check` does, with the same problems) beyond `tolerance`.
    """
    raw, nl = open_checked(path, cm, progress)
    seen = [0]

    def count(df: pl.DataFrame) -> pl.DataFrame:
        seen[0] += df.height  # runs on a polars thread: only counts, never reports
        return df

    def sink(lf: pl.LazyFrame) -> list[pl.LazyFrame]:
        rows = _staged_rows(lf.filter(pl.col(SKIP).is_null()))
        if progress:
            # Counting in Python on every batch costs ~15 % of this pass's wall time (the
            # batches wait for the interpreter): only when someone is told the count.
            rows = rows.map_batches(count, streamable=True)
        target = pl.PartitionBy(root, key=BUCKET, include_key=True)
        return [
            rows.sink_parquet(
                target,
                lazy=True,
                mkdir=True,
                compression="lz4",
                row_group_size=STAGE_ROW_GROUP,
            )
        ]

    chosen = [nl]

    def build(lossy: bool) -> list[pl.LazyFrame]:
        shutil.rmtree(root, ignore_errors=True)  # a strict read that failed wrote some
        root.mkdir(parents=True)
        seen[0] = 0
        nl_read = nl if raw.format != "csv" else open_checked(path, cm, lossy=lossy)[1]
        chosen[0] = fast_reading(nl_read.raw, cm) or nl_read
        return _queries(chosen[0], ids=False, extra=sink)

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        counts, bad, skipped, _ = _poll(pool.submit(collect_read, build), seen, progress)
    referred = referred_rows(chosen[0], bad)
    if referred:
        counts, bad, again = read_again(chosen[0].raw, cm, referred, counts, bad, _good_rows)
        _stage_again(again.extra[0], root)
    staged = Staged(root, raw, rows_seen=int(counts["rows"][0] or 0), read_again=bool(referred))
    dups = _duplicates(staged)

    def last_date(excluded: set[int]) -> dt.date | None:
        lf = staged.scan(0, BUCKETS)
        if lf is None:
            return None
        events = pl.max_horizontal([pl.col(n) for n in EVENT_DATES])
        value = lf.filter(~pl.col(ROW).is_in(sorted(excluded))).select(events.max()).collect()
        return value.item() if isinstance(value.item(), dt.date) else None

    staged.reading = conclude(raw, nl, cm, tolerance, (counts, bad, skipped), dups, last_date)
    staged.leave_out = sorted(set(dups[ROW].to_list()))
    return staged


def _staged_rows(lf: pl.LazyFrame) -> pl.LazyFrame:
    """Return checked rows as a stage holds them: row, normalised columns, `_bad`, bucket."""
    return lf.select(ROW, *NAMES, "_bad").with_columns(bucket_expr())


def _good_rows(lf: pl.LazyFrame) -> list[pl.LazyFrame]:
    """The dossier rows a check passed, as a stage holds them."""
    return [_staged_rows(lf.filter(pl.col(SKIP).is_null() & ~pl.col("_bad")))]


def _stage_again(rows: pl.DataFrame, root: Path) -> None:
    """Stage the rows read again in full that are good (`ingest.check`) beside their fast
    copies, which the stage flags bad and the merge leaves out."""
    for (bucket,), part in rows.partition_by(BUCKET, as_dict=True).items():
        folder = root / f"{BUCKET}={bucket}"
        folder.mkdir(exist_ok=True)
        part.write_parquet(folder / "read-again.parquet", compression=PART_COMPRESSION)


def _duplicates(staged: Staged) -> pl.DataFrame:
    """Return the later occurrences of ids, bucket by bucket (as `ingest._duplicates`)."""
    found = [pl.DataFrame(schema={ROW: pl.Int64, "dossier_id": pl.String, "_first": pl.Int64})]
    for b in range(BUCKETS):
        lf = staged.scan(b, b + 1)
        if lf is None:
            continue
        rows = lf.filter(pl.col("dossier_id").is_not_null()).select(ROW, "dossier_id")
        if staged.read_again:  # a row read again in full is staged twice: once is enough
            rows = rows.unique(ROW)
        found.append(later_duplicates(rows.collect()))
    return pl.concat(found).sort(ROW)


class PartWriter:
    """A part written range by range (Arrow row groups), to a temporary file until renamed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows = 0
        self.per_bucket = [0] * BUCKETS
        self._writer: pq.ParquetWriter | None = None

    def write(self, df: pl.DataFrame) -> None:
        """Append rows (any order of columns; the part's order and types are enforced)."""
        df = df.select(pl.col(n).cast(t) for n, t in part_schema().items())
        table = df.to_arrow()
        if self._writer is None:
            # pyarrow (~60 MB once imported) only where a part is written range by range:
            # computations never load it.
            import pyarrow.parquet as pq

            self._writer = pq.ParquetWriter(self.path, table.schema, compression=PART_COMPRESSION)
        if df.height:
            self._writer.write_table(table, row_group_size=PART_ROW_GROUP)
            self.rows += df.height
            for b, n in df.group_by(BUCKET).len().iter_rows():
                self.per_bucket[b] += n

    def close(self) -> None:
        """Finish the file (an empty part has the schema and no rows) and flush it to disk."""
        if self._writer is None:
            self.write(pl.DataFrame(schema=part_schema()))
        assert self._writer is not None
        self._writer.close()
        with self.path.open("rb") as fh:
            os.fsync(fh.fileno())


@dataclass(frozen=True)
class Old:
    """A stored part as the merge reads it."""

    file: str
    path: Path
    bucketed: bool  # has `_bucket` of the current hashing
    per_bucket: Sequence[int] | None

    def scan(self, lo: int, hi: int) -> pl.LazyFrame:
        lf = pl.scan_parquet(self.path)
        if self.bucketed:
            return lf.filter(pl.col(BUCKET).is_between(lo, hi - 1))
        lf = lf.with_columns(bucket_expr())
        return lf.filter(pl.col(BUCKET).is_between(lo, hi - 1))

    def rows_in(self, b: int, total: int) -> float:
        return self.per_bucket[b] if self.per_bucket else total / BUCKETS


def old_parts(root: Path, records: list[dict[str, Any]]) -> list[Old]:
    """Return the manifest's parts as the merge reads them."""
    current = hashing()
    return [
        Old(r["file"], root / r["file"], r.get("hashing") == current, r.get("buckets"))
        for r in records
    ]


def ranges(weights: Sequence[float]) -> list[tuple[int, int]]:
    """Cut buckets 0..n-1 into consecutive ranges of about `STEP_ROWS` rows each."""
    out: list[tuple[int, int]] = []
    lo, total = 0, 0.0
    for b, w in enumerate(weights):
        total += w
        if total >= STEP_ROWS:
            out.append((lo, b + 1))
            lo, total = b + 1, 0.0
    if lo < len(weights):
        out.append((lo, len(weights)))
    return out


@dataclass
class Merged:
    """What a merge wrote: the new part, the stored parts it rewrote, the counts."""

    new: PartWriter
    rewritten: dict[str, PartWriter]
    replaced: dict[str, int]
    unchanged: int


def merge(
    staged: Staged,
    olds: list[Old],
    records_rows: dict[str, int],
    import_id: int,
    tmp: Path,
    progress: Progress | None = None,
) -> Merged:
    """Write the new part and rewrite the stored parts it supersedes, one range at a time.

    A row equal to the stored row of its id changes nothing (it stays where it is); a changed
    row replaces the stored one (**the later import wins**).
    """
    leave = pl.Series(staged.leave_out, dtype=pl.Int64)
    if not olds and not staged.read_again:
        return Merged(_first_part(staged, leave, import_id, tmp, progress), {}, {}, 0)
    counts = staged.counts()
    weights = [
        counts[b] + sum(o.rows_in(b, records_rows[o.file]) for o in olds) for b in range(BUCKETS)
    ]
    steps = ranges(weights)
    new = PartWriter(tmp / "new.parquet")
    rewritten: dict[str, PartWriter] = {}
    replaced: dict[str, int] = {}
    unchanged = 0
    by_file = {o.file: o for o in olds}
    for step, (lo, hi) in enumerate(steps):
        if progress:
            progress("merge", step, len(steps))
        lf = staged.scan(lo, hi)
        if lf is None:
            incoming = pl.DataFrame(schema={ROW: pl.Int64, **SCHEMA, BUCKET: pl.UInt8})
        else:
            lf = lf.filter(~pl.col("_bad") & ~pl.col(ROW).is_in(leave.implode()))
            if staged.read_again:  # rows read again were staged last: put back in file order
                lf = lf.sort(BUCKET, ROW)
            incoming = lf.select(ROW, *NAMES, BUCKET).collect()
        changed: dict[str, pl.Series] = {}
        if olds and incoming.height:
            incoming, same, changed = _against_stored(incoming, olds, lo, hi)
            unchanged += same
            for name in changed:
                if name not in rewritten:  # first touched here: copy its earlier ranges
                    rewritten[name] = PartWriter(tmp / f"{len(rewritten)}.parquet")
                    for plo, phi in steps[:step]:
                        rewritten[name].write(by_file[name].scan(plo, phi).collect())
        for name, writer in rewritten.items():
            rows = by_file[name].scan(lo, hi)
            if name in changed:
                rows = rows.filter(~pl.col("dossier_id").is_in(changed[name].implode()))
                replaced[name] = replaced.get(name, 0) + len(changed[name])
            writer.write(rows.collect())
        new.write(incoming.with_columns(pl.lit(import_id, dtype=pl.Int64).alias(IMPORT)))
    if progress:
        progress("merge", len(steps), len(steps))
    new.close()
    for writer in rewritten.values():
        writer.close()
    return Merged(new, rewritten, replaced, unchanged)


def _first_part(
    staged: Staged, leave: pl.Series, import_id: int, tmp: Path, progress: Progress | None
) -> PartWriter:
    """Write the part of an import into an empty store: one streaming pass, in bucket order.

    Nothing is stored to merge with, so the staged files are copied as they are (bucket
    after bucket, their rows in file order) without the bad and duplicate rows.
    """
    new = PartWriter(tmp / "new.parquet")
    lf = staged.scan(0, BUCKETS)
    if progress:
        progress("merge", 0, 1)
    if lf is None:
        new.close()
        return new
    rows = (
        lf.filter(~pl.col("_bad") & ~pl.col(ROW).is_in(leave.implode()))
        .with_columns(pl.lit(import_id, dtype=pl.Int64).alias(IMPORT))
        .select(pl.col(n).cast(t) for n, t in part_schema().items())
    )
    rows.sink_parquet(new.path, compression=PART_COMPRESSION, row_group_size=PART_ROW_GROUP)
    per_bucket = pl.scan_parquet(new.path).group_by(BUCKET).len().collect()
    for b, n in per_bucket.iter_rows():
        new.per_bucket[b] = n
    new.rows = sum(new.per_bucket)
    with new.path.open("rb") as fh:
        os.fsync(fh.fileno())
    if progress:
        progress("merge", 1, 1)
    return new


def _against_stored(
    incoming: pl.DataFrame, olds: list[Old], lo: int, hi: int
) -> tuple[pl.DataFrame, int, dict[str, pl.Series]]:
    """Split a range's incoming rows against the stored rows of the same ids.

    Return the rows to store (new or changed), how many equal their stored row, and per part
    the ids its rows lose to changed incoming rows.
    """
    ids = incoming.select("dossier_id").lazy()
    stored = pl.concat(
        [o.scan(lo, hi).select(*NAMES).with_columns(pl.lit(o.file).alias("_file")) for o in olds]
    )
    old = stored.join(ids, on="dossier_id", how="semi").collect()
    if old.height == 0:
        return incoming, 0, {}
    both = incoming.join(old, on="dossier_id", how="inner", suffix="_old")
    same = pl.all_horizontal(
        pl.col(n).eq_missing(pl.col(f"{n}_old")) for n in NAMES if n != "dossier_id"
    )
    both = both.with_columns(same.alias("_same"))
    equal = both.filter("_same")["dossier_id"]
    changed = {
        name: pl.Series(ids_, dtype=pl.String)
        for name, ids_ in both.filter(~pl.col("_same"))
        .group_by("_file")
        .agg("dossier_id")
        .iter_rows()
    }
    if equal.len():
        incoming = incoming.filter(~pl.col("dossier_id").is_in(equal.implode()))
    return incoming, equal.len(), changed


@contextlib.contextmanager
def temp_dir(root: Path) -> Any:
    """Yield a fresh temporary folder inside the store (removed afterwards, whatever happens)."""
    path = root / f"{TEMP_PREFIX}{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
