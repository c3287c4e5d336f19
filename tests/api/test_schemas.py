"""Real answers match the OpenAPI schema the API publishes (the endpoints
build dicts, ``api.schemas`` documents them: this keeps the two together)."""

import pytest
from jsonschema import ValidationError

from articles.models import Byline, BylineRole, Correction, Topic
from people.models import Credit, CreditRole, Work
from tests.builders.api import assert_valid, credited_image, get
from tests.builders.articles import corrected_article, make_article, tag
from tests.builders.people import make_person


@pytest.fixture
def content(db):
    """One of everything, with every optional part filled in somewhere."""
    article, correction = corrected_article()
    article.lead_image = credited_image()
    article.save()
    person = make_person("Spike Jonze", bio="Director.", headshot=credited_image())
    album = Work.objects.create(name="Graduation", kind="album", year=2007)
    song = Work.objects.create(
        name="Flashing Lights", kind="song", part_of=album, poster=credited_image()
    )
    Credit.objects.create(work=song, person=person, role=CreditRole.DIRECTOR)
    tag(article, people=[person], works=[song], bylines=[make_person("Sam Writer")])
    Byline.objects.create(
        article=article, organisation="AP", role=BylineRole.PUBLISHER, position=9
    )
    topic = Topic.objects.create(name="Music videos")
    article.topics.add(topic)
    make_article("Plain")
    return {
        "article": article,
        "correction": correction,
        "person": person,
        "work": song,
        "topic": topic,
    }


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("/api/v1/articles", "/articles"),
        ("/api/v1/articles", "/articles?size=1"),
        ("/api/v1/articles", "/articles?fields=id,headline"),
        ("/api/v1/articles/{ref}", "/articles/{article.slug}"),
        ("/api/v1/people", "/people"),
        ("/api/v1/people/{ref}", "/people/{person.slug}"),
        ("/api/v1/works", "/works"),
        ("/api/v1/works/{ref}", "/works/{work.slug}"),
        ("/api/v1/topics", "/topics"),
        ("/api/v1/topics/{ref}", "/topics/{topic.slug}"),
        ("/api/v1/corrections", "/corrections"),
        ("/api/v1/corrections/{id}", "/corrections/{correction.pk}"),
        ("/api/v1/articles", "/articles?size=0"),
        ("/api/v1/articles/{ref}", "/articles/missing"),
        ("/api/v1/corrections/{id}", "/corrections/987654"),
    ],
)
def test_answers_match_the_published_schema(client, content, path, url):
    response = get(client, url.format(**content))

    assert response.status_code in (200, 400, 404)
    assert_valid(response, path)


def test_the_check_catches_a_wrong_shape(client, content):
    response = get(client, "/people/{person.slug}".format(**content))

    # The person's answer is not an article's.
    with pytest.raises(ValidationError):
        assert_valid(response, "/api/v1/articles/{ref}")


def test_a_correction_kind_is_in_the_schema(client, content):
    Correction.objects.create(
        article=content["article"], kind="editors_note", text="Note."
    )

    assert_valid(get(client, "/corrections"), "/api/v1/corrections")
