"""Previews of unpublished articles: the editors' preview and share links."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from articles.models import Article, ShareLink
from articles.workflow import sharing
from tests.builders.users import logged_in


def test_preview_renders_the_public_template_privately(reporter, draft):
    response = logged_in(reporter).get(f"/editorial/articles/{draft.pk}/preview/")

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "public/article_detail.html"
    assert "Preview (draft): this is how readers would see the article." in (
        response.content.decode()
    )
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_share_link_shows_its_revision_to_anyone_until_revoked(editor, draft):
    editor_client = logged_in(editor)
    editor_client.post(f"/editorial/articles/{draft.pk}/share/")
    link = ShareLink.objects.get()
    Article.objects.filter(pk=draft.pk).update(body="Changed after sharing.")

    shown = Client().get(link.get_absolute_url())
    editor_client.post(f"/editorial/share-links/{link.pk}/revoke/")
    after_revoke = Client().get(link.get_absolute_url())

    assert shown.status_code == 200
    html = shown.content.decode()
    assert "The video came out in 2007." in html
    assert "Changed after sharing." not in html
    assert "Sam Writer" in html
    assert shown["X-Robots-Tag"] == "noindex, nofollow"
    assert after_revoke.status_code == 404


def test_share_link_expired_is_not_found(editor, draft):
    link = sharing.create_share_link(
        draft, by=editor, now=timezone.now() - timedelta(hours=49)
    )

    assert Client().get(link.get_absolute_url()).status_code == 404
