"""A person or work a reporter adds awaits an editor's approval: not public,
not offered to the linker, until an editor approves it in the admin."""

import pytest
from django.core.exceptions import PermissionDenied

from articles.models import Action, Activity
from people import services
from people.entities import all_entities
from people.models import Person, Work
from tests.builders.articles import make_article, tag
from tests.builders.people import make_person
from tests.builders.users import logged_in

PERSON_FORM = {
    "name": "Kanye West",
    "slug": "kanye-west",
    "kind": "person",
    "aliases": "Ye",
    "bio": "Rapper and producer.",
    "external_ids-TOTAL_FORMS": "0",
    "external_ids-INITIAL_FORMS": "0",
}
WORK_FORM = {
    "name": "We Were Once a Fairytale",
    "slug": "we-were-once-a-fairytale-short-film",
    "kind": "short_film",
    "disambiguation": "",
    "year": "2009",
    "aliases": "",
    "credits-TOTAL_FORMS": "0",
    "credits-INITIAL_FORMS": "0",
}


def waiting_person(by, name: str = "Kanye West", **fields) -> Person:
    """A person ``by`` (a reporter) added: awaiting approval."""
    return services.save_entity(Person(name=name, **fields), by=by)


# --- Who made it decides whether it waits -------------------------------------


def test_imported_and_fixture_people_and_works_are_approved(people_and_works):
    assert Person.objects.awaiting_approval().count() == 0
    assert Work.objects.awaiting_approval().count() == 0
    assert Person.objects.approved().count() == Person.objects.count()


def test_reporter_adds_a_person_in_the_admin_and_it_awaits_approval(reporter):
    response = logged_in(reporter).post("/admin/people/person/add/", PERSON_FORM)

    assert response.status_code == 302
    person = Person.objects.get(name="Kanye West")
    assert (person.added_by, person.approved_at, person.is_approved) == (
        reporter,
        None,
        False,
    )


def test_reporter_adds_a_work_with_kind_and_year_and_it_awaits_approval(reporter):
    response = logged_in(reporter).post("/admin/people/work/add/", WORK_FORM)

    assert response.status_code == 302
    work = Work.objects.get()
    assert (work.kind, work.year, work.added_by, work.is_approved) == (
        "short_film",
        2009,
        reporter,
        False,
    )


def test_editor_adds_a_person_approved_at_once(editor):
    response = logged_in(editor).post("/admin/people/person/add/", PERSON_FORM)

    assert response.status_code == 302
    person = Person.objects.get(name="Kanye West")
    assert (person.added_by, person.is_approved) == (editor, True)


# --- What a reporter may change --------------------------------------------------


def test_reporter_changes_their_own_person_until_it_is_approved(reporter, editor):
    person = waiting_person(reporter)
    client = logged_in(reporter)
    url = f"/admin/people/person/{person.pk}/change/"
    form = PERSON_FORM | {"name": "Kanye Omari West", "slug": person.slug}

    changed = client.post(url, form)
    services.approve(person, by=editor)
    refused = client.post(url, form | {"name": "Ye"})

    assert changed.status_code == 302
    assert refused.status_code == 403
    person.refresh_from_db()
    assert person.name == "Kanye Omari West"


def test_reporter_cannot_change_another_reporters_waiting_person(reporter, reporter2):
    person = waiting_person(reporter2)

    response = logged_in(reporter).post(
        f"/admin/people/person/{person.pk}/change/",
        PERSON_FORM | {"name": "Someone Else", "slug": person.slug},
    )

    assert response.status_code == 403
    person.refresh_from_db()
    assert person.name == "Kanye West"


def test_reporter_cannot_delete_a_person(reporter):
    person = waiting_person(reporter)

    response = logged_in(reporter).post(
        f"/admin/people/person/{person.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()


# --- Approval ----------------------------------------------------------------------


def test_editor_approves_in_the_admin_and_the_activity_log_says_so(reporter, editor):
    person = waiting_person(reporter)
    client = logged_in(editor)

    response = client.post(
        "/admin/people/person/",
        {"action": "approve_selected", "_selected_action": [person.pk]},
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.approved_by, person.is_approved) == (editor, True)
    entry = Activity.objects.get()
    assert (entry.actor, entry.action, str(entry)) == (
        editor,
        Action.ENTITY_APPROVED,
        "edna approved the new entry Kanye West (person)",
    )


def test_editor_finds_what_awaits_approval_in_the_list(reporter, editor):
    waiting = waiting_person(reporter)
    make_person("Spike Jonze")

    response = logged_in(editor).get("/admin/people/person/?approval=waiting")

    assert list(response.context["cl"].result_list) == [waiting]


def test_reporter_is_not_offered_the_approve_action_and_cannot_force_it(reporter):
    person = waiting_person(reporter)
    client = logged_in(reporter)

    listed = client.get("/admin/people/person/")
    forced = client.post(
        "/admin/people/person/",
        {"action": "approve_selected", "_selected_action": [person.pk]},
    )

    assert "approve_selected" not in listed.content.decode()
    assert forced.status_code == 200
    person.refresh_from_db()
    assert person.is_approved is False
    assert Activity.objects.count() == 0


def test_approve_refuses_a_reporter(reporter):
    person = waiting_person(reporter)

    with pytest.raises(PermissionDenied):
        services.approve(person, by=reporter)

    person.refresh_from_db()
    assert person.is_approved is False


# --- The linker ------------------------------------------------------------------


def test_linker_is_not_offered_a_waiting_person_until_it_is_approved(reporter, editor):
    person = waiting_person(reporter)
    spike = make_person("Spike Jonze")

    before = [entity.key for entity in all_entities()]
    services.approve(person, by=editor)
    after = [entity.key for entity in all_entities()]

    assert before == [("person", spike.pk)]
    assert after == [("person", person.pk), ("person", spike.pk)]


def test_article_page_links_a_waiting_person_once_approved(client, reporter, editor):
    person = waiting_person(reporter)
    article = tag(make_article(body="Kanye West arrived."), people=[person])

    before = client.get(article.get_absolute_url()).content.decode()
    services.approve(person, by=editor)
    after = client.get(article.get_absolute_url()).content.decode()

    assert 'href="/people/kanye-west/"' not in before
    assert '<a href="/people/kanye-west/">Kanye West</a> arrived.' in after


def test_editor_saves_and_approves_from_the_change_page(reporter, editor):
    person = waiting_person(reporter)
    client = logged_in(editor)
    url = f"/admin/people/person/{person.pk}/change/"

    page = client.get(url).content.decode()
    response = client.post(
        url, PERSON_FORM | {"bio": "Rapper.", "slug": person.slug, "_approve": "1"}
    )

    assert 'name="_approve"' in page
    assert "Added by rita; not public until approved." in page
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.bio, person.approved_by) == ("Rapper.", editor)
    assert Activity.objects.get().action == Action.ENTITY_APPROVED


def test_reporter_has_no_approve_button_and_a_forged_one_is_refused(reporter):
    person = waiting_person(reporter)
    client = logged_in(reporter)
    url = f"/admin/people/person/{person.pk}/change/"

    page = client.get(url).content.decode()
    forged = client.post(
        url, PERSON_FORM | {"bio": "Changed.", "slug": person.slug, "_approve": "1"}
    )

    assert 'name="_approve"' not in page
    assert forged.status_code == 403
    person.refresh_from_db()
    assert (person.bio, person.is_approved) == ("", False)
