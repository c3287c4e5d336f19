"""Headless preview tokens: one article, one user, a few minutes, a header."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from api.preview import (
    make_preview_token,
    mark_preview,
    preview_from_request,
    previewable_article,
    token_expiry,
)
from articles.models import Status
from articles.workflow import sharing
from tests.builders.articles import make_article

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def article(editor):
    return make_article("A draft", status=Status.DRAFT, slug="a-draft")


def test_a_token_opens_its_article_by_id_or_slug(article, editor):
    token = make_preview_token(article, by=editor, now=T0)

    assert previewable_article(token, str(article.pk), now=T0) == article
    assert previewable_article(token, article.pk, now=T0) == article
    assert previewable_article(token, "a-draft", now=T0) == article


def test_the_article_is_the_live_row_with_its_page_relations(
    article, editor, django_assert_num_queries
):
    token = make_preview_token(article, by=editor, now=T0)
    article.headline = "Changed after the token was made"
    article.save()

    shown = previewable_article(token, "a-draft", now=T0)

    assert shown.headline == "Changed after the token was made"
    with django_assert_num_queries(0):
        list(shown.bylines.all())
        list(shown.topics.all())
        list(shown.corrections.all())


def test_a_token_for_one_article_does_not_open_another(article, editor):
    other = make_article("Another draft", status=Status.DRAFT, slug="another")
    token = make_preview_token(article, by=editor, now=T0)

    assert previewable_article(token, str(other.pk), now=T0) is None
    assert previewable_article(token, "another", now=T0) is None


def test_a_token_expires_after_the_setting(article, editor, settings):
    settings.NEWSROOM_API_PREVIEW_SECONDS = 900
    token = make_preview_token(article, by=editor, now=T0)
    last = T0 + timedelta(seconds=899)

    assert previewable_article(token, article.pk, now=last) == article
    assert (
        previewable_article(token, article.pk, now=T0 + timedelta(seconds=900)) is None
    )
    assert token_expiry(token) == T0 + timedelta(seconds=900)


def test_a_token_dies_when_its_user_is_deactivated(article, editor):
    token = make_preview_token(article, by=editor, now=T0)
    editor.is_active = False
    editor.save()

    assert previewable_article(token, article.pk, now=T0) is None


def test_a_token_dies_when_its_user_may_no_longer_see_the_article(article, editor):
    token = make_preview_token(article, by=editor, now=T0)
    editor.groups.remove(Group.objects.get(name="Editor"))

    assert previewable_article(token, article.pk, now=T0) is None


def test_a_reporters_token_opens_their_own_draft_only(reporter):
    own = make_article("Own draft", status=Status.DRAFT, created_by=reporter)
    theirs = make_article("Not theirs", status=Status.DRAFT)

    token = make_preview_token(own, by=reporter, now=T0)

    assert previewable_article(token, own.pk, now=T0) == own
    with pytest.raises(PermissionDenied):
        make_preview_token(theirs, by=reporter, now=T0)


def test_a_token_dies_when_the_article_is_deleted(article, editor):
    token = make_preview_token(article, by=editor, now=T0)
    pk = article.pk
    article.delete()

    assert previewable_article(token, pk, now=T0) is None


@pytest.mark.parametrize("mangle", ["tamper", "empty", "none", "share-link"])
def test_anything_but_a_genuine_token_opens_nothing(article, editor, mangle):
    good = make_preview_token(article, by=editor, now=T0)
    token = {
        "tamper": good[:-3] + ("abc" if not good.endswith("abc") else "xyz"),
        "empty": "",
        "none": None,
        # A value the site signed for something else: another salt.
        "share-link": sharing.create_share_link(article, by=editor).signature(),
    }[mangle]

    assert previewable_article(token, article.pk, now=T0) is None


def test_a_payload_signed_with_the_right_salt_but_wrong_shape_opens_nothing(
    article,
):
    token = signing.dumps([article.pk], salt="api.preview-token")

    assert previewable_article(token, article.pk, now=T0) is None


def test_the_token_is_read_from_the_header_only(article, editor):
    token = make_preview_token(article, by=editor)
    factory = RequestFactory()

    in_header = factory.get("/api/v1/articles/1", HTTP_X_PREVIEW_TOKEN=token)
    in_query = factory.get("/api/v1/articles/1", {"preview_token": token})
    in_query_as_header_name = factory.get(
        "/api/v1/articles/1", {"X-Preview-Token": token}
    )

    assert preview_from_request(in_header, article.pk) == article
    assert preview_from_request(in_query, article.pk) is None
    assert preview_from_request(in_query_as_header_name, article.pk) is None


def test_a_preview_response_is_private_and_never_stored():
    response = HttpResponse("draft")
    response["Cache-Tag"] = "article-1"
    response["Cache-Control"] = "public, max-age=300"

    mark_preview(response)

    assert sorted(response["Cache-Control"].split(", ")) == ["no-store", "private"]
    assert "Cache-Tag" not in response
