"""What the people migrations do to existing rows, and the roles' new powers."""

import importlib
from datetime import UTC, datetime

from django.apps import apps

from people.models import Person, Work
from tests.builders.people import make_person

approval = importlib.import_module("people.migrations.0005_profiles_and_approval")

MADE = datetime(2025, 5, 1, 8, 0, tzinfo=UTC)


def test_existing_people_and_works_are_approved_as_of_when_they_were_made(db):
    person = make_person("Spike Jonze", created_at=MADE, approved_at=None)
    work = Work.objects.create(
        name="Sabotage", kind="music_video", created_at=MADE, approved_at=None
    )

    approval.approve_existing(apps, None)

    assert Person.objects.get(pk=person.pk).approved_at == MADE
    assert Work.objects.get(pk=work.pk).approved_at == MADE


def test_reporters_add_people_and_works_and_only_editors_approve(reporter, editor):
    # The groups as articles/migrations/0017 left them.
    powers = [
        "people.add_person",
        "people.add_work",
        "people.change_person",
        "people.delete_person",
        "people.approve_person",
        "people.approve_work",
        "people.add_staffprofile",
    ]

    assert {p: reporter.has_perm(p) for p in powers} == {
        "people.add_person": True,
        "people.add_work": True,
        "people.change_person": True,
        "people.delete_person": False,
        "people.approve_person": False,
        "people.approve_work": False,
        "people.add_staffprofile": False,
    }
    assert {p: editor.has_perm(p) for p in powers} == {
        "people.add_person": True,
        "people.add_work": True,
        "people.change_person": True,
        "people.delete_person": False,
        "people.approve_person": True,
        "people.approve_work": True,
        "people.add_staffprofile": True,
    }
