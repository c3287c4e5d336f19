"""Autosave of the article form: the draft endpoints, the offer on reopening
(with a diff), restoring, discarding, and the session keep-alive."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from articles.models import AutosaveDraft, Status
from tests.builders.articles import (
    added,
    article_form_data,
    change_url,
    draft_by,
    in_review,
    removed,
)
from tests.builders.users import logged_in

ADD_URL = "/admin/articles/article/add/"
NEW_URL = "/editorial/autosave/new/"
SESSION_URL = "/editorial/session/"
TOKEN = "k3Jd8sLq0ZtR4wXy"


def autosave_url(article) -> str:
    return f"/editorial/articles/{article.pk}/autosave/"


def as_fields(data: dict) -> dict[str, list[str]]:
    # The form's pickers send several values under one name.
    return {
        name: value if isinstance(value, list) else [value]
        for name, value in data.items()
    }


def send(client: Client, url: str, data: dict[str, str], **headers):
    return client.post(
        url,
        json.dumps({"fields": as_fields(data)}),
        content_type="application/json",
        **headers,
    )


def typed(article, **overrides) -> dict[str, str]:
    """The change form's fields, with what the user typed."""
    data = article_form_data(article, **overrides)
    data.pop("_save")
    return data


# --- Keeping a draft --------------------------------------------------------------


def test_autosave_keeps_the_form_as_the_users_draft(reporter, draft):
    client = logged_in(reporter)

    response = send(client, autosave_url(draft), typed(draft, body="New paragraph."))

    saved = AutosaveDraft.objects.get()
    assert response.status_code == 200
    assert response.json()["saved_time"] == (
        f"{timezone.localtime(saved.saved_at):%H:%M}"
    )
    assert (saved.user, saved.article, saved.lock_version) == (
        reporter,
        draft,
        draft.lock_version,
    )
    assert saved.payload["body"] == ["New paragraph."]
    draft.refresh_from_db()
    assert draft.body == "<p>The video came out in 2007.</p>"


def test_autosave_replaces_the_users_earlier_draft(reporter, draft):
    client = logged_in(reporter)

    send(client, autosave_url(draft), typed(draft, body="First."))
    send(client, autosave_url(draft), typed(draft, body="Second."))

    assert [d.payload["body"] for d in AutosaveDraft.objects.all()] == [["Second."]]


def test_autosave_of_an_anonymous_user_is_a_401_naming_the_login(draft):
    response = send(Client(), autosave_url(draft), typed(draft))

    assert response.status_code == 401
    assert response.json()["login_url"] == "/admin/login/"
    assert AutosaveDraft.objects.count() == 0


def test_autosave_on_another_reporters_article_is_a_404(reporter2, draft):
    response = send(logged_in(reporter2), autosave_url(draft), typed(draft))

    assert response.status_code == 404
    assert response.json() == {"error": "No such article."}
    assert AutosaveDraft.objects.count() == 0


def test_autosave_of_an_article_the_reporter_may_no_longer_edit_is_a_403(reporter):
    article = in_review(reporter)

    response = send(logged_in(reporter), autosave_url(article), typed(article))

    assert response.status_code == 403
    assert AutosaveDraft.objects.count() == 0


def test_autosave_by_an_editor_is_the_editors_own_draft(reporter, editor, draft):
    send(logged_in(reporter), autosave_url(draft), typed(draft, body="Rita's."))
    send(logged_in(editor), autosave_url(draft), typed(draft, body="Edna's."))

    drafts = {d.user.username: d.payload["body"] for d in AutosaveDraft.objects.all()}
    assert drafts == {"rita": ["Rita's."], "edna": ["Edna's."]}


def test_autosave_needs_the_csrf_token(reporter, draft):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    client.get(change_url(draft))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value

    refused = send(client, autosave_url(draft), typed(draft))
    accepted = send(client, autosave_url(draft), typed(draft), HTTP_X_CSRFTOKEN=token)

    assert (refused.status_code, accepted.status_code) == (403, 200)
    assert AutosaveDraft.objects.count() == 1


def test_autosave_larger_than_the_limit_is_refused_whole(reporter, draft):
    client = logged_in(reporter)
    send(client, autosave_url(draft), typed(draft, body="Kept."))

    response = send(client, autosave_url(draft), typed(draft, body="x" * 2_200_000))

    assert response.status_code == 413
    assert response.json()["error"] == (
        "This text is larger than 2 MB, so it could not be kept automatically. "
        "Save the article to keep it."
    )
    assert [d.payload["body"] for d in AutosaveDraft.objects.all()] == [["Kept."]]


@pytest.mark.parametrize(
    "body",
    ["not json", '["a list"]', '{"fields": {"body": 3}}', '{"fields": "text"}'],
)
def test_autosave_of_something_that_is_not_a_form_is_a_400(reporter, draft, body):
    response = logged_in(reporter).post(
        autosave_url(draft), body, content_type="application/json"
    )

    assert response.status_code == 400
    assert AutosaveDraft.objects.count() == 0


def test_autosave_answers_a_get_with_405(reporter, draft):
    assert logged_in(reporter).get(autosave_url(draft)).status_code == 405


# --- Offered back, restored, discarded, saved -----------------------------------


def test_reopening_the_form_offers_the_draft_with_a_diff(reporter, draft):
    client = logged_in(reporter)
    send(client, autosave_url(draft), typed(draft, body="The video came out in 2009."))
    saved_at = timezone.localtime(AutosaveDraft.objects.get().saved_at)

    page = client.get(change_url(draft)).content.decode()

    assert f"You have unsaved changes from {saved_at:%H:%M}" in page
    assert f"{removed('2007')}{added('2009')}" in page
    assert f'href="{change_url(draft)}?restore=autosave"' in page
    assert f'action="/editorial/articles/{draft.pk}/autosave/discard/"' in page
    assert 'data-offered="1"' in page


def test_nobody_else_is_offered_the_users_draft(reporter, editor, draft):
    send(logged_in(reporter), autosave_url(draft), typed(draft, body="Secret."))

    page = logged_in(editor).get(change_url(draft)).content.decode()
    restored = logged_in(editor).get(f"{change_url(draft)}?restore=autosave")

    assert "unsaved changes" not in page
    assert "Secret." not in page
    assert "Secret." not in restored.content.decode()


def test_restore_fills_the_form_with_the_draft(reporter, draft):
    client = logged_in(reporter)
    send(
        client,
        autosave_url(draft),
        typed(draft, headline="A better headline", body="<p>Came out in 2009.</p>"),
    )

    response = client.get(f"{change_url(draft)}?restore=autosave")

    form = response.context["adminform"].form
    assert form.initial["headline"] == "A better headline"
    assert form.initial["body"] == "<p>Came out in 2009.</p>"
    assert form.initial["seen_lock_version"] == str(draft.lock_version)
    assert "You have unsaved changes" not in response.content.decode()
    assert "are in the form below. Save the article to keep them" in (
        response.content.decode()
    )


def test_restore_brings_back_the_bylines_typed(reporter, draft):
    client = logged_in(reporter)
    fields = typed(draft)
    # A second byline row, added in the form and never saved: an agency.
    fields["bylines-TOTAL_FORMS"] = str(int(fields["bylines-TOTAL_FORMS"]) + 1)
    row = int(fields["bylines-TOTAL_FORMS"]) - 1
    fields[f"bylines-{row}-organisation"] = "Agence France-Presse"
    fields[f"bylines-{row}-role"] = "writer"
    send(client, autosave_url(draft), fields)

    response = client.get(f"{change_url(draft)}?restore=autosave")
    offered = client.get(change_url(draft))

    bylines = next(
        f.formset
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "bylines"
    )
    assert [form["organisation"].value() for form in bylines.forms][-1] == (
        "Agence France-Presse"
    )
    assert (
        "Agence France-Presse"
        not in offered.content.decode().split('id="bylines-group"')[1]
    )


def test_saving_the_article_deletes_the_draft(reporter, draft):
    client = logged_in(reporter)
    send(client, autosave_url(draft), typed(draft, body="Came out in 2009."))

    response = client.post(
        change_url(draft), article_form_data(draft, body="Came out in 2009.")
    )

    assert response.status_code == 302
    assert AutosaveDraft.objects.count() == 0
    draft.refresh_from_db()
    assert draft.body == "<p>Came out in 2009.</p>"


def test_saving_a_restored_draft_after_another_save_merges_both(
    reporter, editor, draft
):
    reporter_client = logged_in(reporter)
    send(reporter_client, autosave_url(draft), typed(draft, body="Rita's text."))
    logged_in(editor).post(
        change_url(draft), article_form_data(draft, headline="Edna's headline")
    )

    offer = reporter_client.get(change_url(draft)).content.decode()
    form = (
        reporter_client.get(f"{change_url(draft)}?restore=autosave")
        .context["adminform"]
        .form
    )
    saved = reporter_client.post(
        change_url(draft),
        dict(
            article_form_data(draft, body="Rita's text."),
            seen_lock_version=form.initial["seen_lock_version"],
            merge_base=form.initial["merge_base"],
        ),
    )

    assert "This article was saved again since, by edna," in offer
    assert saved.status_code == 302
    draft.refresh_from_db()
    # Each kept the other's change: the fields they touched were different.
    assert draft.headline == "Edna's headline"
    assert "Rita's text." in draft.body
    assert not AutosaveDraft.objects.exists()


def test_discard_deletes_only_the_users_draft(reporter, editor, draft):
    send(logged_in(reporter), autosave_url(draft), typed(draft, body="Rita's."))
    send(logged_in(editor), autosave_url(draft), typed(draft, body="Edna's."))

    response = logged_in(reporter).post(
        f"/editorial/articles/{draft.pk}/autosave/discard/", follow=True
    )

    assert response.redirect_chain == [(change_url(draft), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Your unsaved changes were discarded."
    ]
    assert [d.user for d in AutosaveDraft.objects.all()] == [editor]


def test_discard_on_another_reporters_article_is_a_404(reporter, reporter2, draft):
    send(logged_in(reporter), autosave_url(draft), typed(draft, body="Rita's."))

    response = logged_in(reporter2).post(
        f"/editorial/articles/{draft.pk}/autosave/discard/"
    )

    assert response.status_code == 404
    assert AutosaveDraft.objects.count() == 1


def test_draft_of_an_article_the_user_can_no_longer_edit_is_not_offered(reporter):
    article = draft_by(reporter)
    send(logged_in(reporter), autosave_url(article), typed(article, body="Late."))
    article.status = Status.IN_REVIEW
    article.save(update_fields=["status"])

    page = logged_in(reporter).get(change_url(article)).content.decode()

    assert "unsaved changes" not in page
    assert 'id="autosave"' not in page


# --- A new article's form ---------------------------------------------------------


def new_form(**fields) -> dict[str, str]:
    return {
        "headline": "",
        "slug": "",
        "dek": "",
        "body": "",
        "autosave_token": TOKEN,
        **fields,
    }


def test_new_articles_form_carries_a_fresh_token(reporter):
    client = logged_in(reporter)

    first = client.get(ADD_URL).context["adminform"].form.initial["autosave_token"]
    second = client.get(ADD_URL).context["adminform"].form.initial["autosave_token"]

    assert len(first) >= 16
    assert first != second


def test_new_article_draft_is_offered_restored_and_deleted_on_save(reporter):
    client = logged_in(reporter)
    send(client, NEW_URL, new_form(headline="A new story", body="<p>Hello.</p>"))

    offer = client.get(ADD_URL).content.decode()
    restored = client.get(f"{ADD_URL}?restore=autosave&token={TOKEN}")
    form = restored.context["adminform"].form
    client.post(
        ADD_URL,
        {
            **article_form_data_for_new(),
            "headline": "A new story",
            "slug": "a-new-story",
            "body": "<p>Hello.</p>",
            "autosave_token": TOKEN,
        },
    )

    assert f"{added('A new story')}" in offer
    assert f'href="{ADD_URL}?restore=autosave&amp;token={TOKEN}"' in offer
    assert (form.initial["headline"], form.initial["autosave_token"]) == (
        "A new story",
        TOKEN,
    )
    assert AutosaveDraft.objects.count() == 0


def article_form_data_for_new() -> dict[str, str]:
    data = {"headline_origin": "newsroom", "_save": "Save"}
    for prefix in ("bylines", "person_tags", "work_tags", "corrections"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    return data


def test_new_article_draft_needs_a_token(reporter):
    response = send(logged_in(reporter), NEW_URL, new_form(autosave_token="a b"))

    assert response.status_code == 400
    assert AutosaveDraft.objects.count() == 0


def test_new_article_draft_is_discarded_by_its_token(reporter, reporter2):
    send(logged_in(reporter), NEW_URL, new_form(headline="Rita's"))
    send(logged_in(reporter2), NEW_URL, new_form(headline="Rob's"))

    logged_in(reporter).post("/editorial/autosave/new/discard/", {"token": TOKEN})

    assert [d.user for d in AutosaveDraft.objects.all()] == [reporter2]


def test_new_article_draft_is_nobody_elses_even_with_its_token(reporter, reporter2):
    send(logged_in(reporter), NEW_URL, new_form(headline="Rita's scoop"))

    offer = logged_in(reporter2).get(ADD_URL).content.decode()
    restored = logged_in(reporter2).get(f"{ADD_URL}?restore=autosave&token={TOKEN}")

    assert "Rita's scoop" not in offer
    assert "Rita&#x27;s scoop" not in offer
    assert restored.context["adminform"].form.initial.get("headline", "") == ""


def test_new_article_draft_of_an_anonymous_user_is_a_401(db):
    assert send(Client(), NEW_URL, new_form()).status_code == 401


# --- The session ---------------------------------------------------------------


def test_session_says_how_long_it_lasts_and_is_extended(reporter):
    client = logged_in(reporter)
    row = Session.objects.get()
    row.expire_date = timezone.now() + timedelta(minutes=5)
    row.save()

    before = client.get(SESSION_URL).json()["expires_in"]
    after = client.post(SESSION_URL).json()["expires_in"]

    row.refresh_from_db()
    assert 280 <= before <= 300
    assert after == settings.SESSION_COOKIE_AGE
    left = (row.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_COOKIE_AGE - 60 < left <= settings.SESSION_COOKIE_AGE


def test_session_of_an_anonymous_user_is_a_401(db):
    assert Client().get(SESSION_URL).status_code == 401
    assert Client().post(SESSION_URL).status_code == 401


def test_change_form_tells_the_script_when_the_session_ends(reporter, draft):
    client = logged_in(reporter)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))

    page = client.get(change_url(draft)).content.decode()

    assert 'data-warn-seconds="600"' in page
    expires_in = int(page.split('data-expires-in="')[1].split('"')[0])
    assert 280 <= expires_in <= 300
