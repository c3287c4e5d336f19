"""The article's revisions: what they hold, how two of them differ, and
bringing an old one back.

Revisions are django-reversion's, made on every admin save with the bylines,
tags and notes (``articles.models`` registers what they keep). Only the text
(headline, standfirst, body) is compared and restored.
"""

from __future__ import annotations

from datetime import datetime

import reversion
from django.contrib.auth.base_user import AbstractBaseUser as User
from django.db import transaction
from django.utils import timezone
from reversion.models import Version

from articles import rendering
from articles.body import readable
from articles.diffing import FieldDiff, diff_fields
from articles.models import Action, Article, Status
from articles.workflow import WorkflowError
from articles.workflow.activity import log
from articles.workflow.permissions import can_edit

TEXT_FIELDS = {"headline": "Headline", "dek": "Standfirst (dek)", "body": "Body"}
SUBMITTED_COMMENT = "Submitted for review"


def content_of(article: Article) -> dict[str, str]:
    return {name: getattr(article, name) for name in TEXT_FIELDS}


def content_of_version(version: Version) -> dict[str, str]:
    data = version.field_dict
    return {name: data.get(name, "") or "" for name in TEXT_FIELDS}


def comparable(content: dict[str, str]) -> dict[str, str]:
    """``content`` as it is compared: the body's text and structure, not its
    markup (``articles.body.readable``), so line breaks, attribute order and
    the like never show as a change."""
    return {**content, "body": readable(content.get("body", ""))}


def diff_content(old: dict[str, str], new: dict[str, str]) -> list[FieldDiff]:
    return diff_fields(comparable(old), comparable(new), TEXT_FIELDS)


def changes_since_submission(article: Article) -> list[FieldDiff]:
    """The differences between what was submitted and the text now; empty if none."""
    if article.submitted_version is None:
        return []
    old = content_of_version(article.submitted_version)
    now = content_of(article)
    if comparable(old) == comparable(now):
        return []
    return diff_content(old, now)


def changes_since_previous_submission(article: Article) -> list[FieldDiff]:
    """What the reporter changed between the last two submissions; empty if
    this is the first submission or nothing changed."""
    if article.submitted_version is None:
        return []
    previous = (
        versions_of(article)
        .filter(
            pk__lt=article.submitted_version.pk,
            revision__comment=SUBMITTED_COMMENT,
        )
        .first()
    )
    if previous is None:
        return []
    old = content_of_version(previous)
    new = content_of_version(article.submitted_version)
    if comparable(old) == comparable(new):
        return []
    return diff_content(old, new)


def versions_of(article: Article):
    """The article's revisions, newest first, with who made them."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .order_by("-pk")
    )


def snapshot(
    article: Article, *, by: User, comment: str, reuse: bool = True
) -> Version:
    """The revision holding the article as it is now, made if there is none
    (or always, with ``reuse=False``)."""
    # From the database, not the caller's copy, which may be out of date.
    article = Article.objects.get(pk=article.pk)
    latest = versions_of(article).first()
    if (
        reuse
        and latest is not None
        and content_of_version(latest) == content_of(article)
    ):
        return latest
    with reversion.create_revision():
        reversion.set_user(by)
        reversion.set_comment(comment)
        reversion.add_to_revision(article)
    return versions_of(article).first()


def restore_revision(
    article: Article, *, by: User, version: Version, now: datetime | None = None
) -> Article:
    """Bring back the headline, standfirst and body of an earlier revision.

    The restore is saved as a new revision; nothing is lost. A public article
    is changed through a correction instead, so it is refused here.
    """
    now = now or timezone.now()
    if not can_edit(by, article):
        raise WorkflowError("You cannot change this article.")
    if version.object_id != str(
        article.pk
    ) or version.content_type.model_class() is not (Article):
        raise WorkflowError("That revision belongs to another article.")
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if current.is_public or current.status in (
            Status.PUBLISHED,
            Status.RETRACTED,
        ):
            raise WorkflowError(
                "A published article is changed by editing it with a correction note."
            )
        for name, value in content_of_version(version).items():
            setattr(current, name, value)
        current.lock_version += 1
        current.updated_at = now
        current.updated_by = by
        with reversion.create_revision():
            reversion.set_user(by)
            reversion.set_comment(
                "Restored the revision of "
                f"{version.revision.date_created:%Y-%m-%d %H:%M}"
            )
            current.save(
                update_fields=[*TEXT_FIELDS, "lock_version", "updated_at", "updated_by"]
            )
        rendering.store(current)
        log(current, by=by, action=Action.RESTORED, at=now)
    article.refresh_from_db()
    return article
