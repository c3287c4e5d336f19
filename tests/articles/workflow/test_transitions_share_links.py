"""Taking an article down takes its share links down too."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Status
from articles.workflow import sharing, transitions
from tests.builders import make_article, make_person


@pytest.fixture
def edna(db):
    user = get_user_model().objects.create_user("edna", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.parametrize("take_down", ["unpublish", "retract"])
def test_taking_an_article_down_stops_its_share_links(client, edna, take_down):
    article = make_article("Live", status=Status.PUBLISHED, byline=make_person())
    link = sharing.create_share_link(article, by=edna)
    assert client.get(link.get_absolute_url()).status_code == 200

    if take_down == "unpublish":
        transitions.unpublish(article, by=edna, note="Legal")
    else:
        transitions.retract(article, by=edna, note="It was wrong.")

    link.refresh_from_db()
    assert link.revoked_at is not None
    assert client.get(link.get_absolute_url()).status_code == 404
