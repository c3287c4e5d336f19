"""The suggestions endpoint beside the article form (editorial_views)."""

import pytest
from django.test import Client

from articles.models import Status
from people.models import Person, Work
from tests.builders.articles import make_article
from tests.builders.users import logged_in, make_user

URL = "/editorial/suggestions/"
TEXT = {
    "headline": "Kanye West in West Hollywood",
    "dek": "",
    "body": "<p>Spike Jonze, who made Where the Wild Things Are, met Kanye West.</p>",
}


@pytest.fixture
def own_draft(reporter, people_and_works):
    return make_article(status=Status.DRAFT, created_by=reporter)


def test_suggestions_answer_json_for_the_reporter_writing(reporter, own_draft):
    response = logged_in(reporter).post(URL, {**TEXT, "article": own_draft.pk})

    kanye = Person.objects.get(name="Kanye West")
    film = Work.objects.get(name="Where the Wild Things Are", kind="film")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["results"][0] == {
        "kind": "person",
        "id": kanye.pk,
        "name": "Kanye West",
        "label": "person",
        "year": None,
        "disambiguation": "",
        "mentions": 2,
        "tagged": False,
    }
    assert [(r["kind"], r["id"]) for r in response.json()["results"]] == [
        ("person", kanye.pk),
        ("person", Person.objects.get(name="Spike Jonze").pk),
        ("work", film.pk),
    ]


def test_suggestions_for_a_new_article_need_no_article(reporter, people_and_works):
    response = logged_in(reporter).post(URL, TEXT)

    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


def test_suggestions_send_the_anonymous_to_the_login(own_draft):
    response = Client().post(URL, {**TEXT, "article": own_draft.pk})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_suggestions_refuse_a_reader_without_a_newsroom_role(own_draft):
    stranger = make_user("stan", None)

    response = logged_in(stranger).post(URL, TEXT)

    assert response.status_code == 403


def test_suggestions_hide_another_reporters_article(reporter2, own_draft):
    response = logged_in(reporter2).post(URL, {**TEXT, "article": own_draft.pk})

    assert response.status_code == 404


def test_suggestions_refuse_an_article_the_reporter_can_no_longer_edit(
    reporter, people_and_works
):
    submitted = make_article(status=Status.IN_REVIEW, created_by=reporter)

    response = logged_in(reporter).post(URL, {**TEXT, "article": submitted.pk})

    assert response.status_code == 403


def test_suggestions_for_an_editor_on_any_article(editor, own_draft):
    response = logged_in(editor).post(URL, {**TEXT, "article": own_draft.pk})

    assert response.status_code == 200


@pytest.mark.parametrize("raw", ["abc", "9" * 30, "999999"])
def test_suggestions_for_no_such_article_are_a_404(reporter, own_draft, raw):
    response = logged_in(reporter).post(URL, {**TEXT, "article": raw})

    assert response.status_code == 404


def test_suggestions_need_the_csrf_token(reporter, own_draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)

    response = client.post(URL, {**TEXT, "article": own_draft.pk})

    assert response.status_code == 403


def test_suggestions_are_asked_by_post_only(reporter, own_draft):
    response = logged_in(reporter).get(URL, TEXT)

    assert response.status_code == 405


def test_suggestions_refuse_a_text_longer_than_an_article(reporter, own_draft):
    client = logged_in(reporter)

    long_headline = client.post(URL, {**TEXT, "headline": "x" * 301})
    long_body = client.post(URL, {**TEXT, "body": "<p>" + "a" * 500_001 + "</p>"})

    assert long_headline.status_code == 413
    assert long_headline.json() == {
        "error": "A headline has at most 300 characters and a standfirst at most 600."
    }
    assert long_body.status_code == 413
    assert "body" in long_body.json()["error"].lower()
