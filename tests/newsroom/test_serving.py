"""Several workers need one shared page cache, or the server does not start."""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from newsroom import serving
from newsroom.pagecache import shared_cache_problem

ROOT = Path(__file__).resolve().parents[2]
LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
}


@pytest.mark.parametrize(
    ("workers", "caches", "seconds", "refused"),
    [
        (2, LOCAL, 300, True),
        (1, LOCAL, 300, False),
        (2, REDIS, 300, False),
        (2, LOCAL, 0, False),
    ],
)
def test_shared_cache_problem_only_for_several_workers_with_local_caches(
    settings, workers, caches, seconds, refused
):
    settings.CACHES = caches
    settings.NEWSROOM_PAGE_CACHE_SECONDS = seconds

    problem = shared_cache_problem(workers=workers)

    assert (problem is not None) == refused


def test_gunicorn_refuses_to_start_two_workers_with_local_caches(settings):
    settings.CACHES = LOCAL
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    logged = []
    server = SimpleNamespace(
        cfg=SimpleNamespace(workers=2),
        log=SimpleNamespace(error=lambda *args: logged.append(args)),
    )

    with pytest.raises(SystemExit, match="Refusing to start: 2 worker processes"):
        serving.on_starting(server)
    assert len(logged) == 1


def test_production_server_does_not_start_without_a_shared_cache(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NEWSROOM_", "REDIS_", "DATABASE_"))
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-random-enough-secret-key-for-this-test-only-8c1f0e9d7b6a5c4e3f2a1b0c9d8e7f6a",
        DJANGO_ALLOWED_HOSTS="news.example.com",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        NEWSROOM_BIND="127.0.0.1:0",
        WEB_CONCURRENCY="2",
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"

    result = subprocess.run(  # noqa: S603 - our own server, fixed arguments
        [
            gunicorn,
            "--config",
            "python:newsroom.serving",
            "--workers",
            "2",
            "newsroom.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert "Refusing to start: 2 worker processes" in result.stderr


def test_deploy_check_warns_of_several_workers_without_a_shared_cache(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.CACHES = LOCAL
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300

    with pytest.raises(SystemCheckError, match="newsroom.W001"):
        call_command("check", "--deploy", "--fail-level", "WARNING", "--tag", "caches")
