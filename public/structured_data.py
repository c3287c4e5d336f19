"""JSON-LD for public pages, built as plain dicts and serialized safely.

Built from the same objects the page renders (already loaded, so no queries),
so what machines read matches what readers see. ``json_ld`` escapes ``<``,
``>`` and ``&`` as ``\\u003c`` and so on: a headline containing
``</script>`` cannot end the script element early.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from people.models import CreditRole, PersonKind, Work, WorkKind

CONTEXT = "https://schema.org"

WORK_TYPES = {
    WorkKind.FILM: "Movie",
    WorkKind.SHORT_FILM: "Movie",
    WorkKind.ALBUM: "MusicAlbum",
    WorkKind.SONG: "MusicRecording",
    WorkKind.MUSIC_VIDEO: "MusicVideoObject",
    WorkKind.TV_SERIES: "TVSeries",
    WorkKind.BOOK: "Book",
}

# The schema.org property each credit role becomes on a work; roles without a
# specific property are contributors.
CREDIT_PROPERTIES = {
    CreditRole.DIRECTOR: "director",
    CreditRole.WRITER: "author",
    CreditRole.PRODUCER: "producer",
    CreditRole.CAST: "actor",
    CreditRole.PERFORMER: "byArtist",
    CreditRole.FEATURED: "contributor",
}
# byArtist is defined on music types only; elsewhere a performer is a creator.
_BY_ARTIST_TYPES = {"MusicAlbum", "MusicRecording"}

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    """``path`` on the public site address (``NEWSROOM_BASE_URL``)."""
    return f"{settings.NEWSROOM_BASE_URL}{path}"


def json_ld(data: dict) -> SafeString:
    """``data`` as JSON that is safe inside ``<script type="application/ld+json">``."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return mark_safe(text.translate(_ESCAPES))  # noqa: S308 - <, > and & escaped


def _iso(value) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def publisher() -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
    }


def person_ref(person) -> dict:
    """A person or group as a small node: type, name, page URL."""
    kind = "MusicGroup" if person.kind == PersonKind.GROUP else "Person"
    return {
        "@type": kind,
        "name": person.name,
        "url": absolute(person.get_absolute_url()),
    }


def byline_ref(byline) -> dict:
    """Who a byline credits: the person, or the organisation by name."""
    if byline.person_id:
        return person_ref(byline.person)
    return {"@type": "Organization", "name": byline.organisation}


def work_ref(work) -> dict:
    """A work as a small node: type, name, page URL."""
    node = {
        "@type": WORK_TYPES.get(work.kind, "CreativeWork"),
        "name": work.name,
        "url": absolute(work.get_absolute_url()),
    }
    if work.year:
        node["datePublished"] = str(work.year)
    return node


def _compact(data: dict) -> dict:
    """Drop empty values: absent is honest, ``""`` or ``[]`` is noise."""
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def news_article(
    article,
    *,
    date_modified,
    about: Iterable = (),
    mentions: Iterable = (),
) -> dict:
    """The ``NewsArticle`` node for an article page.

    ``about`` and ``mentions`` are person and work objects; corrections and
    bylines come from the article's prefetched relations.
    """

    def ref(entity) -> dict:
        return work_ref(entity) if isinstance(entity, Work) else person_ref(entity)

    url = absolute(article.get_absolute_url())
    published = article.first_published_at or article.published_at
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "@id": url,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "headline": article.headline,
            "description": article.dek,
            "datePublished": _iso(published),
            "dateModified": _iso(date_modified or published),
            "author": [byline_ref(byline) for byline in article.bylines.all()],
            "publisher": publisher(),
            "about": [ref(entity) for entity in about],
            "mentions": [ref(entity) for entity in mentions],
            "keywords": [topic.name for topic in article.topics.all()],
            # The body itself (articleBody) is left out: it would double the
            # page's size for what the page already shows.
            "wordCount": len(article.body_text.split()) or None,
            # Google asks for 1:1, 4:3 and 16:9 crops of the lead image.
            "image": [absolute(url) for url in article.lead_image.schema_images()]
            if article.lead_image
            else [],
            "correction": [
                {
                    "@type": "CorrectionComment",
                    "@id": f"{url}#correction-{correction.pk}",
                    "name": correction.get_kind_display(),
                    "text": correction.text,
                    "datePublished": _iso(correction.created_at),
                }
                for correction in article.corrections.all()
            ],
        }
    )


def person_page(person) -> dict:
    """The ``Person`` or ``MusicGroup`` node for a person page."""
    node = person_ref(person)
    return _compact(
        {"@context": CONTEXT, **node, "@id": node["url"], "description": person.bio}
    )


def work_page(work, credits: Iterable) -> dict:
    """The node for a work page, with credits as schema.org roles."""
    node = work_ref(work)
    data: dict = {"@context": CONTEXT, **node, "@id": node["url"]}
    if work.released_on:
        data["datePublished"] = work.released_on.isoformat()
    if work.part_of_id:
        data["isPartOf"] = work_ref(work.part_of)
    for credit in credits:
        prop = CREDIT_PROPERTIES.get(credit.role, "contributor")
        if prop == "byArtist" and node["@type"] not in _BY_ARTIST_TYPES:
            prop = "creator"
        data.setdefault(prop, []).append(person_ref(credit.person))
    return _compact(data)
