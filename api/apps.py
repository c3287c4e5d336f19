from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only content API under /api/v1/, and the partner keys and
    preview tokens it accepts."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = "Content API"
