"""Sitemaps: an index of articles, people, works and topics, a Google News
sitemap of the last 48 hours, and robots.txt naming both.

Only what the public may see is listed: ``listed()`` articles,
``public_people()``, ``public_works()`` and ``public_topics()``, so a name
that only appears on a draft is not announced here.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap, x_robots_tag
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from public import cachetags
from public.queries import public_people, public_topics, public_works
from public.responses import finish_public_response
from public.structured_data import absolute

NEWS_WINDOW = timedelta(hours=48)
NEWS_LANGUAGE = "en"


class PublicSitemap(Sitemap):
    """Locations on ``NEWSROOM_BASE_URL``, not on whatever Host was asked."""

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.NEWSROOM_BASE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.NEWSROOM_BASE_URL).netloc


class ArticleSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self):
        return Article.objects.listed().only("slug", "updated_at", "published_at")

    def lastmod(self, item: Article):
        return item.updated_at


class PersonSitemap(PublicSitemap):
    def items(self):
        return public_people().only("slug").order_by("name", "pk")


class WorkSitemap(PublicSitemap):
    def items(self):
        return public_works().only("slug").order_by("name", "pk")


class TopicSitemap(PublicSitemap):
    def items(self):
        return public_topics().only("slug").order_by("name", "pk")


class NewsSitemap(PublicSitemap):
    """Articles first published in the last 48 hours, for Google News."""

    limit = 1000  # Google News reads at most 1,000 URLs per news sitemap.

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return Article.objects.listed().filter(first_published_at__gte=since)

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


def sitemap_section(request, section: str):
    """``/sitemap-<section>.xml``: one section, paginated with ``?p=``."""
    response = sitemap(request, sitemaps=SECTIONS, section=section)
    return _finish(request, response)


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
