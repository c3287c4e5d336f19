"""Who is told what when an article moves, in the admin and by e-mail.

The people concerned by a change to an article are the reporter who created
it and whoever submitted it, never the person who made the change. Each gets
a notice in the admin (``Notification``) and, if they have an e-mail address,
a message sent once the change is committed (an e-mail about a change that was
rolled back would be a lie).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from articles.models import Action, Article
from notifications.models import Notification

logger = logging.getLogger(__name__)

# What the people concerned hear about, as the sentence's verb.
NOTIFIED = {
    Action.CHANGES_REQUESTED: "sent back",
    Action.APPROVED: "approved",
    Action.PUBLISHED: "published",
    Action.SCHEDULED: "scheduled",
    Action.CORRECTED: "changed the published text of",
}


def recipients(article: Article, *, by) -> list:
    """The people concerned by a change ``by`` made: the article's creator,
    its submitter and the staff its bylines credit (their logins' staff
    profiles), once each, active, and not ``by``."""
    found = []
    bylined = (
        get_user_model()
        .objects.filter(staff_profile__person__bylines__article=article)
        .order_by("pk")
    )
    for user in (article.created_by, article.submitted_by, *bylined):
        if (
            user is not None
            and user.is_active
            and user.pk != getattr(by, "pk", None)
            and user not in found
        ):
            found.append(user)
    return found


def headline(article: Article, *, action: str, by) -> str:
    """Who did what to which article, in one line (the e-mail's subject)."""
    who = (by.get_full_name() or by.get_username()) if by is not None else "Someone"
    return " ".join(f"{who} {NOTIFIED[action]} “{article}”.".split())


def describe(article: Article, *, action: str, by, note: str) -> str:
    """The notice's text: who did what to which article, and why."""
    text = headline(article, action=action, by=by)
    if action == Action.SCHEDULED and article.published_at:
        local = timezone.localtime(article.published_at)
        text += f" It goes live {local:%d %B %Y, %H:%M} ({local.tzname()})."
    elif note:
        text += f" {note}"
    return text


def notify(article: Article, *, action: str, by, note: str = "") -> list[Notification]:
    """Tell the people concerned that ``by`` did ``action`` to ``article``.

    Call it inside the change's transaction: the notices are saved with it,
    and the e-mails leave only once it is committed.
    """
    if action not in NOTIFIED:
        return []
    text = describe(article, action=action, by=by, note=note)
    notices = [
        Notification.objects.create(
            recipient=user, article=article, verb=action, text=text
        )
        for user in recipients(article, by=by)
    ]
    addresses = [n.recipient.email for n in notices if n.recipient.email]
    if addresses:
        link = f"{settings.NEWSROOM_BASE_URL}{notices[0].get_absolute_url()}"
        subject = f"[{settings.SITE_NAME}] {headline(article, action=action, by=by)}"
        transaction.on_commit(lambda: _send(subject, f"{text}\n\n{link}\n", addresses))
    return notices


def _send(subject: str, body: str, addresses: list[str]) -> None:
    # One message each: no one sees who else was told. A mail server that is
    # down must not turn a committed change into an error page; the notice
    # in the admin is there anyway.
    for address in addresses:
        try:
            send_mail(subject, body, None, [address])
        except Exception:
            logger.exception("Could not e-mail a notification to %s", address)


def on_article_moved(sender, *, article, action, by, note="", **kwargs) -> None:
    """``articles.signals.article_moved`` receiver."""
    notify(article, action=action, by=by, note=note)


def mark_read(notices, *, now=None) -> int:
    """Mark ``notices`` (a queryset) read; returns how many were unread."""
    return notices.filter(read_at=None).update(read_at=now or timezone.now())
