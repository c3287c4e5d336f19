"""Cache tags: what a public response shows, so a cache can purge exactly it.

Every anonymous public response carries a ``Cache-Tag`` header: the tags
below, separated by single spaces, sorted, each at most once. A CDN (or the
page cache) stores the response under those tags; when something changes,
purge every response carrying the tag of what changed.

Vocabulary (``<pk>`` is the database id):

``article-<pk>``
    The response shows this article: its page, its "what changed" page, or
    its headline (and byline, date, dek) in a list, a feed, a sitemap, a search
    result or a related-coverage box. Purge on publish, unpublish, retract,
    correction, or any edit to public text, bylines or tags of the article.
``person-<pk>``
    Shows this person or group: their page, their feeds, or their name as a
    byline, a credit or a tag on another page. Purge when the person changes
    (name, bio, kind, credits).
``work-<pk>``
    Shows this work: its page, its feeds, or its title as a credit or tag.
    Purge when the work changes (title, kind, year, credits).
``topic-<pk>``
    Shows this topic: its page or feeds, or its name as a tag. Purge when the
    topic is renamed.
``image-<pk>``
    Shows this image (a lead image, headshot or poster). Purge when the image,
    its alt text, caption, credit or focal point changes.
``list``
    A list of the latest articles that a newly published article may join
    (home page, latest feeds, sitemaps, search results, and every person,
    work and topic page, whose coverage list can gain an article). Purge on
    every publish, unpublish or retraction.
``corrections``
    The corrections log and its feeds. Purge when a correction is added to or
    removed from a public article, and when an article with corrections is
    published, unpublished or retracted.

Sitemaps and robots.txt carry ``list`` only (a sitemap of every article
would make a header of tens of thousands of tags); an article's ``lastmod``
there may lag until the next publish purges ``list``.

Entity pages carry ``list`` because which articles they list depends on
tags that a newly published article brings; purging ``list`` on publish is
simpler than computing which entity pages the new article joins, and
``article-<pk>`` still purges precisely on a correction.

Logged-in responses and previews never carry this header: they are
``Cache-Control: private, no-store`` (``public.responses.finish_public_response``
for pages, ``newsroom.pagecache.mark_private`` for a preview).

Each tag is named by the app that owns the row (``articles.purging``,
``people.models``, ``images.models``), so that the code that changes a row
purges it; this module composes them into what each page shows.
"""

from __future__ import annotations

from collections.abc import Iterable

from articles.purging import CORRECTIONS, LIST, article_tag, topic_tag
from images.models import image_cache_tag as image_tag
from newsroom.pagecache import TAG_HEADER as HEADER
from people.models import person_cache_tag as person_tag
from people.models import work_cache_tag as work_tag

__all__ = [
    "CORRECTIONS",
    "HEADER",
    "LIST",
    "article_tag",
    "header_value",
    "image_tag",
    "person_tag",
    "topic_tag",
    "work_tag",
]


def header_value(tags: Iterable[str]) -> str:
    """The header value for ``tags``: sorted, unique, space-separated."""
    return " ".join(sorted(set(tags)))


def _bylined(article) -> list[int]:
    """The people in the article's (prefetched) byline; organisations have
    no row of their own to change."""
    return [b.person_id for b in article.bylines.all() if b.person_id]


def for_article_list(articles: Iterable) -> list[str]:
    """Tags for a list of articles with their bylines (prefetched), plus ``list``."""
    return for_list_rows((article.pk, _bylined(article)) for article in articles)


def for_list_rows(rows: Iterable[tuple[int, Iterable[int]]]) -> list[str]:
    """``for_article_list`` for a list read as rows (the feeds): each
    article's id and its bylined people's ids."""
    tags = [LIST]
    for article_id, people in rows:
        tags.append(article_tag(article_id))
        tags.extend(person_tag(person_id) for person_id in people)
    return tags


def for_article_page(article, related: Iterable = ()) -> list[str]:
    """Tags for an article page: the article, its bylines, tags and related items."""
    tags = [article_tag(article.pk)]
    tags.extend(person_tag(person_id) for person_id in _bylined(article))
    tags.extend(person_tag(item.tag_id) for item in article.person_tags.all())
    tags.extend(work_tag(item.tag_id) for item in article.work_tags.all())
    tags.extend(topic_tag(topic.pk) for topic in article.topics.all())
    tags.extend(article_tag(other.pk) for other in related)
    if article.lead_image_id:
        tags.append(image_tag(article.lead_image_id))
    return tags


def for_article_changes(article) -> list[str]:
    """Tags for an article's "what changed" page."""
    return [article_tag(article.pk)]


def for_person_page(person, credits: Iterable, *lists: Iterable) -> list[str]:
    """Tags for a person page: the person, their credited works, the coverage."""
    tags = [person_tag(person.pk)]
    if person.headshot_id:
        tags.append(image_tag(person.headshot_id))
    tags.extend(work_tag(credit.work_id) for credit in credits)
    for articles in lists:
        tags.extend(for_article_list(articles))
    return tags


def for_work_page(work, credits: Iterable, articles: Iterable) -> list[str]:
    """Tags for a work page: the work, the credited people, the coverage."""
    tags = [work_tag(work.pk)]
    if work.poster_id:
        tags.append(image_tag(work.poster_id))
    if work.part_of_id:
        tags.append(work_tag(work.part_of_id))
    tags.extend(person_tag(credit.person_id) for credit in credits)
    tags.extend(for_article_list(articles))
    return tags


def for_topic_page(topic, articles: Iterable) -> list[str]:
    """Tags for a topic page."""
    return [topic_tag(topic.pk), *for_article_list(articles)]


def for_corrections(corrections: Iterable) -> list[str]:
    """Tags for the corrections log or feed: the log and each corrected article."""
    return [CORRECTIONS, *(article_tag(c.article_id) for c in corrections)]


def for_search(articles: Iterable, entities: Iterable[str] = ()) -> list[str]:
    """Tags for a search result page: the results and the entities filtered on."""
    return [*for_article_list(articles), *entities]
