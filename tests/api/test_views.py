"""The page where staff make a headless preview token for an article."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from api.preview import previewable_article
from articles.models import Status
from tests.builders.articles import make_article
from tests.builders.users import PASSWORD, logged_in

pytestmark = pytest.mark.django_db


def url(article) -> str:
    return reverse("api_preview_token", args=[article.pk])


def test_an_editor_sees_a_button_and_gets_a_token(editor, draft, settings):
    settings.NEWSROOM_BASE_URL = "https://news.example.com"
    client = logged_in(editor)

    page = client.get(url(draft))
    made = client.post(url(draft))

    assert page.status_code == 200
    assert "Make a preview token" in page.content.decode()
    assert "token" not in page.context or page.context.get("token") is None
    token = made.context["token"]
    html = made.content.decode()
    assert previewable_article(token, draft.pk) == draft
    assert made.context["example"] == (
        f'curl -H "X-Preview-Token: {token}" '
        f"https://news.example.com/api/v1/articles/{draft.pk}"
    )
    assert token in html and "X-Preview-Token" in html
    # Shown in the newsroom's zone.
    assert timezone.localtime(made.context["expires_at"]).strftime("%H:%M") in html
    assert made["Cache-Control"] == "private, no-store"


def test_a_reporter_makes_one_for_their_own_draft_only(reporter, draft):
    other = make_article("Someone else's draft", status=Status.DRAFT)
    client = logged_in(reporter)

    assert client.post(url(draft)).status_code == 200
    assert client.get(url(other)).status_code == 404
    assert client.post(url(other)).status_code == 404


def test_a_missing_article_is_404(editor):
    assert logged_in(editor).get("/api/preview-token/999999/").status_code == 404


def test_readers_and_anonymous_visitors_are_sent_to_log_in(client, draft):
    reader = get_user_model().objects.create_user("reader", password=PASSWORD)

    responses = [client.get(url(draft)), logged_in(reader).post(url(draft))]

    assert [r.status_code for r in responses] == [302, 302]
    assert all("/admin/login/" in r["Location"] for r in responses)


def test_the_headline_is_escaped(editor):
    article = make_article("<script>alert(1)</script>", status=Status.DRAFT)

    html = logged_in(editor).get(url(article)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_page_has_no_inline_script_or_style(editor, draft):
    html = logged_in(editor).post(url(draft)).content.decode()

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"<style\b|\sstyle=", html) == []


def test_the_article_form_links_to_the_page(editor, draft):
    html = (
        logged_in(editor)
        .get(reverse("admin:articles_article_change", args=[draft.pk]))
        .content.decode()
    )

    assert f'href="{url(draft)}"' in html
