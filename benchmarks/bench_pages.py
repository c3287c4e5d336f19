"""Load-test the public pages and the admin list against a generated corpus.

Run it as ``.venv/bin/python benchmarks/bench_pages.py --articles 10000,100000``
(``make bench`` runs it with the documented sizes). For each corpus size it:

1. recreates the benchmark database (PostgreSQL by default; its name must
   contain "bench") and fills it with ``generate_corpus``,
2. picks the pages to load from the data: the home page, an article, the
   person and the work tagged on most articles, the busiest topic, search and
   feeds when those URLs exist (a missing one is skipped with a note), and
   the admin's article list logged in as a superuser; it counts the queries
   each page makes once with Django's test client,
3. starts the production setup: gunicorn with 2 sync workers, DEBUG off,
   persistent database connections, on a free 127.0.0.1 port, with
   ``NEWSROOM_BENCH_CEILING=1`` so that a bare view is routed too,
4. drives each page with wrk for ``--duration`` seconds, then the bare view
   with a response of the same size (the framework's ceiling on this machine
   at this moment), and prints requests/s, p50/p95/p99, errors, queries and
   the ratio to the ceiling.

With several sizes each gets its own database (the name given plus
``_<size>``, so ``--keep-database`` can reuse them all), and the run ends
with the scale curve: how p50 grows from the smallest corpus to each larger
one. The curve is measured apart from the tables above: one server per
corpus, all running, and ``--growth-rounds`` rounds that request each growth
page from each corpus in turn, one request at a time (``wrk -c1``), printing
the median of the rounds' p50s. One request at a time, a p50 is what the
page costs rather than how long it queued behind another; in turn, a change
in the machine's load during the run falls on every corpus alike.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from statistics import median
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, the project isn't on the path

from benchmarks.bench_import import (  # noqa: E402
    DEFAULT_PG,
    PRODUCTION_LIKE,
    VAR,
    generate_corpus,
    manage,
    recreate_postgres,
)

BIN = Path(sys.executable).parent
# wrk's Lua hook: print what wrk's own summary rounds or leaves out (p95).
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT %d %d %d %d %d %d %d %d %d %d\\n",
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), e.connect, e.read,
    e.write, e.status, e.timeout))
end
"""
GROWTH_PAGES = ("article", "home", "person")
# Below the smallest corpus benchmarked (10,000 articles), so it exists in all.
SAME_ARTICLE = 5_000


def busiest(through, model):
    """The ``model`` row tagged on most articles through ``through``, and on
    how many (None, 0 if none is). Django must be set up."""
    from django.db.models import Count

    row = (
        through.objects.values("tag")
        .annotate(n=Count("id"))
        .order_by("-n", "tag")
        .first()
    )
    return (model.objects.get(pk=row["tag"]), row["n"]) if row else (None, 0)


def discover() -> None:
    """In a child with Django set up: print the pages to load, as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from articles.models import Article, TaggedPerson, TaggedTopic, TaggedWork, Topic
    from people.models import Person, Work

    # The same article at every size: generate_corpus writes the same first
    # articles for a seed whatever the size, so the scale curve compares one
    # page with itself (the middle article of each corpus differs in tags and
    # length, which moved its p50 more than the corpus did).
    published = Article.objects.published()
    last = published.order_by("-pk").values_list("pk", flat=True).first() or 0
    # A corpus smaller than SAME_ARTICLE (a quick check) uses its middle one.
    first_id = min(SAME_ARTICLE, last // 2)
    article = published.filter(pk__gte=first_id).order_by("pk").first()
    person, person_count = busiest(TaggedPerson, Person)
    work, work_count = busiest(TaggedWork, Work)
    topic, topic_count = busiest(TaggedTopic, Topic)
    word = person.name.split()[-1] if person else "album"
    candidates = [
        ("home", reverse("public:home"), ""),
        (
            "article",
            article and article.get_absolute_url(),
            f"id {article.pk}" if article else "",
        ),
        (
            "person",
            person and person.get_absolute_url(),
            f"{person_count:,} articles",
        ),
        ("work", work and work.get_absolute_url(), f"{work_count:,} articles"),
        ("topic", topic and topic.get_absolute_url(), f"{topic_count:,} articles"),
        (
            "search",
            reverse("public:search") + f"?q={word}",
            f"q={word}",
        ),
        (
            "feed",
            reverse("public:latest_rss"),
            "",
        ),
        ("admin list", reverse("admin:articles_article_changelist"), ""),
    ]
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_staff": True, "is_superuser": True}
    )
    anonymous = Client(HTTP_HOST="127.0.0.1")
    staff = Client(HTTP_HOST="127.0.0.1")
    staff.force_login(user)
    pages, notes = [], []
    for name, path, detail in candidates:
        if not path:
            notes.append(f"{name}: no such page in this version, skipped")
            continue
        client = staff if name == "admin list" else anonymous
        client.get(path)  # warm caches a worker would have warmed too
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            notes.append(f"{name}: {path} answered {response.status_code}, skipped")
            continue
        body = b"".join(response) if response.streaming else response.content
        pages.append(
            {
                "name": name,
                "path": path,
                "detail": detail,
                "queries": len(queries),
                "bytes": len(body),
                "admin": name == "admin list",
            }
        )
    print(
        json.dumps(
            {
                "pages": pages,
                "notes": notes,
                "cookie": f"sessionid={staff.cookies['sessionid'].value}",
                "articles": Article.objects.count(),
            }
        )
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is missing: installing Debian's package (apt-get install -y wrk)")
    subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def start_server(url: str, port: int, cache_seconds: int) -> subprocess.Popen:
    env = {
        **os.environ,
        **PRODUCTION_LIKE,
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "600",
        "NEWSROOM_BENCH_CEILING": "1",
        "NEWSROOM_PAGE_CACHE_SECONDS": str(cache_seconds),
    }
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "newsroom.wsgi:application",
            "--workers=2",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(  # noqa: S310 - our own local server
                f"http://127.0.0.1:{port}/_bench/ceiling/10/", timeout=2
            ) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def load(
    wrk: str,
    script: str,
    url: str,
    args,
    cookie: str = "",
    *,
    threads: int | None = None,
    connections: int | None = None,
    duration: int | None = None,
) -> dict:
    command = [
        wrk,
        f"-t{threads or args.threads}",
        f"-c{connections or args.connections}",
        f"-d{duration or args.duration}s",
        "--timeout=10s",
        "-s",
        script,
        url,
    ]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    requests, duration, p50, p95, p99, *errors = map(int, line.split()[1:])
    return {
        "rps": requests / (duration / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": sum(errors),
        "requests": requests,
    }


def url_for_size(url: str, size: int, several: bool) -> str:
    """The database of the ``size`` corpus: its own one when there are several."""
    if not several:
        return url
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        return f"sqlite:///{path.with_stem(f'{path.stem}_{size}')}"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path}_{size}"))


def fill_database(url: str, *, articles: int, args) -> None:
    """A new database at ``url`` (SQLite file or PostgreSQL), migrated and
    filled with ``generate_corpus`` (``args`` gives people, works and seed),
    analysed so the planner knows its size."""
    if url.startswith("postgres"):
        recreate_postgres(url)
    else:
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        # The file and its -wal and -shm companions.
        for leftover in path.parent.glob(f"{path.name}*"):
            leftover.unlink()
    manage(url, "migrate", "--noinput")
    started = time.perf_counter()
    out = generate_corpus(
        url,
        f"--articles={articles}",
        f"--people={args.people}",
        f"--works={args.works}",
        f"--seed={args.seed}",
    )
    print(f"  generated in {time.perf_counter() - started:.0f} s:")
    for line in out.splitlines():
        print(f"    {line.strip()}")
    if url.startswith("postgres"):
        subprocess.run(["psql", url, "-qc", "VACUUM ANALYZE"], check=True)
    else:
        # Without statistics SQLite reads related coverage through the
        # status index (every published article) instead of the candidates'
        # primary keys: 20-40 ms per article page at 10,000 articles.
        with sqlite3.connect(url.removeprefix("sqlite:///")) as database:
            database.execute("ANALYZE")


def run_scale(articles: int, url: str, wrk: str, script: str, args) -> dict:
    if not args.keep_database:
        fill_database(url, articles=articles, args=args)
    # Queries are counted on the uncached path: with the page cache on, the
    # second request of a page would make none and hide what it costs.
    env = {
        **os.environ,
        **PRODUCTION_LIKE,
        "DATABASE_URL": url,
        "NEWSROOM_PAGE_CACHE_SECONDS": "0",
    }
    found = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--discover"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]
    )
    for note in found["notes"]:
        print(f"  note: {note}")
    # One server per page-cache mode: off measures what a page costs to
    # build, on measures what a reader gets when the page is in the cache.
    modes = []
    if args.page_cache in ("off", "both"):
        modes.append((0, "", found["pages"]))
    if args.page_cache in ("on", "both"):
        wanted = set(args.cached_pages.split(","))
        cached = [p for p in found["pages"] if p["name"] in wanted]
        modes.append((args.cache_seconds, " (cached)", cached))
    rows = {}
    for cache_seconds, suffix, pages in modes:
        port = free_port()
        server = start_server(url, port, cache_seconds)
        try:
            base = f"http://127.0.0.1:{port}"
            for page in pages:
                cookie = found["cookie"] if page["admin"] else ""
                measured = load(wrk, script, base + page["path"], args, cookie)
                ceiling = load(
                    wrk, script, f"{base}/_bench/ceiling/{page['bytes']}/", args
                )
                rows[page["name"] + suffix] = {
                    **page,
                    **measured,
                    "ceiling": ceiling["rps"],
                }
        finally:
            stop_server(server)
    print(
        f"\n  {found['articles']:,} articles on {url.split(':')[0]}, gunicorn 2 "
        f"workers, wrk -t{args.threads} -c{args.connections} -d{args.duration}s, "
        f"load average after the run {load_average()}\n"
    )
    header = (
        f"  {'page':<20}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        f"{'errors':>7}{'queries':>8}{'kB':>6}{'ceiling':>9}{'ratio':>7}  detail"
    )
    print(header)
    for name, row in rows.items():
        print(
            f"  {name:<20}{row['rps']:>8,.0f}{row['p50']:>8.1f}{row['p95']:>8.1f}"
            f"{row['p99']:>8.1f}{row['errors']:>7}{row['queries']:>8}"
            f"{row['bytes'] / 1000:>6.1f}{row['ceiling']:>9,.0f}"
            f"{row['rps'] / row['ceiling']:>7.0%}  {row['detail']}"
        )
    return rows


def measure_growth(
    urls: dict[int, str], results: dict[int, dict], wrk: str, script: str, args
) -> None:
    """Print the scale curve from interleaved one-at-a-time runs; see the
    module docstring for why it is measured apart from the tables."""
    servers, ports = [], {}
    try:
        for size, url in urls.items():
            ports[size] = free_port()
            servers.append(start_server(url, ports[size], 0))
        sizes = list(urls)
        p50s: dict[tuple[str, int], list[float]] = {}
        for round_number in range(args.growth_rounds):
            # Each round starts with a different corpus, so none is always
            # measured first (or last) after the others warmed the machine.
            shift = round_number % len(sizes)
            order = sizes[shift:] + sizes[:shift]
            for name in GROWTH_PAGES:
                for size in order:
                    page = results[size].get(name)
                    if page is None:
                        continue
                    measured = load(
                        wrk,
                        script,
                        f"http://127.0.0.1:{ports[size]}{page['path']}",
                        args,
                        threads=1,
                        connections=1,
                        duration=args.growth_duration,
                    )
                    p50s.setdefault((name, size), []).append(measured["p50"])
    finally:
        for server in servers:
            stop_server(server)
    print(
        f"\n  scale curve: p50 in ms, median of {args.growth_rounds} interleaved "
        f"rounds of wrk -t1 -c1 -d{args.growth_duration}s per page and corpus "
        f"(min-max in brackets), growth from the smallest corpus; load average "
        f"after the run {load_average()}"
    )
    for name in GROWTH_PAGES:
        if not all((name, size) in p50s for size in sizes):
            continue
        first = median(p50s[name, sizes[0]])
        cells = []
        for size in sizes:
            values = p50s[name, size]
            cells.append(
                f"{size:,}: {median(values):.1f} ({min(values):.1f}-"
                f"{max(values):.1f}) {median(values) / first - 1:+.0%}"
            )
        print(f"  {name:<8} " + "   ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--articles", default="10000", help="comma-separated corpus sizes"
    )
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2009)
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--growth-rounds",
        type=int,
        default=5,
        help="rounds of the interleaved scale-curve runs (several sizes only)",
    )
    parser.add_argument(
        "--growth-duration", type=int, default=5, help="seconds per scale-curve run"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG),
        help="PostgreSQL (recreated; its name must contain 'bench') or sqlite:///; "
        "with several sizes, each size's database is this name plus _<size>",
    )
    parser.add_argument(
        "--keep-database",
        action="store_true",
        help="load the corpus already there instead of generating one",
    )
    parser.add_argument(
        "--page-cache",
        choices=("off", "on", "both"),
        default="both",
        help="off: every page built per request; on: the --cached-pages served "
        "from the page cache; both: off for every page, then on",
    )
    parser.add_argument(
        "--cached-pages",
        default="article",
        help="comma-separated page names to load with the page cache on",
    )
    parser.add_argument(
        "--cache-seconds",
        type=int,
        default=300,
        help="NEWSROOM_PAGE_CACHE_SECONDS when the page cache is on",
    )
    parser.add_argument("--discover", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.discover:
        discover()
        return

    wrk = ensure_wrk()
    # DEBUG off serves hashed static names from the manifest collectstatic
    # writes; without it every page that links a stylesheet fails.
    manage(args.database_url, "collectstatic", "--noinput")
    VAR.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    sizes = [int(size) for size in args.articles.split(",")]
    urls = {
        size: url_for_size(args.database_url, size, len(sizes) > 1) for size in sizes
    }
    results = {}
    for size in sizes:
        print(f"\npage benchmark at {size:,} articles ({urls[size]})")
        results[size] = run_scale(size, urls[size], wrk, script.name, args)
    if len(results) > 1 and args.page_cache in ("off", "both"):
        measure_growth(urls, results, wrk, script.name, args)
    os.unlink(script.name)


if __name__ == "__main__":
    main()
