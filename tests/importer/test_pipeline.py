"""The import pipeline (``Importer``): files in, articles or refusals out.

A database failure half-way through a file leaves no trace of that file. The
failure is real: a trigger makes the database itself refuse the file's topic
tags, the last rows the importer writes (after the article, its published
version, bylines and person and work tags), with the error a conflicting row
gives (a unique violation).

Under hostile input (Hypothesis) any file either imports or is refused as
``file:line: message``, never another exception, and a refused file writes
nothing.

Chunks stored by a thread on their own connection (PostgreSQL) are tested in
test_pipeline_overlap.py.
"""

import re
import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Article
from importer.pipeline import Importer
from importer.reading import ImportRefused
from tests.builders.database import row_counts
from tests.builders.importer import (
    import_outcomes,
    imported_rows,
    news_text,
    refuse_topic_tags,
    write_mixed_folder,
)
from tests.builders.seeds import SEED_001, SEED_TEXTS

# No example database in the work tree, no flaky deadlines on a shared machine.
FUZZ_DB = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def test_import_files_in_a_worker_process_equal_the_in_process_import(
    people_and_works, tmp_path, monkeypatch
):
    write_mixed_folder(tmp_path)
    monkeypatch.setattr("importer.pipeline.CHUNK_SIZE", 2)
    monkeypatch.setattr("importer.pipeline.WORKERS", 0)
    here, workers_here = import_outcomes(tmp_path)
    rows_here = imported_rows()
    Article.objects.all().delete()
    monkeypatch.setattr("importer.pipeline.WORKERS", 1)

    there, workers_there = import_outcomes(tmp_path)

    assert (workers_here, workers_there) == (0, 1)
    assert there == here
    assert imported_rows() == rows_here
    assert [outcome[1] for outcome in here] == [
        *["created"] * 5,
        f"{tmp_path / 'c_empty.txt'}:1: file is empty",
        f"{tmp_path / 'd_bad_sidecar.toml'}:1: status must be 'draft' or 'published'",
        "created",
        "created",
        f"{tmp_path / 'g_nul.txt'}:1: contains a NUL byte; "
        "this looks like a binary file",
    ]


# A database failure while writing a file


def test_import_failure_while_tagging_writes_nothing(people_and_works):
    refuse_topic_tags()
    before = row_counts()

    with pytest.raises(ImportRefused) as caught:
        Importer().import_file(SEED_TEXTS / f"{SEED_001}.txt")

    assert str(caught.value).startswith(f"{SEED_TEXTS / SEED_001}.txt:1: could not")
    assert "conflicting topic tag" in str(caught.value)
    assert row_counts() == before


def test_import_without_the_failure_writes_every_kind_of_row(people_and_works):
    # The control: the same file does reach the topic tags, after the rest.
    before = row_counts()

    Importer().import_file(SEED_TEXTS / f"{SEED_001}.txt")

    grown = {label for label, count in row_counts().items() if count != before[label]}
    assert grown == {
        "articles.Article",
        "articles.Byline",
        "articles.PublishedVersion",
        "articles.TaggedPerson",
        "articles.TaggedTopic",
        "articles.TaggedWork",
        "articles.Topic",
    }


# Hostile input (Hypothesis)


SIDECARS = [
    None,
    "",
    'status = "published"\n',
    'status = "draft"\ntopics = ["iTunes", "MTV News"]\n',
    'headline = "A headline the newsroom wrote"\n',
    '[source]\npublisher = "MTV News"\nurl = "https://www.mtv.com/news/1"\n',
    'status = "live"\n',
    "topics = 3\n",
    'headline = "\\u0000"\n',
    "not toml at all [\n",
    'unknown = "key"\n',
]


@FUZZ_DB
@given(
    body=st.one_of(news_text.map(str.encode), st.binary(max_size=500)),
    sidecar=st.sampled_from(SIDECARS),
)
def test_import_any_file_imports_or_refuses_without_a_trace(
    people_and_works, body, sidecar
):
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        path = Path(folder) / "fuzzed.txt"
        path.write_bytes(body)
        if sidecar is not None:
            path.with_suffix(".toml").write_text(sidecar, encoding="utf-8")
        before = row_counts()
        try:
            result = Importer().import_file(path)
        except ImportRefused as exc:
            assert re.fullmatch(
                rf"{re.escape(folder)}/fuzzed\.(txt|toml):[1-9][0-9]*: .+",
                str(exc),
                flags=re.DOTALL,
            )
            assert row_counts() == before
        else:
            assert result.action == "created"
            assert result.article.pk is not None
        # Each example starts from the same database.
        transaction.set_rollback(True)


def test_chunks_start_small_and_double_up_to_the_chunk_size():
    from importer.pipeline import _chunks

    paths = [Path(f"{n}.txt") for n in range(1_000)]

    sizes = [len(chunk) for chunk in _chunks(paths, 500)]

    # The writer gets its first chunk after 50 files, not after 500.
    assert sizes == [50, 100, 200, 400, 250]
    assert [p for chunk in _chunks(paths, 500) for p in chunk] == paths
    assert {len(chunk) for chunk in _chunks(paths[:6], 2)} == {2}


def test_import_freezes_what_exists_for_the_run_and_unfreezes_it_after(
    people_and_works, tmp_path, monkeypatch
):
    import gc

    write_mixed_folder(tmp_path)
    monkeypatch.setattr("importer.pipeline.CHUNK_SIZE", 2)
    frozen_during = []
    run = Importer().import_files(sorted(tmp_path.glob("*.txt")))

    for _outcome in run:
        frozen_during.append(gc.get_freeze_count())

    assert min(frozen_during) > 0
    assert gc.get_freeze_count() == 0
