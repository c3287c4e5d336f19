"""Articles, their bylines, corrections and tags.

What the public may see is decided in exactly one place:
``ArticleQuerySet.published``. Every public reader (views, feeds, sitemaps,
search, template tags) starts from it; the default manager stays unfiltered
for the admin and for the editorial workflow.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from people.models import Person, Work, numbered_slug


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    UNPUBLISHED = "unpublished", "Unpublished"
    RETRACTED = "retracted", "Retracted"

    @classmethod
    def public(cls) -> tuple[str, ...]:
        """States a reader may see once the publication time has come.

        A scheduled article is public from its publication time on: the query
        decides, so no cron job or worker has to flip it. A retracted article
        stays at its address with the editor's note explaining why.
        """
        return (cls.PUBLISHED, cls.SCHEDULED, cls.RETRACTED)


class HeadlineOrigin(models.TextChoices):
    SOURCE = "source", "From the source text"
    NEWSROOM = "newsroom", "Written by the newsroom"


class FoundBy(models.TextChoices):
    """How a person or work came to be tagged on an article."""

    SHORTCODE = "shortcode", "Shortcode in the source text"
    NAME = "name", "Full name in the text"
    ALIAS = "alias", "Alias in the text"
    TITLE = "title", "Title in the text"
    EDITOR = "editor", "Added by an editor"


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None) -> "ArticleQuerySet":
        """Articles the public may see at ``now``: the only public rule."""
        now = now or timezone.now()
        return self.filter(status__in=Status.public(), published_at__lte=now)

    def listed(self, *, now=None) -> "ArticleQuerySet":
        """Public articles that belong in lists and feeds (not retractions)."""
        return self.published(now=now).exclude(status=Status.RETRACTED)


class Topic(TagBase):
    """A subject tag that is neither a person nor a work (iTunes, MTV News)."""

    slug = models.SlugField("web address", max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def get_absolute_url(self) -> str:
        return reverse("articles:topic_detail", kwargs={"slug": self.slug})

    def slugify(self, tag: str, i: int | None = None) -> str:
        return numbered_slug(tag, "topic", i)


class TaggedTopic(TaggedItemBase):
    tag = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="items")
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="topic_tags"
    )

    class Meta:
        verbose_name = "topic tag"
        constraints = [
            # taggit does not add this for custom through models.
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="taggedtopic_unique"
            ),
        ]


class TaggedPerson(TaggedItemBase):
    tag = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="article_tags"
    )
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="person_tags"
    )
    found_by = models.CharField(
        max_length=10, choices=FoundBy.choices, default=FoundBy.EDITOR
    )

    class Meta:
        verbose_name = "person mentioned"
        verbose_name_plural = "people mentioned"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="taggedperson_unique"
            ),
        ]


class TaggedWork(TaggedItemBase):
    tag = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="article_tags")
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="work_tags"
    )
    found_by = models.CharField(
        max_length=10, choices=FoundBy.choices, default=FoundBy.EDITOR
    )

    class Meta:
        verbose_name = "work mentioned"
        verbose_name_plural = "works mentioned"
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="taggedwork_unique"
            ),
        ]


class Article(models.Model):
    headline = models.CharField(
        max_length=300,
        blank=True,
        help_text="Required before publishing. Say what happened; no clickbait.",
    )
    headline_origin = models.CharField(
        max_length=10,
        choices=HeadlineOrigin.choices,
        default=HeadlineOrigin.NEWSROOM,
        help_text="Whether the headline came with the source text or we wrote it.",
    )
    slug = models.SlugField(
        "web address",
        max_length=200,
        unique=True,
        help_text="Used in the page address. Do not change it once published.",
    )
    dek = models.CharField(
        "standfirst (dek)",
        max_length=600,
        blank=True,
        help_text="One sentence under the headline. Also the search-engine summary.",
    )
    body = models.TextField(
        blank=True,
        help_text="Plain text; separate paragraphs with a blank line.",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="When readers see it. A future time schedules the article.",
    )
    first_published_at = models.DateTimeField(
        "first published", null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField("last modified", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    source_name = models.CharField(
        "original publisher",
        max_length=200,
        blank=True,
        help_text="Who published the text first, if not us. Blank if unknown.",
    )
    source_url = models.URLField(
        "original address", max_length=500, blank=True, help_text="Blank if unknown."
    )
    source_key = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        help_text="The imported file this article came from.",
    )
    source_digest = models.CharField(max_length=64, blank=True, editable=False)

    topics = TaggableManager(
        "topics", through=TaggedTopic, blank=True, related_name="topic_articles"
    )
    people = TaggableManager(
        "people", through=TaggedPerson, blank=True, related_name="person_articles"
    )
    works = TaggableManager(
        "works", through=TaggedWork, blank=True, related_name="work_articles"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            # Re-running an import must never create a second copy of a file.
            models.UniqueConstraint(
                fields=["source_key"],
                condition=~Q(source_key=""),
                name="article_unique_source_key",
            ),
        ]
        indexes = [
            # Home page and feeds: public articles, newest first.
            models.Index(
                fields=["status", "-published_at"], name="article_status_pub_idx"
            ),
            # The same lists at scale: public() asks for several statuses, so
            # the index above cannot give rows in date order and PostgreSQL
            # sorts the whole table. Walking this one newest first and
            # filtering on status stops after one page of rows.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(published_at__isnull=False),
                name="article_published_order_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.headline or f"(no headline) {self.slug}"

    def get_absolute_url(self) -> str:
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    @property
    def is_public(self) -> bool:
        return (
            self.status in Status.public()
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class BylineRole(models.TextChoices):
    WRITER = "writer", "Writer"
    REPORTER = "reporter", "Reporter"
    ADDITIONAL = "additional_reporting", "Additional reporting"
    PHOTOGRAPHER = "photographer", "Photographer"


class Byline(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="bylines",
        help_text="Who is credited. A person with bylines cannot be deleted.",
    )
    role = models.CharField(
        max_length=30, choices=BylineRole.choices, default=BylineRole.WRITER
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the byline: lower comes first."
    )

    class Meta:
        ordering = ["article", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"],
                name="byline_article_person_role_unique",
            ),
        ]
        indexes = [
            # A person's page lists the articles they wrote.
            models.Index(
                fields=["person", "article"], name="byline_person_article_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    CLARIFICATION = "clarification", "Clarification"
    UPDATE = "update", "Update"
    EDITORS_NOTE = "editors_note", "Editor’s note"


class Correction(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(
        max_length=20, choices=CorrectionKind.choices, default=CorrectionKind.CORRECTION
    )
    text = models.TextField(
        help_text=(
            "Shown to readers. A correction says what was wrong and what is right, "
            "for example: “An earlier version said the video came out in 2007; it "
            "came out in 2008.”"
        )
    )
    created_at = models.DateTimeField("when", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            # The public corrections log: newest first.
            models.Index(fields=["-created_at"], name="correction_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.article}"

    def get_absolute_url(self) -> str:
        return f"{self.article.get_absolute_url()}#correction-{self.pk}"


class VersionKind(models.TextChoices):
    """Why a new public version of an article exists."""

    FIRST = "first", "First publication"
    CORRECTION = "correction", "Correction"
    CLARIFICATION = "clarification", "Clarification"
    UPDATE = "update", "Update"
    MINOR = "minor", "Minor fix (typo, no note)"
    REPUBLISHED = "republished", "Published again"


class PublishedVersion(models.Model):
    """The text of an article as readers saw it, kept every time it changes.

    Only public text is recorded here, never drafts, so the public "what
    changed" page can show it without any risk of leaking unpublished work.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="published_versions"
    )
    number = models.PositiveIntegerField()
    headline = models.CharField(max_length=300)
    dek = models.CharField(max_length=600, blank=True)
    body = models.TextField()
    kind = models.CharField(max_length=20, choices=VersionKind.choices)
    correction = models.ForeignKey(
        Correction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="versions",
        help_text="The public note that came with this change, if any.",
    )
    created_at = models.DateTimeField("went public", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="publishedversion_article_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} (version {self.number})"


def record_published_version(
    article: Article,
    *,
    kind: str,
    by=None,
    correction: Correction | None = None,
    at=None,
) -> PublishedVersion:
    """Keep the article's current public text as its next published version.

    Call this whenever readers start seeing new text: first publication,
    a correction, clarification, update or minor fix, or a re-publication.
    """
    last = article.published_versions.order_by("-number").first()
    return PublishedVersion.objects.create(
        article=article,
        number=(last.number + 1) if last else 1,
        headline=article.headline,
        dek=article.dek,
        body=article.body,
        kind=kind,
        correction=correction,
        created_at=at or timezone.now(),
        created_by=by,
    )
