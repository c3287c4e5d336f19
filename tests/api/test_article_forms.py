"""The article detail's other answers: IPTC ninjs, chosen by ``format`` or by
the Accept header, and an editor's headless preview by ``X-Preview-Token``.

(The ninjs mapping itself is tested in test_ninjs.py; the tokens in
test_preview.py. These tests are about how the endpoint serves them.)
"""

import json

import pytest

from api.ninjs import MEDIA_TYPE
from api.preview import make_preview_token
from articles.models import Status
from tests.builders.api import body, credited_image, get, problem_fields
from tests.builders.apikeys import bearer, make_key
from tests.builders.articles import (
    corrected_article,
    hidden_articles,
    make_article,
    tag,
)
from tests.builders.ninjs import validate_ninjs
from tests.builders.people import make_person

TOKEN = "HTTP_X_PREVIEW_TOKEN"


def ninjs_of(response) -> dict:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == MEDIA_TYPE
    document = json.loads(response.content)
    validate_ninjs(document)
    return document


# --- ninjs -----------------------------------------------------------------------


def test_format_ninjs_answers_a_valid_ninjs_document(client, db):
    article = make_article("Tour dates announced")

    document = ninjs_of(get(client, f"/articles/{article.slug}", {"format": "ninjs"}))

    assert document["uri"].endswith(f"/api/v1/articles/{article.pk}")
    assert document["headlines"][0]["value"] == "Tour dates announced"


@pytest.mark.parametrize(
    "accept",
    [
        MEDIA_TYPE,
        f"application/json;q=0.5, {MEDIA_TYPE}",
    ],
)
def test_an_accept_header_preferring_ninjs_gets_ninjs(client, db, accept):
    article = make_article("Tour dates announced")

    response = client.get(f"/api/v1/articles/{article.pk}", HTTP_ACCEPT=accept)

    assert ninjs_of(response)["uri"].endswith(f"/articles/{article.pk}")
    assert "Accept" in response["Vary"]


@pytest.mark.parametrize(
    "accept",
    [
        "",
        "*/*",
        "text/html,application/xhtml+xml,*/*;q=0.8",
        f"application/json, {MEDIA_TYPE};q=0.5",
    ],
)
def test_json_unless_the_client_prefers_ninjs(client, db, accept):
    article = make_article("Tour dates announced")

    response = client.get(f"/api/v1/articles/{article.pk}", HTTP_ACCEPT=accept)

    assert body(response)["headline"] == "Tour dates announced"


def test_format_json_wins_over_an_accept_header(client, db):
    article = make_article("Tour dates announced")

    response = client.get(
        f"/api/v1/articles/{article.pk}", {"format": "json"}, HTTP_ACCEPT=MEDIA_TYPE
    )

    assert body(response)["id"] == article.pk


def test_the_two_forms_have_different_etags(client, db):
    article = make_article("Tour dates announced")
    as_json = get(client, f"/articles/{article.pk}")

    as_ninjs = get(client, f"/articles/{article.pk}", {"format": "ninjs"})

    assert as_json["ETag"] != as_ninjs["ETag"]
    assert as_ninjs["Cache-Tag"] == as_json["Cache-Tag"]


def test_ninjs_of_a_hidden_article_is_a_404_like_a_missing_one(client, db):
    for article in hidden_articles():
        response = get(client, f"/articles/{article.pk}", {"format": "ninjs"})
        assert problem_fields(response, 404) == []


def test_ninjs_costs_the_same_queries_as_json(client, db, django_assert_num_queries):
    article, _ = corrected_article()
    article.lead_image = credited_image()
    article.save()
    tag(article, people=[make_person() for _ in range(3)], bylines=[make_person()])

    # As the JSON detail (test_articles.py): the article and its relations.
    with django_assert_num_queries(8):
        response = get(client, f"/articles/{article.pk}", {"format": "ninjs"})

    assert ninjs_of(response)["uri"].endswith(f"/articles/{article.pk}")


def test_other_formats_are_a_400_naming_format(client, db):
    article = make_article("Tour dates announced")

    assert problem_fields(
        get(client, f"/articles/{article.pk}", {"format": "xml"})
    ) == ["format"]
    # Only an article has a ninjs form.
    assert problem_fields(get(client, "/articles", {"format": "ninjs"})) == ["format"]


# --- Headless preview ------------------------------------------------------------


def test_a_preview_token_reads_the_draft_as_saved_now(client, editor):
    draft = make_article("Working title", status=Status.DRAFT, dek="Not yet.")
    token = make_preview_token(draft, by=editor)

    response = client.get(f"/api/v1/articles/{draft.pk}", **{TOKEN: token})

    data = body(response)
    assert (data["id"], data["headline"], data["dek"]) == (
        draft.pk,
        "Working title",
        "Not yet.",
    )
    # Nobody may keep it: not the page cache, a CDN or the browser.
    assert response["Cache-Control"] == "private, no-store"
    assert "Cache-Tag" not in response
    assert "X-Preview-Token" in response["Vary"]


def test_a_preview_shows_the_latest_save(client, editor):
    draft = make_article("Working title", status=Status.DRAFT)
    token = make_preview_token(draft, by=editor)
    draft.headline = "Final title"
    draft.save()

    response = client.get(f"/api/v1/articles/{draft.slug}", **{TOKEN: token})

    assert body(response)["headline"] == "Final title"


def test_without_the_token_the_draft_is_a_404(client, editor):
    draft = make_article("Working title", status=Status.DRAFT)
    make_preview_token(draft, by=editor)

    assert problem_fields(get(client, f"/articles/{draft.pk}"), 404) == []


def test_a_token_in_the_query_string_is_ignored(client, editor):
    draft = make_article("Working title", status=Status.DRAFT)
    token = make_preview_token(draft, by=editor)

    response = get(client, f"/articles/{draft.pk}", {"X-Preview-Token": token})

    # An unknown parameter, and never the draft.
    assert problem_fields(response) == ["X-Preview-Token"]


def test_a_token_opens_only_its_own_article(client, editor):
    draft, other = (
        make_article(title, status=Status.DRAFT) for title in ("Mine", "Another")
    )
    token = make_preview_token(draft, by=editor)

    response = client.get(f"/api/v1/articles/{other.pk}", **{TOKEN: token})

    assert problem_fields(response, 401) == []
    assert "Another" not in response.content.decode()


@pytest.mark.parametrize("token", ["", "garbage", "a" * 500])
def test_a_bad_token_is_a_401_whatever_the_article(client, editor, token):
    draft = make_article("Working title", status=Status.DRAFT)

    for ref in (draft.pk, 999_999):
        response = client.get(f"/api/v1/articles/{ref}", **{TOKEN: token})
        assert problem_fields(response, 401) == []


def test_a_preview_of_a_published_article_is_private_too(client, editor):
    article = make_article("Published")
    token = make_preview_token(article, by=editor)

    response = client.get(f"/api/v1/articles/{article.pk}", **{TOKEN: token})

    assert body(response)["id"] == article.pk
    assert response["Cache-Control"] == "private, no-store"


def test_a_draft_in_preview_has_no_ninjs_form(client, editor):
    draft = make_article("Working title", status=Status.DRAFT)
    token = make_preview_token(draft, by=editor)

    response = client.get(
        f"/api/v1/articles/{draft.pk}", {"format": "ninjs"}, **{TOKEN: token}
    )

    assert problem_fields(response) == ["format"]


def test_a_partner_key_never_grants_drafts(client, editor):
    _, raw = make_key(by=editor)

    for article in hidden_articles():
        response = client.get(f"/api/v1/articles/{article.pk}", **bearer(raw))
        assert problem_fields(response, 404) == []
        listed = client.get("/api/v1/articles", **bearer(raw))
        assert article.pk not in [item["id"] for item in body(listed)["items"]]


def test_the_public_answer_varies_on_the_preview_header(client, db):
    article = make_article("Published")

    response = get(client, f"/articles/{article.pk}")

    assert set(response["Vary"].replace(" ", "").split(",")) >= {
        "Accept",
        "X-Preview-Token",
    }
    assert response["Cache-Control"].startswith("public")
