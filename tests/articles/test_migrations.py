"""What the articles migrations do to the database beyond Django's own schema."""

import importlib
import json

import pytest
import reversion
from django.apps import apps
from django.db import connection
from reversion.models import Version

from articles import fulltext
from articles.body import from_plain_text as paragraphs
from articles.models import (
    Article,
    PublishedVersion,
    VersionKind,
    record_published_version,
)
from importer.newstext import parse_news_text
from tests.builders.articles import make_article
from tests.builders.seeds import SEED_TEXTS

body_lz4 = importlib.import_module("articles.migrations.0009_body_lz4")
redundant_indexes = importlib.import_module(
    "articles.migrations.0010_redundant_single_column_indexes"
)

# Long and repetitive enough that PostgreSQL compresses it (over ~2 kB).
LONG_BODY = "\n\n".join(f"Paragraph {n} of a long story." * 20 for n in range(10))


def stored_compression(table: str, pk: int) -> str | None:
    with connection.cursor() as cursor:
        # Table names from the list below, never from input.
        cursor.execute(
            f"SELECT pg_column_compression(body) FROM {table} WHERE id = %s",  # noqa: S608
            [pk],
        )
        return cursor.fetchone()[0]


def test_body_lz4_article_and_version_bodies_use_lz4_on_postgresql(db):
    article = make_article("Long story", body=LONG_BODY)
    version = record_published_version(
        article, kind=VersionKind.FIRST, at=article.published_at
    )

    if connection.vendor != "postgresql":
        # SQLite stores text as it is: nothing to change, and nothing changed.
        assert body_lz4.has_lz4(connection) is False
        assert PublishedVersion.objects.get(pk=version.pk).body == paragraphs(LONG_BODY)
        return
    assert body_lz4.has_lz4(connection) is True
    assert [
        stored_compression("articles_article", article.pk),
        stored_compression("articles_publishedversion", version.pk),
    ] == ["lz4", "lz4"]


def single_column_indexes(table: str) -> set[str]:
    """Columns of ``table`` that have a (non-unique) index of their own."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {
        info["columns"][0]
        for info in constraints.values()
        if info["index"] and not info["unique"] and len(info["columns"]) == 1
    }


def test_redundant_indexes_gone_where_a_wider_index_leads_with_the_column(db):
    still_indexed = {
        (table, column)
        for table, column, _ in redundant_indexes.INDEXES
        if column in single_column_indexes(table)
    }

    assert still_indexed == set()
    # The control: a foreign key nothing else indexes keeps its index.
    assert "created_by_id" in single_column_indexes("articles_article")


def test_roles_come_from_the_migration_with_exact_powers(db):
    from django.contrib.auth.models import Group

    def powers(name: str) -> set[str]:
        group = Group.objects.get(name=name)
        return set(group.permissions.values_list("codename", flat=True))

    reporter, editor = powers("Reporter"), powers("Editor")

    assert "review_article" in editor
    assert "review_article" not in reporter
    assert {"add_correction", "change_correction", "delete_correction"} <= editor
    assert {"add_correction", "change_correction", "delete_correction"} & (
        reporter
    ) == set()
    assert reporter < editor


# --- 0014: plain-text bodies become the HTML schema ----------------------------

body_as_html = importlib.import_module("articles.migrations.0014_body_as_html")


def test_body_as_html_gives_the_body_the_importer_gives_each_seed(seeded):
    imported = {a.pk: (a.body, a.body_text) for a in Article.objects.all()}
    assert len(imported) == 3
    for path in sorted(SEED_TEXTS.glob("*.txt")):
        # The body as it was stored before the migration: the seed's text.
        plain = parse_news_text(path.read_bytes()).body
        rows = Article.objects.filter(source_key=path.stem)
        assert rows.update(body=plain, body_text="") == 1

    body_as_html.forwards(apps, None)

    assert {a.pk: (a.body, a.body_text) for a in Article.objects.all()} == imported


def test_body_as_html_back_and_forth_keeps_the_text(db):
    plain = "First paragraph, with “quotes” & <angles>.\n\nSecond one."
    article = make_article(body="x")
    version = record_published_version(article, kind=VersionKind.FIRST)
    Article.objects.filter(pk=article.pk).update(body=plain)
    PublishedVersion.objects.filter(pk=version.pk).update(body=plain)

    body_as_html.forwards(apps, None)
    converted = Article.objects.get(pk=article.pk)
    assert converted.body == (
        "<p>First paragraph, with “quotes” &amp; &lt;angles&gt;.</p><p>Second one.</p>"
    )
    assert PublishedVersion.objects.get(pk=version.pk).body == converted.body

    body_as_html.backwards(apps, None)
    assert Article.objects.get(pk=article.pk).body == plain
    assert PublishedVersion.objects.get(pk=version.pk).body == plain


def test_body_as_html_converts_revisions_and_never_reads_text_as_markup(db):
    typed = '<p onmouseover="alert(1)">Typed as text</p>\n\nSecond.'
    article = make_article(body="x")
    with reversion.create_revision():
        article.save()
    version = Version.objects.get_for_object(article).get()
    data = json.loads(version.serialized_data)
    data[0]["fields"]["body"] = typed
    Version.objects.filter(pk=version.pk).update(serialized_data=json.dumps(data))
    Article.objects.filter(pk=article.pk).update(body=typed)

    body_as_html.forwards(apps, None)

    shown_as_text = (
        '<p>&lt;p onmouseover="alert(1)"&gt;Typed as text&lt;/p&gt;</p><p>Second.</p>'
    )
    assert Article.objects.get(pk=article.pk).body == shown_as_text
    stored = json.loads(Version.objects.get(pk=version.pk).serialized_data)
    assert stored[0]["fields"]["body"] == shown_as_text

    body_as_html.backwards(apps, None)
    stored = json.loads(Version.objects.get(pk=version.pk).serialized_data)
    assert stored[0]["fields"]["body"] == typed


body_columns_last = importlib.import_module(
    "articles.migrations.0023_body_columns_last"
)
word_index = importlib.import_module("articles.migrations.0024_sqlite_word_index")


def article_columns() -> list[str]:
    with connection.cursor() as cursor:
        described = connection.introspection.get_table_description(
            cursor, Article._meta.db_table
        )
    return [column.name for column in described]


def test_body_columns_come_last_on_sqlite_and_keep_every_value(transactional_db):
    article = make_article("Long story", body=LONG_BODY)
    stored = Article.objects.values().get(pk=article.pk)
    before = article_columns()

    with connection.schema_editor() as editor:
        # 0023 ran before the word index (0024) existed: SQLite refuses to
        # drop a column its triggers name.
        word_index.drop_index(apps, editor)
        body_columns_last.body_columns_last(apps, editor)
        word_index.create_index(apps, editor)

    assert Article.objects.values().get(pk=article.pk) == stored
    if connection.vendor == "sqlite":
        # The columns lists read sit in the row's first page, before the body.
        assert article_columns()[-3:] == ["body", "body_html", "body_text"]
        assert before[-3:] == ["body", "body_html", "body_text"]  # as migrated
        assert sorted(article_columns()) == sorted(before)
    else:
        assert article_columns() == before


def test_word_index_is_filled_with_the_articles_already_there(transactional_db):
    if not fulltext.in_use(connection):
        pytest.skip("SQLite with FTS5's trigram tokenizer only (PostgreSQL: GIN)")
    article = make_article("Long story", body=LONG_BODY)
    with connection.schema_editor() as editor:
        word_index.drop_index(apps, editor)
        word_index.create_index(apps, editor)

    sql, params = fulltext.match_all(["long", "story"])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.fetchall() == [(article.pk,)]
