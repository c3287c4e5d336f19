"""Bulk writing helpers: ids reserved ahead of the rows that use them."""

from django.db import connection

from articles.bulk import reserve_ids
from articles.models import Article
from tests.builders.articles import make_article


def test_reserve_ids_are_ascending_and_never_given_again(db):
    ids = reserve_ids(Article, 3)
    article = make_article("After the reservation")

    if connection.vendor != "postgresql":
        # SQLite has no sequence to reserve from.
        assert ids is None
        return
    assert ids == sorted(set(ids))
    assert len(ids) == 3
    assert article.pk > ids[-1]
