"""Load and soak test of the production server, only against 127.0.0.1.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_load \\
        .venv/bin/python benchmarks/load.py --duration 60
    ... benchmarks/load.py --soak 900      # 15 minutes, memory and files

It creates the PostgreSQL database if missing, migrates it and loads the
seeds (fixtures only), starts ``scripts/serve`` (gunicorn, 2 workers, DEBUG
off, production settings except the HTTPS redirect, since there is no TLS
proxy here) on a free port, and runs wrk with a mixed read load over every
public page that exists: the URL list is built from the database and from
the URL patterns that need no arguments (feeds, search, sitemaps appear by
themselves once they exist). An editor thread logs into the admin and saves
an article through the real change form at a steady rate. It prints
throughput, p50/p99 latency and errors (5xx and socket errors must be 0);
with --soak it also samples each worker's memory (RSS) and open file handles
from /proc every 10 s and prints their growth.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
EDITOR = ("loadeditor", secrets.token_urlsafe(16))
DRAFT_SLUG = "load-test-draft"

WRK_SCRIPT = r"""
local paths = {}
for line in io.lines(os.getenv("LOAD_PATHS")) do paths[#paths + 1] = line end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  counter = math.random(#paths)
  server_errors = 0
  client_errors = 0
end
function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end
function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1
  elseif status >= 400 then client_errors = client_errors + 1 end
end
function done(summary, latency, requests)
  local s5, s4 = 0, 0
  for _, t in ipairs(threads) do
    s5 = s5 + t:get("server_errors")
    s4 = s4 + t:get("client_errors")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d "
    .. "status_5xx=%d status_4xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max,
    s5, s4, e.connect, e.read, e.write, e.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("wrk is missing: install the Debian package `wrk`.")
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk") or sys.exit("wrk did not install")


def ensure_database(url: str) -> None:
    """Create the database named in ``url`` if it does not exist yet."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        sys.exit(f"Refusing an unusual database name: {name!r}")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(env: dict) -> list[str]:
    """Migrate, load the seeds and an editor; return the paths to request."""
    manage = [sys.executable, "manage.py"]
    quiet = {"cwd": ROOT, "env": env, "check": True, "stdout": subprocess.DEVNULL}
    subprocess.run([*manage, "migrate", "--noinput"], **quiet)
    subprocess.run([*manage, "loaddata", "fixtures/people.json"], **quiet)
    subprocess.run([*manage, "import_articles", "fixtures/articles"], **quiet)
    code = f"""
from django.contrib.auth import get_user_model
from django.urls import get_resolver, NoReverseMatch, reverse
from articles.models import Article, Topic
from people.models import Person, Work
User = get_user_model()
user, _ = User.objects.get_or_create(username={EDITOR[0]!r})
user.is_staff = user.is_superuser = True
user.set_password({EDITOR[1]!r})
user.save()
Article.objects.get_or_create(
    slug={DRAFT_SLUG!r},
    defaults={{"headline": "Load test draft (never published)", "body": "Draft."}},
)
paths = ["/"]
paths += [a.get_absolute_url() for a in Article.objects.published()]
paths += [p.get_absolute_url() for p in Person.objects.all()]
paths += [w.get_absolute_url() for w in Work.objects.all()]
paths += [t.get_absolute_url() for t in Topic.objects.all()]
def names(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            ns = pattern.namespace
            yield from names(pattern, prefix + (ns + ":" if ns else ""))
        elif pattern.name:
            yield prefix + pattern.name
for name in sorted(set(names(get_resolver()))):
    try:
        path = reverse(name)
    except NoReverseMatch:
        continue
    if path.startswith("/admin") or path == "/healthz":
        continue
    paths.append(path + ("?q=Kanye" if "search" in name else ""))
print("\\n".join(dict.fromkeys(paths)))
"""
    out = subprocess.run(
        [*manage, "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.split()


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / "scripts" / "serve")],
        cwd=ROOT,
        env={
            **env,
            "NEWSROOM_BIND": f"{HOST}:{port}",
            "NEWSROOM_ACCESS_LOG": "/dev/null",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped:\n{server.stderr.read()}")
        try:
            status, _, _ = request(port, "GET", "/healthz")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.kill()
    sys.exit("the server did not answer /healthz within 120 s")


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def keep_only_reachable(port: int, paths: list[str]) -> list[str]:
    """Drop URL-pattern guesses that do not answer 200 (they need data)."""
    return [path for path in paths if request(port, "GET", path)[0] == 200]


class FormReader(HTMLParser):
    """The fields a browser would submit from the admin's change form."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            if kind not in {"submit", "button", "file"}:
                self.fields.append(
                    (name, a.get("value", "on" if kind == "checkbox" else ""))
                )
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


class Editor(threading.Thread):
    """Logs in once, then saves the draft through the admin every ``interval``."""

    def __init__(self, port: int, interval: float, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.port, self.interval, self.stop = port, interval, stop
        self.cookies: dict[str, str] = {}
        self.latencies: list[float] = []
        self.failures: list[str] = []

    def call(self, method, path, fields=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, content = request(
            self.port, method, path, body, headers
        )
        for name, value in response_headers:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return status, response_headers, content.decode("utf-8", "replace")

    def form(self, path):
        status, _, html = self.call("GET", path)
        reader = FormReader()
        reader.feed(html)
        return status, reader.fields

    def run(self):
        try:
            _, fields = self.form("/admin/login/")
            fields = [(k, v) for k, v in fields if k not in {"username", "password"}]
            fields += [("username", EDITOR[0]), ("password", EDITOR[1])]
            status, _, _ = self.call("POST", "/admin/login/?next=/admin/", fields)
            if status != 302:
                self.failures.append(f"login answered {status}")
                return
            _, _, html = self.call("GET", f"/admin/articles/article/?q={DRAFT_SLUG}")
            match = re.search(r'href="(/admin/articles/article/\d+/change/)', html)
            change = match.group(1)
            n = 0
            while not self.stop.wait(self.interval):
                n += 1
                started = time.perf_counter()
                status, fields = self.form(change)
                fields = [(k, v) for k, v in fields if k != "body"]
                fields += [("body", f"Draft, saved by the load test ({n}).")]
                fields = [(k, v) for k, v in fields if not k.startswith("_")]
                fields.append(("_continue", "1"))
                status, _, _ = self.call("POST", change, fields)
                self.latencies.append(time.perf_counter() - started)
                if status != 302:
                    self.failures.append(f"save {n} answered {status}")
        except Exception as exc:  # a crashed editor must show in the report
            self.failures.append(f"editor crashed: {exc!r}")


def workers_of(master: int) -> list[int]:
    """The pids whose parent is ``master`` (gunicorn's workers)."""
    workers = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name may hold spaces; the fields after ")" do not.
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                workers.append(int(entry.name))
    return sorted(workers)


def sample(pid: int) -> tuple[int, int]:
    """(resident memory in KiB, open file descriptors) of process ``pid``."""
    rss = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def master_pid(server: subprocess.Popen) -> int:
    # scripts/serve execs gunicorn, so the shell's pid is gunicorn's master.
    return server.pid


def run_wrk(wrk, port, paths, seconds, connections, threads) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as folder:
        lua = Path(folder) / "mixed.lua"
        lua.write_text(WRK_SCRIPT)
        path_file = Path(folder) / "paths.txt"
        path_file.write_text("\n".join(paths) + "\n")
        result = subprocess.run(
            [
                wrk,
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(lua),
                f"http://{HOST}:{port}",
            ],
            env={**os.environ, "LOAD_PATHS": str(path_file)},
            capture_output=True,
            text=True,
            check=True,
        )
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT "))
    return {k: int(v) for k, v in (kv.split("=") for kv in line.split()[1:])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load")
    parser.add_argument("--soak", type=int, metavar="SECONDS", help="soak mode")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--write-interval", type=float, default=0.5, help="seconds between saves"
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database (it is created if missing)."
        )
    if urllib.parse.urlsplit(url).hostname not in {"127.0.0.1", "localhost"}:
        sys.exit("The load test only runs against a local database.")
    seconds = args.soak or args.duration
    wrk = ensure_wrk()
    ensure_database(url)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": HOST,
        # No TLS proxy on this machine; everything else is production.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_HSTS_PRELOAD": "1",
        "DATABASE_CONN_MAX_AGE": "60",
        "WEB_CONCURRENCY": "2",
        # Two workers need one shared page cache (newsroom/serving.py).
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2"),
        # Editors log in over and over here; the throttle is tested elsewhere.
        "NEWSROOM_LOGIN_FAILURE_LIMIT": "1000",
    }
    paths = prepare(env)
    port = free_port()
    server = start_server(env, port)
    try:
        paths = keep_only_reachable(port, paths)
        master = master_pid(server)
        print(f"server: gunicorn, {len(workers_of(master))} workers, port {port}")
        print(f"paths: {len(paths)} ({', '.join(paths[:6])}, ...)")
        stop = threading.Event()
        editor = Editor(port, args.write_interval, stop)
        samples: list[tuple[float, list[tuple[int, int, int]]]] = []

        def sampler():
            started = time.monotonic()
            while not stop.wait(10):
                rows = [(pid, *sample(pid)) for pid in workers_of(master)]
                samples.append((time.monotonic() - started, rows))
                if args.soak:
                    cells = "  ".join(f"pid {p}: {r} KiB {f} fds" for p, r, f in rows)
                    print(f"t={samples[-1][0]:5.0f}s  {cells}", flush=True)

        watcher = threading.Thread(target=sampler, daemon=True)
        editor.start()
        watcher.start()
        result = run_wrk(wrk, port, paths, seconds, args.connections, args.threads)
        stop.set()
        editor.join(timeout=30)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    duration = result["duration_us"] / 1e6
    socket_errors = sum(result[k] for k in ("connect", "read", "write", "timeout"))
    writes = sorted(editor.latencies)
    print(
        f"reads: {result['requests']} in {duration:.1f} s = "
        f"{result['requests'] / duration:.0f} req/s "
        f"({args.connections} connections, {args.threads} wrk threads)"
    )
    print(
        f"read latency: p50 {result['p50_us'] / 1000:.1f} ms, "
        f"p90 {result['p90_us'] / 1000:.1f} ms, p99 {result['p99_us'] / 1000:.1f} ms, "
        f"max {result['max_us'] / 1000:.1f} ms"
    )
    print(
        f"errors: 5xx {result['status_5xx']}, 4xx {result['status_4xx']}, "
        f"socket {socket_errors} (connect {result['connect']}, read "
        f"{result['read']}, write {result['write']}, timeout {result['timeout']})"
    )
    if writes:
        print(
            f"editor saves: {len(writes)} (one per {args.write_interval} s, about "
            f"1 per {result['requests'] // max(len(writes), 1)} reads), "
            f"p50 {writes[len(writes) // 2] * 1000:.0f} ms, "
            f"p99 {writes[int(len(writes) * 0.99)] * 1000:.0f} ms, "
            f"failures {len(editor.failures)} {editor.failures[:3]}"
        )
    else:
        print(f"editor saves: none; failures {editor.failures[:3]}")
    ok = result["status_5xx"] == 0 and socket_errors == 0 and not editor.failures
    if len(samples) >= 2:
        first, last = samples[0][1], samples[-1][1]
        for (pid, rss0, fd0), (_, rss1, fd1) in zip(first, last, strict=False):
            growth = (rss1 - rss0) / rss0 * 100
            print(
                f"worker {pid}: RSS {rss0} -> {rss1} KiB ({growth:+.1f}%), "
                f"open files {fd0} -> {fd1} "
                f"(from t={samples[0][0]:.0f}s to t={samples[-1][0]:.0f}s)"
            )
            if args.soak and (growth >= 10 or fd1 > fd0):
                ok = False
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
