"""Back up and restore everything: every row of every model, and the media.

A backup is one ``.tar.gz`` holding ``manifest.json`` (what is inside),
``data.json`` (every row of every installed model but the sessions, by
primary key, in ``dumpdata``'s format but with full-precision times, so
taggit's through rows, bylines, corrections, published versions, revisions,
users and groups are all there) and ``media/`` (a copy of MEDIA_ROOT).

- **One snapshot.** Every table is read in one transaction that sees the
  database as it was when it began (``REPEATABLE READ READ ONLY`` on
  PostgreSQL, what ``pg_dump`` uses; SQLite's read lock does the same), so a
  backup taken while editors work restores exactly.
- **Checked.** The archive is read back and compared with what was read
  before the backup says it succeeded; a failed check leaves no file.
- **Private.** The file is created readable by its owner only (0600), and
  sessions are left out: a session key copied from a backup would log its
  holder in. A restore logs everybody out.

Restoring loads all of it into the database in one transaction (nothing
changes unless everything loads) and only then copies the media in.
"""

from __future__ import annotations

import datetime
import io
import json
import os
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
# Never backed up: what a restore does not need and would hand over logins
# (sessions), and the public site's stored pages, which the next view of
# each page renders again from the rows (public.readmodel), and the content
# version they are checked by (public.contentversion).
LEFT_OUT = {
    "sessions.Session",
    "public.RenderedArticlePage",
    "public.RenderedListPage",
    "public.ContentVersion",
}
# What `migrate` creates by itself in an empty database (content types,
# permissions, roles from data migrations) and throwaway sessions: their
# presence does not make a database "in use".
CREATED_BY_MIGRATE = {
    "contenttypes.ContentType",
    "auth.Permission",
    "auth.Group",
    "auth.Group_permissions",
    "sessions.Session",
    "public.ContentVersion",
}


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why."""


def all_models() -> list:
    """Every concrete model a backup holds, auto-created m2m tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label not in LEFT_OUT
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
    for model in all_models():
        if not model._meta.auto_created:  # serialized with the rows they join
            # The base manager: a filtering default manager must not hide rows.
            yield from model._base_manager.order_by("pk").iterator(chunk_size=2000)


def _one_snapshot(*, outermost: bool) -> None:
    """Make the current transaction read one snapshot of the whole database.

    PostgreSQL's default (READ COMMITTED) lets each query see what committed
    before it began, so tables read one after another during an edit could
    disagree (a byline without its article). It must be the transaction's
    first statement, so it is set only when the backup's transaction is the
    outermost one (``manage.py backup``); inside a caller's transaction that
    transaction's own isolation applies. SQLite holds a read lock for the
    whole transaction.
    """
    if connection.vendor == "postgresql" and outermost:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def write_backup(path: Path) -> dict[str, int]:
    """Write the whole database and MEDIA_ROOT to ``path`` (a .tar.gz).

    Reads one snapshot (``_one_snapshot``), so the data is consistent even
    while editors work. Before the archive gets its real name (mode 0600) it
    is checked: the rows serialized are the rows counted in the snapshot, and
    the archive reads back whole (every member decompressed, with the sizes
    written). Returns the rows per model; raises ``BackupError``, leaving no
    file, if a check fails.
    """
    media = Path(settings.MEDIA_ROOT)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(path.name + ".partial")
    try:
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder) / "data.json"
            serialized: dict[str, int] = {}
            outermost = not connection.in_atomic_block
            with transaction.atomic(), data.open("w", encoding="utf-8") as stream:
                _one_snapshot(outermost=outermost)
                counts = row_counts()
                serializers.get_serializer("json")().serialize(
                    _counted(_every_object(), serialized),
                    stream=stream,
                    cls=FullPrecisionEncoder,
                )
            _check_rows(counts, serialized)
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "rows": counts,
            }
            manifest_bytes = json.dumps(manifest, indent=2).encode()
            # Created private: never, even for a moment, readable by others.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz") as archive,
            ):
                _add_bytes(archive, "manifest.json", manifest_bytes)
                archive.add(data, arcname="data.json")
                if media.is_dir():
                    archive.add(media, arcname="media", recursive=True)
            expected = {
                "manifest.json": len(manifest_bytes),
                "data.json": data.stat().st_size,
                **_file_sizes(media, prefix="media/"),
            }
            _check_archive(partial, expected)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    # A crash while writing never leaves a truncated file under the real name.
    partial.replace(path)
    return counts


def _counted(objects, seen: dict[str, int]):
    """``objects``, counting them by model label into ``seen``."""
    for obj in objects:
        label = obj._meta.label
        seen[label] = seen.get(label, 0) + 1
        yield obj


def _check_rows(counts: dict[str, int], serialized: dict[str, int]) -> None:
    """The rows serialized must be the rows counted in the same snapshot."""
    expected = {
        label: count
        for label, count in counts.items()
        if count and not apps.get_model(label)._meta.auto_created
    }
    if serialized != expected:
        raise BackupError(
            "The rows written differ from the rows counted (expected, written): "
            f"{expected}, {serialized}. Nothing was saved; try again."
        )


def _check_archive(path: Path, expected: dict[str, int]) -> None:
    """Read every file of the archive back (which checks the compression) and
    compare the files and their sizes with what was written."""
    found: dict[str, int] = {}
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                if member.isfile():
                    content = archive.extractfile(member)
                    size = 0
                    while chunk := content.read(1 << 20):
                        size += len(chunk)
                    found[member.name] = size
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{path} did not read back: {exc}") from None
    if found != expected:
        missing = sorted(set(expected) ^ set(found))[:5]
        raise BackupError(
            f"{path} did not read back as written (differing: {missing or 'sizes'})."
        )


def _file_sizes(root: Path, *, prefix: str = "") -> dict[str, int]:
    if not root.is_dir():
        return {}
    return {
        prefix + str(file.relative_to(root)): file.stat().st_size
        for file in root.rglob("*")
        if file.is_file()
    }


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
                # A backup holds files and folders: no links, no devices.
                if not (member.isfile() or member.isdir()):
                    raise BackupError(
                        f"Not a file or folder in backup: {member.name!r}."
                    )
            if hasattr(tarfile, "data_filter"):
                # The "data" filter also drops unsafe modes and owners.
                archive.extractall(into, filter="data")
            else:
                # Python 3.11.0-3.11.3 (Debian 12's 3.11.2) have no filters;
                # the checks above refuse what the filter would.
                archive.extractall(into)  # noqa: S202
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
