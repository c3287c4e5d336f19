"""Sitemaps, the Google News sitemap and robots.txt."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.test import override_settings
from django.utils import timezone

from articles.models import Article
from tests.builders.articles import hidden_articles, make_article, tag
from tests.builders.people import make_person

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


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
    # The same moment, written in the newsroom's zone with its offset.
    published = datetime.fromisoformat(news.find(f"{NEWS}publication_date").text)
    assert published.utcoffset() is not None
    assert published == fresh.first_published_at


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


def _django_section(rf, section: str, page: int):
    """What Django's own sitemap view and template give for the section."""
    from django.contrib.sitemaps.views import sitemap

    from public.sitemaps import SECTIONS

    response = sitemap(rf.get(f"/sitemap-{section}.xml?p={page}"), SECTIONS, section)
    response.render()
    return response


@pytest.mark.parametrize("section", ["articles", "people", "works", "topics"])
@override_settings(NEWSROOM_BASE_URL="https://news.example.com")
def test_sections_are_the_bytes_djangos_sitemap_view_writes(
    client, rf, db, monkeypatch, section
):
    from people.models import Work, WorkKind
    from public.sitemaps import PublicSitemap

    monkeypatch.setattr(PublicSitemap, "limit", 2)
    for number in range(5):
        person = make_person(f"Person {number}")
        work = Work.objects.create(name=f"Work {number}", kind=WorkKind.FILM)
        article = tag(
            make_article(
                f"Story & <{number}>",
                published_at=timezone.now() - timedelta(days=number, hours=1),
            ),
            people=[person],
            works=[work],
        )
        article.topics.add(f"Topic {number}")
        # 02:00 UTC is the evening before in New York: the lastmod date is
        # the one in the newsroom's zone, as Django's template writes it.
        Article.objects.filter(pk=article.pk).update(
            updated_at=datetime(2026, 12, 6 - number, 2, tzinfo=UTC)
        )
    assert (
        b"<lastmod>2026-12-05</lastmod>" in client.get("/sitemap-articles.xml").content
    )

    for page in (1, 2, 3):
        ours = client.get(f"/sitemap-{section}.xml?p={page}")
        theirs = _django_section(rf, section, page)

        assert ours.status_code == 200
        assert ours.content == theirs.content
        assert ours.headers.get("Last-Modified") == theirs.headers.get("Last-Modified")
        assert ours.headers["X-Robots-Tag"] == theirs.headers["X-Robots-Tag"]
        assert ours.headers["Content-Type"] == theirs.headers["Content-Type"]
    assert len(locations(client.get(f"/sitemap-{section}.xml?p=3"))) == 1
    assert client.get(f"/sitemap-{section}.xml?p=4").status_code == 404
    assert client.get(f"/sitemap-{section}.xml?p=0").status_code == 404
    assert client.get(f"/sitemap-{section}.xml?p=1.0").status_code == 404


def test_an_empty_section_is_an_empty_urlset_not_a_404(client, db):
    response = client.get("/sitemap-topics.xml")

    assert response.status_code == 200
    assert locations(response) == []


def test_the_index_names_every_page_of_a_long_section(client, db, monkeypatch):
    from public.sitemaps import PublicSitemap

    monkeypatch.setattr(PublicSitemap, "limit", 2)
    for number in range(5):
        make_article(f"Story {number}")

    names = locations(client.get("/sitemap.xml"))

    assert names[:3] == [
        "http://127.0.0.1:8000/sitemap-articles.xml",
        "http://127.0.0.1:8000/sitemap-articles.xml?p=2",
        "http://127.0.0.1:8000/sitemap-articles.xml?p=3",
    ]
    seen = []
    for name in names[:3]:
        seen += locations(client.get(name.removeprefix("http://127.0.0.1:8000")))
    assert len(seen) == len(set(seen)) == 5
