from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write every row of every model and the media files to PATH "
        "(a .tar.gz). Restore it with `manage.py restore PATH`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="the archive to write")

    def handle(self, *args, path: Path, **options) -> None:
        try:
            counts = write_backup(path)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up {sum(counts.values())} rows of {len(counts)} tables "
            f"and the media to {path}."
        )
