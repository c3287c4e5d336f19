from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from people.models import Person, Work

DEFAULT_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "people.json"


class Command(BaseCommand):
    help = (
        "Load the checked people, groups, works and credits (fixtures/people.json) "
        "into an empty database. Once any person or work exists it does nothing, "
        "so running `make run` again never overwrites an editor's changes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("fixture", nargs="?", type=Path, default=DEFAULT_FIXTURE)

    def handle(self, *args, fixture: Path, **options) -> None:
        if Person.objects.exists() or Work.objects.exists():
            self.stdout.write(
                "People and works are already in the database; not reloaded "
                "(edits made since are kept)."
            )
            return
        call_command("loaddata", fixture, stdout=self.stdout)
