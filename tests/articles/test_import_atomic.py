"""A database failure half-way through a file leaves no trace of that file.

The failure is real: a trigger makes the database itself refuse the file's
topic tags, the last rows the importer writes (after the article, its
published version, bylines and person and work tags), with the
error a conflicting row gives (a unique violation).
"""

import shutil

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from articles.models import Article, TaggedTopic
from importer.pipeline import Importer
from importer.reading import ImportRefused
from tests.builders.seeds import SEED_TEXTS

SEED_001 = "001_b0fedd82ad9e3230"
SEED_002 = "002_a9bcb9ffb146848a"


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count() for model in apps.get_models()
    }


def refuse_topic_tags() -> None:
    """Make every insert into the topic-tag table fail inside the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_topic_tag() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'conflicting topic tag' "
                "USING ERRCODE = 'unique_violation'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_topic_tag BEFORE INSERT ON "
                "articles_taggedtopic FOR EACH ROW EXECUTE FUNCTION refuse_topic_tag()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_topic_tag BEFORE INSERT ON "
                "articles_taggedtopic BEGIN "
                "SELECT RAISE(ABORT, 'conflicting topic tag'); END"
            )


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


def test_import_command_keeps_the_good_files_when_one_fails(people_and_works, tmp_path):
    for path in SEED_TEXTS.iterdir():
        shutil.copy(path, tmp_path / path.name)
    # Only the second file's sidecar has topics the trigger will refuse...
    for name in ("000_abe5955fdd561f21", SEED_002):
        toml = tmp_path / f"{name}.toml"
        toml.write_text(
            "\n".join(
                line
                for line in toml.read_text().splitlines()
                if not line.startswith("topics")
            )
        )
    refuse_topic_tags()

    with pytest.raises(CommandError, match="1 file"):
        call_command("import_articles", tmp_path, verbosity=0, stdout=None)

    assert sorted(Article.objects.values_list("source_key", flat=True)) == [
        "000_abe5955fdd561f21",
        SEED_002,
    ]
    assert TaggedTopic.objects.count() == 0
