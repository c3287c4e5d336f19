"""manage.py sweep_image_files: files no row points at, old enough to be dead."""

import io
import os
import time

from django.core.management import call_command

from images.services import store_image
from tests.builders.images import jpeg, stored_files, upload


def sweep(*args: str) -> str:
    out = io.StringIO()
    call_command("sweep_image_files", *args, stdout=out)
    return out.getvalue()


def test_sweep_lists_and_deletes_only_old_unused_files(editor, media_root):
    image = store_image(upload(jpeg((400, 300))), by=editor, alt_text="Kept")
    used = stored_files(media_root)
    old = media_root / "images/renditions/ab/dead.og.jpg"
    young = media_root / "images/originals/cd/in-progress.jpg"
    for path in (old, young):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(old, (two_hours_ago, two_hours_ago))

    listed = sweep()
    deleted = sweep("--delete")

    assert listed == (
        "unused images/renditions/ab/dead.og.jpg\nFound 1 unused image file(s).\n"
    )
    assert deleted == (
        "deleted images/renditions/ab/dead.og.jpg\nDeleted 1 unused image file(s).\n"
    )
    assert stored_files(media_root) == sorted(
        [*used, "images/originals/cd/in-progress.jpg"]
    )
    assert image.renditions.count() == len(used) - 1
