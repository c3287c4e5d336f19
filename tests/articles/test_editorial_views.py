"""The editorial views: workflow buttons, the revisions page and restoring,
and the body editor's image library (search and upload)."""

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from reversion.models import Version

from articles.body import from_plain_text as paragraphs
from articles.models import Status
from articles.workflow import transitions
from images.models import ALT_REQUIRED, Image
from images.services import store_image
from tests.builders.articles import added, article_form_data, change_url, removed
from tests.builders.images import bare_image, jpeg, stored_files, upload
from tests.builders.users import logged_in, make_user


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


# --- The body editor's image library -------------------------------------------


def library_image(by, **details) -> Image:
    """An image stored as the image admin stores one, renditions and all."""
    return store_image(upload(jpeg((400, 250))), by=by, **details)


def found(response) -> list[str]:
    return [image["alt"] for image in response.json()["results"]]


@pytest.fixture
def library(editor, media_root) -> dict[str, Image]:
    """Four images: three with a credit, one without (never offered)."""
    return {
        "stage": library_image(
            editor,
            alt_text="Kanye West on stage",
            caption="Opening night at the O2",
            credit="Photo: Jane Doe / Agency",
        ),
        "crowd": library_image(
            editor,
            alt_text="The crowd at the stage door",
            caption="Fans waiting",
            credit="Photo: Sam Roe",
        ),
        "hall": library_image(
            editor, alt_text="An empty hall", credit="Agency pictures"
        ),
        "uncredited": library_image(editor, alt_text="Stage lights"),
    }


def test_image_search_matches_alt_text_caption_and_credit(reporter, library):
    client = logged_in(reporter)

    by_alt = client.get("/editorial/images/", {"q": "stage"})
    by_caption = client.get("/editorial/images/", {"q": "o2"})
    by_credit = client.get("/editorial/images/", {"q": "JANE"})
    by_all_words = client.get("/editorial/images/", {"q": "stage fans"})
    everything = client.get("/editorial/images/")

    # Newest first; an image without a credit cannot go in the text.
    assert found(by_alt) == ["The crowd at the stage door", "Kanye West on stage"]
    assert found(by_caption) == ["Kanye West on stage"]
    assert found(by_credit) == ["Kanye West on stage"]
    assert found(by_all_words) == ["The crowd at the stage door"]
    assert found(everything) == [
        "An empty hall",
        "The crowd at the stage door",
        "Kanye West on stage",
    ]


def test_image_search_answers_what_the_picker_shows(reporter, library):
    stage = library["stage"]

    response = logged_in(reporter).get("/editorial/images/", {"q": "o2"})

    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "results": [
            {
                "id": stage.pk,
                "thumbnail": stage.thumbnail().file.url,
                # So the editor keeps the preview's place before it loads.
                "thumbnail_width": 320,
                "thumbnail_height": 200,
                "alt": "Kanye West on stage",
                "caption": "Opening night at the O2",
                "credit": "Photo: Jane Doe / Agency",
            }
        ]
    }
    assert response.json()["results"][0]["thumbnail"].startswith("/media/images/")


def test_image_search_by_id_gives_the_preview_of_one_image(reporter, library):
    client = logged_in(reporter)
    uncredited = library["uncredited"]

    one = client.get("/editorial/images/", {"id": uncredited.pk})
    missing = client.get("/editorial/images/", {"id": uncredited.pk + 100})
    nonsense = client.get("/editorial/images/", {"id": "1 or 1=1"})
    too_big = client.get("/editorial/images/", {"id": "9" * 30})

    assert found(one) == ["Stage lights"]
    assert (found(missing), found(nonsense), found(too_big)) == ([], [], [])


def test_image_search_shows_at_most_twenty_images(reporter):
    Image.objects.bulk_create(
        bare_image(alt_text=f"Picture {n}", credit="Agency") for n in range(25)
    )

    response = logged_in(reporter).get("/editorial/images/", {"q": "picture"})

    assert len(found(response)) == 20


def test_image_search_is_for_staff_who_may_see_images(client, reporter, db):
    outsider = make_user("outsider", None)  # staff, in no role
    visitor = get_user_model().objects.create_user("visitor", password="x" * 20)

    anonymous = client.get("/editorial/images/")
    not_staff = logged_in(visitor).get("/editorial/images/")
    no_role = logged_in(outsider).get("/editorial/images/")
    allowed = logged_in(reporter).get("/editorial/images/")

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    assert not_staff.status_code == 302
    assert no_role.status_code == 403
    assert allowed.status_code == 200


def upload_data(**overrides) -> dict:
    data = {
        "upload": upload(jpeg((400, 250))),
        "alt_text": "The crowd singing along",
        "caption": "Night two",
        "credit": "Photo: Rita Reporter",
    }
    data.update(overrides)
    return {name: value for name, value in data.items() if value is not None}


def test_image_upload_stores_the_image_and_answers_with_it(reporter, media_root):
    response = logged_in(reporter).post("/editorial/images/upload/", upload_data())

    image = Image.objects.get()
    assert response.status_code == 201
    assert response.json() == {
        "image": {
            "id": image.pk,
            "thumbnail": image.thumbnail().file.url,
            "thumbnail_width": 320,
            "thumbnail_height": 200,
            "alt": "The crowd singing along",
            "caption": "Night two",
            "credit": "Photo: Rita Reporter",
        }
    }
    assert image.uploaded_by == reporter
    assert image.renditions.count() > 1


def test_image_upload_needs_a_credit_and_alt_text_or_decorative(reporter, media_root):
    client = logged_in(reporter)

    no_credit = client.post("/editorial/images/upload/", upload_data(credit="  "))
    no_alt = client.post("/editorial/images/upload/", upload_data(alt_text=""))
    no_file = client.post("/editorial/images/upload/", upload_data(upload=None))
    not_an_image = client.post(
        "/editorial/images/upload/",
        upload_data(upload=upload(b"not a picture", name="notes.jpg")),
    )
    decorative = client.post(
        "/editorial/images/upload/",
        upload_data(alt_text="", decorative="on", credit="Agency"),
    )

    assert no_credit.status_code == 400
    assert no_credit.json() == {
        "errors": {
            "credit": [
                {
                    "message": "Give a credit line: an image in the text needs "
                    "one, as a lead image does.",
                    "code": "required",
                }
            ]
        }
    }
    assert no_alt.status_code == 400
    assert no_alt.json()["errors"] == {
        "alt_text": [{"message": ALT_REQUIRED, "code": ""}]
    }
    assert no_file.json()["errors"] == {
        "upload": [{"message": "Choose an image file.", "code": "required"}]
    }
    assert list(not_an_image.json()["errors"]) == ["upload"]
    assert decorative.status_code == 201
    assert list(Image.objects.values_list("decorative", "credit")) == [(True, "Agency")]
    assert stored_files(media_root / "images" / "originals") == [
        str(Path(Image.objects.get().file.name).relative_to("images/originals"))
    ]


def test_image_upload_is_for_staff_who_may_add_images(client, db, media_root):
    viewer = make_user("viewer", None)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_article"),
        Permission.objects.get(codename="view_image"),
    )

    anonymous = client.post("/editorial/images/upload/", upload_data())
    may_only_look = logged_in(viewer).post("/editorial/images/upload/", upload_data())
    may_search = logged_in(viewer).get("/editorial/images/")

    assert anonymous.status_code == 302
    assert may_only_look.status_code == 403
    assert may_search.status_code == 200
    assert Image.objects.count() == 0
    assert stored_files(media_root) == []


def test_image_upload_needs_the_forms_csrf_token(reporter, media_root):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)

    response = client.post("/editorial/images/upload/", upload_data())

    assert response.status_code == 403
    assert Image.objects.count() == 0


# --- Unpublish asks for a reason and a confirmation; withdraw ----------------


def test_unpublish_without_the_confirmation_or_reason_is_refused(
    reporter, editor, draft
):
    transitions.submit(draft, by=reporter)
    transitions.approve(draft, by=editor)
    transitions.publish_now(draft, by=editor)
    client = logged_in(editor)
    url = f"/editorial/articles/{draft.pk}/do/unpublish/"

    unconfirmed = client.post(url, {"note": "Legal."}, follow=True)
    no_reason = client.post(url, {"note": " ", "confirm": "1"}, follow=True)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert messages_of(unconfirmed) == ["Unpublish: tick the box to confirm."]
    assert messages_of(no_reason) == [
        "Say why the article comes down: the reason is required."
    ]

    done = client.post(url, {"note": "Legal.", "confirm": "1"}, follow=True)

    draft.refresh_from_db()
    assert draft.status == Status.UNPUBLISHED
    assert messages_of(done) == ["Unpublished."]
    assert draft.activity.get(action="unpublished").note == "Legal."


def test_the_withdraw_button_shows_only_to_the_submitter_before_review(
    reporter, editor, draft
):
    transitions.submit(draft, by=reporter)
    reporter_page = logged_in(reporter).get(change_url(draft))
    editor_page = logged_in(editor).get(change_url(draft))

    assert "Withdraw from review" in reporter_page.content.decode()
    assert "Withdraw from review" not in editor_page.content.decode()

    done = logged_in(reporter).post(
        f"/editorial/articles/{draft.pk}/do/withdraw/", follow=True
    )

    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert messages_of(done) == ["Withdrawn: it is a draft again."]


# --- Times in the newsroom's time zone ----------------------------------------


def test_a_scheduled_time_is_read_in_the_newsrooms_zone(reporter, editor, draft):
    transitions.submit(draft, by=reporter)
    transitions.approve(draft, by=editor)
    draft.refresh_from_db()
    client = logged_in(editor)

    page = client.get(change_url(draft)).content.decode()
    client.post(
        f"/editorial/articles/{draft.pk}/do/schedule/",
        {"at": "2099-01-15T09:30", "lock_version": draft.lock_version},
    )

    assert '<span id="id_at_zone" class="timezone">America/New_York (' in page
    assert "Times are in America/New_York (" in page
    draft.refresh_from_db()
    # 09:30 in New York in January is 14:30 UTC (EST, five hours behind).
    assert draft.published_at.isoformat() == "2099-01-15T14:30:00+00:00"
    scheduled = client.get(change_url(draft)).content.decode()
    assert "Scheduled for 15 January 2099, 09:30 EST" in scheduled


def test_the_share_link_says_until_when_in_the_newsrooms_zone(editor, draft):
    done = logged_in(editor).post(f"/editorial/articles/{draft.pk}/share/", follow=True)

    [message] = messages_of(done)
    assert re.search(r"works until \d{4}-\d\d-\d\d \d\d:\d\d E[SD]T\)", message)


def test_a_correction_date_is_entered_in_the_newsrooms_zone(editor, draft):
    draft.first_published_at = draft.created_at
    draft.save(update_fields=["first_published_at"])

    page = logged_in(editor).get(change_url(draft)).content.decode()

    assert "In America/New_York (" in page
