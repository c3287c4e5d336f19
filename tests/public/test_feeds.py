"""Feeds (RSS and Atom) of the latest articles, a person, a work, a topic and
the corrections log: they parse, and show only what the public may see."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Correction, Status
from people.models import Work, WorkKind
from tests.builders.articles import (
    hidden_articles,
    make_article,
    published_article,
    tag,
)
from tests.builders.people import make_person

FEEDS = [
    "/feed/",
    "/feed/atom/",
    "/people/kanye-west/feed/",
    "/people/kanye-west/feed/atom/",
    "/works/flashing-lights-music-video/feed/",
    "/works/flashing-lights-music-video/feed/atom/",
    "/topics/itunes/feed/",
    "/topics/itunes/feed/atom/",
    "/corrections/feed/",
    "/corrections/feed/atom/",
]


def parse(response):
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


@pytest.mark.parametrize("url", FEEDS)
def test_every_feed_parses_without_error(client, seeded, url):
    article = make_article("Corrected story")
    Correction.objects.create(article=article, text="A fix & <more>.")

    response = client.get(url)
    feed = parse(response)

    assert response.status_code == 200
    assert feed.version == ("atom10" if url.endswith("atom/") else "rss20")
    assert len(feed.entries) >= 1
    assert all(e.link.startswith("http://127.0.0.1:8000/") for e in feed.entries)


def test_latest_feed_lists_listed_articles_newest_first(client, db):
    writer = make_person("Elan Mancini")
    now = timezone.now()
    older = tag(
        make_article("Older", published_at=now - timedelta(hours=2)), bylines=[writer]
    )
    newer = make_article("Newer & <better>", published_at=now - timedelta(hours=1))

    feed = parse(client.get("/feed/"))

    assert [e.title for e in feed.entries] == ["Newer & <better>", "Older"]
    assert [e.link for e in feed.entries] == [
        f"http://127.0.0.1:8000{newer.get_absolute_url()}",
        f"http://127.0.0.1:8000{older.get_absolute_url()}",
    ]
    assert feed.entries[1].author == "Elan Mancini"


def test_person_feed_has_articles_about_and_by(client, db):
    person = make_person("Kanye West")
    now = timezone.now()
    about = tag(
        make_article("About", published_at=now - timedelta(hours=2)), people=[person]
    )
    by = tag(
        make_article("By", published_at=now - timedelta(hours=1)), bylines=[person]
    )
    make_article("Other")

    feed = parse(client.get(f"/people/{person.slug}/feed/atom/"))

    assert [e.title for e in feed.entries] == [by.headline, about.headline]


def test_corrections_feed_lists_public_corrections(client, db):
    article = published_article("Story")
    correction = Correction.objects.create(article=article, text="Right year.")
    for hidden in hidden_articles():
        Correction.objects.create(article=hidden, text="Secret fix.")

    feed = parse(client.get("/corrections/feed/"))

    assert [(e.title, e.description, e.link) for e in feed.entries] == [
        (
            "Correction: Story",
            "Right year.",
            f"http://127.0.0.1:8000{correction.get_absolute_url()}",
        )
    ]


def test_no_feed_shows_hidden_articles(client, db):
    person = make_person("Kanye West")
    work = Work.objects.create(name="Amazing", kind=WorkKind.SONG)
    visible = tag(make_article("Visible"), people=[person], works=[work])
    visible.topics.add("Music")
    for article in hidden_articles():
        tag(article, people=[person], works=[work], bylines=[person])
        article.topics.add("Music")
    make_article("Retracted", status=Status.RETRACTED)

    for url in (
        "/feed/",
        f"/people/{person.slug}/feed/",
        f"/works/{work.slug}/feed/",
        "/topics/music/feed/",
    ):
        feed = parse(client.get(url))
        assert (url, [e.title for e in feed.entries]) == (url, ["Visible"])


def test_feeds_of_people_and_topics_only_on_drafts_are_404(client, db):
    person = make_person("Secret person")
    for article in hidden_articles():
        tag(article, people=[person], bylines=[person])
        article.topics.add("Secret topic")
    missing = client.get("/people/nobody/feed/")

    for url in (
        f"/people/{person.slug}/feed/",
        f"/people/{person.slug}/feed/atom/",
        "/topics/secret-topic/feed/",
    ):
        response = client.get(url)
        assert (url, response.status_code) == (url, 404)
        assert response.content == missing.content


def test_feed_for_unknown_entity_is_404(client, db):
    assert client.get("/people/nobody/feed/").status_code == 404
    assert client.get("/works/nothing/feed/atom/").status_code == 404


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_feed_written_at_once_is_the_bytes_djangos_writer_gives(kind):
    from django.http import HttpResponse

    from public.feeds import AtomFeed, RssFeed, WrittenAtOnce

    feed = (RssFeed if kind == "rss" else AtomFeed)(
        title="Ünïcode & <news>", link="https://x.test/", description="d"
    )
    feed.add_item(
        title="Kanye's “Amazing” & more",
        link="https://x.test/a/",
        description="<p>Body</p>",
        content_html="<p>Body &amp; more</p>",
        # Without a date the feed says "now", which moves between the writes.
        pubdate=datetime(2026, 12, 6, 12, tzinfo=UTC),
    )
    at_once, piece_by_piece = HttpResponse(), HttpResponse()

    feed.write(at_once, "utf-8")
    # Django's own writer, straight into the response.
    super(WrittenAtOnce, feed).write(piece_by_piece, "utf-8")

    assert at_once.content == piece_by_piece.content
    assert "Ünïcode &amp; &lt;news&gt;" in at_once.content.decode("utf-8")
