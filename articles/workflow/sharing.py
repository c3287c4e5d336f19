"""Share links: a signed, expiring, revocable address that shows one
revision of an article to anyone holding it (the page is ``public.previews``).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from articles.models import SIGNING_SALT, Action, Article, ShareLink
from articles.workflow import WorkflowError
from articles.workflow.activity import log
from articles.workflow.permissions import require_editor
from articles.workflow.revisions import snapshot
from newsroom.timezones import local_time

SHARE_LINK_HOURS = 48


def create_share_link(
    article: Article,
    *,
    by: User,
    hours: int = SHARE_LINK_HOURS,
    now: datetime | None = None,
) -> ShareLink:
    """A link that shows the article's current revision to anyone for ``hours``."""
    now = now or timezone.now()
    require_editor(by, "make a share link")
    if hours < 1 or hours > 24 * 14:
        raise WorkflowError("A share link lasts between 1 hour and 14 days.")
    with transaction.atomic():
        version = snapshot(article, by=by, comment="Shared for preview")
        link = ShareLink.objects.create(
            article=article,
            version=version,
            token=secrets.token_urlsafe(24),
            created_by=by,
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
        log(
            article,
            by=by,
            action=Action.SHARED,
            note=f"expires {local_time(link.expires_at)}",
            at=now,
        )
    return link


def revoke_share_link(
    link: ShareLink, *, by: User, now: datetime | None = None
) -> ShareLink:
    """Stop a share link from working, from now on."""
    now = now or timezone.now()
    require_editor(by, "revoke a share link")
    updated = ShareLink.objects.filter(pk=link.pk, revoked_at=None).update(
        revoked_at=now
    )
    if updated:
        log(link.article, by=by, action=Action.SHARE_REVOKED, at=now)
    link.refresh_from_db()
    return link


def share_link_from_signature(
    signed: str, *, now: datetime | None = None
) -> ShareLink | None:
    """The live share link ``signed`` stands for, or None if bad, expired or revoked."""
    try:
        data = signing.loads(signed, salt=SIGNING_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    link = (
        ShareLink.objects.select_related("article", "version")
        .filter(pk=data.get("id"))
        .first()
    )
    if link is None or not constant_time_compare(link.token, str(data.get("token"))):
        return None
    if not link.is_valid(now=now):
        return None
    return link
