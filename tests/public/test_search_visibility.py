"""Anything not public looks exactly like nothing, in search too."""

import pytest

from articles.models import Byline, Status, TaggedPerson, TaggedTopic, TaggedWork, Topic
from people.models import Work, WorkKind
from tests.builders import make_article, make_person


@pytest.fixture
def only_on_a_draft(db):
    """A person, an author, a work and a topic that only a draft names."""
    draft = make_article("Secret plans", status=Status.DRAFT)
    TaggedPerson.objects.create(content_object=draft, tag=make_person("Hidden Subject"))
    Byline.objects.create(article=draft, person=make_person("Hidden Writer"))
    work = Work.objects.create(name="Hidden Film", kind=WorkKind.FILM)
    TaggedWork.objects.create(content_object=draft, tag=work)
    TaggedTopic.objects.create(
        content_object=draft, tag=Topic.objects.create(name="Hidden topic")
    )
    make_article("Something public")
    return {
        "person": "hidden-subject",
        "author": "hidden-writer",
        "work": work.slug,
        "topic": "hidden-topic",
    }


@pytest.mark.parametrize("name", ["person", "author", "work", "topic"])
def test_search_filter_on_a_draft_only_name_answers_as_for_no_name(
    client, only_on_a_draft, name
):
    hidden = client.get("/search/", {name: only_on_a_draft[name]})
    missing = client.get("/search/", {name: "no-such-thing-at-all"})

    assert hidden.status_code == missing.status_code == 400
    assert hidden.context["form"].errors == missing.context["form"].errors


@pytest.mark.parametrize(
    ("prefix", "name"),
    [("people", "person"), ("works", "work"), ("topics", "topic")],
)
def test_draft_only_names_have_no_page_or_feed(client, only_on_a_draft, prefix, name):
    slug = only_on_a_draft[name]

    answers = [
        client.get(f"/{prefix}/{slug}/").status_code,
        client.get(f"/{prefix}/{slug}/feed/").status_code,
    ]
    sitemap = client.get(f"/sitemap-{prefix}.xml").content.decode()

    assert answers == [404, 404]
    assert slug not in sitemap


def test_work_with_credits_is_public_before_any_article(client, db):
    work = Work.objects.create(name="Credited Film", kind=WorkKind.FILM)
    work.credits.create(person=make_person("A Director"), role="director")

    assert client.get(f"/works/{work.slug}/").status_code == 200
