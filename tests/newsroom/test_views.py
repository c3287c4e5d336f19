"""The health check load balancers and monitoring probe."""


def test_healthz_reports_database_and_is_never_cached(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == (
        "max-age=0, no-cache, no-store, must-revalidate, private"
    )


def test_healthz_reports_an_unreachable_cache_as_503(client, db, settings):
    # A real Redis client pointed at a port where nothing listens.
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "fail", "database": "ok", "cache": "fail"}


def test_healthz_refuses_writes(client, db):
    response = client.post("/healthz")

    assert response.status_code == 405
