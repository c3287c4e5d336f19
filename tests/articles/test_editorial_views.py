"""The editorial views: workflow buttons, the revisions page and restoring."""

from reversion.models import Version

from articles.body import from_plain_text as paragraphs
from articles.models import Status
from tests.builders.articles import added, article_form_data, change_url, removed
from tests.builders.users import logged_in


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_workflow_buttons_walk_an_article_to_publication(reporter, editor, draft):
    reporter_client, editor_client = logged_in(reporter), logged_in(editor)

    reporter_client.post(f"/editorial/articles/{draft.pk}/do/submit/")
    draft.refresh_from_db()
    editor_client.post(
        f"/editorial/articles/{draft.pk}/do/approve/",
        {"lock_version": draft.lock_version},
    )
    draft.refresh_from_db()
    first = editor_client.post(
        f"/editorial/articles/{draft.pk}/do/publish/",
        {"lock_version": draft.lock_version},
    )
    second = editor_client.post(
        f"/editorial/articles/{draft.pk}/do/publish/",
        {"lock_version": draft.lock_version},
        follow=True,
    )

    assert first.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.published_versions.count() == 1
    assert messages_of(second) == [
        "Approved.",
        "Published.",
        "Cannot publish an article that is published.",
    ]


def test_revisions_page_shows_a_word_diff(reporter, draft):
    client = logged_in(reporter)
    client.post(change_url(draft), article_form_data(draft, body="Came out in 2008."))
    client.post(change_url(draft), article_form_data(draft, body="Came out in 2009."))
    newest, older = Version.objects.get_for_object(draft)[:2]

    response = client.get(
        f"/editorial/articles/{draft.pk}/revisions/?old={older.pk}&new={newest.pk}"
    )

    assert response.status_code == 200
    assert f"in {removed('2008')}{added('2009')}." in response.content.decode()


def test_restore_from_the_revisions_page_makes_a_new_revision(reporter, draft):
    client = logged_in(reporter)
    client.post(change_url(draft), article_form_data(draft, body="One."))
    client.post(change_url(draft), article_form_data(draft, body="Two."))
    older = Version.objects.get_for_object(draft)[1]

    response = client.post(
        f"/editorial/articles/{draft.pk}/revisions/{older.pk}/restore/"
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body == paragraphs("One.")
    assert Version.objects.get_for_object(draft).count() == 3
