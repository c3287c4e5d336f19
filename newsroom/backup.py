"""Back up and restore everything: every row of every model, and the media.

A backup is one ``.tar.gz`` holding ``manifest.json`` (what is inside),
``data.json`` (every row of every installed model, by primary key, in
``dumpdata``'s format but with full-precision times, so taggit's through
rows, bylines, corrections, published versions, revisions, users and groups
are all there) and
``media/`` (a copy of MEDIA_ROOT).

Restoring loads all of it into the database in one transaction (nothing
changes unless everything loads) and only then copies the media in.
"""

from __future__ import annotations

import datetime
import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

FORMAT = "newsroom-backup-1"
# What `migrate` creates by itself in an empty database (content types,
# permissions, roles from data migrations) and throwaway sessions: their
# presence does not make a database "in use".
CREATED_BY_MIGRATE = {
    "contenttypes.ContentType",
    "auth.Permission",
    "auth.Group",
    "auth.Group_permissions",
    "sessions.Session",
}


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why."""


def all_models() -> list:
    """Every concrete model with a table, auto-created m2m tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in all_models()}


class FullPrecisionEncoder(DjangoJSONEncoder):
    """Django's encoder, without its rounding of times to milliseconds.

    ``dumpdata`` cuts microseconds off every datetime; a backup must not.
    """

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _every_object():
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            # The base manager: a filtering default manager must not hide rows.
            yield from model._base_manager.order_by("pk").iterator(chunk_size=2000)


def write_backup(path: Path) -> dict[str, int]:
    """Write the whole database and MEDIA_ROOT to ``path`` (a .tar.gz).

    Reads in one transaction, so the data is a consistent snapshot even while
    editors work. Returns the number of rows per model that went in.
    """
    media = Path(settings.MEDIA_ROOT)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data.json"
        with transaction.atomic(), data.open("w", encoding="utf-8") as stream:
            serializers.get_serializer("json")().serialize(
                _every_object(), stream=stream, cls=FullPrecisionEncoder
            )
            counts = row_counts()
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "rows": counts,
        }
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(
                archive, "manifest.json", json.dumps(manifest, indent=2).encode()
            )
            archive.add(data, arcname="data.json")
            if media.is_dir():
                archive.add(media, arcname="media", recursive=True)
    # A crash while writing never leaves a truncated file under the real name.
    partial.replace(path)
    return counts


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(content))


def rows_in_use() -> dict[str, int]:
    """Models with rows that a freshly migrated database would not have."""
    return {
        label: count
        for label, count in row_counts().items()
        if count and label not in CREATED_BY_MIGRATE
    }


def restore_backup(path: Path, *, force: bool = False) -> dict[str, int]:
    """Replace the database's rows and the media with those in backup ``path``.

    Refuses a database that is in use unless ``force``. The database part is
    atomic: on any error nothing has changed. Media files are copied in after
    the data has committed. Returns the rows per model now in the database.
    """
    with tempfile.TemporaryDirectory() as folder:
        unpacked = Path(folder)
        manifest = _unpack(path, unpacked)
        in_use = rows_in_use()
        if in_use and not force:
            listed = ", ".join(f"{label} ({n})" for label, n in sorted(in_use.items()))
            raise BackupError(
                f"The database is not empty: {listed}. Restore into an empty "
                "database, or pass --force to replace everything in it."
            )
        try:
            with transaction.atomic():
                _delete_every_row()
                call_command("loaddata", unpacked / "data.json", verbosity=0)
                counts = _check_counts(manifest["rows"])
        except (DatabaseError, DeserializationError) as exc:
            raise BackupError(
                f"{path} could not be loaded, so nothing was changed: {exc}"
            ) from exc
        _replace_media(unpacked / "media", Path(settings.MEDIA_ROOT), force=force)
    return counts


def _check_counts(expected: dict[str, int]) -> dict[str, int]:
    counts = row_counts()
    missing = {
        label: (n, counts.get(label))
        for label, n in expected.items()
        if counts.get(label) != n
    }
    if missing:
        # Raised inside the transaction, so the partial load is undone.
        raise BackupError(
            f"Rows did not load as backed up (expected, found): {missing}"
        )
    return counts


def _unpack(path: Path, into: Path) -> dict:
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive.getmembers():
                name = Path(member.name)
                if name.is_absolute() or ".." in name.parts:
                    raise BackupError(f"Unsafe path in backup: {member.name!r}.")
            # The "data" filter also refuses links out of the folder and
            # device files, whatever the names say.
            archive.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{path} is not a readable backup: {exc}") from None
    try:
        manifest = json.loads((into / "manifest.json").read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} has no readable manifest: {exc}") from None
    if manifest.get("format") != FORMAT or not (into / "data.json").is_file():
        raise BackupError(f"{path} is not a {FORMAT} archive.")
    return manifest


def _delete_every_row() -> None:
    """Empty every table (inside the caller's transaction)."""
    tables = connection.introspection.django_table_names(
        only_existing=True, include_views=False
    )
    statements = connection.ops.sql_flush(
        no_style(), tables, reset_sequences=False, allow_cascade=True
    )
    connection.ops.execute_sql_flush(statements)


def _replace_media(source: Path, target: Path, *, force: bool) -> None:
    if not source.is_dir():
        return
    if force and target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, dirs_exist_ok=True)
