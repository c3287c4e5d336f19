"""Builders for the public-site tests: articles with versions and corrections."""

import json
from datetime import UTC, datetime, timedelta

from lxml import html as lxml_html
from pyld import jsonld

from articles.models import (
    Article,
    Byline,
    Correction,
    CorrectionKind,
    Status,
    TaggedPerson,
    TaggedWork,
    VersionKind,
    record_published_version,
)
from tests.builders import make_article

FIRST_AT = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
CORRECTED_AT = datetime(2026, 11, 2, 15, 30, tzinfo=UTC)


def published_article(headline: str = "A headline", **fields) -> Article:
    """A published article with its first public version recorded."""
    at = fields.pop("published_at", FIRST_AT)
    article = make_article(headline, published_at=at, first_published_at=at, **fields)
    record_published_version(article, kind=VersionKind.FIRST, at=at)
    return article


def corrected_article() -> tuple[Article, Correction]:
    """Published on FIRST_AT, corrected on CORRECTED_AT (two public versions)."""
    article = published_article(
        "Flashing Lights video premieres",
        dek="The video came out in 2007.",
        body="The video came out in 2007.\n\nIt stars Rita G.",
    )
    article.dek = "The video came out in 2008."
    article.body = "The video came out in 2008.\n\nIt stars Rita G."
    article.save()
    correction = Correction.objects.create(
        article=article,
        kind=CorrectionKind.CORRECTION,
        text="An earlier version said the video came out in 2007; it came out in 2008.",
        created_at=CORRECTED_AT,
    )
    record_published_version(
        article, kind=VersionKind.CORRECTION, correction=correction, at=CORRECTED_AT
    )
    return article, correction


def tag(article: Article, *, people=(), works=(), bylines=()) -> Article:
    for person in people:
        TaggedPerson.objects.create(content_object=article, tag=person)
    for work in works:
        TaggedWork.objects.create(content_object=article, tag=work)
    for position, person in enumerate(bylines):
        Byline.objects.create(article=article, person=person, position=position)
    return article


def hidden_articles(**fields) -> list[Article]:
    """One article in each state the public must not see, all with ``fields``."""
    future = datetime.now(UTC) + timedelta(days=3)
    return [
        make_article("Secret draft", status=Status.DRAFT, **fields),
        make_article("Secret review", status=Status.IN_REVIEW, **fields),
        make_article(
            "Secret scheduled", status=Status.SCHEDULED, published_at=future, **fields
        ),
        make_article(
            "Secret unpublished",
            status=Status.UNPUBLISHED,
            published_at=FIRST_AT,
            **fields,
        ),
    ]


def page_tree(response):
    return lxml_html.fromstring(response.content.decode())


def texts(tree, xpath: str) -> list[str]:
    return [" ".join(node.text_content().split()) for node in tree.xpath(xpath)]


def _refuse_remote(url, options=None):
    raise AssertionError(f"JSON-LD tried to fetch {url}")


def expanded_json_ld(response) -> list[dict]:
    """The page's JSON-LD, expanded by a JSON-LD processor with no network.

    The schema.org context is swapped for an inline ``@vocab`` so nothing is
    fetched; any remote load fails the test.
    """
    tree = page_tree(response)
    (script,) = tree.xpath('//script[@type="application/ld+json"]')
    data = json.loads(script.text)
    assert data["@context"] == "https://schema.org"
    data["@context"] = {"@vocab": "https://schema.org/"}
    return jsonld.expand(data, {"documentLoader": _refuse_remote})


def values(node: dict, prop: str) -> list:
    """Plain values of an expanded JSON-LD property (``@value`` or nodes)."""
    return [
        item.get("@value", item) for item in node.get(f"https://schema.org/{prop}", [])
    ]
