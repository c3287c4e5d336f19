"""CPU time of a first search: words nobody searched since the last change.

A search asked again is served stored (``public.readmodel``), so
``bench_peer.py`` and ``cpu_per_request.py``, which repeat one request,
measure that. Readers also type words nobody asked for yet: each of those
is searched and rendered. This searches ``--words`` distinct words taken
from the headlines, each once, after forgetting every stored search, and
prints the median and 90th percentile CPU ms per request through the test
client. Run it as ``profile_page.py`` is run, against a corpus
``bench_peer.py`` or ``bench_pages.py`` left behind::

    .venv/bin/python benchmarks/first_search.py --words 100
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path
from statistics import median, quantiles

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.test import Client

    from articles.models import Article
    from public import readmodel
    from public.models import RenderedListPage

    headlines = Article.objects.order_by("pk").values_list("headline", flat=True)
    words = sorted(
        {
            word.lower()
            for headline in headlines[:3000]
            for word in re.findall(r"[^\W\d_]{5,}", headline)
        }
    )
    random.Random(args.seed).shuffle(words)
    words = words[: args.words]

    RenderedListPage.objects.filter(key__startswith="search:").delete()
    readmodel.forget_checks()
    client = Client(HTTP_HOST="127.0.0.1")
    # Warm: templates compiled, connection open (its page is kept, unused).
    client.get("/search/", {"q": "warming"})
    times = []
    for word in words:
        start = time.process_time()
        response = client.get("/search/", {"q": word})
        times.append((time.process_time() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{word}: {response.status_code}")
    p90 = quantiles(times, n=10)[-1]
    print(
        f"{len(words)} first searches: median {median(times):.2f} ms CPU, "
        f"p90 {p90:.2f} ms"
    )


if __name__ == "__main__":
    main()
