"""One rate limiter for every door: API tokens, the public survey, password reset.

Counts live in Django's cache (``CACHES``): the database by default, Redis where configured,
so every worker and every server sees the same count. A limit is ``limit`` hits per
``window`` seconds over a sliding window (the previous fixed window weighted by how much of
it still overlaps, plus the current one), so a burst across a window boundary cannot pass
twice the limit. A refused hit is not counted: whoever waits gets through again.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Rate:
    """The verdict on one hit: allowed, and if not, in how many seconds to try again."""

    allowed: bool
    retry_after: int = 0


def _key(scope: str, key: str, index: int) -> str:
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return f"parindex:rate:{scope}:{digest}:{index}"


def _count(name: str, timeout: int) -> int:
    # incr first: the counter usually exists, and an add costs as many queries again
    for _attempt in range(2):
        try:
            return int(cache.incr(name))
        except ValueError:
            if cache.add(name, 1, timeout=timeout):
                return 1
    cache.set(name, 1, timeout=timeout)  # expired and re-created between the calls: start over
    return 1


def rate_hit(*, scope: str, key: str, limit: int, window: int) -> Rate:
    """Count one hit of ``key`` in ``scope``; refuse it beyond ``limit`` per ``window`` s.

    A ``limit`` of 0 or less means no limit.
    """
    if limit <= 0:
        return Rate(allowed=True)
    now = time.time()
    index, elapsed = divmod(now, window)
    current_name = _key(scope, key, int(index))
    current = _count(current_name, timeout=2 * window + 60)
    previous = int(cache.get(_key(scope, key, int(index) - 1)) or 0)
    overlap = 1 - elapsed / window
    if previous * overlap + current <= limit:
        return Rate(allowed=True)
    cache.decr(current_name)
    accepted = current - 1
    if accepted + 1 > limit or previous == 0:
        wait = window - elapsed
    else:  # the previous window's weight must fall to what is left of the limit
        wait = (overlap - (limit - accepted - 1) / previous) * window
    return Rate(allowed=False, retry_after=max(1, math.ceil(wait)))
