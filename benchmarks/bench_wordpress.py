"""Read and import generated WordPress exports: items a second, peak memory.

Run it as ``.venv/bin/python benchmarks/bench_wordpress.py``. It writes
synthetic WXR 1.2 files (posts with paragraphs, shortcodes, an embed,
categories, tags and serialized post meta, with a page and an attachment
every tenth item) under a temporary folder, removed afterwards, then:

1. reads each of two sizes (``--read-mb``, 20 and 200 MB by default) with
   ``importer.wordpress.WXRReader`` in a child process, and prints items a
   second and the child's peak RSS: the same peak for both sizes is what
   "memory stays flat" means;
2. imports the first ``--import-posts`` posts with ``manage.py
   import_wordpress`` into a fresh SQLite database (and PostgreSQL, if
   ``BENCH_DATABASE_URL`` names one whose name says "bench"), printing posts
   a second and peak RSS, at two sizes too.

Nothing big is committed: the files exist only while it runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="WordPress/6.4.2" created="2024-01-15 10:00" -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Bench</title>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://bench.example</wp:base_site_url>
"""
AUTHOR = """	<wp:author>
		<wp:author_login><![CDATA[w{n}]]></wp:author_login>
		<wp:author_email><![CDATA[w@bench.example]]></wp:author_email>
		<wp:author_display_name><![CDATA[Writer Number {n}]]></wp:author_display_name>
	</wp:author>
"""
PARAGRAPH = (
    "The band played a long set of new songs to a full hall on the last night "
    "of the tour, and the crowd sang every chorus back at them. "
)
CONTENT = (
    (PARAGRAPH * 3 + "\n\n")
    * 6
    + '[caption id="attachment_1" width="600"]<img src="https://bench.example/'
    'a.jpg" /> On stage[/caption]\n\nhttps://youtu.be/dQw4w9WgXcQ\n\n'
    '[pullquote]A quote[/pullquote] <a href="https://bench.example/">link</a>'
)
ITEM = """	<item>
		<title><![CDATA[Post number {n} about a tour]]></title>
		<link>https://bench.example/{n}/post-{n}/</link>
		<dc:creator><![CDATA[w{author}]]></dc:creator>
		<guid isPermaLink="false">https://bench.example/?p={n}</guid>
		<content:encoded><![CDATA[{content}]]></content:encoded>
		<excerpt:encoded><![CDATA[A short excerpt of post {n}.]]></excerpt:encoded>
		<wp:post_id>{n}</wp:post_id>
		<wp:post_date><![CDATA[2024-01-10 13:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2024-01-10 12:00:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[post-{n}]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[{kind}]]></wp:post_type>
		<category domain="category" nicename="music"><![CDATA[Music]]></category>
		<category domain="post_tag" nicename="tag-{tag}">Tag {tag}</category>
		<wp:postmeta>
			<wp:meta_key><![CDATA[_layout]]></wp:meta_key>
			<wp:meta_value><![CDATA[{meta}]]></wp:meta_value>
		</wp:postmeta>
	</item>
"""
TAIL = "</channel>\n</rss>\n"
META = 'a:2:{s:4:"wide";b:1;s:5:"items";a:1:{i:0;s:3:"one";}}'
# In the files that are only read: a page and an attachment every ten items.
KINDS = {7: "page", 9: "attachment"}

READ = """
import resource, sys, time
from pathlib import Path
import django
django.setup()
from importer.wordpress import WXRReader
started = time.perf_counter()
count = sum(1 for _ in WXRReader(Path(sys.argv[1])))
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(count, elapsed, peak)
"""

IMPORT = """
import io, resource, sys, time
import django
django.setup()
from django.core.management import call_command
started = time.perf_counter()
call_command("import_wordpress", sys.argv[1], stdout=io.StringIO())
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(elapsed, peak)
"""


def write_export(path: Path, *, megabytes: float = 0, posts: int = 0) -> int:
    """A WXR file of about ``megabytes`` (or of ``posts`` posts); its items."""
    goal = megabytes * 1024 * 1024
    with path.open("w", encoding="utf-8") as file:
        file.write(HEAD + "".join(AUTHOR.format(n=n) for n in range(20)))
        n = 0
        while (file.tell() < goal) if megabytes else (n < posts):
            kind = "post" if posts else KINDS.get(n % 10, "post")
            file.write(
                ITEM.format(
                    n=n,
                    author=n % 20,
                    tag=n % 500,
                    content=CONTENT,
                    kind=kind,
                    meta=META,
                )
            )
            n += 1
        file.write(TAIL)
    return n


def child(code: str, *args: str, env: dict | None = None) -> list[str]:
    result = subprocess.run(
        [PYTHON, "-c", code, *args],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            **(env or {}),
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


def migrate(env: dict) -> None:
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, **env},
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--read-mb", type=float, nargs=2, default=[20, 200])
    parser.add_argument("--import-posts", type=int, nargs=2, default=[500, 2000])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-wordpress-") as folder:
        folder = Path(folder)
        print("Reading (importer.wordpress.WXRReader, no database):")
        for megabytes in options.read_mb:
            path = folder / f"export-{megabytes:g}mb.xml"
            started = time.perf_counter()
            write_export(path, megabytes=megabytes)
            written = time.perf_counter() - started
            count, elapsed, peak = child(READ, str(path))
            size = path.stat().st_size / 1024 / 1024
            print(
                f"  {size:7.1f} MB, {int(count):7,} items: "
                f"{int(count) / float(elapsed):9,.0f} items/s, "
                f"{size / float(elapsed):6.1f} MB/s, "
                f"peak RSS {int(peak) / 1024:6.1f} MB"
                f"  (file written in {written:.1f} s)"
            )
            path.unlink()
        databases = [("SQLite", None)]
        if os.environ.get("BENCH_DATABASE_URL", "").rsplit("/", 1)[-1].count("bench"):
            databases.append(("PostgreSQL", os.environ["BENCH_DATABASE_URL"]))
        for label, url in databases:
            print(f"Importing (manage.py import_wordpress, {label}):")
            for posts in options.import_posts:
                path = folder / f"import-{posts}.xml"
                write_export(path, posts=posts)
                if url is None:
                    db = folder / f"bench-{posts}.sqlite3"
                    env = {"DATABASE_URL": f"sqlite:///{db}"}
                else:
                    env = {"DATABASE_URL": url}
                    _recreate(url)
                migrate(env)
                elapsed, peak = child(IMPORT, str(path), env=env)
                print(
                    f"  {posts:7,} posts: {posts / float(elapsed):7,.0f} posts/s "
                    f"({float(elapsed):.1f} s), peak RSS {int(peak) / 1024:6.1f} MB"
                )


def _recreate(url: str) -> None:
    """Drop and create the benchmark's PostgreSQL database (named "bench")."""
    name = url.rsplit("/", 1)[-1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True)


if __name__ == "__main__":
    main()
