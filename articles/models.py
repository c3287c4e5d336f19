"""Articles, their bylines, corrections and tags.

What the public may see is decided in exactly one place:
``ArticleQuerySet.published``. Every public reader (the ``public`` app's views,
feeds, sitemaps, search and template tags) starts from it; the default manager
stays unfiltered for the admin and for the editorial workflow.

The public address of an article or topic is the ``public`` app's business:
``get_absolute_url`` comes from ``ABSOLUTE_URL_OVERRIDES`` in the settings.
"""

import reversion
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from articles.body import as_html, text_of
from articles.body import clean as clean_body
from images.models import Image
from newsroom.validators import validate_clean_text
from people.models import Person, Work, numbered_slug

LEAD_IMAGE_NEEDS_CREDIT = (
    "News style demands a credit for lead images: add a credit line to this "
    "image first."
)


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
    # Found by the linker while the reporter wrote, and accepted by them.
    SUGGESTED = "suggested", "Suggested while writing"
    # Picked by hand in the form, by a reporter or an editor (added_by says who).
    EDITOR = "editor", "Picked by hand"


class ArticleQuerySet(models.QuerySet):
    def published(self, *, now=None) -> "ArticleQuerySet":
        """Articles the public may see at ``now``: the only public rule."""
        now = now or timezone.now()
        return self.filter(status__in=Status.public(), published_at__lte=now)

    def listed(self, *, now=None) -> "ArticleQuerySet":
        """Public articles that belong in lists and feeds (not retractions)."""
        return self.published(now=now).exclude(status=Status.RETRACTED)

    def due(self, *, now) -> "ArticleQuerySet":
        """Articles ``published`` leaves out at ``now`` for their time alone:
        the public rule's answer changes at theirs with no row written."""
        return self.filter(status__in=Status.public(), published_at__gt=now)


class Topic(TagBase):
    """A subject tag that is neither a person nor a work (iTunes, MTV News)."""

    # TagBase's own field plus the shared text validator.
    name = models.CharField(
        "name", max_length=100, unique=True, validators=[validate_clean_text]
    )
    slug = models.SlugField("web address", max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def slugify(self, tag: str, i: int | None = None) -> str:
        # Slugifying can lengthen text ("㎒" becomes "mhz"); stay within the
        # column so that PostgreSQL never sees an overlong value.
        slug = numbered_slug(tag, "topic")[:90]
        return slug if i is None else f"{slug}-{i + 1}"


def where_set(field: str, *, name: str) -> models.Index:
    """An index on ``field`` (a nullable foreign key) holding only the rows
    where it is set.

    For keys that most rows leave empty (who added an imported tag, who
    created an imported article): a lookup by the key, such as Django's
    SET_NULL when a user is deleted, finds the rows as with a whole index,
    while a row that leaves it empty adds no index entry. Measured on
    PostgreSQL, the whole indexes on such keys cost the import a fifth of
    the server's time (docs/performance.md).
    """
    return models.Index(
        fields=[field], name=name, condition=Q(**{f"{field}__isnull": False})
    )


def _added_by() -> models.ForeignKey:
    # Who put the tag on the article, so that a reporter's tags are not taken
    # for an editor's; empty for the importer's and for tags older than this.
    # Indexed where set (Meta.indexes), not on its own.
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="added by",
        db_index=False,
    )


class TaggedTopic(TaggedItemBase):
    # Indexed with the article id (Meta), not on its own.
    tag = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="items", db_index=False
    )
    # Indexed first in taggedtopic_unique below, not on its own.
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="topic_tags", db_index=False
    )
    added_by = _added_by()

    class Meta:
        verbose_name = "topic tag"
        constraints = [
            # taggit does not add this for custom through models.
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="taggedtopic_unique"
            ),
        ]
        indexes = [
            # A topic's newest articles without reading all of them (its
            # public rule, public.queries.public_topics); also serves every
            # lookup by topic alone.
            models.Index(
                fields=["tag", "content_object"], name="taggedtopic_tag_article_idx"
            ),
            where_set("added_by", name="taggedtopic_added_by_set"),
        ]


class EntityTag(TaggedItemBase):
    """An article tagged with a person or a work, and how the tag was found.

    Subclasses add ``tag`` (the person or work) and ``content_object`` (the
    article) with their own related names.
    """

    found_by = models.CharField(
        max_length=10, choices=FoundBy.choices, default=FoundBy.EDITOR
    )
    added_by = _added_by()

    class Meta:
        abstract = True
        constraints = [
            # taggit does not add this for custom through models.
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="%(class)s_unique"
            ),
        ]
        indexes = [
            # The newest articles of a tag without reading all of them
            # (related articles, see public.queries.related_to); also
            # serves every lookup by tag alone.
            models.Index(
                fields=["tag", "content_object"], name="%(class)s_tag_article_idx"
            ),
            where_set("added_by", name="%(class)s_added_by_set"),
        ]


def _tagged_entity(model) -> models.ForeignKey:
    # Indexed with the article id (EntityTag.Meta), not on its own.
    return models.ForeignKey(
        model, on_delete=models.CASCADE, related_name="article_tags", db_index=False
    )


def _tagged_article(related_name: str) -> models.ForeignKey:
    # Indexed first in the unique constraint (EntityTag.Meta), not on its own.
    return models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name=related_name, db_index=False
    )


class TaggedPerson(EntityTag):
    tag = _tagged_entity(Person)
    content_object = _tagged_article("person_tags")

    class Meta(EntityTag.Meta):
        verbose_name = "person mentioned"
        verbose_name_plural = "people mentioned"


class TaggedWork(EntityTag):
    tag = _tagged_entity(Work)
    content_object = _tagged_article("work_tags")

    class Meta(EntityTag.Meta):
        verbose_name = "work mentioned"
        verbose_name_plural = "works mentioned"


class Article(models.Model):
    headline = models.CharField(
        validators=[validate_clean_text],
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
        help_text=(
            "Used in the page address. If you change it once published, the "
            "old address keeps working: it redirects readers here."
        ),
    )
    dek = models.CharField(
        "standfirst (dek)",
        validators=[validate_clean_text],
        max_length=600,
        blank=True,
        help_text="One sentence under the headline. Also the search-engine summary.",
    )
    body = models.TextField(
        validators=[validate_clean_text],
        blank=True,
        help_text=(
            "The story: paragraphs, subheadings, lists, quotes and pull "
            "quotes, links, images from the library, and videos, posts and "
            "tracks from their address (YouTube, Vimeo, TikTok, Instagram, X, "
            "Spotify, Apple Music, SoundCloud)."
        ),
    )
    # What readers get, rendered from the body when it or what it shows
    # changes (articles.rendering), never per request; empty until then.
    body_html = models.TextField(blank=True, editable=False)
    # The body's plain text: search, summaries, word counts, the checks.
    body_text = models.TextField(blank=True, editable=False)
    # The people and works named in the headline or standfirst, as
    # "person:12 work:7" (JSON-LD's "about"), found when the body is rendered.
    about = models.TextField(blank=True, editable=False)
    # Counts the changes to what body_html is made from: a render stores its
    # result only if no change came while it ran (articles.rendering.store).
    render_epoch = models.PositiveIntegerField(default=0, editable=False)
    # Indexed first in article_status_pub_idx and article_status_submitted_idx
    # below, not on its own: every index is one more write per stored article.
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
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
        db_index=False,
    )
    source_name = models.CharField(
        "original publisher",
        validators=[validate_clean_text],
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
    # db_default too: bulk writers that do not name the column (the corpus
    # generator, articles.bulk.ARTICLE_COLUMNS) still insert a row.
    dateline = models.CharField(
        validators=[validate_clean_text],
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text=(
            "Where (and when) the story was filed, as the wire wrote it, for "
            "example “NEW YORK (AP)”. Shown before the story."
        ),
    )
    # PROTECT, not SET_NULL: deleting an image must not silently change a
    # published page (that takes a correction), so an image stays until no
    # article leads with it; the admin then lists the articles in the way.
    lead_image = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lead_image_articles",
        help_text="Shown under the standfirst and on social media. Needs a credit.",
        db_index=False,
    )
    # Optimistic locking: every save and every state change adds one, and a
    # form that was opened at an older number is refused (see articles.workflow).
    lock_version = models.PositiveIntegerField(default=0, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name="last changed by",
        db_index=False,
    )
    submitted_at = models.DateTimeField(
        "waiting since", null=True, blank=True, editable=False
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,
    )
    # The revision the reporter sent, so the editor sees what changed since.
    submitted_version = models.ForeignKey(
        "reversion.Version",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,
    )
    review_note = models.TextField(
        "note from the editor",
        blank=True,
        editable=False,
        help_text="Why the editor sent the article back.",
    )

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
            # Person, work and topic pages (Meta.ordering): the database walks
            # this index newest first and probes the tag tables, stopping after
            # one page, instead of sorting every article a person is tagged on.
            models.Index(fields=["-published_at", "-id"], name="article_pub_order_idx"),
            # The review queue: articles in review, oldest submission first.
            models.Index(
                fields=["status", "submitted_at"], name="article_status_submitted_idx"
            ),
            # Keys an imported article leaves empty: indexed where set.
            where_set("lead_image", name="article_lead_image_set"),
            where_set("created_by", name="article_created_by_set"),
            where_set("updated_by", name="article_updated_by_set"),
            where_set("submitted_by", name="article_submitted_by_set"),
            where_set("submitted_version", name="article_submitted_version_set"),
        ]
        permissions = [
            (
                "review_article",
                "Can review, approve, publish, schedule, unpublish, retract "
                "and correct articles",
            ),
        ]

    def __str__(self) -> str:
        return self.headline or f"(no headline) {self.slug}"

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            # Whatever wrote it, the body is stored in the schema
            # (articles.body): the form and the importer clean it first, and
            # this keeps any other way in (the shell, a future API) from
            # storing anything else.
            self.body = clean_body(as_html(self.body))
            self.body_text = text_of(self.body)
            # What readers got from the old body is out of date: the next
            # read renders the new one if the caller does not, and a render
            # of the old one still running will not store its result
            # (articles.rendering.store).
            self.body_html = ""
            self.render_epoch += 1
            if update_fields is not None:
                kwargs["update_fields"] = {
                    *update_fields,
                    "body_text",
                    "body_html",
                    "render_epoch",
                }
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.lead_image_id is not None and not self.lead_image.credit.strip():
            raise ValidationError({"lead_image": LEAD_IMAGE_NEEDS_CREDIT})

    @property
    def is_public(self) -> bool:
        return (
            self.status in Status.public()
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class SlugHistory(models.Model):
    """An address a published article had before its slug changed: it
    answers with a permanent redirect to the article's address now.

    Recorded by ``articles.addresses`` in the transaction that changes the
    slug. No two articles hold the same old address (the constraint), and no
    article takes another's old address as its own (``addresses``' checks).
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="slug_history"
    )
    old_slug = models.SlugField("old web address", max_length=200)
    changed_at = models.DateTimeField("changed", default=timezone.now)

    class Meta:
        verbose_name = "old address"
        verbose_name_plural = "old addresses"
        ordering = ["-changed_at", "-pk"]
        constraints = [
            # Also the index of the public page's lookup after a miss.
            models.UniqueConstraint(fields=["old_slug"], name="slughistory_unique_old"),
        ]

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.article.slug}"


class BylineRole(models.TextChoices):
    WRITER = "writer", "Writer"
    REPORTER = "reporter", "Reporter"
    ADDITIONAL = "additional_reporting", "Additional reporting"
    PHOTOGRAPHER = "photographer", "Photographer"
    # A wire's credits line: "(Reporting by ...; Editing by ...)".
    EDITOR = "editor", "Editor"
    # An organisation credited as the text's publisher, for a text that names
    # no writer (agency copy, a press release, the newsroom's own desk).
    PUBLISHER = "publisher", "Publisher"


BYLINE_NEEDS_ONE_CREDIT = "Credit a person or an organisation: fill in one of the two."


class Byline(models.Model):
    """One credit in an article's byline: a person, or an organisation.

    An organisation (a publisher, a wire service, the newsroom's desk) is
    credited by name and has no page, so readers can tell it from a named
    writer.
    """

    # Each indexed first in a constraint or index below, not on its own.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines", db_index=False
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bylines",
        db_index=False,
        help_text="Who is credited. A person with bylines cannot be deleted.",
    )
    organisation = models.CharField(
        "organisation",
        max_length=200,
        blank=True,
        validators=[validate_clean_text],
        help_text=(
            "Instead of a person: the organisation credited, for example "
            "“The Associated Press”."
        ),
    )
    role = models.CharField(
        max_length=30, choices=BylineRole.choices, default=BylineRole.WRITER
    )
    title = models.CharField(
        validators=[validate_clean_text],
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text=(
            "What the byline says they are, for example “Music Editor” or "
            "“AP Music Writer”. Optional."
        ),
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
            models.UniqueConstraint(
                fields=["article", "organisation", "role"],
                condition=~Q(organisation=""),
                name="byline_article_organisation_role_unique",
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False, organisation="")
                | Q(person__isnull=True) & ~Q(organisation=""),
                name="byline_person_or_organisation",
                violation_error_message=BYLINE_NEEDS_ONE_CREDIT,
            ),
        ]
        indexes = [
            # A person's page lists the articles they wrote.
            models.Index(
                fields=["person", "article"], name="byline_person_article_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def name(self) -> str:
        """Who is credited, as readers see it."""
        return self.person.name if self.person_id else self.organisation


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
        validators=[validate_clean_text],
        help_text=(
            "Shown to readers. A correction says what was wrong and what is right, "
            "for example: “An earlier version said the video came out in 2007; it "
            "came out in 2008.”"
        ),
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


class PublishedVersionQuerySet(models.QuerySet):
    def visible(self, *, now=None) -> "PublishedVersionQuerySet":
        """Versions readers have seen by ``now``.

        A scheduled article's first version is recorded when it is scheduled,
        dated at its publication time, so it must not show before then.
        """
        now = now or timezone.now()
        # EXISTS, looked up per version by the article's primary key: as
        # ``article__in=`` SQLite built the list of every published article
        # for each article page (40 ms at 10,000 articles, growing with them).
        return self.filter(
            Exists(Article.objects.published(now=now).filter(pk=OuterRef("article"))),
            created_at__lte=now,
        )

    def due(self, *, now) -> "PublishedVersionQuerySet":
        """Versions ``visible`` leaves out at ``now`` for their time alone."""
        return self.filter(created_at__gt=now)


class ReferenceKind(models.TextChoices):
    PERSON = "person", "Person"
    WORK = "work", "Work"
    ARTICLE = "article", "Article"
    IMAGE = "image", "Image"


class BodyReference(models.Model):
    """Something an article's rendered body shows: a person, work or article it
    links to, or an image it shows. When that changes, the articles whose
    bodies show it are rendered again (articles.rendering)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="body_references"
    )
    kind = models.CharField(max_length=10, choices=ReferenceKind.choices)
    target_id = models.BigIntegerField()

    class Meta:
        indexes = [
            # Which articles show this person, work, article or image?
            models.Index(fields=["kind", "target_id"], name="bodyreference_target_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "kind", "target_id"],
                name="bodyreference_unique_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.article} shows {self.kind} {self.target_id}"


class PublishedVersion(models.Model):
    """The text of an article as readers saw it, kept every time it changes.

    Only public text is recorded here, never drafts, so the public "what
    changed" page can show it without any risk of leaking unpublished work.
    """

    # Indexed first in publishedversion_article_number below, not on its own.
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="published_versions",
        db_index=False,
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
        db_index=False,
    )
    created_at = models.DateTimeField("went public", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    objects = PublishedVersionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="publishedversion_article_number"
            ),
        ]
        indexes = [
            # Empty for a first version (every imported one): indexed where set.
            where_set("correction", name="version_correction_set"),
            where_set("created_by", name="version_created_by_set"),
            # The next version due (``due``): read after any change to the
            # content by the first view of each stored page (public.readmodel).
            models.Index(fields=["created_at"], name="version_created_idx"),
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


class Action(models.TextChoices):
    CREATED = "created", "created"
    SUBMITTED = "submitted", "submitted for review"
    WITHDRAWN = "withdrawn", "withdrew from review"
    CHANGES_REQUESTED = "changes_requested", "requested changes to"
    APPROVED = "approved", "approved"
    PUBLISHED = "published", "published"
    SCHEDULED = "scheduled", "scheduled"
    UNPUBLISHED = "unpublished", "unpublished"
    RETRACTED = "retracted", "retracted"
    CORRECTED = "corrected", "changed the published text of"
    NOTE_ADDED = "note_added", "added a public note to"
    CORRECTION_EDITED = "correction_edited", "edited a published note on"
    CORRECTION_DELETED = "correction_deleted", "deleted a published note on"
    RESTORED = "restored", "restored an earlier revision of"
    SHARED = "shared", "made a share link for"
    SHARE_REVOKED = "share_revoked", "revoked a share link for"
    DELETED = "deleted", "deleted"
    IMPORTED = "imported", "ran an import"
    IMAGE_CHANGED = "image_changed", "changed the lead image of"
    # A person or work a reporter added, checked by an editor.
    ENTITY_APPROVED = "entity_approved", "approved the new entry"


class Activity(models.Model):
    """One entry of the editorial activity log: who did what, when and why.

    Written by the workflow functions only; the admin shows it read-only.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank for the importer and other commands.",
    )
    action = models.CharField(max_length=30, choices=Action.choices)
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity",
    )
    # Kept as text too, so the entry still reads well after a deletion.
    subject = models.CharField("about", max_length=300, blank=True)
    note = models.TextField("why / details", blank=True)
    created_at = models.DateTimeField("when", default=timezone.now)

    class Meta:
        verbose_name = "activity"
        verbose_name_plural = "activity log"
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The admin's activity log: newest first.
            models.Index(fields=["-created_at"], name="activity_created_idx"),
        ]

    def __str__(self) -> str:
        who = self.actor or "importer"
        return f"{who} {self.get_action_display()} {self.subject}".strip()


# Share links are signed with this salt, so a signature made for anything else
# (a session, a password reset) is never a share link.
SIGNING_SALT = "articles.share-link"


class ShareLink(models.Model):
    """A signed, expiring, revocable link that shows one revision to anyone.

    Its address (``get_absolute_url``, set in ``ABSOLUTE_URL_OVERRIDES``)
    carries ``signature()``; ``articles.workflow`` makes, reads and revokes it.
    """

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="share_links"
    )
    version = models.ForeignKey(
        "reversion.Version",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The revision the link shows, whatever happens to the draft.",
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField("expires")
    revoked_at = models.DateTimeField("revoked", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Share link for {self.article}"

    def signature(self) -> str:
        """The signed token of the link's address (see ``SIGNING_SALT``)."""
        return signing.dumps({"id": self.pk, "token": self.token}, salt=SIGNING_SALT)

    def is_valid(self, *, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and now < self.expires_at


class AutosaveDraft(models.Model):
    """What one person had typed in an article's form and not yet saved.

    Kept every few seconds while they edit (``articles.autosave``), so that
    a closed tab, a crashed browser or an ended session loses nothing. It is
    not a revision: only its owner sees it, it is offered back when they
    reopen the form, and it goes when they save the article or discard it.
    A form for a new article (no article yet) is keyed by a token the form
    carries instead.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosave_drafts",
    )
    token = models.CharField(
        max_length=64,
        blank=True,
        help_text="Names the form of a new article, which has no article yet.",
    )
    payload = models.JSONField(
        help_text="The form's fields as the browser would send them."
    )
    lock_version = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The article's lock when the form was opened.",
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # One draft per person and article, one per person and new form.
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="autosave_one_per_user_and_article",
            ),
            models.UniqueConstraint(
                fields=["user", "token"],
                condition=Q(article__isnull=True),
                name="autosave_one_per_user_and_new_form",
            ),
        ]

    def __str__(self) -> str:
        return f"Unsaved changes of {self.user} to {self.article or 'a new article'}"


# Revisions keep the content an editor can compare and restore. Workflow fields
# (status, times, lock) are left out on purpose: restoring an old revision
# must never un-publish an article or reset its lock.
reversion.register(Byline)
reversion.register(TaggedPerson)
reversion.register(TaggedWork)
reversion.register(TaggedTopic)
reversion.register(Correction)
reversion.register(
    Article,
    fields=[
        "headline",
        "headline_origin",
        "slug",
        "dek",
        "body",
        "source_name",
        "source_url",
        # So that a share link shows the revision's lead image, as readers
        # would see it (public.previews).
        "lead_image",
    ],
    follow=["bylines", "person_tags", "work_tags", "topic_tags", "corrections"],
)
