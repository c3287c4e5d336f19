from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.workflow.activity import record_import_run
from importer.pipeline import Importer
from importer.reading import ImportRefused, find_text_files


class Command(BaseCommand):
    help = (
        "Import news text files (a file or a folder of .txt files) as articles. "
        "A NAME.toml beside a text adds what the text lacks. Re-running is safe. "
        "A text marked published that fails the pre-publication checks is "
        "imported as a draft, with a note saying why. What a text holds that "
        "the article does not keep as written (page chrome, photo captions, "
        "kickers, unknown shortcodes) is listed as a warning with its line."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="files or folders")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="show what would be created or updated, and write nothing",
        )

    def handle(self, *args, paths: list[Path], dry_run: bool, **options) -> None:
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"No such file or folder: {', '.join(missing)}")
        importer = Importer(dry_run=dry_run)
        counts = {"created": 0, "updated": 0, "skipped": 0, "failed": 0}
        drafts = 0
        warnings = 0
        for path, result in importer.import_files(find_text_files(paths)):
            if isinstance(result, ImportRefused):
                counts["failed"] += 1
                self.stderr.write(str(result))
                continue
            counts[result.action] += 1
            drafts += bool(result.held_back)
            verb = f"would be {result.action}" if dry_run else result.action
            if dry_run and result.action == "skipped":
                verb = "would be skipped"
            self.stdout.write(
                f"{path}: {verb}: {result.article.headline or '(no headline)'}"
            )
            for note in result.notes:
                self.stdout.write(f"  note: {note}")
            for label, names in result.plan.items():
                if names:
                    self.stdout.write(f"  {label}: {', '.join(names)}")
            for line, warning in result.warnings:
                warnings += 1
                self.stdout.write(f"  warning: {path}:{line}: {warning}")
        if not dry_run:
            # One entry per run in the editorial activity log.
            record_import_run(counts=counts, paths=paths)
        prefix = "Dry run, nothing written: " if dry_run else ""
        summary = ", ".join(f"{count} {action}" for action, count in counts.items())
        if drafts:
            # The sidecar said "published", the workflow's checks said no.
            summary += (
                f"; {drafts} kept as draft(s), not ready to publish (see the notes)"
            )
        if warnings:
            summary += f"; {warnings} warning(s) (see above)"
        self.stdout.write(f"{prefix}{summary}.")
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) refused; see above.")
