"""``/api/v1/articles``: the latest articles, filtered, and one article.

Lists show ``listed()`` articles, details ``published()`` ones
(``public.queries``), exactly as the site does: a draft, a scheduled article
before its time and an unpublished one are absent from every list and a 404
like a missing one; a retracted article keeps its address (with
``retracted: true`` and the editor's note) but leaves the lists.

Order and cursors (``api.pagination``):

- default: newest first, ``published_at`` then id, descending;
- ``order=updated``: ``updated_at`` then id, ascending, for incremental sync
  with ``updated_since`` (follow ``next`` until it is null; the last page's
  newest ``updated_at`` is the next sync's ``updated_since``);
- with ``q``: best match first (rank, then newest). The cursor carries the
  rank of the last article shown, so it stays keyset-based; ``order`` cannot
  be combined with ``q``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Header, Query, Router
from pydantic import WithJsonSchema

from api import ninjs, preview
from api import representations as show
from api.filters import (
    ArticleFilters,
    BadParameters,
    Moment,
    check_known,
    one_by_ref,
)
from api.pagination import CURSOR_PATTERN, DEFAULT_SIZE, MAX_SIZE, Keyset, paginate
from api.problems import problem
from api.responses import CONTENT_TYPE, json_response
from api.schemas import ArticleDetail, ArticleList
from articles import rendering
from articles.models import Article, Byline, Status
from public import cachetags
from public.queries import with_page_relations
from public.responses import newest
from public.search import MAX_QUERY_LENGTH, ranked
from public.structured_data import absolute

router = Router(tags=["articles"])

NEWEST = Keyset("published", (("published_at", "datetime", True), ("pk", "int", True)))
UPDATED = Keyset("updated", (("updated_at", "datetime", False), ("pk", "int", False)))
BEST = Keyset(
    "rank",
    (
        ("rank", "number", True),
        ("published_at", "datetime", True),
        ("pk", "int", True),
    ),
)

LIST_PARAMS = frozenset(
    {
        "size",
        "cursor",
        "order",
        "person",
        "work",
        "topic",
        "author",
        "published_after",
        "published_before",
        "updated_after",
        "updated_before",
        "updated_since",
        "q",
        "fields",
    }
)
DETAIL_PARAMS = frozenset()

REF = "an id or a slug"
MOMENT = "ISO 8601; no offset means UTC"

_FIELD = "|".join(show.ARTICLE_ITEM_FIELDS)
FIELDS_PATTERN = f"^({_FIELD})(,({_FIELD}))*$"
# The pattern is documented, not enforced by pydantic: an unknown name gets a
# 400 that names it (``_fields``).
FieldList = Annotated[
    str, WithJsonSchema({"type": "string", "pattern": FIELDS_PATTERN})
]


def public_article(ref: str) -> Article | None:
    """The public article ``ref`` (id or web address) names, with everything
    its detail shows, or None: a draft, a scheduled article before its time
    and an unpublished one are None exactly like a missing one.

    The one place the detail finds its article; a preview token's path goes
    beside it, never inside it.
    """
    return one_by_ref(with_page_relations(Article.objects.published()), ref)


def article_detail(article: Article) -> dict:
    """The detail representation of ``article`` (loaded by ``public_article``
    or an equivalent with ``with_page_relations``); renders the stored body
    first if it is out of date, as the site's page does."""
    body_html = str(rendering.current_html(article))
    people, works = show.tagged(article)
    versions = list(article.published_versions.all())
    changes = absolute(reverse("public:article_changes", kwargs={"slug": article.slug}))
    return {
        **show.article_item(article),
        "retracted": article.status == Status.RETRACTED,
        "body_html": body_html,
        "body_text": article.body_text,
        "people": people,
        "works": works,
        "topics": [show.topic_ref(topic) for topic in article.topics.all()],
        "corrections": [show.correction(c) for c in article.corrections.all()],
        "versions": [
            {
                "number": version.number,
                "kind": version.kind,
                "date": version.created_at,
                "changes_url": (
                    f"{changes}#change-{version.number}"
                    if version.number > 1 and len(versions) > 1
                    else None
                ),
            }
            for version in versions
        ],
    }


def last_modified(article: Article) -> datetime | None:
    """When anything the detail shows last changed."""
    return newest(
        article.updated_at,
        *(c.created_at for c in article.corrections.all()),
        *(v.created_at for v in article.published_versions.all()),
    )


def detail_tags(article: Article) -> list[str]:
    """The cache tags of an article's detail (as its page, without related)."""
    return cachetags.for_article_page(article)


def listed_articles() -> QuerySet[Article]:
    """Listed articles with what a list item shows, in a fixed number of queries.

    The bodies stay in the database: a list shows none of them, and sorting
    the matching rows with their bodies cost the list most of its time.
    """
    return (
        Article.objects.listed()
        .defer("body", "body_html", "body_text", "about")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("person")),
            "lead_image__renditions",
        )
    )


def _fields(value: str | None) -> list[str] | None:
    if value is None:
        return None
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in show.ARTICLE_ITEM_FIELDS]
    if unknown or not names:
        message = (
            f"unknown field(s): {', '.join(unknown)}; choose from "
            f"{', '.join(show.ARTICLE_ITEM_FIELDS)}"
            if unknown
            else "name at least one field"
        )
        raise BadParameters([{"field": "fields", "message": message}])
    return names


@router.get(
    "",
    response=ArticleList,
    summary="List articles",
    operation_id="list_articles",
)
def list_articles(
    request: HttpRequest,
    size: int = Query(DEFAULT_SIZE, ge=1, le=MAX_SIZE, description="Page size."),
    cursor: str | None = Query(
        None,
        max_length=500,
        pattern=CURSOR_PATTERN,
        description="The `cursor` of the previous page.",
    ),
    order: Literal["published", "updated"] = Query(
        "published",
        description="published: newest first. updated: least recently "
        "changed first, for syncing with updated_since.",
    ),
    person: str | None = Query(
        None,
        max_length=255,
        description=f"A person the articles are tagged with: {REF}.",
    ),
    work: str | None = Query(
        None, max_length=255, description=f"A work the articles are tagged with: {REF}."
    ),
    topic: str | None = Query(
        None, max_length=255, description=f"A topic of the articles: {REF}."
    ),
    author: str | None = Query(
        None, max_length=255, description=f"A person in the byline: {REF}."
    ),
    published_after: Moment | None = Query(  # noqa: B008 - ninja's parameter
        None, description=f"Published after ({MOMENT})."
    ),
    published_before: Moment | None = Query(  # noqa: B008 - ninja's parameter
        None, description=f"Published before ({MOMENT})."
    ),
    updated_after: Moment | None = Query(  # noqa: B008 - ninja's parameter
        None, description=f"Changed after ({MOMENT})."
    ),
    updated_before: Moment | None = Query(  # noqa: B008 - ninja's parameter
        None, description=f"Changed before ({MOMENT})."
    ),
    updated_since: Moment | None = Query(  # noqa: B008 - ninja's parameter
        None, description=f"Changed at or after ({MOMENT})."
    ),
    q: str | None = Query(
        None,
        max_length=MAX_QUERY_LENGTH,
        description="Full-text search; results come best match first.",
    ),
    fields: FieldList | None = Query(  # noqa: B008 - ninja's parameter
        None,
        description="Comma-separated fields to show of each article, e.g. "
        "id,headline,updated_at.",
    ),
    format: Literal["json"] = Query("json", description="The representation."),
):
    check_known(request, LIST_PARAMS)
    chosen = _fields(fields)
    filters = ArticleFilters(
        person=person,
        work=work,
        topic=topic,
        author=author,
        published_after=published_after,
        published_before=published_before,
        updated_after=updated_after,
        updated_before=updated_before,
        updated_since=updated_since,
    )
    articles = filters.apply(listed_articles())
    text = (q or "").strip()
    if text:
        if "order" in request.GET:
            raise BadParameters(
                [{"field": "order", "message": "search results come best first"}]
            )
        articles, keyset = ranked(articles, text), BEST
    else:
        keyset = UPDATED if order == "updated" else NEWEST
    page = paginate(articles, keyset, size=size, cursor=cursor)
    items = [show.article_item(article) for article in page.items]
    if chosen is not None:
        items = [{name: item[name] for name in chosen} for item in items]
    return json_response(
        request,
        {"items": items, **page.links(request)},
        tags=cachetags.for_article_list(page.items),
        last_modified=newest(*(article.updated_at for article in page.items)),
    )


@router.get(
    "/{ref}",
    response=ArticleDetail,
    summary="One article",
    description=(
        "The article as JSON, or as an IPTC ninjs 2.1 document with "
        "`format=ninjs` or `Accept: application/ninjs+json`. With an editor's "
        "`X-Preview-Token`, the article as saved now, draft or not (never "
        "cached)."
    ),
    operation_id="get_article",
)
def get_article(
    request: HttpRequest,
    ref: str,
    format: Literal["json", "ninjs"] | None = Query(  # noqa: B008 - ninja's
        None,
        description="The representation; without it, the Accept header "
        "chooses (JSON unless it prefers application/ninjs+json).",
    ),
    x_preview_token: str | None = Header(  # noqa: B008 - ninja's parameter
        None,
        alias=preview.HEADER,
        description="A headless preview token an editor made in the admin.",
    ),
):
    check_known(request, DETAIL_PARAMS)
    as_ninjs = wants_ninjs(request, format)
    previewing = x_preview_token is not None
    if previewing:
        # Only the token opens a draft (a partner key never does); a bad
        # token is said to be bad, whatever the article, so it tells nothing
        # about which drafts exist.
        article = preview.previewable_article(x_preview_token, ref)
        if article is None:
            return problem(
                request,
                401,
                "Invalid preview token",
                "The preview token is not valid for this article, or it has "
                "expired: make a new one in the admin.",
            )
    else:
        article = public_article(ref)
        if article is None:
            raise Http404
    if as_ninjs:
        if not article.is_public:
            raise BadParameters(
                [{"field": "format", "message": "a draft has no ninjs document"}]
            )
        data = ninjs.to_ninjs(article, base_url=settings.NEWSROOM_BASE_URL)
    else:
        data = article_detail(article)
    response = json_response(
        request,
        data,
        tags=detail_tags(article),
        last_modified=last_modified(article),
        vary=("Accept", preview.HEADER),
        content_type=ninjs.MEDIA_TYPE if as_ninjs else None,
    )
    return preview.mark_preview(response) if previewing else response


def wants_ninjs(request: HttpRequest, format: str | None) -> bool:
    """Whether to answer with ninjs: ``format`` decides when given, otherwise
    the Accept header's preference between JSON and ninjs (JSON when it
    names neither, as a browser's does)."""
    if format is not None:
        return format == "ninjs"
    preferred = request.get_preferred_type([CONTENT_TYPE, ninjs.MEDIA_TYPE])
    return preferred == ninjs.MEDIA_TYPE
