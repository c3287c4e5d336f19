"""The framework's ceiling for the page benchmark (benchmarks/bench_pages.py).

Routed only when ``NEWSROOM_BENCH_CEILING=1``, so production never serves it.
"""

from functools import lru_cache

from django.http import HttpRequest, HttpResponse


@lru_cache(maxsize=64)
def _filler(size: int) -> bytes:
    return b"x" * size


def ceiling(request: HttpRequest, size: int) -> HttpResponse:
    """Return ``size`` bytes and do nothing else: no template, no query.

    Through the same server, workers and middleware as the real pages, its
    requests per second are the most any page of that size could reach.
    """
    return HttpResponse(_filler(min(size, 2_000_000)), content_type="text/html")
