"""The article form's tag pickers and suggestions: what is stored, and who
is said to have added it."""

import pytest

from articles.models import FoundBy, Status, TaggedPerson, TaggedTopic, TaggedWork
from people.models import Person, Work
from tests.builders.articles import article_form_data, change_url, make_article
from tests.builders.users import logged_in

WILD = "Where the Wild Things Are"


@pytest.fixture
def own_draft(reporter, people_and_works):
    return make_article(
        "Kanye West and Spike Jonze",
        status=Status.DRAFT,
        created_by=reporter,
        body=f"Kanye West met Spike Jonze, who made {WILD}.",
    )


def entity(name: str, kind: str | None = None):
    if kind is None:
        return Person.objects.get(name=name)
    return Work.objects.get(name=name, kind=kind)


def stored(article) -> list[tuple[str, str, str | None]]:
    rows = [
        *TaggedPerson.objects.filter(content_object=article).order_by("pk"),
        *TaggedWork.objects.filter(content_object=article).order_by("pk"),
    ]
    return [
        (
            row.tag.name,
            row.found_by,
            row.added_by.username if row.added_by else None,
        )
        for row in rows
    ]


def test_pickers_store_tags_with_who_added_them_and_how(reporter, own_draft):
    kanye, jonze, film = (
        entity("Kanye West"),
        entity("Spike Jonze"),
        entity(WILD, "film"),
    )

    response = logged_in(reporter).post(
        change_url(own_draft),
        article_form_data(
            own_draft,
            tagged_people=[str(kanye.pk), str(jonze.pk)],
            tagged_works=[str(film.pk)],
            accepted_people=[str(kanye.pk)],
            accepted_works=[str(film.pk)],
        ),
    )

    assert response.status_code == 302
    assert stored(own_draft) == [
        ("Kanye West", FoundBy.SUGGESTED, "rita"),
        ("Spike Jonze", FoundBy.EDITOR, "rita"),
        (WILD, FoundBy.SUGGESTED, "rita"),
    ]


def test_a_ticked_suggestion_is_a_tag_without_javascript(reporter, own_draft):
    # Without a script the picker is not filled in; the ticked box is enough.
    kanye = entity("Kanye West")

    logged_in(reporter).post(
        change_url(own_draft),
        article_form_data(own_draft, accepted_people=[str(kanye.pk)]),
    )

    assert stored(own_draft) == [("Kanye West", FoundBy.SUGGESTED, "rita")]


def test_pickers_keep_old_tags_as_they_were_and_remove_the_unpicked(
    reporter, editor, own_draft
):
    kanye, jonze = entity("Kanye West"), entity("Spike Jonze")
    TaggedPerson.objects.create(content_object=own_draft, tag=kanye, found_by="name")
    TaggedPerson.objects.create(
        content_object=own_draft, tag=jonze, found_by="editor", added_by=reporter
    )
    landay = entity("Vincent Landay")

    logged_in(editor).post(
        change_url(own_draft),
        article_form_data(own_draft, tagged_people=[str(jonze.pk), str(landay.pk)]),
    )

    # The reporter's tag stays the reporter's; only the new one is the editor's.
    assert stored(own_draft) == [
        ("Spike Jonze", FoundBy.EDITOR, "rita"),
        ("Vincent Landay", FoundBy.EDITOR, "edna"),
    ]


def test_pickers_ignore_accepted_ids_of_nothing(reporter, own_draft):
    response = logged_in(reporter).post(
        change_url(own_draft),
        article_form_data(own_draft, accepted_people=["999999", "abc", "-1"]),
    )

    assert response.status_code == 302
    assert stored(own_draft) == []


def test_pickers_refuse_an_id_that_is_no_work(reporter, own_draft):
    response = logged_in(reporter).post(
        change_url(own_draft),
        article_form_data(own_draft, tagged_works=["999999", "abc"]),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "tagged_works": ["“abc” is not a valid value."]
    }
    assert stored(own_draft) == []


def test_new_topics_record_who_added_them(reporter, own_draft):
    logged_in(reporter).post(
        change_url(own_draft), article_form_data(own_draft, new_topics="iTunes")
    )

    [row] = TaggedTopic.objects.filter(content_object=own_draft)
    assert (row.tag.name, row.added_by) == ("iTunes", reporter)


def test_change_page_offers_what_the_text_names_and_is_not_tagged(reporter, own_draft):
    kanye, film = entity("Kanye West"), entity(WILD, "film")
    TaggedPerson.objects.create(
        content_object=own_draft, tag=entity("Spike Jonze"), added_by=reporter
    )

    html = logged_in(reporter).get(change_url(own_draft)).content.decode()

    assert (
        f'<input type="checkbox" name="accepted_people" value="{kanye.pk}"> Add '
        "<strong>Kanye West</strong> (person, 2 mentions)" in html
    )
    assert (
        f'<input type="checkbox" name="accepted_works" value="{film.pk}"> Add '
        f"<strong>{WILD}</strong> (film, 2009, 1 mention)" in html
    )
    assert (
        'name="accepted_people" value="{}"'.format(entity("Spike Jonze").pk) not in html
    )
    assert "<li>Spike Jonze — picked by hand, added by rita</li>" in html
    assert 'src="/static/articles/tag_fields.js"' in html


def test_change_page_shows_the_tags_of_a_submitted_article_read_only(
    reporter, own_draft
):
    TaggedPerson.objects.create(
        content_object=own_draft, tag=entity("Kanye West"), found_by="name"
    )
    own_draft.status = Status.IN_REVIEW
    own_draft.save()

    html = logged_in(reporter).get(change_url(own_draft)).content.decode()

    assert "<li>Kanye West — full name in the text, by the importer</li>" in html
    assert 'name="tagged_people"' not in html
    assert "accepted_people" not in html
