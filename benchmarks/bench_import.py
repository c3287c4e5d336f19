"""Import N news text files with linking against P people and W works.

Run it as ``.venv/bin/python benchmarks/bench_import.py --files 100000``
(``make bench`` runs it with the documented sizes). For each database asked
for (SQLite and PostgreSQL by default) it:

1. starts from an empty database (a fresh SQLite file under ``var/``; the
   PostgreSQL database of ``--postgres-url`` dropped and created again),
2. migrates it and runs ``generate_corpus`` to insert the people and works
   (and, once, to write the text files in the seed formats),
3. runs ``manage.py import_articles`` on the folder in a child process and
   prints articles per second, overall and per slice of files (so a slowdown
   as the tables grow shows), with the child's peak memory.

Peak RSS is a high-water mark of the whole child process (Python, the
database driver, SQLite's page cache). tracemalloc sees only Python objects
and slows Python down, so it is measured in a second, shorter run
(``--trace-files``) rather than in the timed one. The importer's worker
processes (``importer.pipeline.WORKERS``) are reported apart: their CPU
time, and the peak RSS of the largest (forked, it shares the linker's pages
with the parent, so the two peaks overlap rather than add up).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
VAR = ROOT / "var" / "bench"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
PRODUCTION_LIKE = {
    "DJANGO_DEBUG": "0",
    # settings refuse a weak key when DEBUG is off (newsroom/env.py), so each
    # run makes a throwaway strong one.
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    # In production TLS ends at the proxy in front; the benchmarks talk plain
    # HTTP to 127.0.0.1, where the redirect to https would answer every page.
    "DJANGO_SECURE_SSL_REDIRECT": "0",
}


def max_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    """This process's peak resident set size so far, in MB (Linux: kB).

    With ``RUSAGE_CHILDREN``: the largest of its finished child processes
    (the importer's workers).
    """
    return resource.getrusage(who).ru_maxrss / 1024


def children_cpu() -> float:
    """CPU seconds of this process's finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def recreate_postgres(url: str) -> None:
    """Drop and create the database named in ``url`` (it must be a bench one)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: a benchmark database name has 'bench'")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def database_url(kind: str, args) -> str:
    if kind == "postgres":
        recreate_postgres(args.postgres_url)
        return args.postgres_url
    VAR.mkdir(parents=True, exist_ok=True)
    path = VAR / "import.sqlite3"
    for leftover in VAR.glob("import.sqlite3*"):
        leftover.unlink()
    return f"sqlite:///{path}"


def manage(url: str, *command: str) -> str:
    """Run ``manage.py *command`` on the database at ``url``; its output."""
    return _run(url, "manage.py", *command)


def generate_corpus(url: str, *options: str) -> str:
    """Run ``benchmarks/generate_corpus.py *options`` on ``url``; its output."""
    return _run(url, "benchmarks/generate_corpus.py", *options)


def _run(url: str, *command: str) -> str:
    env = {**os.environ, **PRODUCTION_LIKE, "DATABASE_URL": url}
    done = subprocess.run(
        [PYTHON, *command],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def child(url: str, folder: Path, *, trace: bool, limit: int | None) -> dict:
    """Run the import in a fresh process and return what it measured."""
    env = {**os.environ, **PRODUCTION_LIKE, "DATABASE_URL": url}
    command = [PYTHON, __file__, "--child", str(folder)]
    if trace:
        command.append("--trace")
    if limit:
        command += ["--limit", str(limit)]
    done = subprocess.run(
        command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.splitlines()[-1])


class _Progress:
    """Counts the command's per-file lines and notes the time every slice."""

    def __init__(self, slice_size: int) -> None:
        self.slice_size = slice_size
        self.files = 0
        self.started = time.perf_counter()
        self.marks: list[tuple[int, float]] = []

    def write(self, text: str) -> None:
        for line in text.splitlines():
            if line.endswith(".txt") or ".txt: " in line:
                self.files += 1
                if self.files % self.slice_size == 0:
                    self.marks.append((self.files, time.perf_counter()))

    def flush(self) -> None:
        pass


def linker_alone(folder: Path, sample: int = 1000) -> float:
    """Texts per second the linker alone manages on these files, right now.

    The machine's speed at the moment of the run, in the same process: the
    import's rate divided by this is comparable across machines and loads.
    """
    from importer.newstext import parse_news_text
    from people.entities import all_entities
    from people.linking import Linker

    linker = Linker(all_entities())
    texts = []
    for path in sorted(folder.glob("*.txt"))[:sample]:
        parsed = parse_news_text(path.read_bytes())
        texts.append(
            "\n\n".join(p for p in (parsed.headline, parsed.dek, parsed.body) if p)
        )
    started = time.perf_counter()
    for text in texts:
        linker.link(text)
    return len(texts) / (time.perf_counter() - started)


def process_cpu(pid: int) -> float | None:
    """CPU seconds of process ``pid`` so far, from /proc (None if gone or hidden)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # utime and stime: the 14th and 15th fields, after the parenthesised name.
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class ServerCpu:
    """CPU seconds of the PostgreSQL server processes serving this database.

    The importer has more than one connection (on PostgreSQL a thread stores
    chunks on a second one, opened and closed during the import), so every
    server process on the database is sampled from /proc every ``interval``
    seconds, on a connection of the sampler's own (left out). A process that
    ends between two samples loses at most its last ``interval`` of CPU.
    Only for a server on this machine that this user may inspect; None
    otherwise (and for SQLite, which runs inside the importer).
    """

    def __init__(self, interval: float = 0.2) -> None:
        from django.db import connection

        self.available = connection.vendor == "postgresql"
        self.interval = interval
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.stop = threading.Event()
        if self.available:
            import psycopg

            params = connection.get_connection_params()
            params.pop("cursor_factory", None)
            params.pop("context", None)
            self.conn = psycopg.connect(**params, autocommit=True)
            (own,) = self.conn.execute("SELECT pg_backend_pid()").fetchone()
            self.available = process_cpu(own) is not None
            if not self.available:
                self.conn.close()
                return
            self.sample(start=True)
            self.thread = threading.Thread(target=self.run, daemon=True)
            self.thread.start()

    def sample(self, *, start: bool = False) -> None:
        pids = self.conn.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        for (pid,) in pids:
            cpu = process_cpu(pid)
            if cpu is None:
                continue
            # A process that starts during the import counts from zero.
            self.first.setdefault(pid, cpu if start else 0.0)
            self.last[pid] = cpu

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            self.sample()

    def seconds(self) -> float | None:
        if not self.available:
            return None
        self.stop.set()
        self.thread.join()
        self.sample()
        self.conn.close()
        return sum(self.last[pid] - first for pid, first in self.first.items())


def run_child(folder: Path, *, trace: bool, limit: int | None) -> None:
    """In the child: import ``folder`` and print one line of JSON figures."""
    import tracemalloc

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from articles.models import Article, TaggedPerson, TaggedWork

    source = folder
    if limit:
        # A run on the first files only: link them into a folder of their own.
        source = folder.parent / f"{folder.name}-first-{limit}"
        if not source.exists():
            source.mkdir()
            for text in sorted(folder.glob("*.txt"))[:limit]:
                (source / text.name).symlink_to(text)
                sidecar = text.with_suffix(".toml")
                if sidecar.exists():
                    (source / sidecar.name).symlink_to(sidecar)
    files = sum(1 for _ in source.glob("*.txt"))
    rss_start = max_rss_mb()
    linker_rate = 0.0 if trace else linker_alone(source)
    progress = _Progress(max(files // 10, 1))
    rss_before = max_rss_mb()
    if trace:
        tracemalloc.start()
    server = ServerCpu()
    started = time.perf_counter()
    cpu_started = time.process_time()
    children_started = children_cpu()
    call_command("import_articles", str(source), stdout=progress, stderr=sys.stderr)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    workers_cpu = children_cpu() - children_started
    traced_peak = tracemalloc.get_traced_memory()[1] if trace else 0
    server_seconds = server.seconds()
    slices = []
    last_files, last_time = 0, started
    for done, at in progress.marks:
        slices.append((done, (done - last_files) / (at - last_time)))
        last_files, last_time = done, at
    print(
        json.dumps(
            {
                "files": files,
                "seconds": elapsed,
                "cpu_seconds": cpu,
                "workers_cpu_seconds": workers_cpu,
                "server_cpu_seconds": server_seconds,
                "linker_rate": linker_rate,
                "rate": files / elapsed,
                "slices": slices,
                "rss_start_mb": rss_start,
                "rss_before_mb": rss_before,
                "max_rss_mb": max_rss_mb(),
                "workers_max_rss_mb": max_rss_mb(resource.RUSAGE_CHILDREN),
                "traced_peak_mb": traced_peak / 1e6,
                "articles": Article.objects.count(),
                "person_tags": TaggedPerson.objects.count(),
                "work_tags": TaggedWork.objects.count(),
            }
        )
    )


def server_note(result: dict) -> str:
    seconds = result["server_cpu_seconds"]
    if seconds is None:
        return "the database server's CPU not included"
    return (
        f"and the PostgreSQL server processes {seconds:.1f} s = "
        f"{seconds * 1000 / result['files']:.2f} ms per article"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2009)
    parser.add_argument(
        "--databases", default="sqlite,postgres", help="sqlite, postgres or both"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG),
        help="dropped and created again; its name must contain 'bench'",
    )
    parser.add_argument(
        "--trace-files",
        type=int,
        default=10_000,
        help="files in the second, tracemalloc run (0 to skip it)",
    )
    parser.add_argument(
        "--reuse-files",
        action="store_true",
        help="import the files an earlier run wrote for the same sizes and seed "
        "instead of writing them again (generate_corpus is deterministic)",
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_child(args.child, trace=args.trace, limit=args.limit)
        return

    folder = VAR / f"texts-{args.files}-{args.people}-{args.works}-{args.seed}"
    # Written once generate_corpus has written every file: an interrupted run
    # leaves none, so --reuse-files never imports half a corpus.
    complete = VAR / f"{folder.name}.complete"
    corpus = [
        f"--people={args.people}",
        f"--works={args.works}",
        f"--seed={args.seed}",
    ]
    written = args.reuse_files and complete.exists() and folder.is_dir()
    print(
        f"import benchmark: {args.files:,} files, {args.people:,} people, "
        f"{args.works:,} works, seed {args.seed}"
    )
    if written:
        print(f"  reusing the files in {folder}")
    for kind in args.databases.split(","):
        url = database_url(kind, args)
        manage(url, "migrate", "--noinput")
        if not written:
            complete.unlink(missing_ok=True)
            if folder.exists():
                shutil.rmtree(folder)
            started = time.perf_counter()
            out = generate_corpus(
                url,
                f"--articles={args.files}",
                *corpus,
                f"--text-files={folder}",
            )
            written = True
            complete.touch()
            print(f"  wrote the files in {time.perf_counter() - started:.0f} s")
        else:
            out = generate_corpus(url, "--articles=0", *corpus)
        print(f"  {kind}: {out.splitlines()[0]}")
        result = child(url, folder, trace=False, limit=None)
        slowest = min(rate for _, rate in result["slices"]) if result["slices"] else 0
        print(
            f"  {kind}: {result['files']:,} files in {result['seconds']:.1f} s = "
            f"{result['rate']:,.0f} articles/s (slowest tenth {slowest:,.0f}/s); "
            f"max RSS {result['max_rss_mb']:.0f} MB (after Django's start-up "
            f"{result['rss_start_mb']:.0f} MB, after the linker sample "
            f"{result['rss_before_mb']:.0f} MB); largest worker process "
            f"{result['workers_max_rss_mb']:.0f} MB"
        )
        cpu = result["cpu_seconds"] + result["workers_cpu_seconds"]
        print(
            f"  {kind}: importer CPU {cpu:.1f} s ({result['cpu_seconds']:.1f} s "
            f"writing, {result['workers_cpu_seconds']:.1f} s in workers reading "
            f"and linking) = {result['files'] / cpu:,.0f} articles per CPU-second "
            f"({server_note(result)}); the linker alone ran at "
            f"{result['linker_rate']:,.0f} texts/s just before, so the import ran at "
            f"{result['rate'] / result['linker_rate']:.0%} of the linker's speed"
        )
        print(
            f"  {kind}: rows: {result['articles']:,} articles, "
            f"{result['person_tags']:,} person tags, "
            f"{result['work_tags']:,} work tags"
        )
        print(
            "  {}: per tenth: {}".format(
                kind, ", ".join(f"{rate:,.0f}" for _, rate in result["slices"])
            )
        )
        if args.trace_files:
            # The same import again on a new database, traced, on fewer files.
            url = database_url(kind, args)
            manage(url, "migrate", "--noinput")
            generate_corpus(url, "--articles=0", *corpus)
            traced = child(url, folder, trace=True, limit=args.trace_files)
            print(
                f"  {kind}: tracemalloc peak {traced['traced_peak_mb']:.1f} MB over "
                f"{traced['files']:,} files (max RSS {traced['max_rss_mb']:.0f} MB, "
                f"{traced['rate']:,.0f} articles/s while traced)"
            )


if __name__ == "__main__":
    main()
