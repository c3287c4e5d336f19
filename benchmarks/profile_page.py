"""Where one uncached page spends its CPU time, by kind of work (cProfile).

Run it against a corpus ``bench_peer.py`` or ``bench_pages.py`` left behind,
with the production-like settings and the page cache off, e.g.::

    DATABASE_URL=sqlite:///var/bench/peer_10000.sqlite3 DJANGO_DEBUG=0 \\
      DJANGO_SECRET_KEY=... DJANGO_ALLOWED_HOSTS=127.0.0.1 \\
      DJANGO_SECURE_SSL_REDIRECT=0 NEWSROOM_PAGE_CACHE_SECONDS=0 \\
      .venv/bin/python benchmarks/profile_page.py article

``article`` is the middle published article (as the peer picks its own),
``home`` the home page; any other argument is a path. It prints the queries
the page makes, its CPU time per request without the profiler, and the
profiler's own time (``tottime``) grouped into: the database driver, the ORM
building and compiling queries, the ORM making model instances, Django's
template engine, request handling (middleware, URLs), newsroom's own code,
and the rest. ``--top N`` also prints the N most expensive functions.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

REQUEST_HANDLING = (
    "middleware",
    "handlers",
    "/csp/",
    "whitenoise",
    "/axes/",
    "django/http",
    "django/urls",
    "django/contrib/sessions",
    "django/contrib/auth",
    "django/contrib/messages",
)
ORM_COMPILING = (
    "django/db/models/sql",
    "django/db/models/query.py",
    "django/db/models/expressions.py",
    "django/db/models/lookups.py",
    "django/db/models/query_utils.py",
    "django/db/models/functions",
)


def kind_of(filename: str, function: str) -> str:
    if filename == "~":  # a built-in
        if "sqlite3" in function or "psycopg" in function:
            return "database driver"
        return "built-ins (called from all of the below)"
    if "psycopg" in filename or "django/db/backends" in filename:
        return "database driver"
    if "django/template" in filename or "templatetags" in filename:
        return "templates (Django engine)"
    if any(part in filename for part in ORM_COMPILING):
        return "ORM: building, compiling, prefetching"
    if "django/db" in filename:
        return "ORM: model instances, fields"
    if "django/test" in filename:
        return "test client (not in production)"
    if "site-packages" in filename or "/lib/python3" in filename:
        if any(part in filename for part in REQUEST_HANDLING):
            return "request handling: middleware, URLs"
        return "other libraries, standard library"
    return "newsroom's own code"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", help="article, home, or a path")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=0)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article

    if args.page == "article":
        published = Article.objects.published().order_by("pk")
        path = published[published.count() // 2].get_absolute_url()
    else:
        path = "/" if args.page == "home" else args.page
    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(20):  # warm what a worker would have warmed
        if client.get(path).status_code != 200:
            sys.exit(f"{path} does not answer 200")
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    started = time.process_time()
    for _ in range(args.requests):
        client.get(path)
    cpu = (time.process_time() - started) / args.requests * 1000
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for _ in range(args.requests):
        client.get(path)
    profile.disable()
    kinds: dict[str, float] = {}
    for (filename, _line, function), row in pstats.Stats(profile).stats.items():
        kind = kind_of(filename, function)
        kinds[kind] = kinds.get(kind, 0.0) + row[2]
    total = sum(kinds.values())
    print(f"{path}: {len(queries)} queries, {cpu:.2f} ms CPU per request")
    for kind, seconds in sorted(kinds.items(), key=lambda item: -item[1]):
        print(f"  {kind:<44}{seconds / total:6.0%}")
    if args.top:
        pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
