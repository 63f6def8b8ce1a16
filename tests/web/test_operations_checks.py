"""The database check that warns when PostgreSQL runs without autovacuum (parindex.W105)."""

from __future__ import annotations

import pytest
from django.db import connection

from parindex.web.operations.checks import postgresql_autovacuum

pytestmark = pytest.mark.django_db


def test_the_check_answers_what_the_server_runs_with() -> None:
    found = postgresql_autovacuum(databases=["default"])
    if connection.vendor != "postgresql":
        assert found == []  # SQLite has no planner statistics to go stale
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW autovacuum")
        setting = cursor.fetchone()[0]
    if setting == "on":
        assert found == []
    else:
        assert [m.id for m in found] == ["parindex.W105"]
        assert found[0].msg == (
            f"PostgreSQL autovacuum is {setting} on the database 'default': table statistics "
            "go stale and pages slow down many times over."
        )
        assert "ANALYZE" in str(found[0].hint)


def test_no_database_asked_no_query() -> None:
    # `manage.py check` without --database runs database checks with databases=None
    assert postgresql_autovacuum(databases=None) == []
