"""RSS 2.0 and Atom feeds: latest, per person, per work, per topic, corrections.

Every feed starts from the rules in ``public.queries`` (``listed()`` articles,
the corrections of ``published()`` ones, ``public_people()``,
``public_topics()``), links with ``NEWSROOM_BASE_URL``, and answers through
``finish_public_response`` like the pages do.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from articles import rendering
from articles.models import Article, Byline, TaggedPerson, Topic
from people.models import Person, Work
from public import cachetags
from public.queries import (
    public_articles_for_list,
    public_corrections,
    public_people,
    public_topics,
    public_works,
)
from public.responses import finish_public_response
from public.structured_data import absolute

FEED_SIZE = 30


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
    """Base for every feed: absolute links, caching headers, cache tags."""

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

    def items(self, subject: FeedSubject) -> list:
        subject.items = list(self.get_items(subject)[:FEED_SIZE])
        subject.tags = self.get_tags(subject)
        return subject.items

    def get_items(self, subject: FeedSubject):
        return public_articles_for_list(with_body=True)

    def get_tags(self, subject: FeedSubject) -> list[str]:
        return cachetags.for_article_list(subject.items)

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

    # Items (articles by default).

    def item_title(self, item: Article) -> str:
        return item.headline

    def item_description(self, item: Article) -> str:
        return item.dek or item.body_text.partition("\n\n")[0]

    def item_link(self, item: Article) -> str:
        return absolute(item.get_absolute_url())

    def item_extra_kwargs(self, item: Article) -> dict:
        # The reader's HTML, with a link where the page has an embed's frame.
        return {"content_html": rendering.for_feeds(rendering.current_html(item))}

    def item_guid(self, item: Article) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: Article):
        return item.first_published_at or item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str | None:
        names = [byline.name for byline in item.bylines.all()]
        return ", ".join(names) or None


class LatestFeed(PublicFeed):
    pass


class LatestAtomFeed(LatestFeed):
    feed_type = AtomFeed


class PersonFeed(PublicFeed):
    """Articles about a person or by them."""

    name = "person"

    def get_entity(self, **kwargs) -> Person:
        return get_object_or_404(public_people(), slug=kwargs["slug"])

    def get_items(self, subject: FeedSubject):
        person = subject.entity
        return public_articles_for_list(with_body=True).filter(
            Q(pk__in=Byline.objects.filter(person=person).values("article"))
            | Q(pk__in=TaggedPerson.objects.filter(tag=person).values("content_object"))
        )

    def get_tags(self, subject: FeedSubject) -> list[str]:
        return [cachetags.person_tag(subject.entity.pk), *super().get_tags(subject)]

    def title(self, subject: FeedSubject) -> str:
        return f"{settings.SITE_NAME}: {subject.entity.name}"

    def description(self, subject: FeedSubject) -> str:
        return f"News about and by {subject.entity.name}."


class PersonAtomFeed(PersonFeed):
    feed_type = AtomFeed


class WorkFeed(PublicFeed):
    name = "work"

    def get_entity(self, **kwargs) -> Work:
        return get_object_or_404(public_works(), slug=kwargs["slug"])

    def get_items(self, subject: FeedSubject):
        return public_articles_for_list(with_body=True).filter(
            work_tags__tag=subject.entity
        )

    def get_tags(self, subject: FeedSubject) -> list[str]:
        return [cachetags.work_tag(subject.entity.pk), *super().get_tags(subject)]

    def title(self, subject: FeedSubject) -> str:
        return f"{settings.SITE_NAME}: {subject.entity.name}"

    def description(self, subject: FeedSubject) -> str:
        return f"News about {subject.entity}."


class WorkAtomFeed(WorkFeed):
    feed_type = AtomFeed


class TopicFeed(PublicFeed):
    name = "topic"

    def get_entity(self, **kwargs) -> Topic:
        return get_object_or_404(public_topics(), slug=kwargs["slug"])

    def get_items(self, subject: FeedSubject):
        return public_articles_for_list(with_body=True).filter(
            topic_tags__tag=subject.entity
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

    def get_items(self, subject: FeedSubject):
        return public_corrections()

    def get_tags(self, subject: FeedSubject) -> list[str]:
        return cachetags.for_corrections(subject.items)

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
