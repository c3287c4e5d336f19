"""Rate limits for the content API: a fixed one-minute window per client.

Anonymous clients are counted per address (``newsroom.security.client_ip``,
which believes X-Forwarded-For only from our own proxies), at
``NEWSROOM_API_ANON_RATE_PER_MINUTE``; a partner's key is counted on its own,
at its ``rate_per_minute``, wherever its requests come from.

Counters live in Django's default cache: ``cache.add`` starts a window and
``cache.incr`` counts in it, both atomic in Redis, so several workers share
one count. With the local-memory cache (one process, ``runserver``) each
process counts alone.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from api.models import ApiKey
from newsroom.security import client_ip

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class RateResult:
    allowed: bool
    limit: int
    remaining: int
    # Seconds until the window ends and the count starts again.
    reset: int


def _count(cache_key: str) -> int:
    """Add one to the window's counter and return it."""
    # The counter outlives its window a little: a clock between workers that
    # is a second off must not restart a window early.
    if cache.add(cache_key, 1, timeout=WINDOW_SECONDS + 5):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:
        # Expired between add and incr: this request opens the window again.
        cache.add(cache_key, 1, timeout=WINDOW_SECONDS + 5)
        return 1


def check_rate(
    request: HttpRequest, key: ApiKey | None, *, now: float | None = None
) -> RateResult:
    """Count this request against its client's limit and say whether it may go on."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    if key is not None:
        limit = key.rate_per_minute
        who = f"key:{key.pk}"
    else:
        limit = settings.NEWSROOM_API_ANON_RATE_PER_MINUTE
        who = f"ip:{client_ip(request)}"
    count = _count(f"api-rate:{who}:{window}")
    reset = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
    return RateResult(
        allowed=count <= limit,
        limit=limit,
        remaining=max(0, limit - count),
        reset=reset,
    )
