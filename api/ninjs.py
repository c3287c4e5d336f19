"""An article as an IPTC ninjs 2.1 document, for syndication partners.

ninjs ("news in JSON", https://iptc.org/standards/ninjs/) is the IPTC's JSON
format for news items; partners' systems ingest it without knowing newsroom.
``to_ninjs`` maps what newsroom knows about a public article, and only that:
where ninjs has a field newsroom has no fact for (urgency, places, embargo,
copyright, genre), the field is left out rather than filled with a guess.

Vocabulary newsroom uses where ninjs leaves values to the provider:

- ``people[].rel`` / ``organisations[].rel``: a byline's role (``writer``,
  ``reporter``, ``additional_reporting``, ``photographer``, ``publisher``) for
  who made the article; ``about`` (named in the headline or standfirst) or
  ``mentioned`` (tagged, named in the body) for who it is about.
- ``subjects[].rel``: ``about`` or ``mentioned`` for works, as for people;
  topics have no ``rel`` (an editor's subject tag). A work's ``uri`` is under
  ``/works/``, a topic's under ``/topics/``.
- ``descriptions[].role``: ``correction`` for every public correction,
  clarification, update and editor's note, the kind and date in its text.
- ``bodies[].role``: ``main``, once as ``text/html`` and once as ``text/plain``.

A person who wrote the article and is tagged in it appears twice in
``people``, once for each relation.

The schema names no media type for ninjs; the API answers with
``MEDIA_TYPE``, the one the issue asks for (not registered with IANA).
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings

from articles import rendering
from articles.models import Article, BylineRole, Status
from images.models import Image
from people.models import PersonKind
from public.views import split_about_and_mentions

MEDIA_TYPE = "application/ninjs+json"
STANDARD = {
    "name": "ninjs",
    "version": "2.1",
    # The schema's own $id, without its empty fragment.
    "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
}
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
NOT_PUBLIC = "Only a public article has a ninjs document."


def to_ninjs(article: Article, *, base_url: str) -> dict:
    """The ninjs 2.1 document of ``article``, a public article loaded with
    ``public.queries.with_page_relations``; every address is absolute on
    ``base_url`` (``settings.NEWSROOM_BASE_URL``; the body's own links are
    made absolute by ``rendering.for_feeds``, which reads that setting).

    Changes nothing in the world and makes no query, with one exception the
    public page shares: an article whose stored reader HTML is out of date
    (the first read after ``articles.rendering.mark_stale``) is rendered and
    stored first, as ``rendering.current_html`` does for the page and feeds.
    Raises ``ValueError`` for an article the public may not see (a draft,
    one scheduled for later, an unpublished one): it has no document.

    Dates, all UTC (RFC 3339):

    - ``firstcreated``: when readers first saw the article (its first
      publication), not when a reporter started the draft, which partners
      never saw and which may be days earlier.
    - ``versioncreated``: when readers last saw it change: the newest of its
      public versions (corrections, updates, minor fixes) and its public
      notes (a retraction's note included). Not ``updated_at``, which moves
      with edits readers never saw and, for an article saved before its
      scheduled time, comes before ``firstcreated``.
    - ``version``: the number of its latest public version, as the "what
      changed" page numbers them.
    """
    if not article.is_public:
        raise ValueError(NOT_PUBLIC)
    base = base_url.rstrip("/")
    page = base + article.get_absolute_url()
    # The reader's HTML as feeds carry it: site addresses made absolute,
    # embeds as links rather than frames (a partner's page is not ours).
    html = rendering.for_feeds(rendering.current_html(article))
    versions = list(article.published_versions.all())
    corrections = list(article.corrections.all())
    first = article.first_published_at or article.published_at
    about, _mentions = split_about_and_mentions(article)
    about_ids = {(type(entity).__name__, entity.pk) for entity in about}

    document = {
        "uri": f"{base}/api/v1/articles/{article.pk}",
        "standard": dict(STANDARD),
        "type": "text",
        "representationtype": "full",
        "slugline": article.slug,
        "altids": [{"role": "canonical-url", "value": page}],
        "renditions": [{"name": "web", "href": page, "contenttype": "text/html"}],
        "firstcreated": rfc3339(first),
        "versioncreated": rfc3339(
            max(
                [first]
                + [version.created_at for version in versions]
                + [correction.created_at for correction in corrections]
            )
        ),
        # A retraction withdraws the article for good (ninjs "canceled");
        # "withheld" would promise it comes back. Its text stays in the
        # document, as the page keeps it at its address under a notice.
        "pubstatus": "canceled" if article.status == Status.RETRACTED else "usable",
        "language": settings.LANGUAGE_CODE,
        # The standfirst is read under the headline, so it is a headline
        # ("sub"); ninjs calls descriptions metadata, which it is not.
        "headlines": [
            {"role": "main", "contenttype": "text/plain", "value": article.headline},
            *(
                [{"role": "sub", "contenttype": "text/plain", "value": article.dek}]
                if article.dek
                else []
            ),
        ],
        "bodies": _bodies(html, article.body_text),
        "by": _by(article),
        "people": [],
        "organisations": [],
        "subjects": [],
        "descriptions": [_note(correction) for correction in corrections],
        "associations": _lead_image(article.lead_image, base=base),
        "infosources": (
            [{"name": article.source_name, "role": "original publisher"}]
            if article.source_name
            else []
        ),
    }
    if versions:
        document["version"] = str(versions[-1].number)
    if article.status == Status.RETRACTED:
        # For the partner's staff, not for publication: take it down.
        document["ednote"] = (
            "This article has been retracted; see the editor’s note in descriptions."
        )

    # Who made it, in byline order: people and organisations apart, as ninjs
    # keeps them; "by" holds the one ordered statement.
    for byline in article.bylines.all():
        if byline.person_id:
            document[_kind(byline.person)].append(
                _entity(byline.person, byline.role, base)
            )
        else:
            document["organisations"].append(
                {"name": byline.organisation, "rel": byline.role}
            )
    # What it is about. The people and groups tagged are ninjs "people" and
    # "organisations" (both are "nar:subject" in the schema: the concepts the
    # article is about, by their nature), not "subjects" as well, so that a
    # partner never counts one person twice; works and topics, which are
    # neither, are "subjects".
    for item in article.person_tags.all():
        rel = "about" if ("Person", item.tag_id) in about_ids else "mentioned"
        document[_kind(item.tag)].append(_entity(item.tag, rel, base))
    for item in article.work_tags.all():
        rel = "about" if ("Work", item.tag_id) in about_ids else "mentioned"
        document["subjects"].append(_entity(item.tag, rel, base))
    for topic in article.topics.all():
        document["subjects"].append(
            {"name": topic.name, "uri": base + topic.get_absolute_url()}
        )
    # Absent is honest; an empty string or list says nothing.
    return {key: value for key, value in document.items() if value not in ("", [])}


def rfc3339(value: datetime) -> str:
    """``value`` in UTC, to the second, as RFC 3339 (``2026-11-01T09:00:00Z``)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _bodies(html: str, text: str) -> list[dict]:
    if not text and not html:
        return []
    # ninjs counts exclude figure captions, as the plain text does.
    counts = {"charcount": len(text), "wordcount": len(text.split())}
    return [
        {"role": "main", "contenttype": "text/html", "value": html, **counts},
        {"role": "main", "contenttype": "text/plain", "value": text, **counts},
    ]


def _note(correction) -> dict:
    """A public note as a description: ninjs 2.1 has no field for corrections,
    and they are for publication, which ``ednote`` is not. Its kind and date
    lead its text: "Correction (2026-11-02T15:30:00Z): An earlier ..."."""
    when = rfc3339(correction.created_at)
    return {
        "role": "correction",
        "contenttype": "text/plain",
        "value": f"{correction.get_kind_display()} ({when}): {correction.text}",
    }


def _by(article: Article) -> str:
    """The byline as the page reads it, without its "By": "Ann Lee, MTV News
    (publisher)"; a writer's role goes without saying."""
    return ", ".join(
        byline.name
        if byline.role == BylineRole.WRITER
        else f"{byline.name} ({byline.get_role_display().lower()})"
        for byline in article.bylines.all()
    )


def _kind(person) -> str:
    """Where a person goes: a group (a band, a duo) is an organisation in
    ninjs, which keeps "people" for individual human beings."""
    return "organisations" if person.kind == PersonKind.GROUP else "people"


def _entity(entity, rel: str, base: str) -> dict:
    """A person, group or work with its relation to the article and its
    public page as its newsroom URI."""
    return {"name": entity.name, "rel": rel, "uri": base + entity.get_absolute_url()}


def _lead_image(image: Image | None, *, base: str) -> list[dict]:
    """The lead image as a ninjs picture association: its renditions, alt text,
    caption and credit line (ninjs "by": who took or owns it)."""
    if image is None:
        return []
    original = _absolute(image.file.url, base)
    renditions = [_rendition("original", image, base)] + [
        _rendition(rendition.name, rendition, base)
        for rendition in image.renditions.all()
    ]
    descriptions = []
    if image.alt:
        descriptions.append(
            {"role": "alt", "contenttype": "text/plain", "value": image.alt}
        )
    if image.caption:
        descriptions.append(
            {"role": "caption", "contenttype": "text/plain", "value": image.caption}
        )
    association = {
        "name": "lead image",
        # The stored file is the picture's address; replacing the file makes
        # it another picture, so another identifier is right.
        "uri": original,
        "type": "picture",
        "representationtype": "full",
        "by": image.credit,
        "descriptions": descriptions,
        "renditions": renditions,
    }
    return [{key: value for key, value in association.items() if value not in ("", [])}]


def _absolute(url: str, base: str) -> str:
    """A file's address: as it is if storage gives a full one (a CDN's),
    otherwise on ``base``."""
    return url if urlsplit(url).scheme else base + url


def _rendition(name: str, picture, base: str) -> dict:
    return {
        "name": name,
        "href": _absolute(picture.file.url, base),
        "contenttype": IMAGE_TYPES[picture.format],
        "width": picture.width,
        "height": picture.height,
    }
