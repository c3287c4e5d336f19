"""Old addresses belong to one article and go with it."""

import pytest
from django.db import IntegrityError

from importer.models import OldAddress
from tests.builders.articles import make_article

pytestmark = pytest.mark.django_db


def test_an_old_address_points_at_one_article():
    first, second = make_article("One"), make_article("Two")
    OldAddress.objects.create(path="/a/", article=first)

    with pytest.raises(IntegrityError):
        OldAddress.objects.create(path="/a/", article=second)


def test_old_addresses_go_with_their_article():
    article = make_article("One")
    OldAddress.objects.create(path="/a/", article=article)

    article.delete()

    assert OldAddress.objects.count() == 0
    assert str(OldAddress(path="/b/")) == "/b/"
