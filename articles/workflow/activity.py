"""The editorial activity log: who did what to which article, when and why.

Every entry also makes the public pages that show the article stale in the
page cache (once the transaction commits): whatever changes an article writes
an entry, so every change purges, whichever route it took.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.utils import timezone

from articles import purging, rendering
from articles.models import Action, Activity, Article, Correction, ReferenceKind
from articles.workflow.permissions import public_articles_showing
from newsroom.pagecache import purge_tags, reset_schedule

# What readers may see change with each action, for the page cache: the lists
# an article joins or leaves, and the corrections log.
_CHANGES_LISTS = {
    Action.PUBLISHED,
    Action.SCHEDULED,
    Action.UNPUBLISHED,
    Action.RETRACTED,
    Action.DELETED,
    Action.RESTORED,
}
_CHANGES_CORRECTIONS = {
    Action.PUBLISHED,
    Action.UNPUBLISHED,
    Action.RETRACTED,
    Action.DELETED,
    Action.CORRECTED,
    Action.NOTE_ADDED,
    Action.CORRECTION_EDITED,
    Action.CORRECTION_DELETED,
}


def log(
    article: Article | None, *, by: User | None, action: str, note: str = "", at=None
):
    """Record who did what in the activity log, and make every cached public
    page that shows the article stale once the transaction commits."""
    if action in _CHANGES_LISTS:
        # A publication time may have moved: the page cache asks again.
        reset_schedule()
        if article is not None:
            # Articles that link to it show the link only while it is public.
            rendering.shown_changed(ReferenceKind.ARTICLE, article.pk)
    if article is not None:
        purge_tags(
            purging.for_article_change(
                article.pk,
                listing=action in _CHANGES_LISTS,
                corrections=action in _CHANGES_CORRECTIONS,
            )
        )
    return Activity.objects.create(
        actor=by,
        action=action,
        article=article,
        subject=str(article) if article is not None else "",
        note=note,
        created_at=at or timezone.now(),
    )


def record_created(article: Article, *, by: User) -> Activity:
    return log(article, by=by, action=Action.CREATED)


def record_deleted(article: Article, *, by: User) -> Activity:
    return log(article, by=by, action=Action.DELETED)


def record_correction_changed(
    correction: Correction, *, by: User, deleted: bool = False, added: bool = False
) -> Activity:
    """Log an editor's change to a public note (they are never changed silently)."""
    if added:
        action = Action.NOTE_ADDED
    elif deleted:
        action = Action.CORRECTION_DELETED
    else:
        action = Action.CORRECTION_EDITED
    return log(correction.article, by=by, action=action, note=correction.text)


def record_image_changed(image, *, by: User, what: str) -> list[Activity]:
    """Log a change to an image on each public article that leads with it.

    ``what`` says what changed, for example "credit: “A” → “B”". The pages
    themselves are purged by ``images.services``.
    """
    return [
        log(article, by=by, action=Action.IMAGE_CHANGED, note=what)
        for article in public_articles_showing(image)
    ]


def record_entity_approved(entity, *, by: User) -> Activity:
    """Log an editor's approval of a person or work a reporter added
    (``people.services.approve``), and purge the public pages of the
    articles tagged with it: they list it now, and their cache tags did
    not name it while it waited."""
    model = entity._meta.model_name
    tagged = Article.objects.published().filter(**{f"{model}_tags__tag": entity})
    purge_tags(purging.article_tag(pk) for pk in tagged.values_list("pk", flat=True))
    return Activity.objects.create(
        actor=by,
        action=Action.ENTITY_APPROVED,
        subject=(
            f"{entity.name} ({entity.get_kind_display().lower()})"
            if model == "person"
            else str(entity)
        )[:300],
    )


def record_import_run(*, counts: dict[str, int], paths: Iterable) -> Activity:
    """One activity entry for one run of the importer; cached lists are made
    stale when the run wrote anything (it may have published articles)."""
    summary = ", ".join(f"{count} {action}" for action, count in counts.items())
    if counts.get("created") or counts.get("updated"):
        purge_tags([purging.LIST])
        reset_schedule()
    return Activity.objects.create(
        action=Action.IMPORTED,
        subject=", ".join(str(p) for p in paths)[:300],
        note=summary,
    )
