"""How public responses end: Cache-Control, ETag, Last-Modified and 304s for
readers; private and untagged for anyone logged in."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article, Correction
from tests.builders.articles import published_article

PUBLIC_URLS = [
    "/",
    "/articles/spike-jonze-explains-the-concept-behind-we-were-once-a-fairytale/",
    "/people/kanye-west/",
    "/works/flashing-lights-music-video/",
    "/topics/itunes/",
    "/search/?q=kanye",
    "/corrections/",
    "/feed/",
    "/feed/atom/",
    "/people/kanye-west/feed/",
    "/works/flashing-lights-music-video/feed/atom/",
    "/topics/itunes/feed/",
    "/corrections/feed/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/sitemap-news.xml",
    "/robots.txt",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_responses_are_cacheable_with_validators(client, seeded, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["ETag"].startswith('"')
    assert response.headers["Cache-Tag"]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_responses_answer_304_to_a_matching_etag(client, seeded, url):
    etag = client.get(url).headers["ETag"]

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("url", PUBLIC_URLS[:8])
def test_public_pages_answer_304_to_if_modified_since(client, seeded, url):
    article = Article.objects.get(slug=PUBLIC_URLS[1].split("/")[2])
    Correction.objects.create(article=article, text="A fix.")
    last_modified = client.get(url).headers["Last-Modified"]

    again = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)

    assert again.status_code == 304


def test_correction_changes_etag_and_last_modified(client, db):
    article = published_article()
    first = client.get(article.get_absolute_url())

    # A second later than anything else on the page.
    Correction.objects.create(
        article=article,
        text="Fixed a name.",
        created_at=timezone.now() + timedelta(seconds=2),
    )
    second = client.get(
        article.get_absolute_url(), HTTP_IF_NONE_MATCH=first.headers["ETag"]
    )

    assert second.status_code == 200
    assert second.headers["ETag"] != first.headers["ETag"]
    assert second.headers["Last-Modified"] != first.headers["Last-Modified"]


@pytest.mark.parametrize("url", ["/", "/people/kanye-west/", "/feed/", "/search/"])
def test_logged_in_responses_are_private_and_untagged(client, seeded, url):
    staff = get_user_model().objects.create_user(
        "editor", password="a long password", is_staff=True
    )
    client.force_login(staff)

    response = client.get(url)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Cache-Tag" not in response.headers
    assert "ETag" not in response.headers


def test_not_found_is_not_tagged(client, db):
    response = client.get("/articles/nothing/")

    assert response.status_code == 404
    assert "Cache-Tag" not in response.headers
