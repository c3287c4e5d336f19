"""People and works to tag, found in an article's text while it is written.

The same linker the importer runs on every text it reads (``people.linking``,
built from ``people.entities.all_entities``) reads the headline, standfirst
and body, so the same traps hold: "West Hollywood" is not Kanye West, the
adjective "amazing" is not the song, and of two works with one title the one
whose credited people the text names wins (or neither, and nothing is
suggested). The reporter decides: nothing here tags anything.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import asdict, dataclass

import nh3

from articles import body as article_body
from articles.models import Article
from people.entities import all_entities
from people.linking import Linker
from people.models import Person, Work

# Headline and standfirst are capped by their columns; the body by the body's
# own limit. Anything longer is not an article being written.
MAX_HEADLINE_CHARS = 300
MAX_DEK_CHARS = 600
# Where a block ends in a body the schema refuses (read as plain text).
_BLOCK_TAG = re.compile(
    r"</?(?:p|h[1-6]|li|ul|ol|blockquote|figure|div|br)\b[^>]*>", re.I
)


class TooLong(ValueError):
    """The text is longer than an article's; ``str()`` says so for a reporter."""


@dataclass(frozen=True)
class Suggestion:
    """A known person or work the text names, and whether it is tagged yet."""

    kind: str  # "person" or "work": which tag field it belongs to
    id: int
    name: str
    label: str  # what it is, for the reporter: "person", "group", "short film"
    year: int | None
    disambiguation: str
    mentions: int
    tagged: bool

    def as_json(self) -> dict:
        return asdict(self)

    @property
    def description(self) -> str:
        """ "person, 3 mentions" or "short film, 2009, 1 mention"."""
        parts = [self.label]
        if self.disambiguation:
            parts.append(self.disambiguation)
        if self.year:
            parts.append(str(self.year))
        parts.append(f"{self.mentions} mention{'' if self.mentions == 1 else 's'}")
        return ", ".join(parts)


def text_to_link(*, headline: str, dek: str, body: str) -> str:
    """The words the linker reads: headline, standfirst and the body's text.

    Blank lines between them, so no name runs from one into the next. The
    body is the stored HTML (or what the editor sends), cleaned first.
    Raises ``TooLong`` past an article's limits.
    """
    if len(headline) > MAX_HEADLINE_CHARS or len(dek) > MAX_DEK_CHARS:
        raise TooLong(
            f"A headline has at most {MAX_HEADLINE_CHARS} characters and a "
            f"standfirst at most {MAX_DEK_CHARS}."
        )
    if len(body) > article_body.MAX_BODY_CHARS:
        raise TooLong(f"A body has at most {article_body.MAX_BODY_CHARS:,} characters.")
    try:
        text = article_body.text_of(article_body.clean(body))
    except article_body.BodyError:
        # A body the form will refuse (an unknown embed) still has words that
        # name people; the form's own message says what is wrong with it.
        text = html.unescape(nh3.clean(_BLOCK_TAG.sub("\n\n", body), tags=set()))
    return "\n\n".join(part for part in (headline, dek, text) if part)


def suggest(
    *, headline: str, dek: str, body: str, article: Article | None = None
) -> list[Suggestion]:
    """The people and works the text names, in the order it first names them.

    ``tagged`` says whether ``article`` (as saved) already carries the tag.
    Changes nothing.
    """
    text = text_to_link(headline=headline, dek=dek, body=body)
    mentions = Linker(all_entities()).mentions(text)
    counts = Counter(mention.key for mention in mentions)
    if not counts:
        return []
    ids = {"person": [], "work": []}
    for kind, pk in counts:
        ids[kind].append(pk)
    people = Person.objects.in_bulk(ids["person"])
    works = Work.objects.in_bulk(ids["work"])
    tagged = {"person": set(), "work": set()}
    if article is not None and article.pk is not None:
        tagged["person"] = set(
            article.person_tags.filter(tag__in=ids["person"]).values_list(
                "tag_id", flat=True
            )
        )
        tagged["work"] = set(
            article.work_tags.filter(tag__in=ids["work"]).values_list(
                "tag_id", flat=True
            )
        )
    suggestions = []
    for kind, pk in counts:  # Counter keeps the order keys were first seen
        if kind == "person":
            person = people[pk]
            label, year, note = person.get_kind_display().split(" (")[0], None, ""
            name = person.name
        else:
            work = works[pk]
            label, year, note = (
                work.get_kind_display().lower(),
                work.year,
                work.disambiguation,
            )
            name = work.name
        suggestions.append(
            Suggestion(
                kind=kind,
                id=pk,
                name=name,
                label=label.lower(),
                year=year,
                disambiguation=note,
                mentions=counts[(kind, pk)],
                tagged=pk in tagged[kind],
            )
        )
    return suggestions
