"""A notice for one person about something that happened to an article."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at=None)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # The workflow's action (articles.models.Action): "approved", "published"...
    verb = models.CharField("what happened", max_length=30)
    text = models.TextField()
    created_at = models.DateTimeField("when", default=timezone.now)
    read_at = models.DateTimeField("read", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The admin header's unread count and "my notifications", newest
            # first: one person's notices.
            models.Index(
                fields=["recipient", "read_at", "-created_at"],
                name="notification_inbox_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        # The article's page in the admin: notices are for the newsroom.
        return reverse("admin:articles_article_change", args=[self.article_id])
