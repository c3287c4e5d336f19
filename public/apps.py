from django.apps import AppConfig
from django.utils.autoreload import file_changed


class PublicConfig(AppConfig):
    """What readers see. It reads the other apps' models; its own are the
    pages it keeps as last rendered (``public.readmodel``)."""

    name = "public"
    verbose_name = "Public site"

    def ready(self) -> None:
        from public import readmodel

        # runserver reloads templates without restarting: the digest of the
        # code that renders the stored pages must follow.
        file_changed.connect(readmodel.code_changed)
