"""Reading a request's query: which parameters an endpoint knows, objects by
id or web address, and the article list's filters.

Each filter narrows the listed articles with a subquery over the public
rules (``public.queries``): a person, work or topic that only a draft names
is as unknown as one that does not exist, and both give an empty list, so the
API is no oracle for drafts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from pydantic import BeforeValidator

from api.pagination import MAX_ID
from articles.models import Article, Byline, TaggedPerson, TaggedTopic, TaggedWork
from public.queries import public_people, public_topics, public_works

# Every endpoint accepts these besides its own parameters: ``format`` chooses
# the representation (``json``, and ``ninjs`` for an article).
COMMON_PARAMS = frozenset({"format"})


_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*")


def _iso_8601_only(value):
    """Refuse a bare number where a moment is asked: pydantic would read it
    as seconds since 1970, and ``updated_since=32`` is a typo, not 1970."""
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        raise ValueError("a date and time in ISO 8601, e.g. 2026-12-01T10:00:00Z")
    return value


# A moment in a query parameter: ISO 8601 (a date, or a date and time).
Moment = Annotated[datetime, BeforeValidator(_iso_8601_only)]


class BadParameters(Exception):
    """Query parameters the endpoint cannot answer; ``errors`` names each one
    as ``{"field": ..., "message": ...}``."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def check_known(request: HttpRequest, known: frozenset[str]) -> None:
    """Refuse parameters the endpoint does not know, so a typo
    (``udpated_since``) is a 400 rather than a silently unfiltered list."""
    unknown = sorted(set(request.GET) - known - COMMON_PARAMS)
    if unknown:
        raise BadParameters(
            [{"field": name, "message": "unknown parameter"} for name in unknown]
        )
    # PostgreSQL refuses NUL in text: a 400 here rather than a 500 there.
    nul = sorted(name for name, value in request.GET.items() if "\x00" in value)
    if nul:
        raise BadParameters(
            [{"field": name, "message": "contains a NUL character"} for name in nul]
        )


def by_ref(ref: str) -> Q:
    """Match an object by id (digits) or by web address (anything else).

    A web address may be all digits too ("1999"), so digits match either.
    """
    if ref.isascii() and ref.isdigit() and int(ref) <= MAX_ID:
        return Q(pk=int(ref)) | Q(slug=ref)
    return Q(slug=ref)


def one_by_ref(queryset: QuerySet, ref: str):
    """The object ``ref`` names in ``queryset``, or None; an id wins over a
    web address that happens to be the same digits."""
    if "\x00" in ref:
        return None
    found = list(queryset.filter(by_ref(ref))[:2])
    for obj in found:
        if str(obj.pk) == ref:
            return obj
    return found[0] if found else None


def in_utc(name: str, moment: datetime) -> datetime:
    """``moment`` in UTC (read as UTC without an offset), or a 400 naming
    ``name`` when it has no UTC time (year 9999 at -14:00)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise BadParameters(
            [{"field": name, "message": "out of range once in UTC"}]
        ) from None


@dataclass
class ArticleFilters:
    """The article list's filters, as the request gave them (None: not given)."""

    person: str | None = None
    work: str | None = None
    topic: str | None = None
    author: str | None = None
    published_after: datetime | None = None
    published_before: datetime | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    updated_since: datetime | None = None

    def apply(self, articles: QuerySet[Article]) -> QuerySet[Article]:
        """``articles`` narrowed by every given filter (subqueries, no extra
        query; an article with two matching rows still comes back once)."""
        tagged = [
            (self.person, TaggedPerson, public_people()),
            (self.work, TaggedWork, public_works()),
            (self.topic, TaggedTopic, public_topics()),
        ]
        for ref, through, public in tagged:
            if ref is not None:
                tags = public.filter(by_ref(ref)).values("pk")
                rows = through.objects.filter(tag__in=tags)
                articles = articles.filter(pk__in=rows.values("content_object"))
        if self.author is not None:
            people = public_people().filter(by_ref(self.author)).values("pk")
            rows = Byline.objects.filter(person__in=people)
            articles = articles.filter(pk__in=rows.values("article"))
        ranges = {
            "published_after": "published_at__gt",
            "published_before": "published_at__lt",
            "updated_after": "updated_at__gt",
            "updated_before": "updated_at__lt",
            "updated_since": "updated_at__gte",
        }
        for name, lookup in ranges.items():
            moment = getattr(self, name)
            if moment is not None:
                articles = articles.filter(**{lookup: in_utc(name, moment)})
        return articles
