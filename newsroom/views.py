"""Project-level views that belong to no app."""

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

HEALTH_CACHE_KEY = "newsroom:healthz"


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Report whether the database (and Redis, when configured) answer.

    200 with ``{"status": "ok", ...}`` when all do, 503 naming what failed
    otherwise. Changes nothing but one short-lived cache key.
    """
    checks = {"database": _database_ok()}
    if settings.REDIS_URL:
        checks["cache"] = _cache_ok()
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "fail"}
    body.update((name, "ok" if ok else "fail") for name, ok in checks.items())
    return JsonResponse(body, status=200 if healthy else 503)


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _cache_ok() -> bool:
    try:
        cache.set(HEALTH_CACHE_KEY, "1", timeout=10)
        return cache.get(HEALTH_CACHE_KEY) == "1"
    except Exception:  # the Redis client raises its own types; any means down
        return False
