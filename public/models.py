"""The public site's read model: pages as last rendered.

Nothing here is a source of truth. A row is a page rendered from a given
state of the rows it shows, with a digest of that state
(``public.readmodel``); a view serves it only when the state it reads is
the same, so deleting any or every row loses nothing but speed.
"""

from __future__ import annotations

from django.db import models

from articles.models import Article


class RenderedPage(models.Model):
    """A page's HTML and what its response needs beside it, with the digest
    of what it was rendered from (``public.readmodel.digest``)."""

    # sha256 of the code and settings that render the page and the rows it
    # was rendered from.
    inputs = models.CharField(max_length=64)
    # The bytes as sent (UTF-8): a feed of 150 kB is then neither decoded as
    # it is read nor encoded again for the response (0.4 ms per request).
    html = models.BinaryField()
    # Cache tags and Last-Modified; for an article, the tagged people and
    # works that related coverage is found by.
    meta = models.JSONField()

    class Meta:
        abstract = True


class RenderedArticlePage(RenderedPage):
    """An article's page."""

    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="rendered_page",
    )

    class Meta:
        verbose_name = "rendered article page"

    def __str__(self) -> str:
        return f"Rendered page of article {self.article_id}"


class RenderedListPage(RenderedPage):
    """A page of a list of articles (the home page's, a topic's)."""

    # Which list and page, from the address: "home:1", "topic:awards:2",
    # "person:<slug of up to 100 characters>:<page>:<page>".
    key = models.CharField(max_length=200, primary_key=True)

    class Meta:
        verbose_name = "rendered list page"

    def __str__(self) -> str:
        return f"Rendered list page {self.key}"


class ContentVersion(models.Model):
    """One row: a number raised with every committed change to the content
    tables, by triggers (``public.contentversion``). Feeds and sitemap
    sections are stored with the version they were rendered at."""

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "content version"

    def __str__(self) -> str:
        return f"Content version {self.version}"
