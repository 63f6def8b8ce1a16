"""The shared cache by default: Django's database cache with an atomic ``incr``.

Rate limits count in the cache, so the cache must be shared by every worker and server
(docs/deploy.md). Django's database cache is shared but its ``incr`` reads and writes in two
steps (two workers can both read 7 and both write 8) and resets the entry's expiry. This one
takes the row's lock first, then adds, keeping the expiry. The table is created after
``migrate`` (``createcachetable`` is idempotent), so ``make run`` needs no other service.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.management import call_command
from django.db import connections, router, transaction
from django.utils.timezone import now


class DatabaseCache(DjangoDatabaseCache):
    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        q = connection.ops.quote_name
        table, key_col, value_col = q(self._table), q("cache_key"), q("value")  # type: ignore[attr-defined]  # set by Django's DatabaseCache.__init__; private, not in django-stubs
        moment = connection.ops.adapt_datetimefield_value(now().replace(microsecond=0))
        with transaction.atomic(using=db), connection.cursor() as cursor:
            # Writing first takes the lock (the row on PostgreSQL, the database on SQLite)
            # until commit, so a concurrent incr waits here instead of reading a stale value.
            cursor.execute(
                f"UPDATE {table} SET {value_col} = {value_col} "
                f"WHERE {key_col} = %s AND {q('expires')} >= %s",
                [key, moment],
            )
            if cursor.rowcount == 0:
                raise ValueError(f"Key '{key}' not found")
            cursor.execute(f"SELECT {value_col} FROM {table} WHERE {key_col} = %s", [key])
            stored = connection.ops.process_clob(cursor.fetchone()[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET {value_col} = %s WHERE {key_col} = %s", [encoded, key]
            )
        return int(value)

    def decr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self.incr(key, -delta, version=version)


def create_cache_tables(*, using: str = "default", **kwargs: object) -> None:
    """After ``migrate``: the database cache's table (a no-op when it exists or is unused)."""
    if any(isinstance(caches[alias], DjangoDatabaseCache) for alias in caches):
        call_command("createcachetable", database=using, verbosity=0)
