"""A directory of normalised dossier logs: one Parquet part per import and a JSON manifest.

Re-importing a file already stored (same SHA-256) is a no-op. Within a store a dossier id is
unique: when a later import carries an id already stored, **the later import wins** (a monthly
re-export updates a dossier that was pending in the previous one); rows equal to the stored row
change nothing. Writes are atomic: parts are written to a temp file and renamed, the manifest is
replaced last and is the only commit point, so a crash or a rejected import leaves the store as
it was (at worst an orphan part file that `vacuum` removes).

An import holds a bounded number of rows whatever the file's size (`buckets`): parts keep their
rows in id-hash bucket order, so duplicates are resolved one bucket range at a time.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from parindex.indicators import buckets, summary
from parindex.indicators.definitions import load_definitions
from parindex.indicators.errors import RowProblem, StoreError
from parindex.indicators.ingest import LogRead, Reading, Tolerance
from parindex.indicators.mapping import ColumnMapping, load_mapping
from parindex.indicators.normalise import EVENT_DATES
from parindex.indicators.reading import ROW, Progress
from parindex.indicators.schema import SCHEMA

_PROBLEM_KEYS = ("file", "row", "column", "field", "reason", "value", "detail")

MANIFEST = "manifest.json"
FORMAT = "parindex-dossier-store"
IMPORT = buckets.IMPORT
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
    # Rows per id-hash bucket and the hashing used (None: a part written before buckets).
    buckets: list[int] | None = None
    hashing: str | None = None
    # The part's summary (`summary`): file, SHA-256, definitions, measures, latest date.
    summary: dict[str, Any] | None = None


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
        # Parts written before buckets have no `_bucket` column; it is the merge's, not the
        # log's, so every part is read with the same columns.
        return pl.scan_parquet(files, schema=_empty_schema(), extra_columns="ignore")

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
        last = self._last_date(records)
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

    def _last_date(self, records: list[ImportRecord]) -> dt.date | None:
        """Return the latest event date stored (from the summaries, else from the rows)."""
        dates: list[dt.date] = []
        for r in records:
            s = r.summary
            if s and "last_date" in s and (self.root / s["file"]).is_file():
                if s["last_date"]:
                    dates.append(dt.date.fromisoformat(s["last_date"]))
                continue
            events = pl.max_horizontal([pl.col(n) for n in EVENT_DATES])
            lf = pl.scan_parquet(self.root / r.file, schema=_empty_schema(), extra_columns="ignore")
            value = lf.select(events.max()).collect().item()
            if isinstance(value, dt.date):
                dates.append(value)
        return max(dates) if dates else None

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

    def import_file(
        self,
        path: str | Path,
        mapping: ColumnMapping | dict[str, Any] | str | Path | None = None,
        *,
        tolerance: Tolerance | None = None,
        progress: Progress | None = None,
        now: dt.datetime | None = None,
    ) -> ImportResult:
        """Import one export; see the module docstring for dedupe and atomicity.

        Memory does not grow with the file (`buckets`): the export is read and checked in one
        streaming pass into id-hash buckets, then merged with the store a bucket range at a
        time. `progress(stage, done, total)` reports "check" 0/1, "read" (rows read so far,
        total 0: not known before the end), "check" 1/1, "merge" (ranges done of all),
        "write" and "done" (rows stored). The result's `read` carries the counts and
        problems; its `data` is empty (the rows go to the store, never into memory).
        """
        result = self._import(path, mapping, tolerance, progress, now)
        if result.status == "imported" and not self._summarised():
            # Parts from before summaries (or of other definitions) get theirs now, once.
            with contextlib.suppress(StoreError):  # another import holds the store: its turn
                self.summarise()
        return result

    def _summarised(self) -> bool:
        """Return whether every part has a summary of the current definitions."""
        sha = load_definitions().sha256
        return all(
            r.summary
            and r.summary.get("version") == summary.VERSION
            and r.summary.get("definitions") == sha
            and (self.root / r.summary["file"]).is_file()
            for r in self.imports()
        )

    def _import(
        self,
        path: str | Path,
        mapping: ColumnMapping | dict[str, Any] | str | Path | None,
        tolerance: Tolerance | None,
        progress: Progress | None,
        now: dt.datetime | None,
    ) -> ImportResult:
        path = Path(path)
        cm = load_mapping(mapping)
        with self._locked(), concurrent.futures.ThreadPoolExecutor(1) as pool:
            manifest = self.manifest()
            size = path.stat().st_size if path.is_file() else -1
            # Hashing 2 GB takes seconds on one core: a file the size of none imported cannot
            # be one of them, so it is hashed beside the reading pass instead of before it.
            hashed = pool.submit(sha256_file, path) if size >= 0 else None
            seen = any(r["source_size"] == size for r in manifest["imports"])
            if seen and (same := self._same_source(manifest, hashed)) is not None:
                return same
            with buckets.temp_dir(self.root) as tmp:
                if progress:
                    progress("check", 0, 1)
                staged = buckets.stage(path, cm, tolerance or Tolerance(), tmp / "stage", progress)
                if progress:
                    progress("check", 1, 1)
                if (same := self._same_source(manifest, hashed)) is not None:
                    return same
                source_sha = hashed.result() if hashed else ""
                read = _log_read(staged)
                records = manifest["imports"]
                merged = buckets.merge(
                    staged,
                    buckets.old_parts(self.root, records),
                    {r["file"]: r["rows"] for r in records},
                    int(manifest["next_id"]),
                    tmp,
                    progress,
                )
                if merged.new.rows == 0:
                    return ImportResult("unchanged", None, 0, 0, merged.unchanged, read)
                return self._commit(manifest, path, source_sha, cm, read, merged, now, progress)

    @staticmethod
    def _same_source(
        manifest: dict[str, Any], hashed: concurrent.futures.Future[str] | None
    ) -> ImportResult | None:
        """Return 'unchanged' when a file with the same SHA-256 was imported already."""
        sha = hashed.result() if hashed else ""
        for record in manifest["imports"]:
            if sha and record["source_sha256"] == sha:
                return ImportResult("unchanged", ImportRecord(**record), 0, 0, 0, None)
        return None

    def _place(self, writer: buckets.PartWriter, name: str) -> tuple[str, dict[str, Any]]:
        """Move a part into the store and summarise it; return its SHA-256 and its summary.

        The part is hashed (one core) while the summary is made (polars' threads).
        """
        os.replace(writer.path, self.root / name)
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            digest = pool.submit(sha256_file, self.root / name)
            made = self._summarise(name, writer.path.parent)
            return digest.result(), made

    def _summarise(self, part: str, tmp: Path, name: str | None = None) -> dict[str, Any]:
        """Write the summary of a placed part beside it; return what the manifest records."""
        name = name or summary.summary_name(part)
        staged = tmp / name
        meta = summary.summarise_file(self.root / part, load_definitions(), staged)
        with staged.open("rb") as fh:
            os.fsync(fh.fileno())
        digest = sha256_file(staged)
        os.replace(staged, self.root / name)
        return {"file": name, "sha256": digest, **meta}

    def _commit(
        self,
        manifest: dict[str, Any],
        path: Path,
        source_sha: str,
        cm: ColumnMapping,
        read: LogRead,
        merged: buckets.Merged,
        now: dt.datetime | None,
        progress: Progress | None,
    ) -> ImportResult:
        written: list[Path] = []
        obsolete: list[Path] = []
        import_id = int(manifest["next_id"])
        current = buckets.hashing()
        try:
            if progress:
                progress("write", 0, 1 + len(merged.rewritten))
            records = manifest["imports"]
            for i, record in enumerate(records):
                writer = merged.rewritten.get(record["file"])
                if writer is None:
                    continue
                name = f"part-{record['id']:06d}-r{import_id:06d}.parquet"
                written.append(self.root / name)
                written.append(self.root / summary.summary_name(name))
                sha, summarised = self._place(writer, name)
                obsolete.append(self.root / record["file"])
                if record.get("summary"):
                    obsolete.append(self.root / record["summary"]["file"])
                records[i] = {
                    **record,
                    "file": name,
                    "sha256": sha,
                    "rows": writer.rows,
                    "rows_replaced": record["rows_replaced"] + merged.replaced[record["file"]],
                    "buckets": writer.per_bucket,
                    "hashing": current,
                    "summary": summarised,
                }
            name = f"part-{import_id:06d}.parquet"
            written.append(self.root / name)
            written.append(self.root / summary.summary_name(name))
            sha, summarised = self._place(merged.new, name)
            rows = merged.new.rows
            when = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
            reading = read.reading
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
                columns=sorted(reading.present or ()) if reading else None,
                encoding=reading.encoding if reading else None,
                buckets=merged.new.per_bucket,
                hashing=current,
                summary=summarised,
            )
            records.append(asdict(record))
            manifest["next_id"] = import_id + 1
            manifest["version"] = 2
            self._fsync_dir()
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
        updated = sum(merged.replaced.values())
        return ImportResult("imported", record, rows - updated, updated, merged.unchanged, read)

    def _fsync_dir(self) -> None:
        fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def summarise(self) -> list[str]:
        """Summarise every part lacking a summary of the current definitions; return them.

        For a store imported before summaries existed, or under other definitions: until
        then its computations read the rows (correct, slower). The manifest is the commit
        point, as for an import; a summary it still lists is never overwritten.
        """
        defs = load_definitions()
        with self._locked():
            manifest = self.manifest()
            done: list[str] = []
            written: list[Path] = []
            replaced: list[Path] = []
            try:
                with buckets.temp_dir(self.root) as tmp:
                    for record in manifest["imports"]:
                        current = record.get("summary") or {}
                        if (
                            current.get("version") == summary.VERSION
                            and current.get("definitions") == defs.sha256
                            and (self.root / current["file"]).is_file()
                        ):
                            continue
                        name = summary.summary_name(record["file"])
                        if (self.root / name).exists():  # listed, of other definitions
                            stem = name.removesuffix(summary.SUFFIX)
                            name = f"{stem}-{defs.sha256[:12]}{summary.SUFFIX}"
                        written.append(self.root / name)
                        if current.get("file") and current["file"] != name:
                            replaced.append(self.root / current["file"])
                        record["summary"] = self._summarise(record["file"], tmp, name)
                        done.append(record["file"])
                    if done:
                        self._fsync_dir()
                        self._write_manifest(manifest)
            except BaseException:
                for p in written:
                    with contextlib.suppress(OSError):
                        p.unlink()
                raise
            for p in replaced:  # summaries of other definitions, no longer listed
                with contextlib.suppress(OSError):
                    p.unlink()
        return done

    def vacuum(self) -> list[str]:
        """Remove part and temp files the manifest does not list; return their names."""
        records = self.imports()
        listed = {r.file for r in records} | {MANIFEST, ".lock"}
        listed |= {r.summary["file"] for r in records if r.summary}
        removed = []
        for p in self.root.iterdir() if self.root.exists() else []:
            if p.name not in listed and (p.name.startswith(("part-", ".part-", f".{MANIFEST}"))):
                p.unlink()
                removed.append(p.name)
            elif p.name.startswith(buckets.TEMP_PREFIX) and p.is_dir():
                shutil.rmtree(p)
                removed.append(p.name)
        return removed


def _log_read(staged: buckets.Staged) -> LogRead:
    """Return an import's reading as `read_log` does, without the rows (they are staged)."""
    reading = staged.reading
    assert reading is not None
    raw = staged.raw
    return LogRead(
        file=raw.file,
        format=raw.format,
        header_row=raw.header_row,
        columns={k: raw.headers[v] for k, v in raw.columns.items()},
        data=pl.DataFrame(schema={ROW: pl.Int64, **SCHEMA}),
        problems=list(reading.problems),
        rows_read=reading.rows_read,
        rows_skipped=reading.rows_skipped,
        rows_bad=reading.rows_bad,
        reading=reading,
    )


def _empty_schema() -> dict[str, pl.DataType]:
    return {ROW: pl.Int64(), **SCHEMA, IMPORT: pl.Int64()}
