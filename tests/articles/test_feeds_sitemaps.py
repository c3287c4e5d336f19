"""Feeds (RSS and Atom), sitemaps, the Google News sitemap and robots.txt."""

from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.test import override_settings
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
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


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


def locations(response) -> list[str]:
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own XML
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_index_names_every_section(client, seeded):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert locations(response) == [
        "http://127.0.0.1:8000/sitemap-articles.xml",
        "http://127.0.0.1:8000/sitemap-people.xml",
        "http://127.0.0.1:8000/sitemap-works.xml",
        "http://127.0.0.1:8000/sitemap-topics.xml",
    ]


@override_settings(NEWSROOM_BASE_URL="https://news.example.com")
def test_sitemaps_use_the_base_url(client, db):
    article = make_article()

    assert locations(client.get("/sitemap-articles.xml")) == [
        f"https://news.example.com{article.get_absolute_url()}"
    ]
    assert locations(client.get("/sitemap.xml"))[0] == (
        "https://news.example.com/sitemap-articles.xml"
    )


def test_sitemaps_list_only_public_things(client, db):
    visible_person = make_person("Visible person")
    secret_person = make_person("Secret person")
    visible = tag(make_article("Visible"), people=[visible_person])
    visible.topics.add("Public topic")
    for article in hidden_articles():
        tag(article, people=[secret_person], bylines=[secret_person])
        article.topics.add("Secret topic")

    base = "http://127.0.0.1:8000"
    assert locations(client.get("/sitemap-articles.xml")) == [
        f"{base}{visible.get_absolute_url()}"
    ]
    assert locations(client.get("/sitemap-people.xml")) == [
        f"{base}{visible_person.get_absolute_url()}"
    ]
    assert locations(client.get("/sitemap-topics.xml")) == [
        f"{base}/topics/public-topic/"
    ]
    assert locations(client.get("/sitemap-news.xml")) == []


def test_sitemap_unknown_section_or_page_is_404(client, db):
    assert client.get("/sitemap-secrets.xml").status_code == 404
    assert client.get("/sitemap-articles.xml?p=abc").status_code == 404
    assert client.get("/sitemap-articles.xml?p=9").status_code == 404


def test_news_sitemap_has_last_48_hours_with_news_tags(client, db):
    now = timezone.now()
    fresh = make_article(
        "Fresh & new",
        published_at=now - timedelta(hours=2),
        first_published_at=now - timedelta(hours=2),
    )
    make_article(
        "Old",
        published_at=now - timedelta(hours=49),
        first_published_at=now - timedelta(hours=49),
    )

    response = client.get("/sitemap-news.xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own XML

    assert locations(response) == [f"http://127.0.0.1:8000{fresh.get_absolute_url()}"]
    (news,) = root.iter(f"{NEWS}news")
    assert news.find(f"{NEWS}publication/{NEWS}name").text == "newsroom"
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "en"
    assert news.find(f"{NEWS}title").text == "Fresh & new"
    assert news.find(f"{NEWS}publication_date").text == (
        fresh.first_published_at.isoformat()
    )


def test_robots_txt_names_the_sitemaps(client, db):
    response = client.get("/robots.txt")

    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        "Sitemap: http://127.0.0.1:8000/sitemap.xml",
        "Sitemap: http://127.0.0.1:8000/sitemap-news.xml",
    ]
