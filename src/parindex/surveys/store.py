"""A directory of imported responses: one JSON-lines part per import and a JSON manifest.

Idempotent by response id: re-importing a file already stored (same SHA-256) changes
nothing, and a response whose id is stored with the same answers is skipped. A stored id
arriving with *different* answers is a ``duplicate_id`` problem (never a silent overwrite).
Writes are atomic: the part is written to a temp file and renamed, then the manifest is
replaced; a rejected import raises before anything is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from parindex.surveys.errors import ResponseProblem, StoreError
from parindex.surveys.model import Survey
from parindex.surveys.responses import (
    Answer,
    ColumnMapping,
    Response,
    ResponseBatch,
    Tolerance,
    detect_mapping,
    enforce,
    parse_responses,
    read_table,
)

MANIFEST = "manifest.json"
FORMAT = "parindex-response-store"
KEEP_PROBLEMS = 200


def sha256_file(path: str | Path) -> str:
    """Return the hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _encode(answers: Mapping[str, Answer]) -> dict[str, Any]:
    return {
        k: (list(v) if isinstance(v, tuple) else str(v) if isinstance(v, Decimal) else v)
        for k, v in answers.items()
    }


def _decode(answers: Mapping[str, Any], survey: Survey | None) -> dict[str, Answer]:
    types = {q.name: q.type for q in survey.items()} if survey else {}
    out: dict[str, Answer] = {}
    for k, v in answers.items():
        if isinstance(v, list):
            out[k] = tuple(v)
        elif types.get(k) == "decimal":
            out[k] = Decimal(v)
        else:
            out[k] = v
    return out


@dataclass(frozen=True)
class StoreImport:
    """What an import did: status 'imported' or 'unchanged', counts, and the batch read."""

    status: str
    import_id: int | None
    new: int
    unchanged: int
    problems: tuple[ResponseProblem, ...]
    batch: ResponseBatch | None


class ResponseStore:
    """Responses to one survey, stored under a directory (created on first import)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def manifest(self) -> dict[str, Any]:
        """Return the manifest (an empty one for a new store)."""
        path = self.root / MANIFEST
        if not path.exists():
            return {"format": FORMAT, "version": 1, "form_id": None, "next_id": 1, "imports": []}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError("bad_manifest", {"file": str(path), "error": str(exc)}) from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise StoreError("bad_manifest", {"file": str(path)})
        return data

    def _records(self, manifest: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
        for rec in manifest["imports"]:
            part = self.root / rec["file"]
            if sha256_file(part) != rec["sha256"]:
                raise StoreError("part_changed", {"file": str(part)})
            with part.open(encoding="utf-8") as fh:
                for line in fh:
                    yield rec["id"], json.loads(line)

    def responses(self, survey: Survey | None = None) -> list[Response]:
        """Return every stored response, oldest import first (decimals typed via `survey`)."""
        return [
            Response(r["id"], r["submitted_at"], _decode(r["answers"], survey), r.get("row"))
            for _, r in self._records(self.manifest())
        ]

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                raise StoreError("locked", {"root": str(self.root)}) from exc
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _atomic_write(self, name: str, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.root / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def import_file(
        self,
        path: str | Path,
        survey: Survey,
        mapping: ColumnMapping | Mapping[str, str] | None = None,
        *,
        tool: str | None = None,
        tolerance: Tolerance | None = None,
        now: dt.datetime | None = None,
    ) -> StoreImport:
        """Import one export of `survey`; see the module docstring for dedupe and atomicity."""
        path = Path(path)
        with self._locked():
            manifest = self.manifest()
            if manifest["form_id"] not in (None, survey.form_id):
                raise StoreError(
                    "form_mismatch", {"stored": manifest["form_id"], "given": survey.form_id}
                )
            source_sha = sha256_file(path) if path.is_file() else ""
            for rec in manifest["imports"]:
                if source_sha and rec["source_sha256"] == source_sha:
                    return StoreImport("unchanged", rec["id"], 0, 0, (), None)
            header, rows = read_table(path)
            cm = (
                mapping
                if isinstance(mapping, ColumnMapping)
                else detect_mapping(header, survey, tool=tool, overrides=mapping)
            )
            batch = parse_responses(header, rows, survey, cm)
            stored = {r["id"]: (imp, r["answers"]) for imp, r in self._records(manifest)}
            new: list[Response] = []
            unchanged = 0
            conflicts: list[ResponseProblem] = []
            for resp in batch.responses:
                if resp.id not in stored:
                    new.append(resp)
                elif stored[resp.id][1] == _encode(resp.answers):
                    unchanged += 1
                else:
                    conflicts.append(
                        ResponseProblem(
                            resp.row,
                            cm.id_column,
                            None,
                            "duplicate_id",
                            resp.id,
                            {"stored_import": stored[resp.id][0], "reason": "different_answers"},
                        )
                    )
            keep = {p.row for p in conflicts}
            batch = ResponseBatch(
                cm,
                tuple(r for r in batch.responses if r.row not in keep),
                batch.problems + tuple(conflicts),
                batch.rows,
            )
            enforce(batch, tolerance)
            if not new:
                return StoreImport("unchanged", None, 0, unchanged, batch.problems, batch)
            import_id = manifest["next_id"]
            part = f"responses-{import_id:04d}.jsonl"
            lines = [
                json.dumps(
                    {
                        "id": r.id,
                        "submitted_at": r.submitted_at,
                        "row": r.row,
                        "answers": _encode(r.answers),
                    },
                    ensure_ascii=False,
                    sort_keys=True,
                )
                for r in new
            ]
            data = ("\n".join(lines) + "\n").encode("utf-8")
            self._atomic_write(part, data)
            manifest["form_id"] = survey.form_id
            manifest["next_id"] = import_id + 1
            manifest["imports"].append(
                {
                    "id": import_id,
                    "file": part,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "rows": len(new),
                    "source": path.name,
                    "source_sha256": source_sha,
                    "tool": cm.tool,
                    "mapping": cm.as_dict(),
                    "imported_at": (now or dt.datetime.now(dt.UTC)).isoformat(),
                    "rows_read": batch.rows,
                    "rows_bad": batch.bad_rows,
                    "rows_unchanged": unchanged,
                    "problems": [p.as_dict() for p in batch.problems[:KEEP_PROBLEMS]],
                }
            )
            text = json.dumps(manifest, ensure_ascii=False, indent=1, default=str)
            self._atomic_write(MANIFEST, text.encode("utf-8"))
            return StoreImport("imported", import_id, len(new), unchanged, batch.problems, batch)
