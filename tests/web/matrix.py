"""The permission matrix's machinery: personas as columns, one answer per cell.

A row of the matrix is a request (method, URL, data) and a string of answers, one per persona
in ``PERSONAS`` order: ``200``, ``302`` (a redirect within the site), ``LOG`` (302 to the login
page), ``403``, ``404``. Every request runs in a savepoint rolled back afterwards, so each
cell starts from the same data; a refused write (``LOG``, 403, 404) must leave the database as
it was (``dbstate``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dbstate import changes, snapshot
from django.db import transaction
from django.urls import reverse

#: the personas of tests/web/conftest.py, in the matrix's column order
PERSONAS = (
    "admin",
    "secretariat",
    "focal",
    "head",
    "appraiser",
    "viewer",
    "focal-snv",
    "focal-stp",
    "focal-vp",
    "focal-stc",
    "focal-stttt",
    "focal-skhdt",
    "outsider",
    "nobody",
    "anonymous",
)
#: the column headings, as written above each table
HEADINGS = "adm sec foc hea app vie snv stp vp  stc stt skh out nob ano"

REFUSED = {"LOG", "403", "404", "405"}


@dataclass(frozen=True)
class Row:
    """One request of the matrix and the answer each persona gets."""

    method: str
    url: str
    answers: str
    data: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)

    def expected(self) -> dict[str, str]:
        tokens = self.answers.split()
        assert len(tokens) == len(PERSONAS), (self.url, tokens)
        return dict(zip(PERSONAS, tokens, strict=True))


def answer(response) -> str:
    """The cell's token for a response."""
    if response.status_code == 302 and response.url.startswith(reverse("accounts:login")):
        return "LOG"
    return str(response.status_code)


def mismatches(client_for, rows: list[Row], persona: str, watched=()) -> list[str]:
    """Every cell of ``persona`` that does not give its expected answer, or whose refusal
    changed the database."""
    client = client_for(persona)
    found = []
    for row in rows:
        expected = row.expected()[persona]
        with transaction.atomic():
            before = snapshot(*watched) if row.method == "post" else None
            response = getattr(client, row.method)(row.url, row.data, **row.extra)
            got = answer(response)
            if got != expected:
                found.append(f"{row.method.upper()} {row.url}: {got}, expected {expected}")
            elif before is not None and got in REFUSED:
                diff = changes(before, snapshot(*watched))
                if diff:
                    found.append(f"{row.method.upper()} {row.url} refused but changed: {diff}")
            transaction.set_rollback(True)
    return found
