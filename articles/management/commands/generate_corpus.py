import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.corpus import Corpus


class Command(BaseCommand):
    help = (
        "Generate synthetic people, works and articles for benchmarks. The same "
        "seed gives the same content. With --text-files the articles are written "
        "as news text files for import_articles instead of into the database."
    )

    def add_arguments(self, parser) -> None:
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

    def handle(self, *args, **options) -> None:
        articles, people, works = (
            options["articles"],
            options["people"],
            options["works"],
        )
        if min(articles, people, works) < 0:
            raise CommandError("--articles, --people and --works must be 0 or more.")
        corpus = Corpus(seed=options["seed"], people=people, works=works)

        started = time.perf_counter()
        corpus.write_entities()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{len(corpus.people):,} people and {len(corpus.works):,} works "
            f"in {elapsed:.1f} s"
        )

        started = time.perf_counter()

        def progress(done: int) -> None:
            if done % 50_000 == 0:
                rate = done / (time.perf_counter() - started)
                self.stdout.write(f"  {done:,} articles ({rate:,.0f}/s)")

        folder = options["text_files"]
        if folder is not None:
            corpus.write_text_files(articles, folder, progress=progress)
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"{articles:,} text files in {folder} in {elapsed:.1f} s "
                f"({articles / max(elapsed, 1e-9):,.0f} files/s)"
            )
            return
        rows = corpus.write_articles(articles, progress=progress)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{articles:,} articles ({rows:,} rows) in {elapsed:.1f} s "
            f"({articles / max(elapsed, 1e-9):,.0f} articles/s, "
            f"{rows / max(elapsed, 1e-9):,.0f} rows/s)"
        )
