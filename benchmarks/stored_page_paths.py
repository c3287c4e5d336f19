"""CPU time of a stored page's three paths (``public.readmodel``), in process.

A stored page is served after one query while the content version is the
one it was checked at; after any change to the content its rows are read
and digested once (checked); with nothing stored, or rows that changed, it
is rendered. ``cpu_per_request.py`` and ``bench_peer.py`` repeat a request,
so they measure the first path only. This prints all three, median CPU ms
per request over ``--requests`` (the change or the deletion before each
request is not timed). Run it as ``profile_page.py`` is run, against a
corpus ``bench_peer.py`` or ``bench_pages.py`` left behind::

    .venv/bin/python benchmarks/stored_page_paths.py / /topics/awards/ /feed/

The change is ``UPDATE`` of a topic's name to itself on a topic no page
shown here is about: the version moves, no page's rows do.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from articles.models import Topic
    from public import readmodel
    from public.models import RenderedArticlePage, RenderedListPage

    client = Client(HTTP_HOST="127.0.0.1")
    elsewhere = Topic.objects.order_by("-pk").values_list("pk", flat=True).first()

    def change_elsewhere() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_topic SET name = name WHERE id = %s", [elsewhere]
            )

    def forget() -> None:
        RenderedArticlePage.objects.all().delete()
        RenderedListPage.objects.all().delete()
        # And the pages this process holds (``readmodel.held_page``).
        readmodel.forget_checks()

    def timed(path: str, before) -> float:
        times = []
        for _ in range(args.requests):
            before()
            start = time.process_time()
            response = client.get(path)
            times.append(time.process_time() - start)
            if response.status_code != 200:
                raise SystemExit(f"{path}: {response.status_code}")
        return median(times) * 1000

    print(f"{'page':32} {'served':>8} {'checked':>8} {'rendered':>9}  (CPU ms)")
    for path in args.paths:
        for _ in range(3):
            client.get(path)
        served = timed(path, lambda: None)
        checked = timed(path, change_elsewhere)
        rendered = timed(path, forget)
        print(f"{path:32} {served:8.2f} {checked:8.2f} {rendered:9.2f}")


if __name__ == "__main__":
    main()
