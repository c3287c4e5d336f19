"""Find (and with --delete, remove) image files no row points at.

The services never leave such files behind when a save fails; this is for
what they cannot handle, such as a worker killed between writing its files
and committing its rows.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from images.models import Image, Rendition
from images.services import ORIGINALS, RENDITIONS


class Command(BaseCommand):
    help = "List image files in storage that no image or rendition uses."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--delete", action="store_true", help="Delete them instead of listing."
        )
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            metavar="MINUTES",
            help="Only files at least this old (default 60): an upload in "
            "progress has written its files but not yet committed its rows.",
        )

    def handle(self, *args, delete: bool, older_than: int, **options) -> None:
        storage = Image._meta.get_field("file").storage
        used = set(Image.objects.values_list("file", flat=True))
        used |= set(Rendition.objects.values_list("file", flat=True))
        cutoff = timezone.now() - timedelta(minutes=older_than)
        orphans = [
            name
            for folder in (ORIGINALS, RENDITIONS)
            for name in _walk(storage, folder)
            if name not in used and storage.get_modified_time(name) < cutoff
        ]
        for name in orphans:
            if delete:
                storage.delete(name)
            self.stdout.write(f"{'deleted' if delete else 'unused'} {name}")
        verb = "Deleted" if delete else "Found"
        self.stdout.write(f"{verb} {len(orphans)} unused image file(s).")


def _walk(storage, folder: str):
    if not storage.exists(folder):
        return
    directories, files = storage.listdir(folder)
    for name in sorted(files):
        yield f"{folder}/{name}"
    for directory in sorted(directories):
        yield from _walk(storage, f"{folder}/{directory}")
