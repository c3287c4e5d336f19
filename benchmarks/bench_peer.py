"""Newsroom beside the Wagtail peer: same corpus size, same server, same wrk.

Run it as ``.venv/bin/python benchmarks/bench_peer.py`` (``make bench-peer``;
``--articles`` sets N, default 10,000). It:

1. builds newsroom's corpus of N articles (SQLite by default, with
   ``generate_corpus``, as ``bench_pages`` does) and the Wagtail 7.4 news
   site of N articles with the peer's own ``setup.sh`` (in
   ``../shared/peers/wagtail/``); ``--keep-database`` reuses both,
2. starts both behind gunicorn with 2 sync workers, DEBUG off, page cache
   off, persistent database connections on both sides,
3. loads matching pages alternately with ``wrk -t2 -c8`` (newsroom then
   Wagtail, then Wagtail first in the next round), ``--rounds`` rounds,
   after a short discarded warm-up of each,
4. prints per page and side the median req/s of the rounds (min-max), the
   ratio newsroom / Wagtail, the load average, and the workers' resident
   memory before and after the load.

Pages matched: newsroom's article page with the peer's article page, the home
page, a topic, the busiest person and the busiest work with the peer's news
index and its tag filter, search for a common and for a rare word, and
newsroom's feed and sitemap (compared with newsroom's own home page: the
issue's target for them). Those two are 150-200 kB against the home page's
12 kB, so the same rounds also load the framework's ceiling
(``newsroom/benchmark.py``: a bare response, no database) at each one's
size, and print each page's ratio to the ceiling at its own size beside the
home page's: what the page's own work costs, with the bytes set apart.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script, the project isn't on the path

from benchmarks.bench_import import PRODUCTION_LIKE, VAR, manage  # noqa: E402
from benchmarks.bench_pages import (  # noqa: E402
    WRK_REPORT,
    busiest,
    ensure_wrk,
    fill_database,
    free_port,
    load,
    load_average,
    start_server,
    stop_server,
)

PEER = Path(os.environ.get("WAGTAIL_PEER", ROOT.parent / "shared/peers/wagtail"))
# The peer's own defaults (its setup.sh and serve_and_measure.sh).
PEER_VENV = Path(os.environ.get("BENCH_VENV", "/tmp/bench-wagtail-venv"))  # noqa: S108
PEER_SITE = Path(os.environ.get("BENCH_SITE", "/tmp/bench-wagtail-site"))  # noqa: S108
PEER_DATA = Path(os.environ.get("BENCH_DATA", "/tmp/bench-wagtail-data"))  # noqa: S108
# The peer's setup.sh names its database after SEED_MODE (publish: through
# revisions, as an editor would; live: pages saved live, much faster to build).
PEER_SUFFIX = "" if os.environ.get("SEED_MODE", "publish") == "publish" else "_live"
# newsroom page -> the peer's page it is compared with (None: none, see the
# module docstring).
MATCHES = {
    "article": "detail",
    "home": "index",
    "topic": "tag",
    "person": "tag",
    "work": "tag",
    "search common": "search",
    "search rare": "search_rare",
    "feed": None,
    "feed atom": None,
    "person feed": None,
    "sitemap": None,
}


def discover() -> None:
    """In a child with Django set up: print newsroom's pages, as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.urls import reverse

    from articles.models import Article, TaggedPerson, TaggedTopic, TaggedWork, Topic
    from people.models import Person, Work
    from public.search import ArticleSearch

    def hits(word: str) -> int:
        search = ArticleSearch({"q": word}, queryset=Article.objects.listed())
        return search.qs.count() if search.is_valid() else 0

    published = Article.objects.published().order_by("pk")
    # The middle article, as the peer's bench_urls picks its own.
    article = published[published.count() // 2]
    # Rare: the word of the middle article found in the fewest articles (the
    # peer searches a number found in one headline); its headline's words
    # are all common in a generated corpus, its body holds surnames.
    words = {
        word.lower()
        for word in re.findall(r"[^\W\d_]+", f"{article.headline} {article.body_text}")
    }
    rare = min((w for w in words if len(w) > 3), key=lambda w: (hits(w) or 10**9, w))
    # Common: the commonest of a few words every generated corpus uses a lot.
    common = max(("film", "album", "music", "premiere", "video"), key=hits)
    pages = {
        "article": article.get_absolute_url(),
        "home": reverse("public:home"),
        "topic": busiest(TaggedTopic, Topic)[0].get_absolute_url(),
        "person": busiest(TaggedPerson, Person)[0].get_absolute_url(),
        "work": busiest(TaggedWork, Work)[0].get_absolute_url(),
        "search common": f"{reverse('public:search')}?q={common}",
        "search rare": f"{reverse('public:search')}?q={rare}",
        "feed": reverse("public:latest_rss"),
        "feed atom": reverse("public:latest_atom"),
        "person feed": reverse(
            "public:person_rss", kwargs={"slug": busiest(TaggedPerson, Person)[0].slug}
        ),
        "sitemap": "/sitemap-articles.xml",
    }
    detail = {
        "search common": f"{hits(common)} hits",
        "search rare": f"{hits(rare)} hits",
    }
    print(json.dumps({"pages": pages, "detail": detail}))


def newsroom_pages(url: str) -> dict:
    env = {
        **os.environ,
        **PRODUCTION_LIKE,
        "DATABASE_URL": url,
        "NEWSROOM_PAGE_CACHE_SECONDS": "0",
    }
    out = subprocess.run(
        [sys.executable, __file__, "--discover"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.splitlines()[-1])


def peer_env(articles: int) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchsite.settings.bench",
        "BENCH_DB": str(PEER_DATA / f"db_N{articles}{PEER_SUFFIX}.sqlite3"),
        "BENCH_STATIC_ROOT": str(PEER_SITE / "static"),
        # The same persistent connections newsroom's server gets.
        "BENCH_CONN_MAX_AGE": "600",
    }


def peer_pages(articles: int) -> dict:
    """The peer's paths, from its own ``bench_urls`` command."""
    out = subprocess.run(
        [str(PEER_VENV / "bin/python"), "manage.py", "bench_urls"],
        cwd=PEER_SITE,
        env=peer_env(articles),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = {}
    for line in out.splitlines():
        name, _, value = line.partition("=")
        found[name] = value.strip("'")
    return {
        "detail": found["DETAIL_PATH"],
        "index": found["INDEX_PATH"],
        "tag": found["TAG_PATH"],
        "search": found["SEARCH_PATH"],
        "search_rare": found["SEARCH_RARE_PATH"],
    }


def start_peer(articles: int, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(PEER_VENV / "bin/gunicorn"),
            "benchsite.wsgi:application",
            "--workers=2",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=PEER_SITE,
        env=peer_env(articles),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            subprocess.run(
                ["curl", "-sf", "-o", "/dev/null", f"http://127.0.0.1:{port}/"],
                check=True,
                timeout=5,
            )
            return server
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            time.sleep(0.3)
    server.terminate()
    sys.exit("the Wagtail peer's gunicorn did not answer within 60 s")


def workers_rss_mib(server: subprocess.Popen) -> list[float]:
    out = subprocess.run(
        ["ps", "--ppid", str(server.pid), "-o", "rss="],
        capture_output=True,
        text=True,
    ).stdout
    return [int(x) / 1024 for x in out.split()]


def cpu_per_request(url: str, args, ours: dict, theirs: dict, wanted: list) -> None:
    """Both sides' CPU ms per request in process, alternating sides per round."""
    script = str(ROOT / "benchmarks/cpu_per_request.py")
    sides = {
        "newsroom": (
            [sys.executable, script],
            ROOT,
            {
                **os.environ,
                **PRODUCTION_LIKE,
                "DATABASE_URL": url,
                "NEWSROOM_PAGE_CACHE_SECONDS": "0",
                "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            },
            [ours["pages"][name] for name in wanted],
        ),
        "wagtail": (
            [str(PEER_VENV / "bin/python"), script],
            PEER_SITE,
            peer_env(args.peer_articles),
            sorted({theirs[MATCHES[name]] for name in wanted if MATCHES[name]}),
        ),
    }
    ms: dict[tuple[str, str], list[float]] = {}
    loads = [load_average()]
    for number in range(args.rounds):
        order = list(sides) if number % 2 == 0 else list(reversed(sides))
        for side in order:
            command, cwd, env, paths = sides[side]
            out = subprocess.run(
                [*command, "--requests", "20", "--rounds", "1", *paths],
                cwd=cwd,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            for path, value in json.loads(out.splitlines()[-1]).items():
                ms.setdefault((side, path), []).append(value)
        loads.append(load_average())
    print(
        f"\n{sizes_line(args)}; CPU ms per request in process (test "
        f"client), median of {args.rounds} alternating rounds of 20 requests; "
        f"load average: {' | '.join(loads)}\n"
    )
    print(f"{'page':<15}{'newsroom ms':>12}{'wagtail ms':>12}{'ratio':>8}")
    for name in wanted:
        mine = median(ms["newsroom", ours["pages"][name]])
        if MATCHES[name]:
            peer = median(ms["wagtail", theirs[MATCHES[name]]])
            print(f"{name:<15}{mine:>12.2f}{peer:>12.2f}{peer / mine:>8.2f}")
        else:
            home = median(ms["newsroom", ours["pages"]["home"]])
            print(f"{name:<15}{mine:>12.2f}{'-':>12}{home / mine:>8.2f}  (vs home)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2009)
    parser.add_argument(
        "--peer-articles",
        type=int,
        help="the peer's N when it differs from newsroom's (default: the same): "
        "its pages are no faster with more articles (docs/performance.md, "
        "eleventh round), so a smaller peer gives about the same ratio for "
        "the article and rare-word search and a lower bound for the lists",
    )
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", type=int, default=8, help="seconds per run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--pages", default=",".join(MATCHES), help="comma-separated newsroom pages"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="newsroom's database (default SQLite var/bench/peer_<N>.sqlite3)",
    )
    parser.add_argument(
        "--keep-database",
        action="store_true",
        help="reuse both corpora already built for this N",
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="instead of wrk: CPU ms per request in process, both sides "
        "(for a machine too loaded for wrk; benchmarks/cpu_per_request.py)",
    )
    parser.add_argument("--discover", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.discover:
        discover()
        return

    wrk = ensure_wrk()
    url = args.database_url or f"sqlite:///{VAR}/peer_{args.articles}.sqlite3"
    VAR.mkdir(parents=True, exist_ok=True)
    args.peer_articles = args.peer_articles or args.articles
    peer_db = PEER_DATA / f"db_N{args.peer_articles}{PEER_SUFFIX}.sqlite3"
    if not args.keep_database:
        print(f"building newsroom's {args.articles:,} articles in {url}")
        fill_database(url, articles=args.articles, args=args)
    if not args.keep_database or not peer_db.exists():
        print(f"building the peer's {args.peer_articles:,} articles (setup.sh)")
        subprocess.run([str(PEER / "setup.sh"), str(args.peer_articles)], check=True)
    else:
        subprocess.run([str(PEER / "setup.sh"), "--site-only"], check=True)
    manage(url, "collectstatic", "--noinput")

    ours = newsroom_pages(url)
    theirs = peer_pages(args.peer_articles)
    wanted = [name for name in args.pages.split(",") if name in MATCHES]
    if args.cpu:
        cpu_per_request(url, args, ours, theirs, wanted)
        return
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_REPORT)

    port, peer_port = free_port(), free_port()
    server = start_server(url, port, 0)
    peer = start_peer(args.peer_articles, peer_port)
    bases = {
        "newsroom": f"http://127.0.0.1:{port}",
        "wagtail": f"http://127.0.0.1:{peer_port}",
    }
    servers = {"newsroom": server, "wagtail": peer}
    rss_before = {side: workers_rss_mib(s) for side, s in servers.items()}
    loads = [load_average()]
    results: dict[tuple[str, str], list[dict]] = {}

    # The ceiling at the size of each page compared with the home page.
    sizes = {
        name: page_size(bases["newsroom"] + ours["pages"][name])
        for name in wanted
        if not MATCHES[name] or name == "home"
    }

    def targets(name: str) -> list[tuple[str, str]]:
        pairs = [("newsroom", ours["pages"][name])]
        if MATCHES[name]:
            pairs.append(("wagtail", theirs[MATCHES[name]]))
        if name in sizes and len(sizes) > 1:
            pairs.append(("ceiling", f"/_bench/ceiling/{sizes[name]}/"))
        return pairs

    try:
        for name in wanted:  # warm-up, discarded
            for side, path in targets(name):
                base = bases["newsroom" if side == "ceiling" else side]
                load(wrk, script.name, base + path, args, duration=2)
        for number in range(args.rounds):
            for name in wanted:
                pairs = targets(name)
                if number % 2:
                    pairs.reverse()
                for side, path in pairs:
                    base = bases["newsroom" if side == "ceiling" else side]
                    measured = load(wrk, script.name, base + path, args)
                    results.setdefault((name, side), []).append(measured)
            loads.append(load_average())
        rss_after = {side: workers_rss_mib(s) for side, s in servers.items()}
    finally:
        stop_server(server)
        stop_server(peer)
        os.unlink(script.name)

    def cell(runs: list[dict]) -> tuple[float, str]:
        values = [run["rps"] for run in runs]
        errors = sum(run["errors"] for run in runs)
        text = f"{median(values):,.0f} ({min(values):,.0f}-{max(values):,.0f})"
        return median(values), text + (f" {errors} errors" if errors else "")

    print(
        f"\n{sizes_line(args)}, newsroom on {url.split(':')[0]}, Wagtail on "
        f"SQLite; gunicorn 2 sync workers each; wrk -t{args.threads} "
        f"-c{args.connections} -d{args.duration}s, {args.rounds} alternating rounds; "
        f"median req/s (min-max)\nload average: {' | '.join(loads)}\n"
    )
    print(f"{'page':<15}{'newsroom':>22}{'wagtail':>22}{'ratio':>8}  compared with")
    home = median(run["rps"] for run in results.get(("home", "newsroom"), [{"rps": 0}]))
    for name in wanted:
        ours_rps, ours_text = cell(results[name, "newsroom"])
        if MATCHES[name]:
            theirs_rps, theirs_text = cell(results[name, "wagtail"])
            ratio = ours_rps / theirs_rps if theirs_rps else float("inf")
            against = f"{MATCHES[name]} {theirs[MATCHES[name]]}"
        else:
            theirs_text, ratio = "-", ours_rps / home if home else float("inf")
            against = "newsroom's home page"
            if (name, "ceiling") in results and ("home", "ceiling") in results:
                own = ours_rps / cell(results[name, "ceiling"])[0]
                home_own = home / cell(results["home", "ceiling"])[0]
                against += (
                    f"; of the ceiling at its size ({sizes[name]:,} B) {own:.0%},"
                    f" home at its ({sizes['home']:,} B) {home_own:.0%}"
                )
        detail = ours["detail"].get(name, "")
        print(
            f"{name:<15}{ours_text:>22}{theirs_text:>22}{ratio:>8.2f}  {against}"
            f"  [{ours['pages'][name]}{' ' + detail if detail else ''}]"
        )
    for side in servers:
        before = " + ".join(f"{x:.0f}" for x in rss_before[side])
        after = " + ".join(f"{x:.0f}" for x in rss_after[side])
        print(f"worker RSS {side}: before {before} MiB, after {after} MiB")


def sizes_line(args) -> str:
    if args.peer_articles == args.articles:
        return f"{args.articles:,} articles"
    return (
        f"newsroom {args.articles:,} articles, Wagtail {args.peer_articles:,}"
        " (its pages are no faster with more articles)"
    )


def page_size(url: str) -> int:
    """The length of the page at ``url``, in bytes."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - ours
        return len(response.read())


if __name__ == "__main__":
    main()
