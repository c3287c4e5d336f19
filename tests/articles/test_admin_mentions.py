"""The "articles that mention them" lists follow the article list's rule."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Status, TaggedPerson, TaggedWork
from people.models import Work, WorkKind
from tests.builders import make_article, make_person


def member(username: str, group: str):
    user = get_user_model().objects.create_user(username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.parametrize("kind", ["person", "work"])
def test_mentions_list_shows_a_reporter_only_their_own_articles(client, db, kind):
    rita, rob = member("rita", "Reporter"), member("rob", "Reporter")
    if kind == "person":
        entity = make_person("Kanye West")
        tag = lambda article: TaggedPerson.objects.create(  # noqa: E731
            content_object=article, tag=entity
        )
    else:
        entity = Work.objects.create(name="Flashing Lights", kind=WorkKind.SONG)
        tag = lambda article: TaggedWork.objects.create(  # noqa: E731
            content_object=article, tag=entity
        )
    tag(make_article("Rita's own draft", status=Status.DRAFT, created_by=rita))
    tag(make_article("Rob's embargoed scoop", status=Status.DRAFT, created_by=rob))
    client.force_login(rita)

    html = client.get(f"/admin/people/{kind}/{entity.pk}/change/").content.decode()

    assert "Rita's own draft" in html.replace("&#x27;", "'")
    assert "embargoed scoop" not in html
