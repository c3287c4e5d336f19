"""A backup is one consistent snapshot, checked, private, without sessions."""

import stat
import tarfile
import threading

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from articles.models import Article, Byline, Correction
from newsroom import backup
from tests.builders import make_article, make_person


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def write_an_edit_elsewhere() -> None:
    """An editor's save on another connection, committed at once."""

    def edit():
        try:
            article = make_article("Saved during the backup")
            Byline.objects.create(article=article, person=make_person())
            Correction.objects.create(article=article, text="Noted meanwhile.")
        finally:
            connections.close_all()

    thread = threading.Thread(target=edit)
    thread.start()
    thread.join()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite cannot commit a write while a backup reads",
)
@pytest.mark.django_db(transaction=True)
def test_backup_taken_during_an_edit_restores_exactly(media, tmp_path, monkeypatch):
    article = make_article("Before the backup")
    Byline.objects.create(article=article, person=make_person())
    every_object = backup._every_object

    def edited_midway():
        for number, obj in enumerate(every_object()):
            if number == 0:
                # The first table is being read: the edit lands in between.
                write_an_edit_elsewhere()
            yield obj

    monkeypatch.setattr(backup, "_every_object", edited_midway)
    archive = tmp_path / "backup.tar.gz"

    counts = backup.write_backup(archive)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", archive, verbosity=0)

    assert counts["articles.Article"] == 1
    assert list(Article.objects.values_list("headline", flat=True)) == [
        "Before the backup"
    ]
    assert Byline.objects.count() == 1
    assert Correction.objects.count() == 0


def test_backup_is_readable_by_its_owner_only(db, media, tmp_path):
    archive = tmp_path / "backups" / "backup.tar.gz"

    call_command("backup", archive, verbosity=0)

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600


def test_backup_leaves_sessions_out(db, media, tmp_path):
    session = SessionStore()
    session["_auth_user_id"] = "1"
    session.create()
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", archive, verbosity=0)

    with tarfile.open(archive) as opened:
        data = opened.extractfile("data.json").read().decode()
    assert session.session_key not in data
    assert '"sessions.session"' not in data


def test_backup_that_does_not_read_back_fails_and_leaves_no_file(
    db, media, tmp_path, monkeypatch
):
    make_article("Backed up")
    archive = tmp_path / "backup.tar.gz"

    def damaged(path, expected):
        path.write_bytes(path.read_bytes()[:100])  # cut short, as by a full disk
        return check(path, expected)

    check = backup._check_archive
    monkeypatch.setattr(backup, "_check_archive", damaged)

    with pytest.raises(CommandError, match="did not read back"):
        call_command("backup", archive, verbosity=0)
    assert list(tmp_path.glob("backup.tar.gz*")) == []


def test_backup_whose_rows_differ_from_the_count_fails(
    db, media, tmp_path, monkeypatch
):
    make_article("Backed up")
    monkeypatch.setattr(backup, "row_counts", lambda: {"articles.Article": 2})
    archive = tmp_path / "backup.tar.gz"

    with pytest.raises(CommandError, match="rows written differ"):
        call_command("backup", archive, verbosity=0)
    assert list(tmp_path.glob("backup.tar.gz*")) == []
