"""What the API shows of each object, as plain dicts built from rows already
loaded (no queries here: the endpoints load everything first, so the number
of queries does not grow with the number of items).

``api.schemas`` describes the same shapes for the OpenAPI schema; a test
checks real answers against it.
"""

from __future__ import annotations

from urllib.parse import quote

from articles.models import Article, Correction, Topic
from images.models import Image
from people.models import Person, Work
from public.structured_data import absolute

API_ROOT = "/api/v1"
ABOUT = "about"
MENTION = "mention"


def api_url(path: str) -> str:
    """``path`` under the API's root, on the public site address."""
    return absolute(f"{API_ROOT}{path}")


def articles_url(**filters: str) -> str:
    """The article list narrowed by ``filters`` (``person=<slug>`` ...)."""
    query = "&".join(f"{name}={quote(value)}" for name, value in filters.items())
    return api_url(f"/articles?{query}")


def _media(url: str) -> str:
    # MEDIA_URL may already be a CDN's absolute address.
    return absolute(url) if url.startswith("/") else url


def image(picture: Image | None) -> dict | None:
    """An image with its renditions (prefetched), or None."""
    if picture is None:
        return None
    return {
        "id": picture.pk,
        "alt": picture.alt,
        "decorative": picture.decorative,
        "caption": picture.caption,
        "credit": picture.credit,
        "width": picture.width,
        "height": picture.height,
        "renditions": [
            {
                "name": rendition.name,
                "url": _media(rendition.file.url),
                "width": rendition.width,
                "height": rendition.height,
                "format": rendition.format,
            }
            for rendition in sorted(
                picture.renditions.all(), key=lambda r: (r.width, r.name)
            )
        ],
    }


def person_ref(person: Person) -> dict:
    return {
        "id": person.pk,
        "slug": person.slug,
        "name": person.name,
        "kind": person.kind,
        "url": absolute(person.get_absolute_url()),
        "api_url": api_url(f"/people/{person.slug}"),
    }


def work_ref(work: Work) -> dict:
    return {
        "id": work.pk,
        "slug": work.slug,
        "title": work.name,
        "kind": work.kind,
        "year": work.year,
        "url": absolute(work.get_absolute_url()),
        "api_url": api_url(f"/works/{work.slug}"),
    }


def topic_ref(topic: Topic) -> dict:
    return {
        "id": topic.pk,
        "slug": topic.slug,
        "name": topic.name,
        "url": absolute(topic.get_absolute_url()),
        "api_url": api_url(f"/topics/{topic.slug}"),
    }


def article_ref(article: Article) -> dict:
    return {
        "id": article.pk,
        "slug": article.slug,
        "headline": article.headline,
        "url": absolute(article.get_absolute_url()),
        "api_url": api_url(f"/articles/{article.slug}"),
    }


def bylines(article: Article) -> list[dict]:
    """The byline in order (prefetched with its people): a person, or an
    organisation credited by name (``person`` is then null)."""
    return [
        {
            "name": byline.name,
            "role": byline.role,
            "person": person_ref(byline.person) if byline.person_id else None,
        }
        for byline in article.bylines.all()
    ]


def article_item(article: Article) -> dict:
    """An article as lists show it."""
    return {
        **article_ref(article),
        "dek": article.dek,
        "published_at": article.published_at,
        "first_published_at": article.first_published_at or article.published_at,
        "updated_at": article.updated_at,
        "bylines": bylines(article),
        "lead_image": image(article.lead_image),
    }


ARTICLE_ITEM_FIELDS = (
    "id",
    "slug",
    "headline",
    "url",
    "api_url",
    "dek",
    "published_at",
    "first_published_at",
    "updated_at",
    "bylines",
    "lead_image",
)


def tagged(article: Article) -> tuple[list[dict], list[dict]]:
    """The article's people and works (prefetched tags), each with its role
    in the article: ``about`` when the headline or standfirst names it,
    ``mention`` otherwise; and how it was found (``found_by``)."""
    named = set(article.about.split())
    people = [
        {
            **person_ref(item.tag),
            "role": ABOUT if f"person:{item.tag_id}" in named else MENTION,
            "found_by": item.found_by,
        }
        for item in article.person_tags.all()
    ]
    works = [
        {
            **work_ref(item.tag),
            "role": ABOUT if f"work:{item.tag_id}" in named else MENTION,
            "found_by": item.found_by,
        }
        for item in article.work_tags.all()
    ]
    return people, works


def correction(note: Correction) -> dict:
    return {
        "id": note.pk,
        "kind": note.kind,
        "text": note.text,
        "date": note.created_at,
    }
