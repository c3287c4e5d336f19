"""The activity log: an import run is one entry."""

from django.core.management import call_command

from articles.models import Action, Activity
from tests.builders.importer import NullOutput
from tests.builders.seeds import SEED_TEXTS


def test_import_run_is_one_activity_entry(people_and_works):
    call_command("import_articles", SEED_TEXTS, verbosity=0, stdout=NullOutput())

    entry = Activity.objects.get()
    assert (entry.action, entry.actor, entry.note) == (
        Action.IMPORTED,
        None,
        "3 created, 0 updated, 0 skipped, 0 failed",
    )


def test_import_dry_run_records_nothing(people_and_works):
    call_command(
        "import_articles", SEED_TEXTS, dry_run=True, verbosity=0, stdout=NullOutput()
    )

    assert Activity.objects.count() == 0
