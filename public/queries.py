"""What readers may see, as querysets: the one place each public rule lives.

Articles: ``Article.objects.published()`` (pages) and ``listed()`` (lists,
feeds, sitemaps, search, related coverage). People and works are public only
once an editor has approved them (``approved()``: a reporter may add one that
is not), and then when the articles (and their credits) give them something
to show; topics follow from the articles alone. ``public_people()``,
``public_works()`` and ``public_topics()`` are the rules every page, feed,
sitemap and search filter uses, so a name that appears only on drafts looks
exactly like a name that does not exist. An article page lists only the
approved people and works it is tagged with (``with_page_relations``,
``page_relation_rows``).
"""

from __future__ import annotations

import itertools
import json
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import (
    BinaryField,
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    F,
    Func,
    IntegerField,
    JSONField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import JSONObject, RowNumber
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import (
    Article,
    Byline,
    Correction,
    PublishedVersion,
    TaggedPerson,
    TaggedTopic,
    TaggedWork,
    Topic,
)
from images.models import Image, Rendition
from people.models import Credit, Person, Work, approved_q
from public import contentversion
from public.models import ContentVersion, RenderedListPage

RELATED_LIMIT = 5
# Related articles are ranked among the newest this many articles of each tag
# the article shares: a person on tens of thousands of articles would otherwise
# mean reading all of their tag rows on each article page view.
RELATED_PER_TAG = 20
# A person page reads at most this many of the person's byline rows before it
# decides how to find their newest articles; see ``_written_by``.
WRITTEN_IDS_LIMIT = 2_000


def _on_a_listed_article(model, article: str, name: str, now) -> QuerySet:
    """Rows of ``model`` (a tag or byline) whose field ``name`` is the outer
    query's row and whose field ``article`` is an article listed at ``now``,
    for ``Exists``.

    The listed rule is a correlated ``EXISTS`` on the row's article, not
    ``article__in=listed``: given the list, SQLite builds every listed
    article's id before it looks at a single row (0.4 ms at 2,000 articles,
    growing with the table), where one primary-key probe per row of the name
    finds the first listed article and stops.
    """
    listed = Article.objects.listed(now=now).filter(pk=OuterRef(f"{article}_id"))
    return model.objects.filter(Exists(listed), **{name: OuterRef("pk")})


def public_people(*, now: datetime | None = None) -> QuerySet[Person]:
    """People with something public to show: credits, a bio, or a listed
    article about them or by them."""
    return Person.objects.approved().filter(
        Exists(Credit.objects.filter(person=OuterRef("pk")))
        | ~Q(bio="")
        | Exists(_on_a_listed_article(TaggedPerson, "content_object", "tag", now))
        | Exists(_on_a_listed_article(Byline, "article", "person", now))
    )


def public_works(*, now: datetime | None = None) -> QuerySet[Work]:
    """Works with something public to show: credits, or a listed article
    about them. A work an editor has just made, with neither, is not
    announced yet."""
    return Work.objects.approved().filter(
        Exists(Credit.objects.filter(work=OuterRef("pk")))
        | Exists(_on_a_listed_article(TaggedWork, "content_object", "tag", now))
    )


def public_topics(*, now: datetime | None = None) -> QuerySet[Topic]:
    """Topics with at least one listed article.

    The topic's newest tag row on a listed article, not ``Exists``: alone in
    the condition, PostgreSQL turns an ``EXISTS`` into a semi join and read a
    busy topic's every tag row into a bitmap before its first article (5 ms
    for a topic on 233,000 of a million articles; all topics, as the sitemap
    lists them, 5 s). A subquery with ``LIMIT 1`` walks the topic's index
    newest first and stops at the first listed article (3 ms for all).
    """
    newest = (
        _on_a_listed_article(TaggedTopic, "content_object", "tag", now)
        .order_by("-content_object_id")
        .values("pk")[:1]
    )
    return Topic.objects.alias(newest_listed=Subquery(newest)).filter(
        newest_listed__isnull=False
    )


# What a list item, a search result or a related-coverage link never shows:
# the body in its stored forms, the longest columns of the row (about 0.4 ms
# of the home page's 9 ms of queries at 10,000 articles on SQLite).
BODY_COLUMNS = ("body", "body_html", "body_text")


def with_page_relations(articles: QuerySet[Article]) -> QuerySet[Article]:
    """``articles`` with everything the article page shows, in a fixed number
    of queries (previews, share links, the API). The public page reads the
    same relations in one query (``page_relation_rows``); a test keeps the
    two finding the same rows in the same order."""
    return articles.select_related("lead_image").prefetch_related(
        "lead_image__renditions",
        Prefetch("bylines", queryset=Byline.objects.select_related("person")),
        Prefetch(
            "person_tags",
            queryset=TaggedPerson.objects.filter(approved_q("tag__"))
            .select_related("tag")
            .order_by("tag__name"),
        ),
        Prefetch(
            "work_tags",
            queryset=TaggedWork.objects.filter(approved_q("tag__"))
            .select_related("tag")
            .order_by("tag__name"),
        ),
        "topics",
        "corrections",
        Prefetch(
            "published_versions",
            # kind: the API lists each version's kind (api.endpoints.articles).
            queryset=PublishedVersion.objects.visible()
            .only("pk", "article_id", "number", "kind", "created_at")
            .order_by("number"),
        ),
    )


# --- The article page's relations in one query --------------------------------
#
# ``with_page_relations`` asks one query per relation (seven with a lead
# image), and Django spent more time building and compiling those querysets
# than the database spent answering them (docs/performance.md, issue 19). The
# public page asks for them all at once instead: each relation is the same
# queryset under the same rules (approved people and works, visible
# versions), one row per item as a JSON object with its position in the
# relation's order, joined with UNION ALL. The rows become model instances in
# the article's prefetch cache, so templates, structured data and cache tags
# read ``article.bylines.all()`` and the rest exactly as before. Nothing is
# stored: every page view reads the relations as they are.


class _JSONObject(JSONObject):
    """``JSONObject`` with its keys written into the SQL, not sent as
    parameters. The keys are names from this module, never user input. The
    article page's query has about fifty keys: as parameters, psycopg
    splits the query again at each execution (it caches only queries of at
    most 50 parameters), about 0.2 ms per page on PostgreSQL."""

    def __init__(self, **fields):
        expressions = []
        for key, value in fields.items():
            if not key.isidentifier():
                raise ValueError(f"not a plain name: {key!r}")
            # A name: no quote, no % (nothing user-supplied).
            expressions.extend((RawSQL(f"'{key}'", []), value))  # noqa: S611
        Func.__init__(self, *expressions)


def _json_of(model: type[Model], prefix: str = "", only=None) -> JSONObject:
    """The concrete columns of ``model`` (reached through ``prefix``) as a
    JSON object keyed by attribute name."""
    return _JSONObject(
        **{
            field.attname: F(f"{prefix}{field.attname}")
            for field in model._meta.concrete_fields
            if only is None or field.attname in only
        }
    )


def _relation_rows(name: str, queryset: QuerySet, order_by: list[str], **data):
    """``queryset`` as rows of (relation name, position, JSON data)."""
    return queryset.order_by().values(
        page_relation=Value(name),
        page_position=Window(RowNumber(), order_by=order_by),
        page_data=_JSONObject(**data),
    )


def _json(value):
    """A JSON column or expression as the driver gave it: text (SQLite, and
    PostgreSQL through Django's loaders) or already decoded."""
    return json.loads(value) if isinstance(value, str) else value


def _from_json(model: type[Model], data: dict) -> Model:
    """A model instance, as if loaded from the database, from ``_json_of``."""
    names, values = [], []
    for field in model._meta.concrete_fields:
        if field.attname not in data:
            continue
        value = data[field.attname]
        if value is not None:
            if isinstance(field, DateTimeField):
                value = db_datetime(value)
            elif isinstance(field, JSONField):
                value = _json(value)
            else:
                value = field.to_python(value)
        names.append(field.attname)
        values.append(value)
    return model.from_db("default", names, values)


VERSION_COLUMNS = ("id", "article_id", "number", "kind", "created_at")


def _renditions(image_id) -> QuerySet:
    return _relation_rows(
        "renditions",
        Rendition.objects.filter(image_id=image_id),
        ["name"],
        item=_json_of(Rendition),
    )


def _union_of(parts: list[QuerySet]) -> QuerySet:
    return (
        parts[0]
        .union(*parts[1:], all=True)
        .values_list("page_relation", "page_position", "page_data")
    )


def _page_relations_rows(pk, image_id, now) -> QuerySet:
    """The page's relations of article ``pk`` (and renditions of image
    ``image_id``, if any) as one UNION ALL of (relation, position, JSON)."""
    parts = [
        _relation_rows(
            "bylines",
            Byline.objects.filter(article_id=pk),
            ["position", "pk"],
            byline=_json_of(Byline),
            person=_json_of(Person, "person__"),
        ),
        _relation_rows(
            "person_tags",
            TaggedPerson.objects.filter(approved_q("tag__"), content_object_id=pk),
            ["tag__name", "pk"],
            item=_json_of(TaggedPerson),
            tag=_json_of(Person, "tag__"),
        ),
        _relation_rows(
            "work_tags",
            TaggedWork.objects.filter(approved_q("tag__"), content_object_id=pk),
            ["tag__name", "pk"],
            item=_json_of(TaggedWork),
            tag=_json_of(Work, "tag__"),
        ),
        _relation_rows(
            "topics",
            TaggedTopic.objects.filter(content_object_id=pk),
            # taggit's order for an instance's tags: the order they were added.
            ["pk"],
            tag=_json_of(Topic, "tag__"),
        ),
        _relation_rows(
            "corrections",
            Correction.objects.filter(article_id=pk),
            ["created_at", "pk"],
            item=_json_of(Correction),
        ),
        _relation_rows(
            "published_versions",
            PublishedVersion.objects.visible(now=now).filter(article_id=pk),
            ["number"],
            item=_json_of(PublishedVersion, only=VERSION_COLUMNS),
        ),
    ]
    if image_id is not None:
        parts.append(_renditions(image_id))
    return _union_of(parts)


# The query above is the same for every article but for three values, and
# building and compiling it (seven querysets, a hundred columns) cost more
# than the seven queries it replaces. So it is compiled once per database
# and shape (with or without a lead image), with stand-ins for the article,
# the image and the time, whose places among the parameters are noted; each
# page view puts its own values in those places. The rules in it (published,
# visible, approved) are the querysets' own, compiled from the same code.
# Related coverage does the same (``related_to``).
_STAND_IN_ARTICLE = -7_301_019
_STAND_IN_NOW = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)
_compiled: dict[tuple, tuple[str, list, list[tuple[int, str]]]] = {}


@contextmanager
def _cursor_to_repeat():
    """A cursor for a statement a public page runs at every request.

    On PostgreSQL with prepared statements on (``DATABASE_PREPARED_STATEMENTS``,
    psycopg's ``prepare_threshold``), it binds its parameters on the server:
    psycopg then prepares the statement after a few runs on a connection,
    and PostgreSQL stops planning it at each one (the article page's row
    at 10,000 articles: 0.8 → 0.2 ms). Django's own cursors bind on the
    client, and psycopg never prepares their statements.

    Either way the cursor is Django's wrapper: queries are logged and
    counted as any other."""
    connection.ensure_connection()
    raw = connection.connection
    if getattr(raw, "prepare_threshold", None) is None:
        with connection.cursor() as cursor:
            yield cursor
        return
    import psycopg  # only PostgreSQL connections have a prepare_threshold

    connection.validate_thread_sharing()
    cursor = psycopg.Cursor(raw)
    if connection.queries_logged:
        wrapped = _LoggedAsComposed(cursor, connection)
    else:
        wrapped = CursorWrapper(cursor, connection)
    with wrapped:
        yield wrapped


class _LoggedAsComposed(CursorDebugWrapper):
    """Django's query log for ``_cursor_to_repeat``: psycopg keeps no text of
    a statement it ran prepared (Django's log would read None), so the
    statement is logged with its parameters written in, as Django logs
    statements bound on the server."""

    def execute(self, sql, params=None):
        with self.debug_sql(self.db.ops.compose_sql(sql, params), params):
            return CursorWrapper.execute(self, sql, params)


def _adapted(value):
    """``value`` as the database driver gets it among a query's parameters."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _compiled_once(key: tuple, build, stand_ins: dict[str, object]) -> tuple:
    """The SQL and parameters of ``build(stand_ins)`` (a queryset), compiled
    the first time for ``key`` (with the database's vendor), with the places
    of the stand-ins among the parameters."""
    key = (connection.vendor, *key)
    if key not in _compiled:
        sql, params = build(stand_ins).query.sql_with_params()
        names = {_adapted(value): name for name, value in stand_ins.items()}
        places = [
            (index, names[value])
            for index, value in enumerate(params)
            if isinstance(value, int | str | datetime)
            and not isinstance(value, bool)
            and value in names
        ]
        inlined = [
            name
            for name, value in stand_ins.items()
            if isinstance(value, int) and str(abs(value)) in sql
        ]
        if {name for _, name in places} != set(stand_ins) or inlined:
            # pragma: no cover - a change to the querysets would show here.
            raise RuntimeError(f"{key}: stand-ins not all parameters: {places}.")
        _compiled[key] = (_named(sql), list(params), places)
    return _compiled[key]


_PLACEHOLDER = re.compile(r"%%|%s")


def _named(sql: str) -> str:
    """``sql`` with its ``%s`` placeholders named ``%(p0)s``, ``%(p1)s``, ...

    Given positional parameters, Django's SQLite backend runs a regular
    expression over the whole statement on every execution (0.16 ms for the
    article page's three, a tenth of the stored page's time); given named
    ones, it formats the statement once. PostgreSQL takes either.
    """
    number = itertools.count()
    return _PLACEHOLDER.sub(
        lambda found: "%%" if found[0] == "%%" else f"%(p{next(number)})s", sql
    )


def _with_values(compiled: tuple, values: dict[str, object]) -> tuple[str, dict]:
    """The compiled SQL and its parameters (named as ``_named`` names them)
    with ``values`` in the stand-ins' places."""
    sql, params, places = compiled
    params = list(params)
    for index, name in places:
        params[index] = _adapted(values[name])
    return sql, {f"p{index}": value for index, value in enumerate(params)}


def compiled_rows(key: tuple, build, values: dict[str, datetime | int]) -> list[tuple]:
    """The rows of ``build(values)`` (a ``values_list`` queryset of a time and
    ids), compiled once for ``key`` with stand-ins in their places (see
    ``_compiled_once``), as the database gives them (no converters)."""
    stand_ins = {
        name: _STAND_IN_NOW if isinstance(value, datetime) else -7_301_100 - n
        for n, (name, value) in enumerate(values.items())
    }
    sql, params = _with_values(_compiled_once(key, build, stand_ins), values)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_STAND_IN_SLUG = "stand-in-7301021"
PUBLIC_RULES = {Person: public_people, Work: public_works, Topic: public_topics}


def public_by_slug(model: type[Person | Work | Topic], slug: str, *, now=None):
    """The ``model`` with ``slug`` if its rule in ``PUBLIC_RULES`` makes it
    public at ``now``, else None: ``public_people().filter(slug=slug)`` for a
    person, compiled once (see above). Built per request, the rule's
    subqueries of listed articles cost ten times the query itself."""
    rule = PUBLIC_RULES[model]
    compiled = _compiled_once(
        ("public by slug", model._meta.label),
        lambda values: rule(now=values["now"]).filter(slug=values["slug"]),
        {"slug": _STAND_IN_SLUG, "now": _STAND_IN_NOW},
    )
    sql, params = _with_values(compiled, {"slug": slug, "now": now or timezone.now()})
    return next(iter(model.objects.raw(sql, params)), None)


def page_relation_rows(
    pk: int, image_id: int | None, *, now: datetime | None = None
) -> list[tuple[str, int, str | dict]]:
    """Everything ``with_page_relations`` prefetches for article ``pk`` with
    lead image ``image_id`` (and in the same order), in one query, read as it
    is at ``now``: rows of (relation, position, JSON data), sorted by
    relation and position, as the database gave them (the article page's
    read model digests them, ``public.readmodel``; ``apply_page_relations``
    puts them in the article's prefetch caches)."""
    values = {"article": pk, "now": now or timezone.now()}
    if image_id is not None:
        values["image"] = image_id
    rows = compiled_rows(
        ("page relations", "image" in values),
        lambda values: _page_relations_rows(
            values["article"], values.get("image"), values["now"]
        ),
        values,
    )
    return _in_order(rows)


def _in_order(rows: list[tuple]) -> list[tuple]:
    """Rows of (relation, position, JSON data) by relation and position."""
    return sorted(rows, key=lambda row: (row[0], row[1]))


def apply_page_relations(article: Article, rows) -> None:
    """Put ``page_relation_rows`` into ``article``'s prefetch caches (its lead
    image, if any, joined as ``select_related`` leaves it)."""
    found: dict[str, list] = {name: [] for name in RELATION_BUILDERS}
    for relation, _, data in rows:
        data = _json(data)
        found[relation].append(RELATION_BUILDERS[relation](data))
    renditions = found.pop("renditions")
    if article.lead_image_id:
        _cache(article.lead_image, "renditions", renditions)
    for name, items in found.items():
        _cache(article, name, items)


@dataclass(frozen=True)
class ArticlePageRow:
    """The public article of a page, its stored page if any, and what tells
    whether that page may be served as it is (``public.readmodel``)."""

    pk: int
    lead_image_id: int | None
    # The article's and its lead image's columns (``_json_of``), as the
    # database wrote them.
    data: str | dict
    stored_inputs: str | None
    stored_html: bytes | None
    stored_meta: str | dict | None
    # The content version (``public.contentversion``; None if its row is
    # gone) and this transaction's changes not yet in it.
    version: int | None
    pending: str
    # The first scheduled article's and the first version's times to come.
    next_article: str | datetime | None
    next_version: str | datetime | None

    def article(self) -> Article:
        """The article, with its lead image joined, from ``data``."""
        data = _json(self.data)
        article = _from_json(Article, data["article"])
        return _with_cached(article, "lead_image", Image, data["image"])

    def meta(self) -> dict | None:
        """The stored page's meta (``public.readmodel.meta_for``), if any."""
        return None if self.stored_meta is None else _json(self.stored_meta)

    def stored(self) -> tuple | None:
        """The stored page as (inputs, html, meta), if any."""
        if self.stored_inputs is None:
            return None
        return self.stored_inputs, self.stored_html, self.meta()

    def content_version(self) -> tuple | None:
        return None if self.version is None else (self.version, self.pending)

    def due(self) -> datetime | None:
        """When the public rule's answer next changes with no row written."""
        times = [db_datetime(t) for t in (self.next_article, self.next_version) if t]
        return min(times, default=None)


def _article_page_query(slug: str, now: datetime, held: int | None, pending: str):
    def first(times: QuerySet, field: str) -> Subquery:
        return Subquery(times.order_by(field).values(field)[:1])

    # Names from this module: nothing a user sends.
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    pending_sql = contentversion.pending_sql()
    # Whether the content version is still the one (``held``, ``pending``)
    # at which this process checked the page it holds: then the page's data
    # and stored html are not needed, and not built or sent.
    still_held = RawSQL(  # noqa: S611
        f"(SELECT version FROM {table} WHERE id = 1) = %s "  # noqa: S608
        f"AND {pending_sql} = %s",
        [held, pending],
        output_field=BooleanField(),
    )

    def unless_held(expression, field):
        return Case(
            When(still_held, then=Value(None)), default=expression, output_field=field
        )

    return (
        Article.objects.published(now=now)
        .filter(slug=slug)
        .order_by()  # one row: no sort
        .annotate(
            page_data=unless_held(
                _JSONObject(
                    article=_json_of(Article), image=_json_of(Image, "lead_image__")
                ),
                JSONField(),
            ),
            stored_html=unless_held(F("rendered_page__html"), BinaryField()),
            content_version=Subquery(
                ContentVersion.objects.filter(pk=1).values("version")
            ),
            content_pending=RawSQL(pending_sql, []),  # noqa: S611
            next_article=first(Article.objects.due(now=now), "published_at"),
            next_version=first(PublishedVersion.objects.due(now=now), "created_at"),
        )
        .values_list(
            "pk",
            "lead_image_id",
            "page_data",
            "rendered_page__inputs",
            "stored_html",
            "rendered_page__meta",
            "content_version",
            "content_pending",
            "next_article",
            "next_version",
        )
    )


def article_page_row(
    slug: str, *, now: datetime, held: tuple | None = None
) -> ArticlePageRow | None:
    """The article with ``slug`` if it is public at ``now``, with its lead
    image, its stored page, the content version and the next time due, in
    one query compiled once; else None.

    ``held``: the content version at which this process checked the page it
    holds (``readmodel.held_page``). While the version is still that one,
    the row's ``data`` and ``stored_html`` are None: the page is served
    from what the process holds, and the database neither builds the
    article's JSON nor sends the page."""
    compiled = _compiled_once(
        ("article page",),
        lambda values: _article_page_query(
            values["slug"], values["now"], values["held"], values["pending"]
        ),
        {
            "slug": _STAND_IN_SLUG,
            "now": _STAND_IN_NOW,
            "held": -7_301_021,
            "pending": "stand-in-pending",
        },
    )
    values = {"slug": slug, "now": now, "held": None, "pending": "0"}
    if held is not None:
        values.update(held=held[0], pending=held[1])
    sql, params = _with_values(compiled, values)
    with _cursor_to_repeat() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else ArticlePageRow(*row)


# --- The home page's list as rows (public.readmodel) ---------------------------

# What a list item shows (link, headline, dek, date) and what the page's
# headers need (id, last change), in the model's order of fields.
LIST_COLUMNS = ("id", "headline", "slug", "dek", "published_at", "updated_at")
BYLINE_COLUMNS = ("id", "article_id", "person_id", "organisation", "role", "title")
# Pages of the list compiled once each (LIMIT and OFFSET are part of the
# SQL); deeper pages are compiled per view.
COMPILED_LIST_PAGES = 10


# The lists of a topic, person or work: the articles tagged with it.
TAGGED = {
    "topic": TaggedTopic,
    "person": TaggedPerson,
    "work": TaggedWork,
}
_STAND_IN_TAG = -7_500_001
# A tag's rows are counted up to this many to choose how its list is read
# (``_walk_by_date``): enough to tell a busy tag at a million articles.
TAG_COUNT_LIMIT = 10_000


def _walk_by_date(kind: str, tag_id: int, rows_to_read: int) -> bool:
    """Whether the first ``rows_to_read`` articles tagged ``tag_id`` are found
    sooner by walking every listed article newest first, testing each for
    the tag, than by sorting all of the tag's articles by date. One query.

    Sorting costs about one row per article of the tag (``count``); walking,
    about ``rows_to_read`` divided by the tag's share of the articles, whose
    number the span of their ids bounds (both ends read from the index). For
    the busiest topic at 2,000 articles (466) the walk read the first page in
    0.09 ms against 0.47 ms; for a person on 734, 0.08 ms against 1.35 ms.
    A rare tag would walk the whole table, so it sorts.
    """
    table, tag, _ = _tag_columns(TAGGED[kind])
    quote = connection.ops.quote_name
    articles = quote(Article._meta.db_table)
    pk = quote(Article._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            # Names from the models, values parameters.
            f"SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM {table} "  # noqa: S608
            f"WHERE {tag} = %s LIMIT %s) AS tagged), "
            f"(SELECT MAX({pk}) - MIN({pk}) + 1 FROM {articles})",
            [tag_id, TAG_COUNT_LIMIT],
        )
        count, articles_at_most = cursor.fetchone()
    return count * count >= (articles_at_most or 0) * rows_to_read


def latest_rows(
    number: int, per_page: int, *, now: datetime, **tagged: int
) -> list[tuple]:
    """Page ``number`` of the listed articles (filtered by one of
    ``TAGGED``, ``topic=<id>`` for example) and the first row of the next page
    (``PeekPaginator``), as rows of ``LIST_COLUMNS``. A tag's list is read
    in the way ``_walk_by_date`` chooses: the same rows either way."""
    bottom = (number - 1) * per_page
    ((kind, tag_id),) = tagged.items() or ((None, None),)
    walk = kind is not None and _walk_by_date(kind, tag_id, bottom + per_page + 1)

    def build(values):
        articles = Article.objects.listed(now=values["now"])
        if walk:
            tag_rows = TAGGED[kind].objects.filter(
                content_object_id=OuterRef("pk"), tag_id=values["tag"]
            )
            articles = articles.filter(Exists(tag_rows))
        elif kind is not None:
            articles = articles.filter(**{f"{kind}_tags__tag": values["tag"]})
        return articles.values_list(*LIST_COLUMNS)[bottom : bottom + per_page + 1]

    values = {"now": now, "tag": tag_id}
    if number <= COMPILED_LIST_PAGES:
        stand_ins = {"now": _STAND_IN_NOW}
        if kind is not None:
            stand_ins["tag"] = _STAND_IN_TAG
        key = ("latest", kind, walk, number, per_page)
        compiled = _compiled_once(key, build, stand_ins)
        sql, params = _with_values(compiled, values)
    else:
        sql, params = build(values).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def model_row(instance: Model) -> tuple:
    """``instance``'s columns, for a digest (``public.readmodel``)."""
    return tuple(getattr(instance, f.attname) for f in instance._meta.concrete_fields)


def byline_rows(article_ids: list[int]) -> list[tuple]:
    """The bylines of ``article_ids`` in each article's order, as rows of
    ``BYLINE_COLUMNS`` and the person's name, compiled once per number of
    articles."""
    if not article_ids:
        return []
    names = [f"article {n}" for n in range(len(article_ids))]
    compiled = _compiled_once(
        ("bylines", len(names)),
        lambda values: (
            Byline.objects.filter(article_id__in=[values[name] for name in names])
            .order_by("article_id", "position", "pk")
            .values_list(*BYLINE_COLUMNS, "person__name")
        ),
        {name: -7_400_001 - n for n, name in enumerate(names)},
    )
    sql, params = _with_values(compiled, dict(zip(names, article_ids, strict=True)))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def articles_from_rows(
    rows: list[tuple], bylines: list[tuple] | None = None
) -> list[Article]:
    """Articles with the columns of ``latest_rows`` or ``related_to`` (any
    other column is deferred: read from the database if asked for), with
    their ``byline_rows`` (and each byline's person's name) in their
    prefetch caches when given."""
    credits: dict[int, list[Byline]] = {}
    for *columns, person_name in bylines or ():
        byline = Byline.from_db("default", list(BYLINE_COLUMNS), columns)
        person = None
        if byline.person_id is not None:
            person = Person.from_db(
                "default", ["id", "name"], [byline.person_id, person_name]
            )
        byline._meta.get_field("person").set_cached_value(byline, person)
        credits.setdefault(byline.article_id, []).append(byline)
    articles = []
    for pk, headline, slug, dek, published, updated in rows:
        article = Article.from_db(
            "default",
            list(LIST_COLUMNS),
            [pk, headline, slug, dek, db_datetime(published), db_datetime(updated)],
        )
        if bylines is not None:
            _cache(article, "bylines", credits.get(pk, []))
        articles.append(article)
    return articles


def content_version() -> tuple | None:
    """The content version (``public.contentversion``) with this
    transaction's changes not yet in it, as (version, pending); None if the
    version's row is gone. One statement."""
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    pending = contentversion.pending_sql()
    with _cursor_to_repeat() as cursor:
        cursor.execute(
            f"SELECT v.version, {pending} FROM {table} v WHERE v.id = 1"  # noqa: S608
        )
        row = cursor.fetchone()
    # This transaction's own changes, not yet in the version, count too.
    return None if row is None else (row[0], row[1])


def content_version_and_stored_page(key: str) -> tuple:
    """The content version (``public.contentversion``) with this
    transaction's changes not yet in it, and the stored list page ``key`` as
    (inputs, html, meta) or None, read in one statement; (None, None) if the
    version's row is gone."""
    quote = connection.ops.quote_name
    version = quote(ContentVersion._meta.db_table)
    pages = quote(RenderedListPage._meta.db_table)
    pending = contentversion.pending_sql()
    with _cursor_to_repeat() as cursor:
        cursor.execute(
            f"SELECT v.version, {pending}, p.inputs, p.html, p.meta "  # noqa: S608
            f"FROM {version} v LEFT JOIN {pages} p ON p.key = %s WHERE v.id = 1",
            [key],
        )
        row = cursor.fetchone()
    if row is None:
        return None, None
    stored = None if row[2] is None else (row[2], row[3], _json(row[4]))
    # This transaction's own changes, not yet in the version, count too.
    return (row[0], row[1]), stored


def next_due(now: datetime, *, versions: bool) -> datetime | None:
    """The first time after ``now`` at which the public rule's answer changes
    with no row written: a scheduled article's (``ArticleQuerySet.due``),
    and with ``versions`` a version's (``PublishedVersionQuerySet.due``).
    One query, compiled once."""

    def build(values):
        times = Article.objects.due(now=values["now"]).order_by()
        times = times.values_list("published_at")
        if versions:
            due = PublishedVersion.objects.due(now=values["now"]).order_by()
            times = times.union(due.values_list("created_at"), all=True)
        return times.order_by("published_at")[:1]

    rows = compiled_rows(("next due", versions), build, {"now": now})
    return db_datetime(rows[0][0]) if rows else None


def _cache(instance: Model, name: str, items: list) -> None:
    """Put ``items`` in ``instance``'s prefetch cache as ``name``, the way
    ``prefetch_related`` does."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = items
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


def _with_cached(item: Model, field: str, model: type[Model], data: dict) -> Model:
    """``item`` with its ``field`` foreign key's object cached (None when the
    left join found nothing), as ``select_related`` leaves it."""
    related = None if data["id"] is None else _from_json(model, data)
    item._meta.get_field(field).set_cached_value(item, related)
    return item


RELATION_BUILDERS = {
    "bylines": lambda data: _with_cached(
        _from_json(Byline, data["byline"]), "person", Person, data["person"]
    ),
    "person_tags": lambda data: _with_cached(
        _from_json(TaggedPerson, data["item"]), "tag", Person, data["tag"]
    ),
    "work_tags": lambda data: _with_cached(
        _from_json(TaggedWork, data["item"]), "tag", Work, data["tag"]
    ),
    "topics": lambda data: _from_json(Topic, data["tag"]),
    "corrections": lambda data: _from_json(Correction, data["item"]),
    "published_versions": lambda data: _from_json(PublishedVersion, data["item"]),
    "renditions": lambda data: _from_json(Rendition, data["item"]),
}


def public_corrections() -> QuerySet[Correction]:
    """Corrections of public articles (retracted ones included), newest first."""
    return (
        Correction.objects.filter(article__in=Article.objects.published().values("pk"))
        .select_related("article")
        .order_by("-created_at", "-pk")
    )


def _written_by(person_pk: int) -> dict:
    """The filter of listed articles with person ``person_pk`` in the byline,
    in a plan that stays bounded.

    Asked in one query, the database cannot tell a person with no byline from
    a staff writer (its statistics name only the commonest writers), so for
    the many people who never wrote a word it walked every public article
    newest first looking for a first page that does not exist: 140 ms at 100k
    articles, linear in the table. Reading up to ``WRITTEN_IDS_LIMIT`` of the
    person's byline rows first (an index-only scan) tells them apart: none
    means no second query; a short list is fetched by primary key and sorted;
    a longer one means the person writes often enough that walking the
    newest-first index finds a page after a few thousand articles.
    """

    def bylines(values):
        return Byline.objects.filter(person_id=values["person"]).order_by()

    found = compiled_rows(
        ("written ids", WRITTEN_IDS_LIMIT),
        lambda values: bylines(values).values_list("article_id")[
            : WRITTEN_IDS_LIMIT + 1
        ],
        {"person": person_pk},
    )
    if len(found) > WRITTEN_IDS_LIMIT:
        return {"pk__in": bylines({"person": person_pk}).values("article_id")}
    return {"pk__in": [article_id for (article_id,) in found]}


def written_rows(person_pk: int, number: int, per_page: int, *, now) -> list[tuple]:
    """Page ``number`` of the articles with person ``person_pk`` in the
    byline (``_written_by``) and the first row of the next page, as rows of
    ``LIST_COLUMNS``, as ``latest_rows`` reads the others."""
    found = _written_by(person_pk)
    if found["pk__in"] == []:
        return []
    bottom = (number - 1) * per_page
    articles = Article.objects.listed(now=now).filter(**found)
    return list(articles.values_list(*LIST_COLUMNS)[bottom : bottom + per_page + 1])


# --- A person's or a work's page: its image, credits and parent work ------
#
# As the article page's relations (``page_relation_rows``): one UNION ALL of
# (relation, position, JSON) rows, compiled once per shape, that become the
# instances the templates read.


def _name_page_relations_rows(kind, pk, image_id, part_of_id) -> QuerySet:
    if kind == "person":
        credits = _relation_rows(
            "credits",
            Credit.objects.filter(person_id=pk),
            ["work__year", "work__name", "position", "pk"],
            item=_json_of(Credit),
            other=_json_of(Work, "work__"),
        )
    else:
        credits = _relation_rows(
            "credits",
            Credit.objects.filter(work_id=pk),
            ["position", "pk"],
            item=_json_of(Credit),
            other=_json_of(Person, "person__"),
        )
    parts = [credits]
    if part_of_id is not None:
        parts.append(
            _relation_rows(
                "part_of",
                Work.objects.filter(pk=part_of_id),
                ["pk"],
                item=_json_of(Work),
            )
        )
    if image_id is not None:
        parts.append(
            _relation_rows(
                "image", Image.objects.filter(pk=image_id), ["pk"], item=_json_of(Image)
            )
        )
        parts.append(_renditions(image_id))
    return _union_of(parts)


def name_page_rows(name: Person | Work) -> list[tuple[str, int, str | dict]]:
    """The credits of person or work ``name`` (with the credited work or
    person), its headshot or poster with its renditions, and the album a work
    is part of, in one query: rows of (relation, position, JSON data), sorted
    by relation and position, as the database gave them (the page's read
    model digests them; ``apply_name_page_relations`` makes instances)."""
    kind = "person" if isinstance(name, Person) else "work"
    image_id = name.headshot_id if kind == "person" else name.poster_id
    part_of_id = None if kind == "person" else name.part_of_id
    values = {"name": name.pk}
    if image_id is not None:
        values["image"] = image_id
    if part_of_id is not None:
        values["part of"] = part_of_id
    rows = compiled_rows(
        ("name page", kind, *values),
        lambda values: _name_page_relations_rows(
            kind, values["name"], values.get("image"), values.get("part of")
        ),
        values,
    )
    return _in_order(rows)


def apply_name_page_relations(name: Person | Work, rows) -> list[Credit]:
    """Put ``name_page_rows`` in place: the image (with its renditions) and
    the parent work joined to ``name`` as ``select_related`` leaves them; its
    credits, each with the credited work or person, returned in order."""
    other = "work" if isinstance(name, Person) else "person"
    other_model = Work if other == "work" else Person
    credits, renditions = [], []
    for relation, _, data in rows:
        data = _json(data)
        if relation == "credits":
            credit = _from_json(Credit, data["item"])
            credits.append(_with_cached(credit, other, other_model, data["other"]))
        elif relation == "renditions":
            renditions.append(_from_json(Rendition, data["item"]))
        elif relation == "image":
            image = _from_json(Image, data["item"])
            field = "headshot" if other == "work" else "poster"
            name._meta.get_field(field).set_cached_value(name, image)
        else:  # part_of
            name._meta.get_field("part_of").set_cached_value(
                name, _from_json(Work, data["item"])
            )
    image = name.headshot if other == "work" else name.poster
    if image is not None:
        _cache(image, "renditions", renditions)
    return credits


def _tag_columns(through) -> tuple[str, str, str]:
    """The quoted table, tag column and article column of a through model."""
    quote = connection.ops.quote_name
    return (
        quote(through._meta.db_table),
        quote(through._meta.get_field("tag").column),
        quote(through._meta.get_field("content_object").column),
    )


def newest_tagged(tags: list[tuple[type, int]]) -> RawSQL:
    """Ids of the ``RELATED_PER_TAG`` newest articles of each ``(through, tag id)``,
    for ``pk__in``.

    Written as SQL from the models' metadata rather than built with the ORM:
    Django spent about a millisecond compiling each tag's sliced queryset,
    several times what the database spent answering all of them. Each part
    is a subquery in FROM because SQLite refuses ORDER BY and LIMIT directly
    in a compound statement; ``UNION ALL`` rather than
    ``Q(pk__in=...) | Q(pk__in=...)``, which makes PostgreSQL test every row
    of the table against every list.
    """
    parts, params = [], []
    for number, (through, tag_id) in enumerate(tags):
        table, tag, article = _tag_columns(through)
        # Names come from the models, values stay parameters.
        parts.append(
            f"SELECT * FROM (SELECT {article} FROM {table} WHERE {tag} = %s "  # noqa: S608
            f"ORDER BY {article} DESC LIMIT %s) AS part_{number}"
        )
        params += [tag_id, RELATED_PER_TAG]
    return RawSQL(" UNION ALL ".join(parts), params)  # noqa: S611 - see above


def shared_tags(through, tag_ids: list[int]) -> RawSQL | Value:
    """How many of ``tag_ids`` each article of the outer query has, as SQL
    from the models' metadata (for the same reason as ``newest_tagged``)."""
    if not tag_ids:
        return Value(0)
    table, tag, article = _tag_columns(through)
    quote = connection.ops.quote_name
    # The outer query is over the article table, unaliased (no self-join).
    outer = f"{quote(Article._meta.db_table)}.{quote(Article._meta.pk.column)}"
    marks = ", ".join(["%s"] * len(tag_ids))
    return RawSQL(  # noqa: S611 - names from the models, values parameters
        f"SELECT COUNT(*) FROM {table} "  # noqa: S608 - names from the models
        f"WHERE {tag} IN ({marks}) AND {article} = {outer}",
        tag_ids,
        output_field=IntegerField(),
    )


# Related coverage is compiled once per number of people and works (see
# ``_compiled_once``) up to this many of each; an article with more is
# compiled per view.
COMPILED_RELATED_TAGS = 16


def _related_query(pk, person_ids, work_ids, now, limit) -> QuerySet[Article]:
    tags = [(TaggedPerson, tag) for tag in person_ids] + [
        (TaggedWork, tag) for tag in work_ids
    ]
    return (
        Article.objects.listed(now=now)
        .defer(*BODY_COLUMNS)
        .exclude(pk=pk)
        .filter(pk__in=newest_tagged(tags))
        .annotate(
            shared=shared_tags(TaggedPerson, person_ids)
            + shared_tags(TaggedWork, work_ids)
        )
        .order_by("-shared", "-published_at", "-pk")[:limit]
    )


def related_to(
    pk: int,
    person_ids: list[int],
    work_ids: list[int],
    *,
    limit: int = RELATED_LIMIT,
    now: datetime | None = None,
) -> list[tuple]:
    """Listed articles sharing people or works with article ``pk`` (tagged
    with the approved people ``person_ids`` and works ``work_ids``), most
    shared first, as rows of ``LIST_COLUMNS`` the way the database gives
    them (``articles_from_rows`` makes articles of them).

    One query. The candidates are, for each of the article's people and
    works, the ``RELATED_PER_TAG`` newest articles tagged with it (highest
    id first: a backward walk of the ``(tag, article)`` index that stops
    after that many rows, however popular the tag). Those that are listed are
    ranked by the shared tags, counted on the through tables, then by date.
    """
    now = now or timezone.now()
    if not person_ids and not work_ids:
        return []
    if max(len(person_ids), len(work_ids)) > COMPILED_RELATED_TAGS:
        query = _related_query(pk, person_ids, work_ids, now, limit)
        sql, params = query.values_list(*LIST_COLUMNS).query.sql_with_params()
    else:
        people = [f"person {n}" for n in range(len(person_ids))]
        works = [f"work {n}" for n in range(len(work_ids))]
        stand_ins = {
            "article": _STAND_IN_ARTICLE,
            "now": _STAND_IN_NOW,
            **{name: -8_000_001 - n for n, name in enumerate(people)},
            **{name: -9_000_001 - n for n, name in enumerate(works)},
        }
        compiled = _compiled_once(
            ("related", len(people), len(works), limit, RELATED_PER_TAG),
            lambda values: _related_query(
                values["article"],
                [values[name] for name in people],
                [values[name] for name in works],
                values["now"],
                limit,
            ).values_list(*LIST_COLUMNS),
            stand_ins,
        )
        sql, params = _with_values(
            compiled,
            {
                "article": pk,
                "now": now,
                **dict(zip(people, person_ids, strict=True)),
                **dict(zip(works, work_ids, strict=True)),
            },
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def db_datetime(value) -> datetime:
    """A datetime as the driver or JSON gave it: SQLite stores UTC without an
    offset; PostgreSQL writes one."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
