"""Two people editing one article at once.

The article form carries what it showed when it was opened (``sign_base``:
the content of every field below, signed so it comes back as it was sent);
a save from a form opened before someone else's save is merged field by
field (``articles.merging``) with the article as it is now, instead of
overwriting it or being refused. Reversion keeps a revision per admin save
but none per state change or byline edited elsewhere, so a revision cannot
stand in for "the version this form was opened at": the form carries it.

Values here are plain (strings, numbers, lists) so that they can be signed,
compared and shown: the lead image is its id, tags are sorted ids or names,
the bylines are one field (their rows in order).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core import signing

from articles.body import readable
from articles.diffing import word_diff_html
from articles.models import Article, BylineRole
from images.models import Image
from people.models import Person, Work

# Every field of the article form that holds content, in the order a
# conflict screen lists them; the label is what editors read.
LABELS = {
    "headline": "Headline",
    "headline_origin": "Headline origin",
    "slug": "Address (slug)",
    "dek": "Standfirst (dek)",
    "body": "Body",
    "lead_image": "Lead image",
    "bylines": "Bylines",
    "people": "People mentioned",
    "works": "Works mentioned",
    "topics": "Topics",
    "dateline": "Dateline",
    "source_name": "Source name",
    "source_url": "Source address",
}
# Parts edited in an inline formset, each counted as one field: formset
# prefix -> field.
INLINE_FIELDS = {"bylines": "bylines"}
# The tag pickers of the form (plus the suggestions accepted beside them):
# content field -> form field.
PICKER_FIELDS = {"people": "tagged_people", "works": "tagged_works"}
TEXT_FIELDS = [
    "headline",
    "headline_origin",
    "slug",
    "dek",
    "body",
    "dateline",
    "source_name",
    "source_url",
]
SALT = "articles.concurrency.base"


def content_of(article: Article) -> dict[str, Any]:
    """The article's content as plain values, read from the database."""
    content: dict[str, Any] = {name: getattr(article, name) for name in TEXT_FIELDS}
    content["lead_image"] = article.lead_image_id
    content["topics"] = sorted(article.topics.values_list("name", flat=True))
    content["bylines"] = [
        byline_row(b.person_id, b.organisation, b.title, b.role)
        for b in article.bylines.order_by("position", "pk")
    ]
    content["people"] = sorted(article.person_tags.values_list("tag_id", flat=True))
    content["works"] = sorted(article.work_tags.values_list("tag_id", flat=True))
    return content


def byline_row(person_id, organisation: str, title: str, role: str) -> list:
    return [person_id, organisation or "", title or "", role or ""]


def sign_base(content: dict[str, Any]) -> str:
    return signing.dumps(content, salt=SALT, compress=True)


def read_base(token: str) -> dict[str, Any] | None:
    """The content a form was opened with, or None if it carries none (or
    one that was tampered with): then every difference is asked about."""
    if not token:
        return None
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None


def same(name: str, value: Any) -> Any:
    """What is compared: a body by its text and structure, not its markup."""
    if name == "body":
        return readable(value or "")
    if name in TEXT_FIELDS:
        return value or ""
    return value


@dataclass(frozen=True)
class Conflict:
    """A field both people changed, as the conflict screen shows it."""

    name: str
    label: str
    theirs: str
    mine: str
    # How their version became mine, word by word (escaped HTML).
    diff_html: str


def conflicts_of(
    names: Iterable[str], theirs: dict[str, Any], mine: dict[str, Any]
) -> list[Conflict]:
    result = []
    for name in names:
        old, new = describe(name, theirs.get(name)), describe(name, mine.get(name))
        result.append(
            Conflict(
                name=name,
                label=LABELS[name],
                theirs=old,
                mine=new,
                diff_html=word_diff_html(old, new),
            )
        )
    return result


def describe(name: str, value: Any) -> str:
    """A field's value as an editor reads it."""
    if name == "body":
        return readable(value or "")
    if name in TEXT_FIELDS:
        return value or ""
    if name == "lead_image":
        image = Image.objects.filter(pk=value).first() if value else None
        return str(image) if image else "(none)"
    if name == "topics":
        return ", ".join(value) or "(none)"
    if name in ("people", "works"):
        model = Person if name == "people" else Work
        found = model.objects.in_bulk(value or [])
        return "; ".join(str(found.get(pk, pk)) for pk in value) or "(none)"
    if name == "bylines":
        people = Person.objects.in_bulk([row[0] for row in value if row[0]])
        lines = []
        for person_id, organisation, title, role in value:
            who = str(people.get(person_id, "")) if person_id else organisation
            role_label = dict(BylineRole.choices).get(role, role)
            lines.append(", ".join(part for part in (who, title, role_label) if part))
        return "; ".join(lines) or "(none)"
    return str(value)
