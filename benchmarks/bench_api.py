"""Load-test the content API beside the HTML pages it mirrors, in one run.

    .venv/bin/python benchmarks/bench_api.py                 # SQLite, ~2-3 min
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_api \\
        .venv/bin/python benchmarks/bench_api.py --articles 10000

Issue 18 asks that the API's article detail serve at least as many requests
per second as the HTML article page "in the same benchmark run". This script
makes that run:

1. recreates the benchmark database (SQLite in var/bench/ by default; a
   PostgreSQL one must have "bench" in its name) and fills it with
   ``generate_corpus``,
2. picks one published article and checks each address once with Django's
   test client, counting its queries: the article page and the API's article
   detail (JSON, and ninjs with ``?format=ninjs``), the home page and the
   API's article list. An address that answers anything but 200 is left out
   with a note (before the API endpoints exist, they answer 404),
3. starts the production setup (gunicorn, 2 sync workers, DEBUG off,
   persistent connections) with the page cache OFF, so that a page costs what
   building it costs, and the API's anonymous rate limit lifted (one address,
   wrk, makes thousands of requests a minute),
4. runs ``--rounds`` rounds; each round loads every address with wrk for
   ``--duration`` seconds, starting from a different address each round so
   that none is always measured first or last while the machine warms up or
   gets busy; prints req/s per round, the median per address, and the ratios
   API / HTML for the pairs.

The same machinery as benchmarks/bench_pages.py (its wrk report, server and
corpus helpers).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, the project isn't on the path

from benchmarks.bench_import import (  # noqa: E402
    PRODUCTION_LIKE,
    VAR,
    manage,
)
from benchmarks.bench_pages import (  # noqa: E402
    WRK_REPORT,
    ensure_wrk,
    fill_database,
    free_port,
    load,
    load_average,
    start_server,
    stop_server,
)

DEFAULT_DATABASE = f"sqlite:///{VAR / 'api.sqlite3'}"
# Far above what wrk sends in a run from one address: the limiter answers
# 429 past its rate, and wrk would count those as errors, not measure the API.
UNLIMITED = {"NEWSROOM_API_ANON_RATE_PER_MINUTE": "100000000"}
# (API address, the HTML page it is compared with).
PAIRS = (
    ("api article", "article page"),
    ("api article ninjs", "article page"),
    ("api list", "home page"),
)


def is_ninjs(body: bytes) -> bool:
    """Whether ``body`` looks like a ninjs item (its one required field),
    rather than the API's own JSON for an API that ignores ``format``."""
    try:
        return "uri" in json.loads(body)
    except (ValueError, TypeError):
        return False


def discover(extra: list[str]) -> None:
    """In a child with Django set up: print the addresses to load, as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from articles.models import Article

    published = Article.objects.published()
    last = published.order_by("-pk").values_list("pk", flat=True).first() or 0
    # The middle of the corpus: an ordinary article, neither the newest nor
    # the oldest.
    article = published.filter(pk__gte=last // 2).order_by("pk").first()
    if article is None:
        sys.exit("no published article in the corpus")
    candidates = [
        ("article page", article.get_absolute_url()),
        ("api article", f"/api/v1/articles/{article.pk}"),
        ("api article ninjs", f"/api/v1/articles/{article.pk}?format=ninjs"),
        ("home page", reverse("public:home")),
        ("api list", "/api/v1/articles"),
        *((path, path) for path in extra),
    ]
    client = Client(HTTP_HOST="127.0.0.1")
    pages, notes = [], []
    for name, path in candidates:
        client.get(path)  # warm what a worker would have warmed too
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            why = (
                "not in this version of the API (it works once the endpoints exist)"
                if path.startswith("/api/") and response.status_code in (404, 400)
                else "check the server's log"
            )
            notes.append(f"{name}: {path} answered {response.status_code}, {why}")
            continue
        body = b"".join(response) if response.streaming else response.content
        if name.endswith("ninjs") and not is_ninjs(body):
            notes.append(f"{name}: {path} is no ninjs (no 'uri'), left out")
            continue
        pages.append(
            {
                "name": name,
                "path": path,
                "queries": len(queries),
                "bytes": len(body),
                "type": response["Content-Type"],
            }
        )
    print(
        json.dumps(
            {
                "pages": pages,
                "notes": notes,
                "articles": Article.objects.count(),
                "article": article.pk,
            }
        )
    )


def find_pages(url: str, extra: list[str]) -> dict:
    env = {
        **os.environ,
        **PRODUCTION_LIKE,
        **UNLIMITED,
        "DATABASE_URL": url,
        "NEWSROOM_PAGE_CACHE_SECONDS": "0",
    }
    command = [sys.executable, __file__, "--discover"]
    for path in extra:
        command += ["--also", path]
    # Its errors go to the terminal; its last line of output is the JSON.
    out = subprocess.run(
        command, cwd=ROOT, env=env, check=True, stdout=subprocess.PIPE, text=True
    ).stdout
    return json.loads(out.splitlines()[-1])


def measure(url: str, pages: list[dict], wrk: str, script: str, args) -> dict:
    """req/s of every page in every round: {name: [rps, ...]}."""
    # start_server passes this process's environment on to gunicorn.
    os.environ.update(UNLIMITED)
    port = free_port()
    server = start_server(url, port, cache_seconds=0)
    rps: dict[str, list[float]] = {page["name"]: [] for page in pages}
    errors: dict[str, int] = {page["name"]: 0 for page in pages}
    try:
        base = f"http://127.0.0.1:{port}"
        # Unmeasured: the workers' first requests import and compile what
        # every later one reuses.
        for page in pages:
            load(wrk, script, base + page["path"], args, duration=1)
        for round_number in range(args.rounds):
            shift = round_number % len(pages)
            order = pages[shift:] + pages[:shift]
            cells = []
            for page in order:
                result = load(wrk, script, base + page["path"], args)
                rps[page["name"]].append(result["rps"])
                errors[page["name"]] += result["errors"]
                cells.append(f"{page['name']} {result['rps']:,.0f}")
            print(f"  round {round_number + 1}: " + ", ".join(cells))
    finally:
        stop_server(server)
    return {"rps": rps, "errors": errors}


def report(found: dict, measured: dict, url: str, args) -> None:
    print(
        f"\n  {found['articles']:,} articles on {url.split(':')[0]}, article id "
        f"{found['article']}, gunicorn 2 workers, page cache off, wrk "
        f"-t{args.threads} -c{args.connections} -d{args.duration}s, "
        f"{args.rounds} rounds; load average after the run {load_average()}\n"
    )
    print(
        f"  {'address':<20}{'req/s':>9}{'min':>8}{'max':>8}{'errors':>7}"
        f"{'queries':>8}{'kB':>7}  path"
    )
    medians = {}
    for page in found["pages"]:
        values = measured["rps"][page["name"]]
        medians[page["name"]] = median(values)
        print(
            f"  {page['name']:<20}{median(values):>9,.0f}{min(values):>8,.0f}"
            f"{max(values):>8,.0f}{measured['errors'][page['name']]:>7}"
            f"{page['queries']:>8}{page['bytes'] / 1000:>7.1f}  {page['path']}"
        )
    print()
    for api, html in PAIRS:
        if api in medians and html in medians:
            print(
                f"  {api} / {html}: {medians[api] / medians[html]:.2f} "
                "(median req/s; 1.00 or more: the API keeps up)"
            )
        elif html in medians:
            print(f"  {api} / {html}: not measured ({api} is missing)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--people", type=int, default=1_000)
    parser.add_argument("--works", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=2009)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5, help="seconds per run")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE),
        help="sqlite:/// (the default, in var/bench/) or PostgreSQL (recreated; "
        "its name must contain 'bench')",
    )
    parser.add_argument(
        "--keep-database",
        action="store_true",
        help="load the corpus already there instead of generating one",
    )
    parser.add_argument(
        "--also",
        action="append",
        default=[],
        metavar="PATH",
        help="another address to load in the same rounds (repeatable)",
    )
    parser.add_argument("--discover", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.discover:
        discover(args.also)
        return

    wrk = ensure_wrk()
    url = args.database_url
    # DEBUG off serves hashed static names from the manifest collectstatic
    # writes; without it every page that links a stylesheet fails.
    manage(url, "collectstatic", "--noinput")
    print(f"\nAPI benchmark at {args.articles:,} articles ({url})")
    if not args.keep_database:
        fill_database(url, articles=args.articles, args=args)
    found = find_pages(url, args.also)
    for note in found["notes"]:
        print(f"  note: {note}")
    if not found["pages"]:
        sys.exit("nothing to load")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)
    try:
        measured = measure(url, found["pages"], wrk, script.name, args)
    finally:
        os.unlink(script.name)
    report(found, measured, url, args)


if __name__ == "__main__":
    main()
