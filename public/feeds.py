"""RSS 2.0 and Atom feeds: latest, per person, per work, per topic, corrections.

Every feed starts from the rules in ``public.queries`` (``listed()`` articles,
the corrections of ``published()`` ones, ``public_people()`` and the others
through ``public_by_slug``), links with ``NEWSROOM_BASE_URL``, and answers
through ``finish_public_response`` like the pages do.

The article feeds are read as rows and written as one string
(``feed_entries``, ``write_rss``, ``write_atom``): the bytes Django's feed
framework writes (a test compares them), at a fraction of its cost. The
corrections feed, short and without bodies, goes through the framework.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import (
    Atom1Feed,
    Rss201rev2Feed,
    rfc2822_date,
    rfc3339_date,
)
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.xmlutils import UnserializableContentError

from articles import rendering
from articles.models import Article, Byline, TaggedPerson, Topic
from newsroom.slugurls import addresses
from people.models import Person, Work
from public import cachetags, readmodel
from public.queries import (
    byline_rows,
    compiled_rows,
    db_datetime,
    public_by_slug,
    public_corrections,
)
from public.responses import finish_public_response
from public.structured_data import absolute

FEED_SIZE = 30
# What XML 1.0 cannot carry; Django's XML writer refuses text with it.
_CONTROL = re.compile(r"[\x00-\x08\x0B-\x0C\x0E-\x1F]")


@dataclass
class FeedSubject:
    """What one request's feed is about, and what it showed (for cache tags).

    Feed instances are shared between requests, so per-request state lives
    here, on the object ``get_object`` returns.
    """

    entity: object = None
    items: list = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


class WrittenAtOnce:
    """A feed written into a string, then into the response in one piece.

    Written straight into an ``HttpResponse``, the XML generator makes one
    unbuffered write per tag and per text (about a thousand for a feed of 30
    articles), each encoded and appended on its own: a tenth of the feed's
    time. The bytes are the same.
    """

    def write(self, outfile, encoding) -> None:
        buffer = io.StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue())


class RssFeed(WrittenAtOnce, Rss201rev2Feed):
    """RSS 2.0 with each article's whole body in ``content:encoded``."""

    def rss_attributes(self) -> dict:
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class AtomFeed(WrittenAtOnce, Atom1Feed):
    """Atom with each article's whole body in ``<content type="html">``."""

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class PublicFeed(Feed):
    """Base for every feed: absolute links, caching headers, cache tags.

    ``items`` keeps what the feed shows and its cache tags on the subject.
    """

    name = "latest"  # the URL name prefix: public:<name>_rss / _atom
    feed_type = RssFeed

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        subject = request.feed_subject
        return finish_public_response(request, response, tags=subject.tags)

    def get_object(self, request, *args, **kwargs) -> FeedSubject:
        subject = FeedSubject(entity=self.get_entity(**kwargs))
        request.feed_subject = subject
        return subject

    def get_entity(self, **kwargs):
        return None

    def feed_url(self, subject: FeedSubject) -> str:
        kind = "atom" if issubclass(self.feed_type, Atom1Feed) else "rss"
        kwargs = {"slug": subject.entity.slug} if subject.entity is not None else {}
        return absolute(reverse(f"public:{self.name}_{kind}", kwargs=kwargs))

    def link(self, subject: FeedSubject) -> str:
        if subject.entity is not None:
            return absolute(subject.entity.get_absolute_url())
        return absolute(reverse("public:home"))

    def title(self, subject: FeedSubject) -> str:
        return f"{settings.SITE_NAME}: latest news"

    def description(self, subject: FeedSubject) -> str:
        return "The latest entertainment news."

    def subtitle(self, subject: FeedSubject) -> str:
        return self.description(subject)

    def author_name(self, subject: FeedSubject) -> str:
        # Atom wants an author for every entry; the publication stands in
        # for entries without a byline.
        return settings.SITE_NAME


@dataclass(frozen=True)
class Entry:
    """One article as a feed shows it."""

    pk: int
    link: str
    title: str
    description: str
    author: str | None  # the byline's names; None without a byline
    people: tuple[int, ...]  # the people in the byline, for the cache tags
    published: datetime | None
    updated: datetime | None
    content_html: str


# An entry's columns, as ``feed_entries`` reads them.
FEED_COLUMNS = (
    "pk",
    "slug",
    "headline",
    "dek",
    "body_text",
    "body_html",
    "first_published_at",
    "published_at",
    "updated_at",
)


def feed_entries(rows: list[tuple], bylines: list[tuple]) -> list[Entry]:
    """Entries from rows of ``FEED_COLUMNS`` and their ``byline_rows``, both
    as the database gave them.

    As model instances with their bylines prefetched, the thirty articles,
    their bylines and people were over a hundred instances and a third of
    the feed's time.
    """
    credits = defaultdict(list)
    # Each article's bylines in their order, as article.bylines.all() has
    # them (the rows the home page's list reads too).
    for _, article_id, person_id, organisation, *_, person_name in bylines:
        credits[article_id].append(
            (person_id, person_name if person_id else organisation)
        )
    # A body not rendered since it changed (rendering.mark_stale, an import):
    # rendered and stored now, as the article page would.
    unrendered = [row[0] for row in rows if not row[5]]
    rendered = {
        article.pk: rendering.current_html(article)
        for article in (Article.objects.filter(pk__in=unrendered) if unrendered else ())
    }
    link_of = addresses("public:article_detail")
    entries = []
    for pk, slug, headline, dek, text, html, first, published, updated in rows:
        link = absolute(link_of(slug))
        names = [name for _, name in credits[pk]]
        entries.append(
            Entry(
                pk=pk,
                link=link,
                title=headline,
                description=dek or text.partition("\n\n")[0],
                author=", ".join(names) or None,
                people=tuple(person for person, _ in credits[pk] if person),
                published=_moment(first or published),
                updated=_moment(updated),
                # The reader's HTML, with a link where the page has an
                # embed's frame.
                content_html=rendering.for_feeds(rendered.get(pk, html)),
            )
        )
    return entries


def _moment(value) -> datetime | None:
    return None if value is None else db_datetime(value)


@dataclass(frozen=True)
class Channel:
    """What a feed says about itself."""

    title: str
    link: str
    description: str
    feed_url: str
    language: str | None
    author_name: str


class WrittenFeed:
    """What ``Feed.__call__`` asks of a feed generator, for a feed already
    written: its content type, its latest date, and its text."""

    def __init__(self, content_type: str, text: str, latest: datetime) -> None:
        self.content_type = content_type
        self.text = text
        self.latest = latest

    def latest_post_date(self) -> datetime:
        return self.latest

    def write(self, outfile, encoding) -> None:
        outfile.write(self.text)


def _element(name: str, text: str | None, attributes: str = "") -> str:
    """``name`` as ``SimplerXMLGenerator.addQuickElement`` writes it: empty
    text makes an empty element. (It writes attributes sorted by name, as
    the literal ones in ``write_rss`` and ``write_atom`` are.)"""
    if not text:
        return f"<{name}{attributes}/>"
    return f"<{name}{attributes}>{escape(text)}</{name}>"


def _checked(text: str) -> str:
    """``text``, or the error Django's XML writer raises for it."""
    if _CONTROL.search(text):
        raise UnserializableContentError(
            "Control characters are not supported in XML 1.0"
        )
    return text


def write_rss(channel: Channel, entries: list[Entry], latest: datetime) -> str:
    """``entries`` as ``RssFeed`` (Django's RSS 2.0 with ``content:encoded``)."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>',
        _element("title", channel.title),
        _element("link", channel.link),
        _element("description", channel.description),
        f'<atom:link href={quoteattr(channel.feed_url)} rel="self"/>',
    ]
    if channel.language is not None:
        parts.append(_element("language", channel.language))
    parts.append(_element("lastBuildDate", rfc2822_date(latest)))
    for entry in entries:
        parts += [
            "<item>",
            _element("title", entry.title),
            _element("link", entry.link),
            _element("description", entry.description),
        ]
        if entry.author:
            parts.append(
                _element(
                    "dc:creator",
                    entry.author,
                    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
                )
            )
        if entry.published is not None:
            parts.append(_element("pubDate", rfc2822_date(entry.published)))
        parts.append(_element("guid", entry.link))
        if entry.content_html:
            parts.append(_element("content:encoded", entry.content_html))
        parts.append("</item>")
    parts.append("</channel></rss>")
    return _checked("".join(parts))


def write_atom(channel: Channel, entries: list[Entry], latest: datetime) -> str:
    """``entries`` as ``AtomFeed`` (Django's Atom with ``content``)."""
    language = (
        f" xml:lang={quoteattr(channel.language)}"
        if channel.language is not None
        else ""
    )
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed{language} xmlns="http://www.w3.org/2005/Atom">',
        _element("title", channel.title),
        f'<link href={quoteattr(channel.link)} rel="alternate"/>',
        f'<link href={quoteattr(channel.feed_url)} rel="self"/>',
        _element("id", channel.link),
        _element("updated", rfc3339_date(latest)),
        f"<author>{_element('name', channel.author_name)}</author>",
        _element("subtitle", channel.description),
    ]
    for entry in entries:
        parts += [
            "<entry>",
            _element("title", entry.title),
            f'<link href={quoteattr(entry.link)} rel="alternate"/>',
        ]
        if entry.published is not None:
            parts.append(_element("published", rfc3339_date(entry.published)))
        if entry.updated is not None:
            parts.append(_element("updated", rfc3339_date(entry.updated)))
        if entry.author is not None:
            parts.append(f"<author>{_element('name', entry.author)}</author>")
        parts += [
            _element("id", entry.link),
            _element("summary", entry.description, ' type="html"'),
        ]
        if entry.content_html:
            parts.append(_element("content", entry.content_html, ' type="html"'))
        parts.append("</entry>")
    parts.append("</feed>")
    return _checked("".join(parts))


def _public(model, slug: str):
    """The public ``model`` with ``slug``, or a 404 as for a missing one."""
    entity = public_by_slug(model, slug)
    if entity is None:
        raise Http404(f"No public {model._meta.verbose_name} {slug!r}.")
    return entity


def _newest_of(articles: QuerySet[Article]) -> QuerySet[Article]:
    """The newest ``FEED_SIZE`` of ``articles``, picked by their ids first.

    Filtered by a person, work or topic, the articles are not read in date
    order from an index: SQLite sorted every match, with its body columns,
    to keep thirty (a busy person's hundreds: most of the feed's time).
    """
    return Article.objects.filter(pk__in=articles.values("pk")[:FEED_SIZE])


class ArticleFeed(PublicFeed):
    """A feed of listed articles, each with its whole body, written by hand
    (``write_rss``, ``write_atom``) from ``feed_entries``.

    Served as stored while the content version it was written at is the
    current one (``public.readmodel.list_page``): one query, two with a
    person's, work's or topic's, which is read first for its public rule.
    Written anew, it reads its articles with their bodies, their bylines,
    and when the next scheduled article is due, and stores the feed.
    """

    def articles(self, name_pk: int | None, now: datetime) -> QuerySet[Article]:
        """The feed's articles at ``now`` (about the name ``name_pk``)."""
        return Article.objects.listed(now=now)

    def get_items(self, subject: FeedSubject) -> QuerySet[Article]:
        entity = subject.entity
        return self.articles(entity.pk if entity else None, timezone.now())

    def rows(self, subject: FeedSubject, now: datetime) -> list[tuple]:
        """The first ``FEED_SIZE`` rows of ``FEED_COLUMNS`` of the feed's
        articles, compiled once per feed."""
        values = {"now": now}
        if subject.entity is not None:
            values["name"] = subject.entity.pk
        return compiled_rows(
            ("feed", self.name),
            lambda stand_ins: self.articles(
                stand_ins.get("name"), stand_ins["now"]
            ).values_list(*FEED_COLUMNS)[:FEED_SIZE],
            values,
        )

    def __call__(self, request, *args, **kwargs):
        now = timezone.now()
        subject = self.get_object(request, *args, **kwargs)
        entity = subject.entity
        kind = "atom" if issubclass(self.feed_type, Atom1Feed) else "rss"
        key = f"feed:{self.name}:{kind}:{entity.pk if entity is not None else ''}"

        def write() -> tuple[str, dict, bool]:
            rows = self.rows(subject, now)
            subject.items = feed_entries(rows, byline_rows([row[0] for row in rows]))
            subject.tags = self.get_tags(subject)
            feed = self.get_feed(subject, request)
            meta = readmodel.meta_for(
                feed.text, subject.tags, last_modified=feed.latest
            )
            # An empty feed is dated now: not kept.
            return feed.text, meta, bool(rows)

        text, meta = readmodel.list_page(request, key, now=now, render=write)
        # As Feed.__call__ answers, Last-Modified for ConditionalGetMiddleware.
        response = HttpResponse(text, content_type=self.feed_type.content_type)
        latest = readmodel.last_modified_of(meta)
        response.headers["Last-Modified"] = http_date(latest.timestamp())
        return finish_public_response(
            request, response, tags=meta["tags"], etag=meta["etag"]
        )

    def get_tags(self, subject: FeedSubject) -> list[str]:
        return cachetags.for_list_rows(
            (entry.pk, entry.people) for entry in subject.items
        )

    def get_feed(self, subject: FeedSubject, request) -> WrittenFeed:
        entries = subject.items
        channel = Channel(
            title=self.title(subject),
            link=self.link(subject),
            description=self.description(subject),
            feed_url=self.feed_url(subject),
            language=self.language or get_language(),
            author_name=self.author_name(subject),
        )
        # As SyndicationFeed.latest_post_date: the latest date of any entry.
        dates = [d for e in entries for d in (e.updated, e.published) if d]
        latest = max(dates, default=None) or datetime.now(tz=UTC)
        atom = issubclass(self.feed_type, Atom1Feed)
        text = (write_atom if atom else write_rss)(channel, entries, latest)
        return WrittenFeed(self.feed_type.content_type, text, latest)

    # Feed.__call__ sends Last-Modified for a feed whose items have dates.

    def item_pubdate(self, entry: Entry) -> datetime | None:
        return entry.published

    def item_updateddate(self, entry: Entry) -> datetime | None:
        return entry.updated


class LatestFeed(ArticleFeed):
    pass


class LatestAtomFeed(LatestFeed):
    feed_type = AtomFeed


class PersonFeed(ArticleFeed):
    """Articles about a person or by them."""

    name = "person"

    def get_entity(self, **kwargs) -> Person:
        return _public(Person, kwargs["slug"])

    def articles(self, name_pk, now):
        return _newest_of(
            Article.objects.listed(now=now).filter(
                Q(pk__in=Byline.objects.filter(person_id=name_pk).values("article"))
                | Q(
                    pk__in=TaggedPerson.objects.filter(tag_id=name_pk).values(
                        "content_object"
                    )
                )
            )
        )

    def get_tags(self, subject: FeedSubject) -> list[str]:
        return [cachetags.person_tag(subject.entity.pk), *super().get_tags(subject)]

    def title(self, subject: FeedSubject) -> str:
        return f"{settings.SITE_NAME}: {subject.entity.name}"

    def description(self, subject: FeedSubject) -> str:
        return f"News about and by {subject.entity.name}."


class PersonAtomFeed(PersonFeed):
    feed_type = AtomFeed


class WorkFeed(ArticleFeed):
    name = "work"

    def get_entity(self, **kwargs) -> Work:
        return _public(Work, kwargs["slug"])

    def articles(self, name_pk, now):
        return _newest_of(
            Article.objects.listed(now=now).filter(work_tags__tag_id=name_pk)
        )

    def get_tags(self, subject: FeedSubject) -> list[str]:
        return [cachetags.work_tag(subject.entity.pk), *super().get_tags(subject)]

    def title(self, subject: FeedSubject) -> str:
        return f"{settings.SITE_NAME}: {subject.entity.name}"

    def description(self, subject: FeedSubject) -> str:
        return f"News about {subject.entity}."


class WorkAtomFeed(WorkFeed):
    feed_type = AtomFeed


class TopicFeed(ArticleFeed):
    name = "topic"

    def get_entity(self, **kwargs) -> Topic:
        return _public(Topic, kwargs["slug"])

    def articles(self, name_pk, now):
        return _newest_of(
            Article.objects.listed(now=now).filter(topic_tags__tag_id=name_pk)
        )

    def get_tags(self, subject: FeedSubject) -> list[str]:
        return [cachetags.topic_tag(subject.entity.pk), *super().get_tags(subject)]

    def title(self, subject: FeedSubject) -> str:
        return f"{settings.SITE_NAME}: {subject.entity.name}"

    def description(self, subject: FeedSubject) -> str:
        return f"News tagged {subject.entity.name}."


class TopicAtomFeed(TopicFeed):
    feed_type = AtomFeed


class CorrectionsFeed(PublicFeed):
    """Every correction on a public article, newest first."""

    name = "corrections"

    def link(self, subject: FeedSubject) -> str:
        return absolute(reverse("public:corrections"))

    def items(self, subject: FeedSubject) -> list:
        subject.items = list(public_corrections()[:FEED_SIZE])
        subject.tags = cachetags.for_corrections(subject.items)
        return subject.items

    def title(self, subject: FeedSubject) -> str:
        return f"{settings.SITE_NAME}: corrections"

    def description(self, subject: FeedSubject) -> str:
        return "Every correction, clarification and update we made."

    def item_title(self, item) -> str:
        return f"{item.get_kind_display()}: {item.article.headline}"

    def item_description(self, item) -> str:
        return item.text

    def item_link(self, item) -> str:
        return absolute(item.get_absolute_url())

    def item_guid(self, item) -> str:
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.created_at

    def item_author_name(self, item) -> None:
        return None

    def item_extra_kwargs(self, item) -> dict:
        return {}


class CorrectionsAtomFeed(CorrectionsFeed):
    feed_type = AtomFeed
