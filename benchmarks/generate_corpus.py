"""Generate synthetic people, works and articles for benchmarks.

Run it from the project folder on the database in ``DATABASE_URL``::

    .venv/bin/python benchmarks/generate_corpus.py --articles 100000 --seed 1
    .venv/bin/python benchmarks/generate_corpus.py --articles 1000 \\
        --text-files var/texts

The same seed gives the same content (``benchmarks/corpus.py``). With
``--text-files`` the articles are written as news text files for
``import_articles`` instead of into the database.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2009)
    parser.add_argument(
        "--text-files",
        type=Path,
        metavar="DIR",
        help="write the articles as .txt files (and .toml sidecars) into DIR",
    )
    args = parser.parse_args(argv)
    if min(args.articles, args.people, args.works) < 0:
        parser.error("--articles, --people and --works must be 0 or more.")
    return args


def generate(args: argparse.Namespace, out=sys.stdout) -> None:
    """Write the corpus ``args`` describe; Django must be set up."""
    from benchmarks.corpus import Corpus

    corpus = Corpus(seed=args.seed, people=args.people, works=args.works)
    started = time.perf_counter()
    corpus.write_entities()
    elapsed = time.perf_counter() - started
    out.write(
        f"{len(corpus.people):,} people and {len(corpus.works):,} works "
        f"in {elapsed:.1f} s\n"
    )

    articles = args.articles
    started = time.perf_counter()

    def progress(done: int) -> None:
        if done % 50_000 == 0:
            rate = done / (time.perf_counter() - started)
            out.write(f"  {done:,} articles ({rate:,.0f}/s)\n")

    if args.text_files is not None:
        corpus.write_text_files(articles, args.text_files, progress=progress)
        elapsed = time.perf_counter() - started
        out.write(
            f"{articles:,} text files in {args.text_files} in {elapsed:.1f} s "
            f"({articles / max(elapsed, 1e-9):,.0f} files/s)\n"
        )
        return
    rows = corpus.write_articles(articles, progress=progress)
    elapsed = time.perf_counter() - started
    out.write(
        f"{articles:,} articles ({rows:,} rows) in {elapsed:.1f} s "
        f"({articles / max(elapsed, 1e-9):,.0f} articles/s, "
        f"{rows / max(elapsed, 1e-9):,.0f} rows/s)\n"
    )


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    sys.path.insert(0, str(ROOT))  # run as a script, the project isn't on the path
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    generate(args)


if __name__ == "__main__":
    main(sys.argv[1:])
