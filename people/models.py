"""People, groups and creative works: the entities articles are tagged with.

Each is a django-taggit tag model (a ``TagBase`` subclass), so articles can be
tagged with them through real foreign keys. This app imports no other app of
the project: reach an article from a person through the reverse relations,
and an image through the string reference of the foreign key. Where readers
find a person or a work is the ``public`` app's business
(``ABSOLUTE_URL_OVERRIDES`` in the settings).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import NaturalKeyManager, TagBase

from newsroom.validators import validate_clean_text


def numbered_slug(text: str, fallback: str, i: int | None = None) -> str:
    """An ASCII slug for ``text`` (``-2``, ``-3``... when ``i`` is given).

    Addresses stay ASCII so they route with Django's ``slug`` converter; a
    name with no Latin letters at all gets ``fallback`` rather than nothing.
    """
    slug = slugify(text)[:180] or fallback
    return slug if i is None else f"{slug}-{i + 1}"


def person_cache_tag(pk: int) -> str:
    """The page-cache tag of every public page that shows person ``pk``."""
    return f"person-{pk}"


def work_cache_tag(pk: int) -> str:
    """The page-cache tag of every public page that shows work ``pk``."""
    return f"work-{pk}"


def approved_q(prefix: str = "") -> Q:
    """The approval rule as a condition: an editor has approved the person or
    work (everything imported or loaded from fixtures is approved when made).

    ``prefix`` reaches them through a relation (``"tag__"`` from an article's
    tag rows), so that every reader spells the rule the same way.
    """
    return Q(**{f"{prefix}approved_at__isnull": False})


class EntityQuerySet(models.QuerySet):
    def approved(self) -> "EntityQuerySet":
        """People or works an editor has approved: the only ones readers,
        the API and the linker may see (``people.services.approve``)."""
        return self.filter(approved_q())

    def awaiting_approval(self) -> "EntityQuerySet":
        return self.exclude(approved_q())


class ApprovalFields(models.Model):
    """Who added a person or work, and whether an editor has approved it.

    A reporter may add the artist they are writing about with the facts they
    have; until an editor approves it, it has no public page, is in no list,
    feed, sitemap or API answer, and the linker does not offer it for other
    articles. Rows made any other way (imports, fixtures, editors) are
    approved when made: the default.
    """

    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # A default rather than null, so that fixtures and imports are approved.
    approved_at = models.DateTimeField(
        "approved", null=True, blank=True, default=timezone.now, editable=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    # taggit's manager (fixtures name rows by natural key), with the rule.
    objects = NaturalKeyManager.from_queryset(EntityQuerySet)()

    class Meta:
        abstract = True

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class PersonKind(models.TextChoices):
    PERSON = "person", "Person"
    GROUP = "group", "Group (band, duo, collective)"


class WorkKind(models.TextChoices):
    FILM = "film", "Film"
    SHORT_FILM = "short_film", "Short film"
    ALBUM = "album", "Album"
    SONG = "song", "Song"
    MUSIC_VIDEO = "music_video", "Music video"
    TV_SERIES = "tv_series", "TV series"
    BOOK = "book", "Book"


class CreditRole(models.TextChoices):
    DIRECTOR = "director", "Director"
    WRITER = "writer", "Writer"
    PRODUCER = "producer", "Producer"
    PERFORMER = "performer", "Performer / artist"
    FEATURED = "featured_artist", "Featured artist"
    CAST = "cast", "Starring"


class Person(ApprovalFields, TagBase):
    # TagBase's name is unique at 100 characters, case-sensitively; real names
    # can be longer, and "kanye west" must collide with "Kanye West", so the
    # uniqueness lives in Meta as a case-insensitive constraint instead.
    name = models.CharField(
        "name",
        validators=[validate_clean_text],
        max_length=200,
        help_text="The name as readers know it, for example “Kanye West”.",
    )
    slug = models.SlugField(
        "web address",
        max_length=200,
        unique=True,
        help_text="Used in the page address. Filled in from the name if left blank.",
    )
    kind = models.CharField(
        max_length=10, choices=PersonKind.choices, default=PersonKind.PERSON
    )
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "Other names real text uses, one per line (“Ye”, “Yeezy”, “West”). "
            "A surname alias links only after the full name appears in the article."
        ),
    )
    bio = models.TextField(
        "short bio",
        validators=[validate_clean_text],
        blank=True,
        help_text="One or two checked sentences. Leave blank rather than guess.",
    )
    # SET_NULL: a page without its portrait is still right, unlike an article.
    headshot = models.ForeignKey(
        "images.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headshot_of",
        help_text="A portrait for their page, chosen from the uploaded images.",
    )
    # A default rather than auto_now_add, so that fixtures load without it.
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = "person or group"
        verbose_name_plural = "people and groups"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="person_name_ci_unique"),
        ]
        permissions = [
            ("approve_person", "Can approve a person or group a reporter added"),
        ]

    def __str__(self) -> str:
        return self.name

    def slugify(self, tag: str, i: int | None = None) -> str:
        return numbered_slug(tag, "person", i)


class ExternalIdentifier(models.Model):
    """An identifier another publisher uses for a person or a work: a
    shortcode names them by it (``[artist id="..."]``, ``[movie id="..."]``)
    and the importer finds them by (publisher, id) before the name."""

    publisher = models.CharField(
        validators=[validate_clean_text],
        max_length=100,
        help_text="Whose identifier this is, for example “MTV News”.",
    )
    value = models.CharField(
        "identifier", max_length=100, validators=[validate_clean_text]
    )

    class Meta:
        abstract = True
        verbose_name = "external identifier"
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "value"], name="%(class)s_publisher_value_unique"
            ),
        ]
        indexes = [
            # Found by id, the publisher compared ignoring case (which the
            # unique index cannot serve).
            models.Index(fields=["value"], name="%(class)s_value_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.value}"


class ExternalId(ExternalIdentifier):
    """An identifier another publisher uses for a person (seed 002 carries
    MTV News's artist id in a shortcode)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="external_ids"
    )

    class Meta(ExternalIdentifier.Meta):
        pass


class Work(ApprovalFields, TagBase):
    """A film, album, song, music video, series or book.

    Titles are not unique: "Flashing Lights" is a song and a music video,
    "Where the Wild Things Are" a book and a film. A work is told apart by
    its kind and, when kind is not enough, by a short ``disambiguation`` note
    (as MusicBrainz does); title, kind and note together are unique.
    """

    name = models.CharField(
        "title",
        validators=[validate_clean_text],
        max_length=255,
        help_text="The title as published, for example “808s & Heartbreak”.",
    )
    slug = models.SlugField(
        "web address",
        max_length=255,
        unique=True,
        help_text="Used in the page address. Filled in from title and kind if blank.",
    )
    kind = models.CharField(max_length=20, choices=WorkKind.choices)
    disambiguation = models.CharField(
        validators=[validate_clean_text],
        max_length=100,
        blank=True,
        help_text=(
            "Only when two works share a title and kind: a short note that tells "
            "them apart, for example “Weezer song”."
        ),
    )
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Year of first release. Leave blank if unknown.",
    )
    released_on = models.DateField(
        "release date",
        null=True,
        blank=True,
        help_text="Date of first public release or premiere, if checked.",
    )
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Other spellings and short forms, one per line (“Fairytale”).",
    )
    link_only_when_quoted = models.BooleanField(
        default=False,
        help_text=(
            "Tick for titles that are also ordinary words or names (“Her”, "
            "“Buddy Holly”): the importer links them only where the text quotes "
            "them. One-word titles are always treated this way."
        ),
    )
    poster = models.ForeignKey(
        "images.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="poster_of",
        verbose_name="poster or cover",
        help_text="The film poster, album or single cover, for the work’s page.",
    )
    part_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parts",
        help_text="For a song: the album it is on.",
    )
    people = models.ManyToManyField(Person, through="Credit", related_name="works")
    # A default rather than auto_now_add, so that fixtures load without it.
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    natural_key_fields = ["slug"]

    class Meta:
        ordering = ["name", "kind"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "kind",
                "disambiguation",
                name="work_title_kind_disambiguation_unique",
            ),
        ]
        permissions = [("approve_work", "Can approve a work a reporter added")]

    def __str__(self) -> str:
        details = [self.get_kind_display().lower()]
        if self.disambiguation:
            details.append(self.disambiguation)
        if self.year:
            details.append(str(self.year))
        return f"{self.name} ({', '.join(details)})"

    @property
    def title(self) -> str:
        return self.name

    def slugify(self, tag: str, i: int | None = None) -> str:
        # The kind is part of the address so that the song and the music video
        # "Flashing Lights" get readable, distinct URLs.
        return numbered_slug(f"{tag} {self.get_kind_display()}", "work", i)


class WorkExternalId(ExternalIdentifier):
    """An identifier another publisher uses for a work (``[movie id="501"]``).
    Kept apart from a person's ``ExternalId`` so that each has a real foreign
    key."""

    work = models.ForeignKey(
        Work, on_delete=models.CASCADE, related_name="external_ids"
    )

    class Meta(ExternalIdentifier.Meta):
        pass


class Credit(models.Model):
    """One person's role on a work, in billing order."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(max_length=20, choices=CreditRole.choices)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Billing order: lower comes first."
    )

    class Meta:
        ordering = ["work", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["work", "person", "role"], name="credit_work_person_role_unique"
            ),
        ]
        indexes = [
            # A person's page lists their credits.
            models.Index(fields=["person", "work"], name="credit_person_work_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.work.name}"


class StaffProfile(models.Model):
    """A login linked to the person it is: a reporter's own byline.

    A new article starts with its author's person in the byline
    (``articles.admin``). Several logins may be one person (an old and a new
    account); a person with a login cannot be deleted.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name="login",
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="staff_profiles",
        help_text="Who this login is, as bylines credit them.",
    )

    class Meta:
        verbose_name = "staff profile"

    def __str__(self) -> str:
        return f"{self.user} is {self.person}"
