"""gunicorn's configuration for the production server (``scripts/serve``).

Run as ``gunicorn -c python:newsroom.serving newsroom.wsgi:application``
(``WEB_CONCURRENCY`` workers, 2 by default, on ``NEWSROOM_BIND``). It
refuses to start several workers that would each keep their own page cache
(``newsroom.pagecache.shared_cache_problem``): a purge would reach only one
of them, and readers would get unpublished pages from the others.
"""

import os

DEFAULT_WORKERS = 2


def worker_count() -> int:
    """The worker processes to start: ``WEB_CONCURRENCY``, else one per core."""
    raw = os.environ.get("WEB_CONCURRENCY", str(DEFAULT_WORKERS))
    try:
        return int(raw)
    except ValueError:
        raise SystemExit(
            f"WEB_CONCURRENCY must be a whole number, not {raw!r}."
        ) from None


# gunicorn reads the module's names as its settings.
workers = worker_count()
bind = os.environ.get("NEWSROOM_BIND", "127.0.0.1:8000")
timeout = 30
graceful_timeout = 20
accesslog = os.environ.get("NEWSROOM_ACCESS_LOG", "-")
errorlog = "-"


def on_starting(server) -> None:
    """Before any worker starts: refuse a setup that would serve stale pages."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from newsroom.pagecache import shared_cache_problem

    problem = shared_cache_problem(workers=server.cfg.workers)
    if problem is not None:
        server.log.error("Refusing to start: %s", problem)
        raise SystemExit(f"Refusing to start: {problem}")
