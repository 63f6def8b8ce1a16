"""The rate limiter counts in the shared cache: the database by default, Redis when set.

Workers are separate processes: the counts are checked from four processes at once, against
an SQLite file (the database cache) and a real Redis (127.0.0.1:6379, database 15).
"""

import datetime
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache

from parindex.web.site.cache import DatabaseCache
from parindex.web.site.ratelimit import rate_hit

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/15"
WORKER = """
import os, sys, django
django.setup()
from parindex.web.site.ratelimit import rate_hit
key, limit, hits = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
# a window of months: the few seconds of the test never straddle two
print(sum(rate_hit(scope="t", key=key, limit=limit, window=10**7).allowed for _ in range(hits)))
"""


def redis_available() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture
def redis_cache(settings):
    prefix = f"parindex-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": prefix,
        }
    }
    yield prefix
    import redis

    client = redis.Redis.from_url(REDIS)
    for name in client.scan_iter(f"{prefix}:*"):
        client.delete(name)


def workers(env: dict[str, str], *, processes: int, hits: int, limit: int) -> list[int]:
    base = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "REDIS_URL")}
    base.update(DJANGO_SETTINGS_MODULE="parindex.config.settings", DEBUG="1", **env)
    key = uuid.uuid4().hex
    running = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, key, str(limit), str(hits)],
            env=base,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    counts = []
    for proc in running:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        counts.append(int(out.strip().splitlines()[-1]))
    return counts


@pytest.mark.django_db
def test_the_default_cache_is_the_shared_database_cache() -> None:
    from django.db import connection

    assert django_settings.CACHES["default"]["BACKEND"] == "parindex.web.site.cache.DatabaseCache"
    cache.set("probe", 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM parindex_cache")
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_the_database_cache_counts_and_keeps_the_expiry(time_machine) -> None:
    time_machine.move_to(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False)
    from django.core.cache import caches

    db_cache = caches["default"]
    assert isinstance(db_cache, DatabaseCache)
    db_cache.set("n", 1, timeout=600)
    assert [db_cache.incr("n") for _ in range(3)] == [2, 3, 4]
    assert db_cache.decr("n") == 3
    time_machine.shift(599)
    assert db_cache.get("n") == 3
    time_machine.shift(2)  # incr must not have pushed the expiry back
    assert db_cache.get("n") is None
    with pytest.raises(ValueError):
        db_cache.incr("n")


@pytest.mark.django_db
def test_limit_per_key_and_window(time_machine) -> None:
    time_machine.move_to(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False)
    verdicts = [rate_hit(scope="s", key="a", limit=3, window=60).allowed for _ in range(4)]
    assert verdicts == [True, True, True, False]
    assert rate_hit(scope="s", key="b", limit=3, window=60).allowed  # another key
    assert rate_hit(scope="other", key="a", limit=3, window=60).allowed  # another scope
    refused = rate_hit(scope="s", key="a", limit=3, window=60)
    assert (refused.allowed, refused.retry_after) == (False, 60)
    time_machine.shift(120)  # two windows later nothing is left
    assert rate_hit(scope="s", key="a", limit=3, window=60).allowed
    assert rate_hit(scope="s", key="a", limit=0, window=60).allowed  # 0: no limit


@pytest.mark.django_db
def test_refused_hits_are_not_counted(time_machine) -> None:
    time_machine.move_to(datetime.datetime(2026, 3, 2, 8, 0, 30, tzinfo=datetime.UTC), tick=False)
    for _ in range(10):
        rate_hit(scope="s", key="a", limit=2, window=60)
    time_machine.shift(60)  # the previous minute: 2 accepted, weighted ½
    assert rate_hit(scope="s", key="a", limit=2, window=60).allowed


def test_four_processes_share_one_count_in_the_database(tmp_path) -> None:
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "PARINDEX_VAR": str(tmp_path),
    }
    setup = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "createcachetable"],
        env={**os.environ, **env, "DEBUG": "1"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert setup.returncode == 0, setup.stderr
    assert sum(workers(env, processes=4, hits=25, limit=30)) == 30


@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_four_processes_share_one_count_in_redis(tmp_path) -> None:
    prefix = f"parindex-test-{uuid.uuid4().hex}"
    env = {"REDIS_URL": REDIS, "CACHE_KEY_PREFIX": prefix, "PARINDEX_VAR": str(tmp_path)}
    try:
        assert sum(workers(env, processes=4, hits=25, limit=30)) == 30
    finally:
        import redis

        client = redis.Redis.from_url(REDIS)
        for name in client.scan_iter(f"{prefix}:*"):
            client.delete(name)


@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")
def test_limit_in_redis(redis_cache, time_machine) -> None:
    time_machine.move_to(datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC), tick=False)
    verdicts = [rate_hit(scope="s", key="a", limit=3, window=60).allowed for _ in range(5)]
    assert verdicts == [True, True, True, False, False]
    time_machine.shift(60)  # 3 × 1 (the window just started) + 1 > 3
    assert not rate_hit(scope="s", key="a", limit=3, window=60).allowed
    time_machine.shift(40)  # 3 × ⅓ + 1 ≤ 3
    assert rate_hit(scope="s", key="a", limit=3, window=60).allowed
