"""The page-cache tags this app names, and what to purge when articles change.

The tags follow the vocabulary of ``public.cachetags`` (which composes them
into the ``Cache-Tag`` header of each public page); each app names the tags of
its own rows, as ``people.models.person_cache_tag`` and
``images.models.image_cache_tag`` do, so that whatever changes a row can purge
the pages that show it without knowing how the pages are built.
"""

from __future__ import annotations

from datetime import datetime

from articles.models import Article, Status

# Every list of the latest articles that a newly published article may join.
LIST = "list"
# The corrections log and its feeds.
CORRECTIONS = "corrections"


def article_tag(pk: int) -> str:
    """The tag of every public page that shows article ``pk``."""
    return f"article-{pk}"


def topic_tag(pk: int) -> str:
    """The tag of every public page that shows topic ``pk``."""
    return f"topic-{pk}"


def for_article_change(
    pk: int, *, listing: bool = False, corrections: bool = False
) -> list[str]:
    """What to purge when article ``pk`` changes.

    Its own tag reaches its page, its "what changed" page and every list,
    feed or related box that shows its headline. ``listing`` adds the lists
    it may join or leave (publish, unpublish, retract, new tags);
    ``corrections`` adds the corrections log.
    """
    tags = [article_tag(pk)]
    if listing:
        tags.append(LIST)
    if corrections:
        tags.append(CORRECTIONS)
    return tags


def scheduled_publications(*, now: datetime, due: bool):
    """For the page cache (``NEWSROOM_PAGE_CACHE_SCHEDULE``).

    With ``due=False``: when the next scheduled article goes live, or None.
    With ``due=True``: the tags that articles going live change (the lists
    they join and the corrections log).
    """
    if due:
        return [LIST, CORRECTIONS]
    return (
        Article.objects.filter(status=Status.SCHEDULED, published_at__gt=now)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
