"""A person or work awaiting an editor's approval is public nowhere: no page,
feed, sitemap entry, API answer or place in an article's list of names, even
with a bio, credits or a published article tagged with it. Approval makes it
public like any other."""

import pytest

from people import services
from people.models import Credit, Person, Work
from tests.builders.api import get, ids
from tests.builders.articles import make_article, tag
from tests.builders.people import make_person
from tests.builders.users import make_user


@pytest.fixture
def waiting(db):
    """A person and a work a reporter added, each with a bio or credit and a
    published article tagged with them: public at once if approved."""
    reporter = make_user("rita", "Reporter")
    person = services.save_entity(
        Person(name="Kanye West", bio="Rapper and producer."), by=reporter
    )
    work = services.save_entity(
        Work(name="We Were Once a Fairytale", kind="short_film", year=2009),
        by=reporter,
    )
    Credit.objects.create(work=work, person=make_person("Spike Jonze"), role="director")
    article = tag(
        make_article("Jonze and West", body="Kanye West stars."),
        people=[person],
        works=[work],
    )
    return {"person": person, "work": work, "article": article}


def public_answers(client, person: Person, work: Work) -> dict:
    return {
        "person page": client.get(f"/people/{person.slug}/").status_code,
        "person feed": client.get(f"/people/{person.slug}/feed/").status_code,
        "work page": client.get(f"/works/{work.slug}/").status_code,
        "work feed": client.get(f"/works/{work.slug}/feed/").status_code,
        "people sitemap": person.slug
        in client.get("/sitemap-people.xml").content.decode(),
        "works sitemap": work.slug in client.get("/sitemap-works.xml").content.decode(),
        "API people": person.pk in ids(get(client, "/people")),
        "API works": work.pk in ids(get(client, "/works")),
        "API person": get(client, f"/people/{person.slug}").status_code,
        "API work": get(client, f"/works/{work.slug}").status_code,
    }


def test_waiting_person_and_work_are_public_nowhere(client, waiting):
    person, work = waiting["person"], waiting["work"]

    assert public_answers(client, person, work) == {
        "person page": 404,
        "person feed": 404,
        "work page": 404,
        "work feed": 404,
        "people sitemap": False,
        "works sitemap": False,
        "API people": False,
        "API works": False,
        "API person": 404,
        "API work": 404,
    }


def test_approved_person_and_work_are_public(client, waiting, editor):
    person, work = waiting["person"], waiting["work"]

    services.approve(person, by=editor)
    services.approve(work, by=editor)

    assert public_answers(client, person, work) == {
        "person page": 200,
        "person feed": 200,
        "work page": 200,
        "work feed": 200,
        "people sitemap": True,
        "works sitemap": True,
        "API people": True,
        "API works": True,
        "API person": 200,
        "API work": 200,
    }


def test_article_page_and_api_leave_out_a_waiting_tag(client, waiting):
    article = waiting["article"]

    html = client.get(article.get_absolute_url()).content.decode()
    data = get(client, f"/articles/{article.slug}").json()

    assert "Kanye West</a>" not in html
    assert "Fairytale" not in html
    assert [item["name"] for item in data["people"]] == []
    assert data["works"] == []


def test_search_refuses_a_waiting_person_as_an_unknown_one(client, waiting):
    response = client.get("/search/", {"person": waiting["person"].slug})

    assert response.status_code == 400


def test_api_filter_by_a_waiting_person_answers_as_for_an_unknown_one(client, waiting):
    waiting_one = get(client, "/articles", {"person": waiting["person"].slug})
    unknown = get(client, "/articles", {"person": "nobody-at-all"})

    assert (waiting_one.status_code, waiting_one.json()) == (
        unknown.status_code,
        unknown.json(),
    )
    assert ids(get(client, "/articles")) == [waiting["article"].pk]
