"""The old addresses in the admin."""

import pytest
from django.urls import reverse

from importer.models import OldAddress
from tests.builders.articles import make_article

pytestmark = pytest.mark.django_db


def test_old_addresses_are_listed_with_their_article(admin_client):
    OldAddress.objects.create(path="/2024/01/a-post/", article=make_article("A post"))

    response = admin_client.get(
        reverse("admin:importer_oldaddress_changelist"), {"q": "a-post"}
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list.values_list("path", flat=True)) == [
        "/2024/01/a-post/"
    ]
