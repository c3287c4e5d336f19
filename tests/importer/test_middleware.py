"""Old addresses of imported articles: 301 while public, else the usual 404."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Status
from importer.models import OldAddress
from tests.builders.articles import make_article, published_article

pytestmark = pytest.mark.django_db

OLD = "/2024/01/10/paper-lanterns-winter-tour/"


def test_old_address_of_a_public_article_redirects_permanently(client):
    article = published_article("Winter tour", slug="winter-tour")
    OldAddress.objects.create(path=OLD, article=article)

    response = client.get(OLD)

    assert (response.status_code, response["Location"]) == (
        301,
        "/articles/winter-tour/",
    )


def test_old_address_without_its_last_slash_redirects_too(client):
    article = published_article("Winter tour", slug="winter-tour")
    OldAddress.objects.create(path=OLD, article=article)

    response = client.get(OLD.rstrip("/"))

    assert response.status_code == 301


def test_plain_permalink_with_a_query_redirects(client):
    article = published_article("Winter tour", slug="winter-tour")
    OldAddress.objects.create(path="/archives/?p=10", article=article)

    response = client.get("/archives/", {"p": "10"})

    assert (response.status_code, response["Location"]) == (
        301,
        "/articles/winter-tour/",
    )


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.UNPUBLISHED])
def test_old_address_of_an_article_that_is_not_public_is_not_found(client, status):
    article = make_article("Hidden", status=status, slug="hidden")
    OldAddress.objects.create(path=OLD, article=article)

    response = client.get(OLD)

    assert response.status_code == 404


def test_scheduled_article_redirects_only_from_its_time(client):
    article = make_article(
        "Later",
        status=Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
        slug="later",
    )
    OldAddress.objects.create(path=OLD, article=article)

    assert client.get(OLD).status_code == 404


def test_unknown_address_is_still_not_found(client):
    assert client.get("/no/such/page/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/articles/a%00b/",
        "/no/such/page/?p=1%00",
        "/api/v1/articles/a%00b",
        "/" + "x" * 600 + "/",
    ],
)
def test_an_address_no_old_address_can_be_is_a_plain_404(client, path):
    # PostgreSQL refuses NUL in text, and no stored path is over 500
    # characters: neither may reach the database as a lookup.
    assert client.get(path).status_code == 404


def test_a_post_to_an_old_address_is_not_redirected(client):
    article = published_article("Winter tour", slug="winter-tour")
    OldAddress.objects.create(path=OLD, article=article)

    assert client.post(OLD).status_code == 404
