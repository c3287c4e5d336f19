import io

from django.core.management import call_command

from people.models import Person, Work


def run() -> str:
    out = io.StringIO()
    call_command("load_people", stdout=out)
    return out.getvalue()


def test_load_people_fills_an_empty_database(db):
    run()

    assert Person.objects.count() == 10
    assert Work.objects.count() == 12


def test_load_people_again_keeps_an_editors_changes(db):
    run()
    Person.objects.filter(name="Kanye West").update(bio="Edited by an editor.")

    second = run()

    assert Person.objects.get(name="Kanye West").bio == "Edited by an editor."
    assert second == (
        "People and works are already in the database; not reloaded "
        "(edits made since are kept).\n"
    )
