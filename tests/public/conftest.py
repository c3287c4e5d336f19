"""Fixtures of the public site's tests."""

import pytest

from articles.models import Byline, Status, TaggedPerson, TaggedTopic, TaggedWork, Topic
from people.models import Work, WorkKind
from tests.builders.articles import make_article
from tests.builders.people import make_person


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
