"""Feeds (RSS and Atom) of the latest articles, a person, a work, a topic and
the corrections log: they parse, and show only what the public may see."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.test import RequestFactory
from django.utils import timezone
from django.utils.xmlutils import UnserializableContentError

from articles import rendering
from articles.models import Article, Byline, BylineRole, Correction, Status
from images.services import store_image
from people.models import Work, WorkKind
from public import feeds
from public.feeds import FEED_SIZE
from public.structured_data import absolute
from tests.builders.articles import (
    hidden_articles,
    make_article,
    published_article,
    tag,
)
from tests.builders.images import jpeg, upload
from tests.builders.people import make_person
from tests.builders.users import make_user

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


# The article feeds are written by hand: the bytes of Django's feed framework.


class _DjangosWay:
    """An article feed as Django's feed framework writes it, item by item
    from model instances (the way the article feeds were written before)."""

    def __call__(self, request, *args, **kwargs):
        return feeds.PublicFeed.__call__(self, request, *args, **kwargs)

    def get_feed(self, subject, request):
        return Feed.get_feed(self, subject, request)

    def items(self, subject):
        return list(self.get_items(subject)[:FEED_SIZE])

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        return item.dek or item.body_text.partition("\n\n")[0]

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_extra_kwargs(self, item):
        return {"content_html": rendering.for_feeds(rendering.current_html(item))}

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.first_published_at or item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(byline.name for byline in item.bylines.all()) or None


def _anonymous(request):
    request.user = AnonymousUser()
    return request


@pytest.fixture
def feed_photo(media_root, db):
    desk = make_user("picture-desk", "Editor")
    return store_image(
        upload(jpeg()),
        by=get_user_model().objects.get(pk=desk.pk),
        alt_text="The band & <crew>",
        caption="The first night.",
        credit="Photo: Desk",
    )


def _every_kind_of_entry(photo):
    """Articles with every shape an entry takes, all tagged and bylined so
    that they are in the person, work and topic feeds too."""
    person = make_person("Rita Gold")
    other = make_person("Ana Díaz")
    work = Work.objects.create(name="Amazing", kind=WorkKind.SONG)
    now = timezone.now()
    articles = [
        make_article(
            'Rita\'s "Amazing" & <more>: ünïcode',
            dek="A dek with & and <tags>",
            body=f'<p><a data-ref="person:{person.pk}">Rita</a> sang.</p>'
            '<figure data-embed-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ">'
            "</figure>"
            f'<figure data-image="{photo.pk}"></figure>',
            published_at=now - timedelta(hours=1),
        ),
        # No dek: the first paragraph stands in.
        make_article(
            "No dek",
            body="First paragraph & more.\n\nSecond.",
            published_at=now - timedelta(hours=2),
        ),
        # Corrected: first published earlier than its latest publication.
        make_article(
            "Updated",
            published_at=now - timedelta(hours=3),
            first_published_at=now - timedelta(days=2),
        ),
        # Not rendered since its body changed: rendered on the way out.
        make_article("Stale", published_at=now - timedelta(hours=4)),
        # No body at all: no content element.
        make_article("Empty body", body="", published_at=now - timedelta(hours=5)),
    ]
    rendering.mark_stale([articles[3].pk])
    for index, article in enumerate(articles):
        # One with two people, one with an organisation, one with nobody.
        bylines = [person, other] if index == 0 else [person] if index < 3 else []
        tag(article, people=[person], works=[work], bylines=bylines)
        article.topics.add("Music")
    Byline.objects.create(
        article=articles[1],
        organisation="Wire & Desk",
        role=BylineRole.EDITOR,
        position=5,
    )
    # Bylines in their positions, not in the order they were added.
    Byline.objects.filter(article=articles[0], person=person).update(position=2)
    return person, work


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("name", ["latest", "person", "work", "topic"])
def test_article_feeds_are_the_bytes_djangos_feed_framework_writes(
    rf, feed_photo, settings, name, kind
):
    settings.NEWSROOM_BASE_URL = "https://news.example"
    person, work = _every_kind_of_entry(feed_photo)
    slug = {"latest": None, "person": person.slug, "work": work.slug}.get(name, "music")
    kwargs = {"slug": slug} if slug else {}
    ours = {
        "latest": (feeds.LatestFeed, feeds.LatestAtomFeed),
        "person": (feeds.PersonFeed, feeds.PersonAtomFeed),
        "work": (feeds.WorkFeed, feeds.WorkAtomFeed),
        "topic": (feeds.TopicFeed, feeds.TopicAtomFeed),
    }[name][kind == "atom"]
    djangos = type("Djangos", (_DjangosWay, ours), {})

    theirs = djangos()(_anonymous(rf.get("/")), **kwargs)
    # After Django's way rendered the stale body: render it stale again.
    rendering.mark_stale(Article.objects.filter(headline="Stale"))
    response = ours()(_anonymous(rf.get("/")), **kwargs)

    assert response.content == theirs.content
    assert response["Content-Type"] == theirs["Content-Type"]
    assert response["Last-Modified"] == theirs["Last-Modified"]
    text = response.content.decode()
    assert text.count("<item>" if kind == "rss" else "<entry>") == 5
    assert "<iframe" not in text and "Wire &amp; Desk" in text
    assert "Ana Díaz, Rita Gold" in text


def test_an_article_feed_stores_the_body_it_had_to_render(client, db):
    article = make_article("Stale", body="Now rendered.")
    rendering.mark_stale([article.pk])

    text = client.get("/feed/").content.decode()

    assert "Now rendered." in text
    article.refresh_from_db()
    assert "Now rendered." in article.body_html


def test_an_empty_article_feed_is_dated_now(client, db):
    before = timezone.now().replace(microsecond=0)

    response = client.get("/feed/atom/")

    updated = feedparser.parse(response.content).feed.updated_parsed
    assert datetime(*updated[:6], tzinfo=UTC) >= before
    assert b"<entry>" not in response.content


def test_an_article_feed_refuses_control_characters_as_djangos_writer_does(db):
    make_article("Bell \x07 in the headline")

    with pytest.raises(UnserializableContentError):
        feeds.LatestFeed()(_anonymous(RequestFactory().get("/feed/")))


@pytest.mark.parametrize("feed", ["person", "work", "topic"])
def test_an_entity_feed_has_the_newest_articles_newest_first(client, db, feed):
    person = make_person("Rita Gold")
    work = Work.objects.create(name="Amazing", kind=WorkKind.SONG)
    now = timezone.now()
    # The oldest first: the ids rise with the dates, and the two oldest have
    # the lowest.
    for number in reversed(range(FEED_SIZE + 2)):
        article = make_article(
            f"Story {number}", published_at=now - timedelta(hours=number + 1)
        )
        tag(article, people=[person], works=[work])
        article.topics.add("Music")
    slug = {"person": person.slug, "work": work.slug, "topic": "music"}[feed]
    path = {"person": "people", "work": "works", "topic": "topics"}[feed]

    entries = parse(client.get(f"/{path}/{slug}/feed/")).entries

    assert [e.title for e in entries] == [f"Story {n}" for n in range(FEED_SIZE)]
