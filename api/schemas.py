"""The shapes of the API's answers, for the OpenAPI schema.

The endpoints build plain dicts (``api.representations``) and never run them
through these models; ``tests/api/test_schemas.py`` checks real answers
against the published schema, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from articles.models import BylineRole, CorrectionKind, FoundBy, VersionKind
from people.models import CreditRole, PersonKind, WorkKind

PersonKindName = Literal[tuple(PersonKind.values)]
WorkKindName = Literal[tuple(WorkKind.values)]


class FieldError(Schema):
    field: str = Field(description="The parameter at fault.")
    message: str


class Problem(Schema):
    """An error, as RFC 9457 problem details (``application/problem+json``)."""

    type: str = Field(examples=["about:blank"])
    title: str
    status: int
    detail: str | None = None
    instance: str | None = Field(None, description="The path asked for.")
    errors: list[FieldError] | None = Field(
        None, description="For bad input: each field at fault."
    )


class Rendition(Schema):
    name: str = Field(examples=["webp-640"])
    url: str
    width: int
    height: int
    format: str = Field(examples=["WEBP"])


class Image(Schema):
    id: int
    alt: str = Field(description="Empty for a decorative image.")
    decorative: bool
    caption: str
    credit: str
    width: int
    height: int
    renditions: list[Rendition] = Field(description="Narrowest first.")


class PersonRef(Schema):
    id: int
    slug: str
    name: str
    kind: PersonKindName
    url: str = Field(description="The person's page on the site.")
    api_url: str


class WorkRef(Schema):
    id: int
    slug: str
    title: str
    kind: WorkKindName
    year: int | None
    url: str = Field(description="The work's page on the site.")
    api_url: str


class TopicRef(Schema):
    id: int
    slug: str
    name: str
    url: str
    api_url: str


class ArticleRef(Schema):
    id: int
    slug: str
    headline: str
    url: str = Field(description="The canonical address of the article's page.")
    api_url: str


class Byline(Schema):
    name: str
    role: Literal[tuple(BylineRole.values)]
    person: PersonRef | None = Field(
        description="Null when an organisation is credited."
    )


class ArticleFields(ArticleRef):
    dek: str
    published_at: datetime
    first_published_at: datetime
    updated_at: datetime
    bylines: list[Byline]
    lead_image: Image | None


def _nothing_required(schema: dict) -> None:
    schema.pop("required", None)


class ArticleItem(ArticleFields):
    """An article in a list. With ``fields=``, only the fields asked for (so
    the schema requires none)."""

    model_config = ConfigDict(json_schema_extra=_nothing_required)


class TaggedPerson(PersonRef):
    role: Literal["about", "mention"] = Field(
        description="about: named in the headline or standfirst."
    )
    found_by: Literal[tuple(FoundBy.values)]


class TaggedWork(WorkRef):
    role: Literal["about", "mention"] = Field(
        description="about: named in the headline or standfirst."
    )
    found_by: Literal[tuple(FoundBy.values)]


class CorrectionNote(Schema):
    id: int
    kind: Literal[tuple(CorrectionKind.values)]
    text: str
    date: datetime


class Version(Schema):
    number: int
    kind: Literal[tuple(VersionKind.values)]
    date: datetime
    changes_url: str | None = Field(
        description="The public page showing what changed in this version."
    )


class ArticleDetail(ArticleFields):
    retracted: bool = Field(
        description="Retracted articles stay readable with the editor's note."
    )
    body_html: str = Field(
        description="The body as the site shows it; its links to the site are "
        "site-relative (resolve them against url)."
    )
    body_text: str
    people: list[TaggedPerson]
    works: list[TaggedWork]
    topics: list[TopicRef]
    corrections: list[CorrectionNote]
    versions: list[Version]


class ArticleList(Schema):
    items: list[ArticleItem]
    next: str | None = Field(description="The next page, or null on the last.")
    cursor: str | None = Field(description="The cursor of the next page.")


class PersonItem(PersonRef):
    articles: str = Field(description="The articles about this person.")
    written: str = Field(description="The articles this person wrote.")


class WorkCredit(Schema):
    role: Literal[tuple(CreditRole.values)]
    work: WorkRef


class PersonDetail(PersonItem):
    bio: str
    headshot: Image | None
    credits: list[WorkCredit]


class PersonList(Schema):
    items: list[PersonItem]
    next: str | None
    cursor: str | None


class WorkItem(WorkRef):
    articles: str = Field(description="The articles about this work.")


class PersonCredit(Schema):
    role: Literal[tuple(CreditRole.values)]
    person: PersonRef


class WorkDetail(WorkItem):
    disambiguation: str
    released_on: date | None
    part_of: WorkRef | None
    poster: Image | None
    credits: list[PersonCredit]


class WorkList(Schema):
    items: list[WorkItem]
    next: str | None
    cursor: str | None


class TopicItem(TopicRef):
    articles: str = Field(description="The articles on this topic.")


class TopicList(Schema):
    items: list[TopicItem]
    next: str | None
    cursor: str | None


class CorrectionItem(CorrectionNote):
    url: str = Field(description="The correction on the article's page.")
    api_url: str
    article: ArticleRef


class CorrectionList(Schema):
    items: list[CorrectionItem]
    next: str | None
    cursor: str | None
