"""Split the cost of an uncached public page into its parts, in process.

Run it against a corpus that ``bench_pages.py --keep-database`` left behind:

    .venv/bin/python benchmarks/bench_page_parts.py \\
        --database-url postgres://postgres@127.0.0.1:5432/newsroom_bench_10000

With DEBUG off and the page cache off, for the article page, the home page
and the person tagged on most articles, it prints the median time of:

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
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, the project isn't on the path

from benchmarks.bench_import import PRODUCTION_LIKE, manage  # noqa: E402
from benchmarks.bench_pages import SAME_ARTICLE  # noqa: E402


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
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": args.database_url,
            "DATABASE_CONN_MAX_AGE": "600",
            "NEWSROOM_BENCH_CEILING": "1",
            "NEWSROOM_PAGE_CACHE_SECONDS": "0",
        }
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.template.loader import get_template
    from django.test import Client, RequestFactory
    from django.test.utils import CaptureQueriesContext

    from articles import views
    from articles.models import Article, TaggedPerson
    from people.models import Person

    article = (
        Article.objects.published().filter(pk__gte=SAME_ARTICLE).order_by("pk").first()
    )
    busiest = (
        TaggedPerson.objects.values("tag")
        .annotate(n=Count("id"))
        .order_by("-n", "tag")
        .first()
    )
    if article is None or busiest is None:
        sys.exit("the database has no published article or no tagged person")
    person = Person.objects.get(pk=busiest["tag"])
    pages = [
        ("article", views.ArticleDetailView, {"slug": article.slug}, article),
        ("home", views.HomeView, {}, None),
        ("person", views.PersonDetailView, {"slug": person.slug}, person),
    ]
    client, factory = Client(), RequestFactory()

    def data(view_class, kwargs, path):
        view = view_class()
        view.setup(factory.get(path), **kwargs)
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
        for name, view_class, kwargs, obj in pages:
            path = obj.get_absolute_url() if obj else "/"
            view, context = data(view_class, kwargs, path)
            template = get_template(view.get_template_names()[0])
            template.render(context, view.request)
            with CaptureQueriesContext(connection) as queries:
                template.render(context, view.request)
            if queries:
                sys.exit(f"{name}: rendering made {len(queries)} queries")
            whole = median_ms(lambda: client.get(path), args.runs)  # noqa: B023
            alone = median_ms(lambda: data(view_class, kwargs, path), args.runs)  # noqa: B023
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
