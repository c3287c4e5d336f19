from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Load a backup written by `manage.py backup` into an empty database, "
        "all or nothing, and copy its media files back."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="the archive to read")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace everything in a database that is not empty",
        )

    def handle(self, *args, path: Path, force: bool, **options) -> None:
        try:
            counts = restore_backup(path, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {sum(counts.values())} rows of {len(counts)} tables "
            f"and the media from {path}."
        )
