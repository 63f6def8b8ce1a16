"""A directory of normalised dossier logs: one Parquet part per import and a JSON manifest.

Re-importing a file already stored (same SHA-256) is a no-op. Within a store a dossier id is
unique: when a later import carries an id already stored, **the later import wins** (a monthly
re-export updates a dossier that was pending in the previous one); rows equal to the stored row
change nothing. Writes are atomic: parts are written to a temp file and renamed, the manifest is
replaced last and is the only commit point, so a crash or a rejected import leaves the store as
it was (at worst an orphan part file that `vacuum` removes).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from parindex.indicators.errors import RowProblem, StoreError
from parindex.indicators.ingest import LogRead, Reading, Tolerance, read_log
from parindex.indicators.mapping import ColumnMapping, load_mapping
from parindex.indicators.normalise import EVENT_DATES
from parindex.indicators.reading import ROW, Progress
from parindex.indicators.schema import NAMES

_PROBLEM_KEYS = ("file", "row", "column", "field", "reason", "value", "detail")

MANIFEST = "manifest.json"
FORMAT = "parindex-dossier-store"
IMPORT = "_import"
KEEP_PROBLEMS = 200  # the manifest keeps the first problems only; the import result has all


def sha256_file(path: str | Path) -> str:
    """Return the hex SHA-256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class ImportRecord:
    """One manifest entry: a stored part and where its rows came from."""

    id: int
    file: str
    sha256: str
    rows: int
    source: str
    source_sha256: str
    source_size: int
    imported_at: str
    mapping: dict[str, Any]
    rows_read: int
    rows_bad: int
    rows_skipped: dict[str, int]
    rows_replaced: int = 0  # rows of this part later superseded by newer imports
    problems: list[dict[str, Any]] = field(default_factory=list)
    # The normalised columns the file provided (None: imported before this was recorded).
    columns: list[str] | None = None
    encoding: str | None = None


@dataclass(frozen=True)
class ImportResult:
    """What an import did: 'imported' or 'unchanged', and the row counts behind it."""

    status: str
    record: ImportRecord | None
    rows_new: int
    rows_updated: int
    rows_unchanged: int
    read: LogRead | None


def _fsync_write(path: Path, data: bytes) -> None:
    with path.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


class Store:
    """A dossier store rooted at a directory (created on first import)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    # -- reading ---------------------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        """Return the manifest (an empty one for a new store)."""
        path = self.root / MANIFEST
        if not path.exists():
            return {"format": FORMAT, "version": 1, "next_id": 1, "imports": []}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError("bad_manifest", file=str(path), detail={"error": str(exc)}) from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise StoreError("bad_manifest", file=str(path))
        return data

    def imports(self) -> list[ImportRecord]:
        """Return the manifest's import records, oldest first."""
        return [ImportRecord(**r) for r in self.manifest()["imports"]]

    def files(self) -> list[Path]:
        """Return the part files the manifest lists."""
        return [self.root / r.file for r in self.imports()]

    def scan(self) -> pl.LazyFrame:
        """Return the stored log lazily: normalised columns plus `_row` and `_import`."""
        files = self.files()
        if not files:
            return pl.LazyFrame(schema=_empty_schema())
        return pl.scan_parquet(files)

    def reading(self) -> Reading:
        """Return what the store's imports read: rows read, stored, left out, the latest date.

        Rows read and left out add up each import's; the rows used are the rows stored now
        (a later import of a dossier replaces its earlier row). The columns present are those
        every import provided.
        """
        records = self.imports()
        problems = tuple(
            RowProblem(**{k: v for k, v in p.items() if k in _PROBLEM_KEYS})
            for r in records
            for p in r.problems
        )
        skipped: dict[str, int] = {}
        for r in records:
            for k, v in r.rows_skipped.items():
                skipped[k] = skipped.get(k, 0) + v
        columns = [r.columns for r in records]
        present = None
        if columns and all(c is not None for c in columns):
            present = frozenset.intersection(*(frozenset(c or ()) for c in columns))
        stored = sum(r.rows for r in records)
        events = pl.max_horizontal([pl.col(n) for n in EVENT_DATES])
        last = self.scan().select(events.max()).collect().item() if records else None
        bad = sum(r.rows_bad for r in records)
        return Reading(
            file=str(self.root),
            rows_read=stored + bad,
            rows_bad=bad,
            rows_skipped=skipped,
            problems=problems,
            last_date=last if isinstance(last, dt.date) else None,
            encoding=None,
            present=present,
        )

    def is_empty(self) -> bool:
        """Return True when nothing has been imported."""
        return not self.imports()

    # -- writing ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                raise StoreError("locked", file=str(self.root)) from exc
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _write_manifest(self, manifest: dict[str, Any]) -> None:
        tmp = self.root / f".{MANIFEST}.tmp"
        text = json.dumps(manifest, ensure_ascii=False, indent=1, default=str)
        _fsync_write(tmp, text.encode("utf-8"))
        os.replace(tmp, self.root / MANIFEST)

    def _write_part(self, df: pl.DataFrame, name: str) -> tuple[str, int]:
        """Write `df` atomically as part `name`; return (sha256, rows)."""
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".part-", suffix=".tmp")
        os.close(fd)
        try:
            df.write_parquet(tmp, compression="zstd", statistics=True)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            digest = sha256_file(tmp)
            os.replace(tmp, self.root / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        return digest, df.height

    def import_file(
        self,
        path: str | Path,
        mapping: ColumnMapping | dict[str, Any] | str | Path | None = None,
        *,
        tolerance: Tolerance | None = None,
        progress: Progress | None = None,
        now: dt.datetime | None = None,
    ) -> ImportResult:
        """Import one export; see the module docstring for dedupe and atomicity."""
        path = Path(path)
        cm = load_mapping(mapping)
        with self._locked():
            manifest = self.manifest()
            source_sha = sha256_file(path) if path.is_file() else ""
            for record in manifest["imports"]:
                if source_sha and record["source_sha256"] == source_sha:
                    return ImportResult("unchanged", ImportRecord(**record), 0, 0, 0, None)
            read = read_log(path, cm, tolerance=tolerance, progress=progress)
            if progress:
                progress("merge", 0, 1)
            new, replaced, n_unchanged = self._merge(manifest, read.data)
            if progress:
                progress("merge", 1, 1)
            if new.height == 0:
                return ImportResult("unchanged", None, 0, 0, n_unchanged, read)
            return self._commit(
                manifest, path, source_sha, cm, read, new, replaced, n_unchanged, now, progress
            )

    def _merge(
        self, manifest: dict[str, Any], data: pl.DataFrame
    ) -> tuple[pl.DataFrame, dict[str, set[str]], int]:
        """Split incoming rows: drop those already stored as they are; note ids they update."""
        files = [self.root / r["file"] for r in manifest["imports"]]
        if not files or data.height == 0:
            return data, {}, 0
        old = (
            pl.scan_parquet(files, include_file_paths="_path")
            .join(data.lazy().select("dossier_id"), on="dossier_id", how="semi")
            .collect()
        )
        if old.height == 0:
            return data, {}, 0
        both = data.join(old, on="dossier_id", how="inner", suffix="_old")
        same = pl.all_horizontal(
            pl.col(n).eq_missing(pl.col(f"{n}_old")) for n in NAMES if n != "dossier_id"
        )
        both = both.with_columns(_same=same)
        unchanged = set(both.filter("_same")["dossier_id"].to_list())
        changed = both.filter(~pl.col("_same"))
        replaced: dict[str, set[str]] = {}
        for p, ids in changed.group_by("_path").agg("dossier_id").iter_rows():
            replaced[Path(p).name] = set(ids)
        new = data.filter(~pl.col("dossier_id").is_in(list(unchanged)))
        return new, replaced, len(unchanged)

    def _commit(
        self,
        manifest: dict[str, Any],
        path: Path,
        source_sha: str,
        cm: ColumnMapping,
        read: LogRead,
        new: pl.DataFrame,
        replaced: dict[str, set[str]],
        n_unchanged: int,
        now: dt.datetime | None,
        progress: Progress | None,
    ) -> ImportResult:
        written: list[Path] = []
        obsolete: list[Path] = []
        import_id = int(manifest["next_id"])
        try:
            if progress:
                progress("write", 0, 1 + len(replaced))
            records = manifest["imports"]
            for i, record in enumerate(records):
                ids = replaced.get(record["file"])
                if not ids:
                    continue
                kept = pl.read_parquet(self.root / record["file"]).filter(
                    ~pl.col("dossier_id").is_in(list(ids))
                )
                name = f"part-{record['id']:06d}-r{import_id:06d}.parquet"
                sha, rows = self._write_part(kept, name)
                written.append(self.root / name)
                obsolete.append(self.root / record["file"])
                records[i] = {
                    **record,
                    "file": name,
                    "sha256": sha,
                    "rows": rows,
                    "rows_replaced": record["rows_replaced"] + len(ids),
                }
            part = new.with_columns(pl.lit(import_id, dtype=pl.Int64).alias(IMPORT)).select(
                ROW, *NAMES, IMPORT
            )
            name = f"part-{import_id:06d}.parquet"
            sha, rows = self._write_part(part, name)
            written.append(self.root / name)
            when = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
            record = ImportRecord(
                id=import_id,
                file=name,
                sha256=sha,
                rows=rows,
                source=path.name,
                source_sha256=source_sha,
                source_size=path.stat().st_size,
                imported_at=when,
                mapping=cm.as_dict(),
                rows_read=read.rows_read,
                rows_bad=read.rows_bad,
                rows_skipped=read.rows_skipped,
                problems=[p.as_dict() for p in read.problems[:KEEP_PROBLEMS]],
                columns=sorted(read.reading.present or ()) if read.reading else None,
                encoding=read.reading.encoding if read.reading else None,
            )
            records.append(asdict(record))
            manifest["next_id"] = import_id + 1
            self._write_manifest(manifest)  # the commit point
        except BaseException:
            for p in written:
                with contextlib.suppress(OSError):
                    p.unlink()
            raise
        for p in obsolete:
            with contextlib.suppress(OSError):
                p.unlink()
        if progress:
            progress("done", rows, rows)
        updated = sum(len(v) for v in replaced.values())
        return ImportResult("imported", record, rows - updated, updated, n_unchanged, read)

    def vacuum(self) -> list[str]:
        """Remove part and temp files the manifest does not list; return their names."""
        listed = {r.file for r in self.imports()} | {MANIFEST, ".lock"}
        removed = []
        for p in self.root.iterdir() if self.root.exists() else []:
            if p.name not in listed and (p.name.startswith(("part-", ".part-", f".{MANIFEST}"))):
                p.unlink()
                removed.append(p.name)
        return removed


def _empty_schema() -> dict[str, pl.DataType]:
    from parindex.indicators.schema import SCHEMA

    return {ROW: pl.Int64(), **SCHEMA, IMPORT: pl.Int64()}
