"""Headless preview: a short-lived token that lets a separate front end read
one article's current saved state (a draft included) through the API.

An editor (or the reporter who wrote it) makes the token in the admin; it is
signed, names one article and the user who made it, and expires after
``NEWSROOM_API_PREVIEW_SECONDS``. Each use checks again that the user is
active and may still see the article, so deactivating them or taking the
article away from them ends their tokens at once. A partner key never grants
drafts: the token is the only way, and only in the ``X-Preview-Token``
header (a query string ends up in logs, histories and Referer headers).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from articles.models import Article
from articles.workflow.permissions import can_view
from newsroom.pagecache import mark_private
from public.queries import with_page_relations

HEADER = "X-Preview-Token"
# Its own salt: no other signed value of the site (share links, sessions)
# is ever accepted as a preview token, nor the other way round.
SALT = "api.preview-token"


def token_lifetime() -> timedelta:
    return timedelta(seconds=settings.NEWSROOM_API_PREVIEW_SECONDS)


def make_preview_token(
    article: Article, *, by: User, now: datetime | None = None
) -> str:
    """A token that shows ``article`` to whoever holds it, as ``by`` may see
    it, until ``now`` plus NEWSROOM_API_PREVIEW_SECONDS."""
    if not can_view(by, article):
        raise PermissionDenied("You may not see this article.")
    expires = (now or timezone.now()) + token_lifetime()
    return signing.dumps(
        {"a": article.pk, "u": by.pk, "e": int(expires.timestamp())}, salt=SALT
    )


def token_expiry(token: str) -> datetime | None:
    """When a well-signed ``token`` stops working (whether or not it has)."""
    data = _payload(token)
    return None if data is None else datetime.fromtimestamp(data["e"], tz=UTC)


def _payload(token) -> dict | None:
    if not isinstance(token, str) or not token:
        return None
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not all(
        isinstance(data.get(field), int) for field in ("a", "u", "e")
    ):
        return None
    return data


def previewable_article(
    token: str | None, ref: str | int, *, now: datetime | None = None
) -> Article | None:
    """The article ``ref`` (its id or slug) as saved now, with what its page
    shows, if ``token`` is a live preview token for it; otherwise None."""
    data = _payload(token)
    if data is None:
        return None
    now = now or timezone.now()
    if now.timestamp() >= data["e"]:
        return None
    user = get_user_model().objects.filter(pk=data["u"], is_active=True).first()
    if user is None:
        return None
    article = with_page_relations(Article.objects.filter(pk=data["a"])).first()
    if article is None or str(ref) not in (str(article.pk), article.slug):
        return None
    if not can_view(user, article):
        return None
    return article


def preview_from_request(
    request: HttpRequest, ref: str | int, *, now: datetime | None = None
) -> Article | None:
    """``previewable_article`` for the token in the request's X-Preview-Token
    header; a token anywhere else (the query string) is ignored."""
    return previewable_article(request.headers.get(HEADER), ref, now=now)


def mark_preview(response: HttpResponse) -> HttpResponse:
    """Make a response that carries a preview private and uncacheable: no
    page cache, CDN or browser may keep it (and no public max-age lingers)."""
    mark_private(response)
    response["Cache-Control"] = "private, no-store"
    return response
