"""Old addresses of published articles (``SlugHistory``).

A published article's slug may change; its old address then redirects to the
new one for good. An address belongs to one article only: a slug that is some
article's old address cannot become another article's slug, and the other way
round (an article's live slug is never recorded as another's old one: the
slug field is unique, and a vacated slug is taken by its history at once).
"""

from __future__ import annotations

from django.db.models import QuerySet

from articles.models import Article, SlugHistory

SLUG_TAKEN_BY_OLD_ADDRESS = (
    "This address used to be another article’s (“{headline}”), and it "
    "still leads readers there. Choose another."
)


def old_address_owner(slug: str, *, article: Article | None = None) -> Article | None:
    """The article other than ``article`` that ``slug`` is an old address of."""
    history = SlugHistory.objects.select_related("article").filter(old_slug=slug)
    if article is not None and article.pk is not None:
        history = history.exclude(article=article)
    entry = history.first()
    return entry.article if entry else None


def record_slug_change(article: Article, *, old_slug: str) -> None:
    """Keep ``old_slug`` as an old address of ``article``, whose slug changed.

    Call it in the transaction that saves the new slug. Only an article
    readers have seen gets a history (a draft's old slugs led nowhere).
    Going back to an old slug makes it the live address again.
    """
    article.slug_history.filter(old_slug=article.slug).delete()
    if old_slug == article.slug or article.first_published_at is None:
        return
    SlugHistory.objects.get_or_create(article=article, old_slug=old_slug)


def redirect_target(slug: str, published: QuerySet[Article]) -> str | None:
    """The current slug of the public article (one of ``published``) that
    ``slug`` is an old address of, or None: one query."""
    return (
        published.filter(slug_history__old_slug=slug)
        .values_list("slug", flat=True)
        .first()
    )
