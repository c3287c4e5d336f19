"""Split the cost of an uncached public page into its parts, in process.

Run it against a corpus that ``bench_pages.py --keep-database`` left behind:

    .venv/bin/python benchmarks/bench_page_parts.py \\
        --database-url postgres://postgres@127.0.0.1:5432/newsroom_bench_10000

With DEBUG off and the page cache off, for the pages ``bench_pages.py``
picks (the article, home page, and the person, work and topic on most
articles), it prints the median time of:

- the whole page through Django's test client (middleware included),
- its data alone: the view's queries and context, nothing rendered,
- its template alone: the same context rendered again, with every object
  already in memory (the script checks that rendering makes no query),

beside the bare ceiling view of ``bench_pages.py``, one ``SELECT 1``
through Django's cursor and one article fetched by primary key through the
ORM. It answers a question ``bench_pages.py`` cannot: whether a page could
reach a given share of the ceiling if one of its parts cost nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, the project isn't on the path

from benchmarks.bench_import import PRODUCTION_LIKE, manage  # noqa: E402

PAGES = ("article", "home", "person", "work", "topic")


def median_ms(fn, runs: int) -> float:
    for _ in range(10):
        fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=300, help="requests per median")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    # DEBUG off serves hashed static names from the manifest collectstatic
    # writes, as the page benchmark's server does.
    manage(args.database_url, "collectstatic", "--noinput")
    os.environ.update(
        {
            **PRODUCTION_LIKE,
            # The test client's host, and the one bench_pages' discovery uses.
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
            "DATABASE_URL": args.database_url,
            "DATABASE_CONN_MAX_AGE": "600",
            "NEWSROOM_BENCH_CEILING": "1",
            "NEWSROOM_PAGE_CACHE_SECONDS": "0",
        }
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    # The same pages as the page benchmark, picked by its own code.
    found = json.loads(
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "bench_pages.py"), "--discover"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    import django

    django.setup()
    from django.db import connection
    from django.template.loader import get_template
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.urls import resolve

    from articles.models import Article

    pages = [page for page in found["pages"] if page["name"] in PAGES]
    article = Article.objects.published().order_by("pk").first()
    if article is None or not pages:
        sys.exit("the database has no published article to measure")
    client, factory = Client(), RequestFactory()

    def data(path):
        match = resolve(path)
        view = match.func.view_class()
        view.setup(factory.get(path), **match.kwargs)
        if hasattr(view, "get_object"):
            view.object = view.get_object()
            return view, view.get_context_data(object=view.object)
        view.object_list = view.get_queryset()
        return view, view.get_context_data()

    def select_one():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchall()

    print(f"database {args.database_url}, median of {args.runs} runs, ms")
    for round_ in range(1, args.rounds + 1):
        bare = median_ms(lambda: client.get("/_bench/ceiling/12/"), args.runs)
        one = median_ms(select_one, args.runs)
        by_pk = median_ms(lambda: Article.objects.get(pk=article.pk), args.runs)
        print(
            f"round {round_}: bare view {bare:.2f}, SELECT 1 {one:.2f}, "
            f"one article by pk through the ORM {by_pk:.2f}"
        )
        for page in pages:
            name, path = page["name"], page["path"]
            view, context = data(path)
            template = get_template(view.get_template_names()[0])
            template.render(context, view.request)
            with CaptureQueriesContext(connection) as queries:
                template.render(context, view.request)
            if queries:
                sys.exit(f"{name}: rendering made {len(queries)} queries")
            whole = median_ms(lambda: client.get(path), args.runs)  # noqa: B023
            alone = median_ms(lambda: data(path), args.runs)  # noqa: B023
            render = median_ms(
                lambda: template.render(context, view.request),  # noqa: B023
                args.runs,
            )
            print(
                f"  {name:8} whole page {whole:6.2f}   data alone {alone:6.2f}   "
                f"template alone {render:5.2f} ({render / bare:.0f}x the bare view)"
            )


if __name__ == "__main__":
    main()
