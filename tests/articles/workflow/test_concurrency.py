"""Saving from the article form when the form is not the newest thing: the
workflow buttons save the form first, and a save from a form opened before
someone else's save is merged field by field (articles.workflow.concurrency)."""

from articles.body import from_plain_text as paragraphs
from articles.models import Article, Byline, Status, TaggedPerson
from articles.workflow import transitions
from tests.builders.articles import article_form_data, change_url
from tests.builders.people import make_person
from tests.builders.users import logged_in


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def shown_again(response, **choices) -> dict:
    """The form data of a page shown again, as the browser would send it
    back, with the person's choices on the conflict screen."""
    data = response.context["adminform"].form.data
    posted = {key: data.getlist(key) for key in data}
    return {**posted, **{f"merge_choice_{k}": v for k, v in choices.items()}}


# Workflow buttons act on the form ------------------------------------------


def test_submit_with_unsaved_edits_saves_them_then_submits(reporter, draft):
    client = logged_in(reporter)
    form = article_form_data(
        draft, body="The video came out in 2008.", _transition="submit"
    )
    del form["_save"]

    response = client.post(change_url(draft), form, follow=True)

    draft.refresh_from_db()
    assert draft.status == Status.IN_REVIEW
    assert draft.body == paragraphs("The video came out in 2008.")
    # What was submitted is the new text, not the text saved before.
    assert draft.submitted_version.field_dict["body"] == draft.body
    assert messages_of(response) == [
        "Your changes were saved.",
        "Submitted for review.",
    ]
    assert response.redirect_chain[-1][0] == change_url(draft)


def test_invalid_edits_and_submit_submit_nothing_and_keep_the_text(reporter, draft):
    client = logged_in(reporter)
    form = article_form_data(
        draft,
        slug="not a slug!",
        body="My careful fix of the year: 2008.",
        _transition="submit",
    )

    response = client.post(change_url(draft), form)

    assert response.status_code == 200
    assert "Enter a valid “slug”" in response.content.decode()
    assert "My careful fix of the year: 2008." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.body == paragraphs("The video came out in 2007.")


def test_editor_approves_with_their_own_edit_in_one_step(reporter, editor, draft):
    transitions.submit(draft, by=reporter)
    form = article_form_data(
        draft, body="The video came out in 2008.", _transition="approve"
    )

    logged_in(editor).post(change_url(draft), form)

    draft.refresh_from_db()
    assert draft.status == Status.APPROVED
    assert draft.body == paragraphs("The video came out in 2008.")


def test_the_change_page_has_the_buttons_in_the_form(reporter, draft):
    html = logged_in(reporter).get(change_url(draft)).content.decode()

    assert (
        '<button type="submit" class="button" form="article_form" '
        'name="_transition" value="submit">Save and submit for review</button>'
    ) in html


def test_standalone_submit_refuses_an_older_lock_version(reporter, draft):
    seen = draft.lock_version
    logged_in(reporter).post(change_url(draft), article_form_data(draft, body="New."))

    response = logged_in(reporter).post(
        f"/editorial/articles/{draft.pk}/do/submit/",
        {"lock_version": seen},
        follow=True,
    )

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert messages_of(response) == [
        "The article changed since you opened it; look at it again first."
    ]


def test_a_button_pressed_with_a_merged_save_waits_for_a_look(reporter, editor, draft):
    mine = article_form_data(draft, body="Mine.", _transition="submit")
    logged_in(editor).post(change_url(draft), article_form_data(draft, dek="Theirs."))

    response = logged_in(reporter).post(change_url(draft), mine, follow=True)

    draft.refresh_from_db()
    assert (draft.status, draft.dek, draft.body) == (
        Status.DRAFT,
        "Theirs.",
        paragraphs("Mine."),
    )
    assert "their changes were merged with yours" in messages_of(response)[1]


# Concurrent edits ------------------------------------------------------------


def test_edits_of_different_fields_are_merged_without_asking(reporter, editor, draft):
    mine = article_form_data(draft, body="The video came out in 2008.")
    theirs = article_form_data(draft, headline="Spike Jonze’s video, revisited")

    assert logged_in(editor).post(change_url(draft), theirs).status_code == 302
    response = logged_in(reporter).post(change_url(draft), mine)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "Spike Jonze’s video, revisited"
    assert draft.body == paragraphs("The video came out in 2008.")


def test_their_tags_and_bylines_stay_when_i_change_the_text(reporter, editor, draft):
    mine = article_form_data(draft, body="The video came out in 2008.")
    # Meanwhile the editor tags a person and adds a byline, outside this form.
    kanye = make_person("Kanye West")
    TaggedPerson.objects.create(content_object=draft, tag=kanye)
    Byline.objects.create(article=draft, organisation="The Newsroom", position=2)
    transitions.record_part_changed(draft, by=editor)

    response = logged_in(reporter).post(change_url(draft), mine)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body == paragraphs("The video came out in 2008.")
    assert list(draft.people.all()) == [kanye]
    assert draft.bylines.count() == 2


def test_same_field_changed_by_both_shows_both_versions(reporter, editor, draft):
    mine = article_form_data(draft, body="It came out in 2008, says the label.")
    theirs = article_form_data(draft, body="It came out in 2008, says the director.")
    logged_in(editor).post(change_url(draft), theirs)

    response = logged_in(reporter).post(change_url(draft), mine)

    assert response.status_code == 200
    html = response.content.decode()
    assert "edna saved this article at" in html
    assert "You both changed body" in html
    assert "It came out in 2008, says the director." in html
    assert "It came out in 2008, says the label." in html
    assert 'name="merge_choice_body" value="mine"' in html
    assert 'name="merge_choice_body" value="theirs"' in html
    draft.refresh_from_db()
    assert draft.body == paragraphs("It came out in 2008, says the director.")


def test_keep_mine_saves_mine_and_keeps_their_other_change(reporter, editor, draft):
    mine = article_form_data(draft, body="Says the label.")
    theirs = article_form_data(draft, body="Says the director.", dek="Their dek.")
    logged_in(editor).post(change_url(draft), theirs)
    client = logged_in(reporter)
    conflict = client.post(change_url(draft), mine)

    response = client.post(change_url(draft), shown_again(conflict, body="mine"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body == paragraphs("Says the label.")
    assert draft.dek == "Their dek."


def test_keep_theirs_saves_theirs_and_keeps_my_other_change(reporter, editor, draft):
    mine = article_form_data(draft, body="Says the label.", headline="My headline")
    theirs = article_form_data(draft, body="Says the director.", dek="Their dek.")
    logged_in(editor).post(change_url(draft), theirs)
    client = logged_in(reporter)
    conflict = client.post(change_url(draft), mine)
    # The form shown again already holds their dek, and still my headline.
    assert conflict.context["adminform"].form.data["dek"] == "Their dek."

    response = client.post(change_url(draft), shown_again(conflict, body="theirs"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body == paragraphs("Says the director.")
    assert (draft.headline, draft.dek) == ("My headline", "Their dek.")


def test_no_choice_made_saves_nothing(reporter, editor, draft):
    mine = article_form_data(draft, headline="Mine")
    logged_in(editor).post(change_url(draft), article_form_data(draft, headline="T"))
    client = logged_in(reporter)
    conflict = client.post(change_url(draft), mine)

    response = client.post(change_url(draft), shown_again(conflict))

    assert response.status_code == 200
    assert "Choose which version to keep for: headline." in response.content.decode()
    draft.refresh_from_db()
    assert draft.headline == "T"


def test_bylines_changed_by_both_are_one_conflict_and_keep_theirs_works(
    reporter, editor, draft
):
    sam = draft.bylines.get()
    mine = article_form_data(draft, **{"bylines-0-role": "photographer"})
    theirs = article_form_data(draft, **{"bylines-0-role": "editor"})
    logged_in(editor).post(change_url(draft), theirs)
    client = logged_in(reporter)

    conflict = client.post(change_url(draft), mine)

    assert [c.name for c in conflict.context["adminform"].form.conflicts] == ["bylines"]
    assert "Sam Writer, Editor" in conflict.content.decode()
    response = client.post(change_url(draft), shown_again(conflict, bylines="theirs"))
    assert response.status_code == 302
    sam.refresh_from_db()
    assert sam.role == "editor"


def test_a_state_change_meanwhile_does_not_lose_the_edit(reporter, editor, draft):
    form = article_form_data(draft, body="Edited.")
    transitions.submit(draft, by=reporter)

    response = logged_in(editor).post(change_url(draft), form)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.body) == (Status.IN_REVIEW, paragraphs("Edited."))


def test_a_tampered_base_is_ignored_and_every_difference_asked_about(
    reporter, editor, draft
):
    mine = article_form_data(draft, body="Mine.", merge_base="forged:1:abc")
    logged_in(editor).post(change_url(draft), article_form_data(draft, dek="Theirs."))

    response = logged_in(reporter).post(change_url(draft), mine)

    assert response.status_code == 200
    names = [c.name for c in response.context["adminform"].form.conflicts]
    assert names == ["dek", "body"]
    assert Article.objects.get(pk=draft.pk).dek == "Theirs."


def test_keep_theirs_holds_when_a_third_save_comes_in_meanwhile(
    reporter, editor, draft
):
    mine = article_form_data(draft, body="Says the label.")
    logged_in(editor).post(change_url(draft), article_form_data(draft, body="Theirs."))
    client = logged_in(reporter)
    conflict = client.post(change_url(draft), mine)
    # While the reporter chooses, the editor saves once more (the standfirst).
    logged_in(editor).post(change_url(draft), article_form_data(draft, dek="Later."))

    response = client.post(change_url(draft), shown_again(conflict, body="theirs"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.body, draft.dek) == (paragraphs("Theirs."), "Later.")
