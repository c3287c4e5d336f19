"""Importing many files with chunks committed on their own connection.

On PostgreSQL ``Importer.import_files`` stores each chunk from a thread with
its own connection while it builds the next chunk's rows, unless the caller
holds a transaction open. These tests run without the test's own
transaction (``transactional_db``) so that path is the one taken; on SQLite
the same tests check the serial path gives the same results.
"""

import shutil
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Topic
from importer.pipeline import Importer
from importer.reading import ImportRefused, find_text_files
from people.models import Person
from tests.builders.importer import (
    import_outcomes,
    imported_rows,
    people_of,
    refuse_topic_tags,
    write_mixed_folder,
)
from tests.builders.seeds import PEOPLE_JSON, SEED_TEXTS

STORE_THREAD = "import-store"


@pytest.fixture
def people(transactional_db):
    """fixtures/people.json, committed (the store thread sees only that)."""
    call_command("loaddata", PEOPLE_JSON, verbosity=0)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr("importer.pipeline.CHUNK_SIZE", 2)
    monkeypatch.setattr("importer.pipeline.WORKERS", 0)


@pytest.fixture
def refused_topic_tags(transactional_db):
    """Every insert into the topic-tag table fails inside the database (the
    error a conflicting row gives); dropped again after the test, which a
    flush between transactional tests would not do."""
    refuse_topic_tags()
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER refuse_topic_tag ON articles_taggedtopic")
            cursor.execute("DROP FUNCTION refuse_topic_tag()")
        else:
            cursor.execute("DROP TRIGGER refuse_topic_tag")


def store_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith(STORE_THREAD)]


def outcomes_and_threads(folder: Path) -> tuple[list[tuple], set[str]]:
    """Each file's outcome, and the store threads seen while importing."""
    outcomes, seen = [], set()
    for path, result in Importer().import_files(find_text_files([folder])):
        seen.update(store_threads())
        if isinstance(result, ImportRefused):
            outcomes.append((path.name, str(result)))
        else:
            outcomes.append((path.name, result.action, result.article.slug))
    return outcomes, seen


def write_same_titles(folder: Path, count: int) -> None:
    for number in range(count):
        (folder / f"{number}.txt").write_text(
            f"Same Title Here\n\nSpike Jonze spoke {number} times.\n"
        )


@pytest.mark.parametrize("workers", [0, 1])
def test_import_stored_by_a_thread_equals_the_import_in_one_transaction(
    people, tmp_path, monkeypatch, workers
):
    write_mixed_folder(tmp_path)
    monkeypatch.setattr("importer.pipeline.CHUNK_SIZE", 2)
    monkeypatch.setattr("importer.pipeline.WORKERS", workers)
    # Inside the caller's transaction every chunk is written on this
    # connection, one after the other; rolled back to start again from the
    # same people and topics.
    with transaction.atomic():
        serial, _ = import_outcomes(tmp_path)
        serial_rows = imported_rows()
        serial_people = Person.objects.count()
        transaction.set_rollback(True)
    assert store_threads() == []

    outcomes, seen = [], set()
    for path, _ in Importer().import_files(find_text_files([tmp_path])):
        seen.update(store_threads())
        outcomes.append(path.name)

    assert seen == (
        {f"{STORE_THREAD}_0"} if connection.vendor == "postgresql" else set()
    )
    assert store_threads() == []
    assert imported_rows() == serial_rows
    assert Person.objects.count() == serial_people
    assert outcomes == [outcome[0] for outcome in serial]


def test_import_yields_each_file_once_its_chunk_committed(
    people, tmp_path, small_chunks
):
    write_same_titles(tmp_path, 7)

    committed = []
    for _, result in Importer().import_files(find_text_files([tmp_path])):
        # This connection sees only what the store thread committed.
        committed.append(Article.objects.filter(pk=result.article.pk).exists())

    assert committed == [True] * 7


def test_import_slugs_of_a_chunk_avoid_those_of_the_chunk_being_stored(
    people, tmp_path, small_chunks
):
    write_same_titles(tmp_path, 5)

    with CaptureQueriesContext(connection) as queries:
        outcomes, _ = outcomes_and_threads(tmp_path)

    assert outcomes == [
        ("0.txt", "created", "same-title-here"),
        ("1.txt", "created", "same-title-here-2"),
        ("2.txt", "created", "same-title-here-3"),
        ("3.txt", "created", "same-title-here-4"),
        ("4.txt", "created", "same-title-here-5"),
    ]
    assert sorted(Article.objects.values_list("slug", flat=True)) == sorted(
        outcome[2] for outcome in outcomes
    )
    # No chunk was refused and redone file by file: per chunk, the article
    # and slug lookups and (on PostgreSQL) the ids, after the linker's three.
    assert len(queries) == {"postgresql": 16, "sqlite": 28}[connection.vendor]


def test_import_chunk_refused_while_the_next_is_planned_loses_only_its_bad_file(
    people, tmp_path, small_chunks, refused_topic_tags
):
    write_same_titles(tmp_path, 6)
    (tmp_path / "2.toml").write_text('topics = ["Sundance"]\n')
    # An existing topic, so no chunk has a row to create before it is stored.
    Topic.objects.create(name="Sundance")

    outcomes, _ = outcomes_and_threads(tmp_path)

    # Chunk [2, 3] is refused and redone file by file; chunk [4, 5], planned
    # beside it with its slugs kept out of the way, is planned again.
    assert outcomes[:2] == [
        ("0.txt", "created", "same-title-here"),
        ("1.txt", "created", "same-title-here-2"),
    ]
    assert outcomes[2][0] == "2.txt"
    assert outcomes[2][1].startswith(f"{tmp_path / '2.txt'}:1: could not be saved")
    assert "conflicting topic tag" in outcomes[2][1]
    assert outcomes[3:] == [
        ("3.txt", "created", "same-title-here-3"),
        ("4.txt", "created", "same-title-here-4"),
        ("5.txt", "created", "same-title-here-5"),
    ]
    assert sorted(Article.objects.values_list("source_key", flat=True)) == [
        "0",
        "1",
        "3",
        "4",
        "5",
    ]
    assert people_of("5") == {"Spike Jonze"}


def test_import_refused_file_leaves_no_person_its_byline_named(
    people, tmp_path, small_chunks, refused_topic_tags
):
    write_same_titles(tmp_path, 4)
    (tmp_path / "2.txt").write_text("By Refused Writer\n\nSpike Jonze spoke.\n")
    (tmp_path / "2.toml").write_text('topics = ["Sundance"]\n')
    Topic.objects.create(name="Sundance")

    outcomes, _ = outcomes_and_threads(tmp_path)

    assert [outcome[1] for outcome in outcomes if outcome[0] != "2.txt"] == [
        "created"
    ] * 3
    ((_, refusal),) = [outcome for outcome in outcomes if outcome[0] == "2.txt"]
    assert "conflicting topic tag" in refusal
    # The person would be created with the file's rows, and went with them.
    assert not Person.objects.filter(name="Refused Writer").exists()


def test_import_same_file_in_consecutive_chunks_is_created_then_skipped(
    people, tmp_path, small_chunks
):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt").write_text(f"Kanye West spoke to {name}.\n")
    paths = [tmp_path / f"{name}.txt" for name in ("a", "b", "a", "c")]

    with CaptureQueriesContext(connection) as queries:
        outcomes = [
            (path.name, result.action)
            for path, result in Importer().import_files(paths)
        ]

    assert outcomes == [
        ("a.txt", "created"),
        ("b.txt", "created"),
        ("a.txt", "skipped"),
        ("c.txt", "created"),
    ]
    assert Article.objects.count() == 3
    # The second chunk waited for the first to commit rather than being
    # refused and redone file by file: two lookups per chunk, and the ids.
    assert len(queries) == {"postgresql": 9, "sqlite": 17}[connection.vendor]


def test_import_new_byline_and_topic_in_a_later_chunk_are_created_once(
    people, tmp_path, small_chunks
):
    for path in SEED_TEXTS.iterdir():
        shutil.copy(path, tmp_path / path.name)
    for number in range(3):
        (tmp_path / f"z{number}.txt").write_text(
            f"By Jane Doe\n\nKanye West spoke {number} times.\n"
        )
        (tmp_path / f"z{number}.toml").write_text('topics = ["New Topic"]\n')

    call_command("import_articles", tmp_path, verbosity=0, stdout=None)

    assert Person.objects.filter(name="Jane Doe").count() == 1
    assert Topic.objects.filter(name="New Topic").count() == 1
    assert sorted(
        Article.objects.filter(topics__name="New Topic").values_list(
            "source_key", flat=True
        )
    ) == ["z0", "z1", "z2"]


def test_import_stopped_early_leaves_no_store_thread(people, tmp_path, small_chunks):
    write_same_titles(tmp_path, 7)
    results = Importer().import_files(find_text_files([tmp_path]))

    next(results)
    results.close()

    assert store_threads() == []
    # What was stored is whole chunks: every article has its person tag.
    stored = Article.objects.count()
    assert stored % 2 == 0
    assert stored >= 2
    assert all(
        people_of(key) == {"Spike Jonze"}
        for key in Article.objects.values_list("source_key", flat=True)
    )
