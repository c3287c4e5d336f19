"""What the importer keeps besides articles: the old site's addresses."""

from django.db import models

from articles.models import Article


class OldAddress(models.Model):
    """An address an imported article had on the old site (a WordPress
    permalink). While the article is public, a request for it is answered
    with a permanent redirect to the article (``importer.middleware``)."""

    path = models.CharField(
        "old address",
        max_length=500,
        unique=True,
        help_text="The path on the old site, e.g. /2009/10/27/a-post/.",
    )
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="old_addresses"
    )

    class Meta:
        verbose_name = "old address"
        verbose_name_plural = "old addresses"
        ordering = ["path"]

    def __str__(self) -> str:
        return self.path
