"""The content version (``public.contentversion``) and the pages checked by
it (``public.readmodel``): a stored page is served after one query for as
long as the version is the one it was checked at, so every table a page is
made from must raise the version, whoever writes it. Changes here go
through ``QuerySet.update`` and plain SQL on purpose.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, AutosaveDraft, Status
from public import contentversion
from public.models import ContentVersion, RenderedArticlePage, RenderedListPage
from public.queries import content_version_and_stored_page
from tests.builders.articles import make_article, published_article, tag
from tests.builders.people import make_person
from tests.builders.users import make_user
from tests.public.test_queries import rich_article

VERSIONED = [
    "{article}",
    "/",
    "/topics/awards/",
    "/people/{person}/",
    "/works/{work}/",
    "/feed/",
    "/feed/atom/",
    "/people/{person}/feed/",
    "/works/{work}/feed/atom/",
    "/topics/awards/feed/",
    "/sitemap-articles.xml",
    "/sitemap-people.xml",
    "/sitemap-works.xml",
    "/sitemap-topics.xml",
]


def version() -> int:
    return ContentVersion.objects.get(pk=1).version


def version_seen() -> tuple:
    """The version as a view reads it: with its own transaction's changes
    (a test's transaction never commits)."""
    return content_version_and_stored_page("any")[0]


def test_every_content_table_raises_the_version(db):
    tables = contentversion.content_tables()

    assert "articles_article" in tables
    assert set(tables) <= contentversion.tables_with_triggers()
    # The tables left out are tables of the content apps.
    existing = set(connection.introspection.table_names())
    assert existing >= contentversion.NOT_PUBLIC
    assert not contentversion.NOT_PUBLIC & set(tables)


@pytest.mark.parametrize("url", VERSIONED)
def test_a_stored_page_is_made_only_from_tables_that_raise_the_version(client, db, url):
    article = rich_article()
    person = article.person_tags.first().tag
    work = article.work_tags.first().tag
    url = url.format(
        article=article.get_absolute_url(), person=person.slug, work=work.slug
    )

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200

    stored = RenderedListPage.objects.exists() or RenderedArticlePage.objects.exists()
    assert stored, "the page was not stored"
    read = {
        table
        for query in captured.captured_queries
        for table in re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', query["sql"])
    }
    kept = {
        ContentVersion._meta.db_table,
        RenderedListPage._meta.db_table,
        RenderedArticlePage._meta.db_table,
    }
    assert "articles_article" in read
    assert read - kept <= contentversion.tables_with_triggers()


def test_a_change_by_any_means_raises_the_version(db):
    story = published_article("A story")
    person = make_person("Rita Gold")
    seen = [version_seen()]

    def raised() -> bool:
        seen.append(version_seen())
        return seen[-1] != seen[-2]

    Article.objects.filter(pk=story.pk).update(dek="A dek.")
    assert raised()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE people_person SET name = %s WHERE id = %s", ["Rita G.", person.pk]
        )
    assert raised()
    tag(story, people=[person])
    assert raised()
    story.topics.add("Awards")
    assert raised()
    Article.objects.filter(pk=story.pk).delete()
    assert raised()
    draft = make_article("Draft", status=Status.DRAFT)
    writer = make_user("writer", None)
    assert raised()
    # Nothing public: an editor's autosave, written every few seconds, leaves
    # it alone.
    AutosaveDraft.objects.create(
        user=writer,
        article=draft,
        payload={"body": ["<p>Not saved yet</p>"]},
        lock_version=draft.lock_version,
    )
    assert not raised()


@pytest.mark.django_db(transaction=True)
def test_a_transaction_raises_the_version_when_it_commits(client):
    # An earlier test that empties the database deletes the version's row.
    contentversion.start_again()
    stories = [published_article(f"Story {n}") for n in range(3)]
    before = version()

    with transaction.atomic():
        for story in stories:
            Article.objects.filter(pk=story.pk).update(dek=f"Dek {story.pk}")
        inside = version()

    after = version()
    if connection.vendor == "postgresql":
        # Deferred to the commit, and raised once for the whole transaction.
        assert (inside, after) == (before, before + 1)
    else:
        # SQLite raises it for each row, inside the transaction.
        assert (inside, after) == (before + 3, before + 3)


@pytest.mark.django_db(transaction=True)
def test_a_feed_follows_changes_committed_by_others(client):
    story = published_article("A story", body="<p>The body.</p>")
    client.get("/feed/")

    with transaction.atomic():
        Article.objects.filter(pk=story.pk).update(body_html="<p>A new body.</p>")

    assert b"A new body." in client.get("/feed/").content


@pytest.mark.parametrize("url", ["/feed/", "/sitemap-articles.xml"])
def test_a_scheduled_article_shows_once_its_time_has_come(client, db, monkeypatch, url):
    published_article("Now")
    soon = timezone.now() + timedelta(hours=1)
    later = make_article("Later", status=Status.SCHEDULED, published_at=soon)
    stored = client.get(url).content
    assert later.slug.encode() not in stored
    assert client.get(url).content == stored

    monkeypatch.setattr(timezone, "now", lambda: soon + timedelta(minutes=1))

    assert later.slug.encode() in client.get(url).content


def test_the_version_row_deleted_renders_afresh_and_starts_again(
    client, db, django_assert_num_queries
):
    story = published_article("A story", body="<p>The body.</p>")
    client.get("/feed/")
    ContentVersion.objects.all().delete()
    Article.objects.filter(pk=story.pk).update(body_html="<p>A new body.</p>")

    assert b"A new body." in client.get("/feed/").content
    assert ContentVersion.objects.filter(pk=1).exists()
    client.get("/feed/")
    with django_assert_num_queries(1):
        assert b"A new body." in client.get("/feed/").content
    Article.objects.filter(pk=story.pk).update(body_html="<p>A third body.</p>")
    assert b"A third body." in client.get("/feed/").content
