"""Time a person page for someone with 50,000 articles about and by them.

Run it as ``.venv/bin/python benchmarks/bench_person_page.py`` (SQLite) or with
``DATABASE_URL=postgres://...`` for PostgreSQL. It creates a throwaway test
database (``test_<name>``, dropped at the end), builds one person tagged on
50,000 published articles and credited as the byline of 50,000 more, then
requests the person page (first page, a deep page, the "by" list) through
Django's test client and prints the median time and the number of queries.

For comparison it also times the ``COUNT(*)`` that Django's stock paginator
would run on every request, which the page no longer does.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "50000"))
RUNS = 7


def build(person_name: str) -> object:
    from django.utils import timezone

    from articles.models import Article, Byline, Status, TaggedPerson
    from people.models import Person

    person = Person.objects.create(name=person_name)
    now = timezone.now()
    batch = 5_000
    for start in range(0, 2 * ARTICLES, batch):
        articles = Article.objects.bulk_create(
            Article(
                headline=f"Story {n}",
                slug=f"story-{n}",
                body="Text.",
                status=Status.PUBLISHED,
                published_at=now - timedelta(minutes=n),
                first_published_at=now - timedelta(minutes=n),
            )
            for n in range(start, min(start + batch, 2 * ARTICLES))
        )
        about = [a for a in articles if int(a.slug.split("-")[1]) % 2 == 0]
        by = [a for a in articles if int(a.slug.split("-")[1]) % 2 == 1]
        TaggedPerson.objects.bulk_create(
            TaggedPerson(content_object=a, tag=person) for a in about
        )
        Byline.objects.bulk_create(Byline(article=a, person=person) for a in by)
    return person


def timed(client, url: str) -> tuple[float, list[dict]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return statistics.median(times) * 1000, captured.captured_queries


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from articles.models import Article

    settings.ALLOWED_HOSTS = ["testserver"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        start = time.perf_counter()
        person = build("Prolific Person")
        with connection.cursor() as cursor:
            # Fresh statistics, as autovacuum would have after a bulk load.
            cursor.execute("ANALYZE")
        built = time.perf_counter() - start
        print(
            f"{connection.vendor}: built {ARTICLES:,} articles about and {ARTICLES:,} "
            f"by one person in {built:.1f} s"
        )
        load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
        print(f"  (machine load average {load}: other work skews the times)")
        client = Client()
        url = person.get_absolute_url()
        for label, address in [
            ("person page, page 1", url),
            ("person page, page 2", f"{url}?page=2"),
            ("person page, page 100", f"{url}?page=100"),
            ("person page, by_page=100", f"{url}?by_page=100"),
            ("person feed", f"{url}feed/"),
        ]:
            ms, queries = timed(client, address)
            print(
                f"  {label:<28} {ms:8.1f} ms median of {RUNS}, {len(queries)} queries"
            )
            if os.environ.get("BENCH_EXPLAIN"):
                for query in queries:
                    print(
                        f"    {float(query['time']) * 1000:7.1f} ms  "
                        f"{query['sql'][:300]}"
                    )

        counts = []
        for _ in range(RUNS):
            start = time.perf_counter()
            Article.objects.listed().filter(person_tags__tag=person).count()
            counts.append(time.perf_counter() - start)
        print(
            f"  {'full COUNT(*) avoided':<28} "
            f"{statistics.median(counts) * 1000:8.1f} ms per request"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
