"""Small builders for test data: plain, explicit, no hidden defaults that matter."""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article, Byline, Status
from people.models import Person

_counter = iter(range(1, 10**9))


def make_person(name: str | None = None, **fields) -> Person:
    return Person.objects.create(name=name or f"Person {next(_counter)}", **fields)


def make_article(
    headline: str | None = None,
    *,
    status: str = Status.PUBLISHED,
    body: str = "First paragraph.\n\nSecond paragraph.",
    published_at=None,
    byline: Person | None = None,
    **fields,
) -> Article:
    number = next(_counter)
    if published_at is None and status in Status.public():
        published_at = timezone.now() - timedelta(minutes=number)
    article = Article.objects.create(
        headline=headline or f"Headline {number}",
        slug=fields.pop("slug", f"headline-{number}"),
        body=body,
        status=status,
        published_at=published_at,
        **fields,
    )
    if byline is not None:
        Byline.objects.create(article=article, person=byline)
    return article
