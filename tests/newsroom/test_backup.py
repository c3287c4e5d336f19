"""Backups lose nothing: every row of every table and every media file."""

import io
import json
import shutil
import stat
import tarfile
import threading
from pathlib import Path

import pytest
import reversion
from axes.models import (
    AccessAttempt,
    AccessAttemptExpiration,
    AccessFailureLog,
    AccessLog,
)
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from api.keys import create_key
from articles import rendering
from articles.models import (
    Article,
    AutosaveDraft,
    Byline,
    Correction,
    SlugHistory,
    Status,
    VersionKind,
    record_published_version,
)
from articles.workflow import activity, sharing
from images.services import store_image
from importer.models import OldAddress
from newsroom import backup
from newsroom.backup import all_models
from notifications.models import Notification
from people.models import ExternalId, Person, StaffProfile, Work, WorkExternalId
from tests.builders.articles import make_article
from tests.builders.images import jpeg, upload
from tests.builders.people import make_person
from tests.builders.seeds import SEED_TEXTS


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, as tuples of every column, in a stable order.

    The rows of Django's auto-created many-to-many tables (a user's groups, a
    group's permissions) are compared without their own id: serialization
    keeps the pairs, not the surrogate key, and nothing refers to it.
    """
    rows = {}
    for model in all_models():
        columns = [f.attname for f in model._meta.concrete_fields]
        if model._meta.auto_created:
            columns = [c for c in columns if c != model._meta.pk.attname]
        rows[model._meta.label] = sorted(
            model._base_manager.values_list(*columns), key=repr
        )
    return rows


def fill_every_model() -> None:
    """Rows in every model, beyond the seeds, so that a lost table shows."""
    User = get_user_model()
    editors = Group.objects.create(name="Backup editors")
    editors.permissions.add(Permission.objects.get(codename="change_article"))
    user = User.objects.create_user("writer", "writer@example.invalid", "pw-1234567x")
    user.groups.add(editors)
    user.user_permissions.add(Permission.objects.get(codename="add_correction"))
    article = make_article(
        "Backup headline “quoted” ✓", status=Status.PUBLISHED, created_by=user
    )
    article.topics.add("Backups")
    OldAddress.objects.create(path="/2009/10/backup-post/", article=article)
    SlugHistory.objects.create(article=article, old_slug="backup-old-slug")
    Notification.objects.create(
        recipient=user, article=article, verb="published", text="Published."
    )
    record_published_version(article, kind=VersionKind.FIRST, by=user)
    correction = Correction.objects.create(
        article=article, text="It was 2008.", created_by=user
    )
    record_published_version(
        article, kind=VersionKind.CORRECTION, by=user, correction=correction
    )
    person = Person.objects.create(name="Backup Person", aliases=["B. P."])
    ExternalId.objects.create(person=person, publisher="MTV News", value="42")
    StaffProfile.objects.create(user=user, person=person)
    WorkExternalId.objects.create(
        work=Work.objects.order_by("pk").first(), publisher="MTV News", value="501"
    )
    # A body that links to the person: its reference rows.
    article.body = f'<p>About <a data-ref="person:{person.pk}">them</a>.</p>'
    article.save()
    rendering.store(article)
    Tag.objects.create(name="generic taggit tag", slug="generic-taggit-tag")
    TaggedItem.objects.create(
        tag=Tag.objects.get(),
        content_type=ContentType.objects.get_for_model(Person),
        object_id=person.pk,
    )
    LogEntry.objects.log_actions(
        user_id=user.pk, queryset=[article], action_flag=ADDITION, single_object=True
    )
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session.create()
    now = timezone.now()
    attempt = AccessAttempt.objects.create(
        username="writer",
        ip_address="203.0.113.1",
        user_agent="test",
        attempt_time=now,
        failures_since_start=2,
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/admin/login/",
    )
    AccessAttemptExpiration.objects.create(access_attempt=attempt, expires_at=now)
    AccessLog.objects.create(
        username="writer",
        ip_address="203.0.113.1",
        user_agent="test",
        attempt_time=now,
        http_accept="*/*",
        path_info="/admin/login/",
    )
    AccessFailureLog.objects.create(
        username="writer",
        ip_address="203.0.113.1",
        user_agent="test",
        attempt_time=now,
        http_accept="*/*",
        path_info="/admin/login/",
        locked_out=False,
    )
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment("backup test")
        article.save()
    editor = User.objects.create_user(
        "editor", "editor@example.invalid", "pw-1234x", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="Editor"))
    sharing.create_share_link(article, by=editor)
    # Unsaved changes are the writer's text: a restore keeps them too.
    AutosaveDraft.objects.create(
        user=user,
        article=article,
        payload={"body": ["<p>Not saved yet ✓</p>"]},
        lock_version=article.lock_version,
    )
    # By a superuser: the roles fixture re-makes only the articles' groups.
    boss = User.objects.create_superuser("boss", "boss@example.invalid", "pw-1234y")
    create_key(name="Backup partner", rate_per_minute=120, by=boss)
    activity.record_import_run(counts={"created": 1}, paths=["backup.txt"])
    store_image(
        upload(jpeg((64, 48))), by=editor, alt_text="Backup photo", credit="Newsroom"
    )


def media_files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    (root / "images" / "2024").mkdir(parents=True)
    (root / "images" / "2024" / "photo.jpg").write_bytes(b"\xff\xd8\xff fake jpeg")
    (root / "notes.txt").write_text("caption ✓")
    settings.MEDIA_ROOT = root
    return root


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_keeps_every_row(
    media, tmp_path, people_and_works, roles
):
    call_command("import_articles", SEED_TEXTS, verbosity=0, stdout=io.StringIO())
    fill_every_model()
    before = snapshot()
    files_before = media_files(media)
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", archive, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    call_command("restore", archive, verbosity=0)

    assert [label for label, rows in before.items() if not rows] == []
    assert snapshot() == before
    assert media_files(media) == files_before
    # Sequences follow the restored keys: new rows do not collide.
    assert make_article("After restore").pk > max(
        pk for pk, *_ in before["articles.Article"]
    )


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_in_use(media, tmp_path):
    make_article("Already here")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", archive, verbosity=0)

    with pytest.raises(
        CommandError, match="The database is not empty: articles.Article"
    ):
        call_command("restore", archive, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_restore_force_replaces_everything(media, tmp_path):
    kept = make_article("Backed up")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", archive, verbosity=0)
    make_article("Written after the backup")

    call_command("restore", archive, force=True, verbosity=0)

    assert list(Article.objects.values_list("headline", flat=True)) == [kept.headline]


@pytest.mark.django_db(transaction=True)
def test_restore_of_a_broken_backup_changes_nothing(media, tmp_path):
    backed_up = make_article("Backed up")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", archive, verbosity=0)
    # Break one row: a byline pointing at a person that does not exist.
    with tarfile.open(archive) as tar:
        manifest = tar.extractfile("manifest.json").read()
        data = json.loads(tar.extractfile("data.json").read())
    data.append(
        {
            "model": "articles.byline",
            "pk": 999,
            "fields": {
                "article": backed_up.pk,
                "person": 424242,
                "role": "writer",
                "position": 0,
            },
        }
    )
    broken = tmp_path / "broken.tar.gz"
    with tarfile.open(broken, "w:gz") as tar:
        for name, content in (
            ("manifest.json", manifest),
            ("data.json", json.dumps(data).encode()),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    Article.objects.all().delete()
    make_article("Current")
    before = snapshot()

    with pytest.raises(CommandError, match="could not be loaded, so nothing was"):
        call_command("restore", broken, force=True, verbosity=0)

    assert snapshot() == before


def test_restore_refuses_an_archive_that_escapes_its_folder(db, tmp_path, media):
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        info = tarfile.TarInfo("../../outside.txt")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))

    with pytest.raises(
        CommandError, match="Unsafe path in backup: '../../outside.txt'"
    ):
        call_command("restore", evil, verbosity=0)


def test_restore_refuses_a_link_or_device_in_the_archive(db, tmp_path, media):
    """A backup holds files and folders only; the check does not depend on
    the Python's tarfile filters (3.11.0-3.11.3 have none)."""
    evil = tmp_path / "evil.tar.gz"
    with tarfile.open(evil, "w:gz") as tar:
        info = tarfile.TarInfo("media/passwd")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tar.addfile(info)

    with pytest.raises(
        CommandError, match="Not a file or folder in backup: 'media/passwd'"
    ):
        call_command("restore", evil, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_restore_on_a_python_without_tarfile_filters(media, tmp_path, monkeypatch):
    """Debian 12's Python 3.11.2 has no ``filter`` for ``extractall``."""
    kept = make_article("Backed up")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", archive, verbosity=0)
    monkeypatch.delattr(tarfile, "data_filter", raising=False)
    make_article("Written after the backup")

    call_command("restore", archive, force=True, verbosity=0)

    assert list(Article.objects.values_list("headline", flat=True)) == [kept.headline]


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
