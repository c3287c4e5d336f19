import sys
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.workflow.activity import record_import_run
from importer.wordpress import WXRError, WXRReader
from importer.wpimport import PostResult, WordPressImporter

# How often the progress line is redrawn, in items.
PROGRESS_EVERY = 100


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools > Export, WXR 1.0 to 1.2): posts become "
        "articles, authors bylines, categories and tags topics or person and work "
        "tags; pages, attachments, menu items and other types are counted and "
        "skipped. Re-running is safe: nothing is duplicated and an article the "
        "newsroom changed is never overwritten."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("exports", nargs="+", type=Path, help="WXR files")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would be created or updated, and write nothing",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="show a progress bar on stderr even when it is not a terminal",
        )

    def handle(
        self, *args, exports: list[Path], dry_run: bool, progress: bool, **options
    ) -> None:
        missing = [str(path) for path in exports if not path.is_file()]
        if missing:
            raise CommandError(f"No such file: {', '.join(missing)}")
        self.dry_run = dry_run
        self.show_progress = progress or _is_terminal(self.stderr)
        self.counts: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.held_back = 0
        self.warnings = 0
        importer = WordPressImporter(dry_run=dry_run)
        failed = []
        for path in exports:
            reader = WXRReader(path)
            self.reader = reader
            self.seen = 0
            before = self._tally()
            try:
                importer.import_file(reader, report=self.report)
            except WXRError as exc:
                self._end_progress()
                # Nothing of this file was kept: undo its counts.
                self.counts, self.skipped, self.held_back, self.warnings = before
                failed.append(str(exc))
                self.stderr.write(f"{exc} (nothing written from this file)")
                continue
            self._end_progress()
            for warning in reader.warnings:
                self.stdout.write(f"warning: {warning}")
        counts = {
            action: self.counts[action]
            for action in ("created", "updated", "unchanged", "skipped", "refused")
        }
        if not dry_run:
            record_import_run(counts=counts, paths=exports)
        self.stdout.write(self._summary(counts))
        if failed:
            raise CommandError(f"{len(failed)} file(s) refused; see above.")

    def _tally(self) -> tuple:
        return self.counts.copy(), self.skipped.copy(), self.held_back, self.warnings

    def report(self, result: PostResult) -> None:
        """Print what became of one item, as it comes."""
        self.seen += 1
        self.counts[result.action] += 1
        post = result.post
        where = f"{self.reader.path}:{post.line}"
        if result.action == "skipped" and result.article is None:
            self.skipped[result.reason] += 1
            self._progress()
            return
        if result.action == "skipped":
            self.skipped[result.reason] += 1
        self.held_back += bool(result.held_back)
        self.warnings += len(result.warnings)
        verb = f"would be {result.action}" if self.dry_run else result.action
        if result.action == "unchanged":
            verb = "unchanged"
        title = post.title or "(no title)"
        self._clear_progress()
        self.stdout.write(f"{where}: {verb}: {title}")
        for note in result.notes:
            self.stdout.write(f"  note: {note}")
        for warning in result.warnings:
            self.stdout.write(f"  warning: {warning}")
        self._progress()

    def _summary(self, counts: dict[str, int]) -> str:
        prefix = "Dry run, nothing written: " if self.dry_run else ""
        summary = ", ".join(f"{count} {action}" for action, count in counts.items())
        if self.skipped:
            why = ", ".join(
                f"{count} {reason}" for reason, count in sorted(self.skipped.items())
            )
            summary += f" (skipped: {why})"
        if self.held_back:
            summary += (
                f"; {self.held_back} kept as draft(s), not ready to publish "
                "(see the notes)"
            )
        if self.warnings:
            summary += f"; {self.warnings} warning(s) (see above)"
        return f"{prefix}{summary}."

    # The progress bar (stderr) ------------------------------------------

    def _progress(self) -> None:
        if not self.show_progress or self.seen % PROGRESS_EVERY:
            return
        reader = self.reader
        share = reader.bytes_read / reader.size if reader.size else 1
        bar = "#" * int(share * 30)
        self.stderr.write(
            f"\r{reader.path.name} [{bar:<30}] {share:4.0%} {self.seen} items",
            ending="",
        )
        self.stderr.flush()

    def _clear_progress(self) -> None:
        if self.show_progress:
            self.stderr.write("\r\x1b[K", ending="")

    def _end_progress(self) -> None:
        if self.show_progress:
            self.stderr.write("")


def _is_terminal(stream) -> bool:
    out = getattr(stream, "_out", stream)
    return out is sys.stderr and sys.stderr.isatty()
