from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = "Images"

    def ready(self) -> None:
        checks.register(check_no_atomic_requests)


def check_no_atomic_requests(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """The image services need to commit on their own (see images.services)."""
    return atomic_request_errors(settings.DATABASES)


def atomic_request_errors(databases: dict) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"ATOMIC_REQUESTS is on for database {alias!r}.",
            hint=(
                "images.services writes files and then commits its rows in a "
                "durable transaction, which cannot run inside a request-wide one."
            ),
            id="images.E001",
        )
        for alias, database in databases.items()
        if database.get("ATOMIC_REQUESTS")
    ]
