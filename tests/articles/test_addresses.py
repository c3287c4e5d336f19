"""Old addresses: a published article's slug can change, and its old address
answers 301 to the new one for good (``articles.addresses``)."""

import feedparser
import pytest
from django.db import IntegrityError

from articles.models import SlugHistory, Status
from articles.workflow import transitions
from tests.builders.articles import (
    article_form_data,
    change_url,
    make_article,
    published_article,
)
from tests.builders.users import logged_in


def change_slug(client, article, slug: str):
    return client.post(change_url(article), article_form_data(article, slug=slug))


@pytest.fixture
def moved(editor):
    """A published article whose address changed from old-name to new-name."""
    article = published_article("Moved", slug="old-name", created_by=editor)
    response = change_slug(logged_in(editor), article, "new-name")
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    return article


def test_the_old_address_answers_301_to_the_new_one(client, moved):
    response = client.get("/articles/old-name/")
    changes = client.get("/articles/old-name/changes/")

    assert moved.slug == "new-name"
    assert response.status_code == 301
    assert response["Location"] == "/articles/new-name/"
    assert changes.status_code == 301
    assert changes["Location"] == "/articles/new-name/changes/"
    assert client.get("/articles/new-name/").status_code == 200


def test_a_miss_costs_one_more_query_only(client, moved, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert client.get("/articles/old-name/").status_code == 301
    # And the importer's old addresses (importer.middleware) after a 404.
    with django_assert_num_queries(3):
        assert client.get("/articles/never-was/").status_code == 404


def test_feeds_and_sitemaps_show_only_the_new_address(client, moved):
    feed = feedparser.parse(client.get("/feed/").content)
    sitemap = client.get("/sitemap-articles.xml").content.decode()

    assert [e.link for e in feed.entries] == [
        "http://127.0.0.1:8000/articles/new-name/"
    ]
    assert "/articles/new-name/" in sitemap
    assert "old-name" not in sitemap


def test_a_redirect_to_an_unpublished_article_is_404(client, moved, editor):
    transitions.unpublish(moved, by=editor, note="Held for legal review.")

    assert client.get("/articles/old-name/").status_code == 404
    assert client.get("/articles/new-name/").status_code == 404


def test_a_draft_leaves_no_old_address(editor):
    draft = make_article("Draft", slug="first-try", status=Status.DRAFT)

    change_slug(logged_in(editor), draft, "second-try")

    assert not SlugHistory.objects.exists()


def test_going_back_to_an_old_slug_makes_it_live_again(client, moved, editor):
    change_slug(logged_in(editor), moved, "old-name")

    assert list(SlugHistory.objects.values_list("old_slug", flat=True)) == ["new-name"]
    assert client.get("/articles/old-name/").status_code == 200
    assert client.get("/articles/new-name/")["Location"] == "/articles/old-name/"


def test_no_article_takes_another_articles_old_address(moved, editor):
    other = published_article("Other", slug="other", created_by=editor)

    response = change_slug(logged_in(editor), other, "old-name")

    assert response.status_code == 200
    assert "This address used to be another article’s (“Moved”)" in (
        response.content.decode()
    )
    other.refresh_from_db()
    assert other.slug == "other"


def test_no_new_article_takes_an_old_address(moved, editor):
    data = {**article_form_data(moved), "slug": "old-name", "headline": "New"}
    data.pop("seen_lock_version", None)

    response = logged_in(editor).post("/admin/articles/article/add/", data)

    assert response.status_code == 200
    assert "still leads readers there" in response.content.decode()


def test_an_old_address_belongs_to_one_article(moved):
    other = make_article("Other")

    with pytest.raises(IntegrityError):
        SlugHistory.objects.create(article=other, old_slug="old-name")


def test_the_importer_does_not_give_a_new_article_an_old_address(moved):
    from importer.writing import unique_article_slug, unique_article_slugs

    assert unique_article_slug("Old name") == "old-name-2"
    assert unique_article_slugs(["Old name", "New name"]) == [
        "old-name-2",
        "new-name-2",
    ]
