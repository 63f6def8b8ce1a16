"""Database checks (run by `migrate` and `manage.py check --database default`)."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import connections
from django.db.utils import DatabaseError

AUTOVACUUM_HINT = (
    "Set autovacuum = on in postgresql.conf (the default), or run ANALYZE after every bulk "
    "load and regularly; docs/deploy.md, 'PostgreSQL'."
)


@checks.register(checks.Tags.database)
def postgresql_autovacuum(databases: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn when PostgreSQL runs without autovacuum: its planner then works without statistics.

    Measured (benchmarks/WEB.md): on tables never analysed the planner takes 18 000 evidence
    documents for 6 and the self-assessment page's evidence query goes from 4 to 160 ms.
    """
    problems: list[checks.CheckMessage] = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        try:
            with connection.cursor() as cursor:
                cursor.execute("SHOW autovacuum")
                row = cursor.fetchone()
        except DatabaseError:  # not reachable: the connection's own error says why
            continue
        if row and row[0] != "on":
            problems.append(
                checks.Warning(
                    f"PostgreSQL autovacuum is {row[0]} on the database '{alias}': table "
                    "statistics go stale and pages slow down many times over.",
                    hint=AUTOVACUUM_HINT,
                    id="parindex.W105",
                )
            )
    return problems
