from django.apps import AppConfig


class PublicConfig(AppConfig):
    """What readers see. No models of its own: it reads the other apps'."""

    name = "public"
    verbose_name = "Public site"
