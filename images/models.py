"""Images editors upload, and the renditions cut from them once at upload.

Files are written only by ``images.services``; this module holds the rows and
the read-side helpers the public pages call (``srcset``, Open Graph, JSON-LD).
``images`` imports neither ``articles`` nor ``people``: they point at it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from images.processing import CROP_RATIOS, SRCSET_WIDTHS
from newsroom.validators import validate_clean_text

SOCIAL_RENDITION = "og"
SCHEMA_RENDITIONS = tuple(f"{w}x{h}" for w, h in CROP_RATIOS)
THUMBNAIL_RENDITION = f"jpeg-{SRCSET_WIDTHS[0]}"

ALT_REQUIRED = "Describe the image for readers who cannot see it, or tick “decorative”."
FOCAL_BOTH = "Give both coordinates of the focal point, or neither."
# What the admin shows where there is no image to preview.
NO_IMAGE = "—"
PREVIEW_WIDTH = 160

_UNIT = [MinValueValidator(0.0), MaxValueValidator(1.0)]


def image_cache_tag(pk: int) -> str:
    """The page-cache tag of every public page that shows image ``pk``."""
    return f"image-{pk}"


class ImageFormat(models.TextChoices):
    JPEG = "JPEG", "JPEG"
    PNG = "PNG", "PNG"
    WEBP = "WEBP", "WebP"


class Image(models.Model):
    file = models.FileField(
        "stored file",
        max_length=255,
        editable=False,
        help_text="The re-encoded original, under a name we generate.",
    )
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    format = models.CharField(max_length=4, choices=ImageFormat.choices, editable=False)
    alt_text = models.CharField(
        "alt text",
        max_length=300,
        blank=True,
        validators=[validate_clean_text],
        help_text=(
            "What the image shows, for readers who cannot see it, for example "
            "“A director looking through a film camera on a night-time "
            "street”. Required unless the image is decorative."
        ),
    )
    decorative = models.BooleanField(
        "decorative",
        default=False,
        help_text=(
            "Tick only if the image adds nothing a reader would miss; screen "
            "readers will then skip it."
        ),
    )
    caption = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_clean_text],
        help_text="Shown under the image. Say who and what, where and when.",
    )
    credit = models.CharField(
        "credit line",
        max_length=200,
        blank=True,
        validators=[validate_clean_text],
        help_text=(
            "Who took or owns the picture, as it must appear, for example "
            "“Photo: Jane Doe / Agency”. Required for lead images."
        ),
    )
    focal_x = models.FloatField(
        "focal point (across)",
        null=True,
        blank=True,
        validators=_UNIT,
        help_text=(
            "Where the subject is, from 0 (left edge) to 1 (right edge). Crops "
            "keep it in frame. Leave both blank to crop around the centre."
        ),
    )
    focal_y = models.FloatField(
        "focal point (down)",
        null=True,
        blank=True,
        validators=_UNIT,
        help_text="From 0 (top edge) to 1 (bottom edge).",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("uploaded", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decorative=True) | ~Q(alt_text=""),
                name="image_alt_text_unless_decorative",
                violation_error_message=ALT_REQUIRED,
            ),
            models.CheckConstraint(
                condition=Q(focal_x__isnull=True, focal_y__isnull=True)
                | Q(
                    focal_x__isnull=False,
                    focal_y__isnull=False,
                    focal_x__gte=0,
                    focal_x__lte=1,
                    focal_y__gte=0,
                    focal_y__lte=1,
                ),
                name="image_focal_point_in_frame",
                violation_error_message=FOCAL_BOTH,
            ),
        ]

    def __str__(self) -> str:
        label = self.alt_text or self.caption or f"Image {self.pk or '(new)'}"
        return Truncator(label).chars(80)

    def clean(self) -> None:
        errors = {}
        if not self.decorative and not self.alt_text.strip():
            errors["alt_text"] = ALT_REQUIRED
        if (self.focal_x is None) != (self.focal_y is None):
            errors["focal_y" if self.focal_y is None else "focal_x"] = FOCAL_BOTH
        # The reverse relation belongs to articles (images never imports it).
        if not self.credit.strip() and self.pk and self.lead_image_articles.exists():
            errors["credit"] = (
                "This image is the lead image of an article, and news style "
                "demands a credit for lead images."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def focal(self) -> tuple[float, float]:
        """The focal point as (x, y) in 0..1; the centre when none is set."""
        if self.focal_x is None or self.focal_y is None:
            return (0.5, 0.5)
        return (self.focal_x, self.focal_y)

    @property
    def alt(self) -> str:
        """The alt attribute's value: empty for decorative images."""
        return "" if self.decorative else self.alt_text

    def renditions_by_name(self) -> dict[str, "Rendition"]:
        """Every rendition, by spec name (uses a prefetch of ``renditions``)."""
        return {rendition.name: rendition for rendition in self.renditions.all()}

    def srcset_renditions(self, fmt: str) -> list["Rendition"]:
        """The width-only renditions in ``fmt`` ("WEBP" or "JPEG"), narrowest first."""
        prefix = {"WEBP": "webp-", "JPEG": "jpeg-"}[fmt]
        found = [
            rendition
            for name, rendition in self.renditions_by_name().items()
            if name.startswith(prefix)
        ]
        return sorted(found, key=lambda rendition: rendition.width)

    def thumbnail(self) -> "Rendition | None":
        """The smallest JPEG, for the admin's previews."""
        return self.renditions_by_name().get(THUMBNAIL_RENDITION)

    def thumbnail_html(self, *, width: int = PREVIEW_WIDTH) -> SafeString | str:
        """An <img> of the smallest JPEG scaled to ``width``, or a dash.

        For the admin: the image list and form, and the article, person and
        work forms that show which image was chosen (a prefetch into
        ``thumbnails`` saves the list a query per row).
        """
        prefetched = getattr(self, "thumbnails", None)
        rendition = prefetched[0] if prefetched else self.thumbnail()
        if rendition is None:
            return NO_IMAGE
        shown = min(width, rendition.width)
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="" loading="lazy">',
            rendition.file.url,
            shown,
            max(1, round(rendition.height * shown / rendition.width)),
        )

    def social_rendition(self) -> "Rendition | None":
        """The 1200 x 630 JPEG for Open Graph and Twitter cards."""
        return self.renditions_by_name().get(SOCIAL_RENDITION)

    def schema_images(self) -> list[str]:
        """URLs (site-relative) of the 1:1, 4:3 and 16:9 crops, for JSON-LD.

        Google's article guidance asks for these three ratios. The caller makes
        them absolute with ``request.build_absolute_uri``.
        """
        by_name = self.renditions_by_name()
        return [by_name[name].file.url for name in SCHEMA_RENDITIONS if name in by_name]


class Rendition(models.Model):
    """One size or crop of an image, made once when the image is stored."""

    image = models.ForeignKey(
        Image, on_delete=models.CASCADE, related_name="renditions"
    )
    name = models.CharField(
        max_length=20, help_text="Which rendition this is, for example “webp-640”."
    )
    file = models.FileField("stored file", max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=4, choices=ImageFormat.choices)

    class Meta:
        ordering = ["image", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["image", "name"], name="rendition_image_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} of {self.image}"
