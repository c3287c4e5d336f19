"""Partner API keys. The raw key is shown once, when it is made; only its
SHA-256 hash is stored, so a copy of the database opens nothing."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

# A partner asking for more than this is a conversation, not a setting.
RATE_MAX = 10_000
RATE_DEFAULT = 600
# Characters of the raw key kept to recognise it ("nr_" and a few more).
PREFIX_LENGTH = 10


class ApiKey(models.Model):
    name = models.CharField(
        max_length=200,
        help_text="Who the key is for, e.g. the partner and their app.",
    )
    prefix = models.CharField(
        max_length=PREFIX_LENGTH,
        editable=False,
        help_text="The start of the key, to recognise it; the rest is never stored.",
    )
    key_hash = models.CharField("key hash", max_length=64, unique=True, editable=False)
    rate_per_minute = models.PositiveIntegerField(
        "requests per minute",
        default=RATE_DEFAULT,
        validators=[MinValueValidator(1), MaxValueValidator(RATE_MAX)],
        help_text=f"At most {RATE_MAX:,}. Requests beyond it get “429 Too Many "
        "Requests” until the minute is over.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="To the minute: updated at most once a minute.",
    )

    class Meta:
        verbose_name = "API key"
        verbose_name_plural = "API keys"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rate_per_minute__gte=1, rate_per_minute__lte=RATE_MAX),
                name="api_apikey_rate_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
