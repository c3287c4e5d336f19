"""Sitemaps: an index of articles, people, works and topics, a Google News
sitemap of the last 48 hours, and robots.txt naming both.

Only what the public may see is listed: ``listed()`` articles,
``public_people()``, ``public_works()`` and ``public_topics()``, so a name
that only appears on a draft is not announced here.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap, x_robots_tag
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import http_date

from articles.models import Article
from newsroom.slugurls import addresses
from public import cachetags, readmodel
from public.pagination import MAX_PAGE
from public.queries import (
    compiled_rows,
    db_datetime,
    public_people,
    public_topics,
    public_works,
)
from public.responses import finish_public_response
from public.structured_data import absolute

NEWS_WINDOW = timedelta(hours=48)
NEWS_LANGUAGE = "en"


# Entries per page of a section (Google reads up to 50,000). A page is
# written in time proportional to its length, so a short one keeps each
# sitemap request as quick as a page of the site (docs/performance.md).
SECTION_PAGE_SIZE = 1_000
# A section's first pages are read with SQL compiled once (``compiled_rows``).
COMPILED_PAGES = 10


class PublicSitemap(Sitemap):
    """Locations on ``NEWSROOM_BASE_URL``, not on whatever Host was asked."""

    limit = SECTION_PAGE_SIZE
    changefreq: str | None = None
    # The public page of each item (``newsroom.slugurls``), and the column
    # that says when it last changed, if any.
    url_name = ""
    lastmod_field: str | None = None

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.NEWSROOM_BASE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.NEWSROOM_BASE_URL).netloc

    def items(self):
        return self.listed(timezone.now())

    def listed(self, now: datetime) -> QuerySet:
        """The section's items at ``now``, in order."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define listed().")

    def rows(self, number: int, now: datetime) -> list[tuple]:
        """``(slug, lastmod or None)`` of page ``number``'s items at ``now``,
        in order, as the database gives them: what ``write_section`` needs,
        without a model instance each (compiled once for the first pages)."""
        start = (number - 1) * self.limit
        columns = ["slug", self.lastmod_field] if self.lastmod_field else ["slug"]

        def build(values):
            items = self.listed(values["now"]).values_list(*columns)
            return items[start : start + self.limit]

        if number > COMPILED_PAGES:
            rows = build({"now": now})
        else:
            key = ("sitemap", type(self).__name__, number, self.limit)
            rows = compiled_rows(key, build, {"now": now})
        return [(row[0], row[1] if len(row) > 1 else None) for row in rows]


class ArticleSitemap(PublicSitemap):
    changefreq = "daily"
    url_name = "public:article_detail"
    lastmod_field = "updated_at"

    def listed(self, now):
        return Article.objects.listed(now=now).only(
            "slug", "updated_at", "published_at"
        )

    def lastmod(self, item: Article):
        return item.updated_at


class PersonSitemap(PublicSitemap):
    url_name = "public:person_detail"

    def listed(self, now):
        return public_people(now=now).only("slug").order_by("name", "pk")


class WorkSitemap(PublicSitemap):
    url_name = "public:work_detail"

    def listed(self, now):
        return public_works(now=now).only("slug").order_by("name", "pk")


class TopicSitemap(PublicSitemap):
    url_name = "public:topic_detail"

    def listed(self, now):
        return public_topics(now=now).only("slug").order_by("name", "pk")


class NewsSitemap(PublicSitemap):
    """Articles first published in the last 48 hours, for Google News."""

    limit = 1000  # Google News reads at most 1,000 URLs per news sitemap.

    def listed(self, now):
        since = now - NEWS_WINDOW
        return Article.objects.listed(now=now).filter(first_published_at__gte=since)

    def lastmod(self, item: Article):
        return item.updated_at


SECTIONS = {
    "articles": ArticleSitemap,
    "people": PersonSitemap,
    "works": WorkSitemap,
    "topics": TopicSitemap,
}


def _finish(request, response):
    # Sitemaps change with every publish; the ``list`` tag purges them.
    response.render()
    return finish_public_response(request, response, tags=[cachetags.LIST])


@x_robots_tag
def sitemap_index(request):
    """``/sitemap.xml``: one entry per section page, on the public address."""
    items = []
    for section, sitemap_class in SECTIONS.items():
        url = absolute(reverse("public:sitemap_section", kwargs={"section": section}))
        pages = sitemap_class().paginator.num_pages
        items.append(SitemapIndexItem(url, None))
        items.extend(
            SitemapIndexItem(f"{url}?p={page}", None) for page in range(2, pages + 1)
        )
    response = TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": items},
        content_type="application/xml",
    )
    return _finish(request, response)


_URLSET = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def write_section(
    sitemap: PublicSitemap, rows: list[tuple]
) -> tuple[str, datetime | None]:
    """A page of ``sitemap`` as XML from its ``rows``, and its latest lastmod.

    The bytes Django's ``sitemap`` view and its ``sitemap.xml`` template give
    (a test compares them), written as one string: through the template each
    entry cost a quarter of a millisecond, so a section of a few thousand
    articles was many times slower than the home page.
    """
    site = f"{sitemap.get_protocol()}://{sitemap.get_domain()}"
    changefreq = (
        f"<changefreq>{escape(sitemap.changefreq)}</changefreq>"
        if sitemap.changefreq
        else ""
    )
    address_of = addresses(sitemap.url_name)
    # The date in the newsroom's zone, as the template's date filter gives it.
    zone = timezone.get_current_timezone()
    latest = None
    entries = [_URLSET]
    for slug, stored in rows:
        # html.escape: what the template's autoescaping does, without the
        # wrapper around django.utils.html.escape (a quarter of the time).
        loc = html.escape(site + address_of(slug))
        if stored is None:
            entries.append(f"<url><loc>{loc}</loc>{changefreq}</url>")
            continue
        lastmod = db_datetime(stored)
        latest = lastmod if latest is None else max(latest, lastmod)
        day = lastmod.astimezone(zone).date().isoformat()
        entries.append(
            f"<url><loc>{loc}</loc><lastmod>{day}</lastmod>{changefreq}</url>"
        )
    entries.append("\n</urlset>\n")
    return "".join(entries), latest


@x_robots_tag
def sitemap_section(request, section: str):
    """``/sitemap-<section>.xml``: one section, paginated with ``?p=``; a 404
    for a page that is not a number or is past the last one.

    Served as stored while the content version it was written at is the
    current one (``public.readmodel.list_page``): one query.
    """
    if section not in SECTIONS:
        raise Http404(f"No sitemap available for section: {section!r}")
    try:
        number = int(request.GET.get("p", 1))
    except ValueError:
        raise Http404("No such page.") from None
    if not 1 <= number <= MAX_PAGE:
        raise Http404("No such page.")
    sitemap = SECTIONS[section]()
    now = timezone.now()

    def write() -> tuple[str, dict, bool]:
        rows = sitemap.rows(number, now)
        if not rows and number > 1:
            raise Http404(f"Page {number} empty")
        xml, latest = write_section(sitemap, rows)
        meta = readmodel.meta_for(xml, [cachetags.LIST], last_modified=latest)
        return xml, meta, True

    key = f"sitemap:{section}:{number}"
    xml, meta = readmodel.list_page(request, key, now=now, render=write)
    response = HttpResponse(xml, content_type="application/xml")
    latest = readmodel.last_modified_of(meta)
    if latest is not None:
        # As Django's view: ConditionalGetMiddleware answers 304 from it.
        response.headers["Last-Modified"] = http_date(latest.timestamp())
    return finish_public_response(
        request, response, tags=meta["tags"], etag=meta["etag"]
    )


def news_sitemap(request):
    """``/sitemap-news.xml``: the Google News sitemap."""
    response = sitemap(
        request,
        sitemaps={"news": NewsSitemap},
        template_name="public/sitemap_news.xml",
    )
    response.context_data["publication_name"] = settings.SITE_NAME
    response.context_data["language"] = NEWS_LANGUAGE
    return _finish(request, response)


def robots_txt(request):
    """``/robots.txt``: everything public may be crawled; where the sitemaps are."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "",
        f"Sitemap: {absolute(reverse('public:sitemap_index'))}",
        f"Sitemap: {absolute(reverse('public:sitemap_news'))}",
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    return finish_public_response(request, response, tags=[cachetags.LIST])
