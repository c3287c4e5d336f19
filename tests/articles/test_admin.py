"""The articles admin: lists, the change form's locks and review notes, the
review queue, corrections and the capped article count."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from reversion.models import Version

from articles import rendering
from articles.body import from_plain_text as paragraphs
from articles.body import text_of
from articles.models import (
    Action,
    Activity,
    Article,
    CorrectionKind,
    Status,
    TaggedPerson,
    TaggedWork,
    VersionKind,
)
from articles.workflow import transitions
from images.models import Image
from images.services import store_image
from people.models import Person, Work, WorkKind
from tests.builders.articles import (
    added,
    article_form_data,
    change_url,
    make_article,
    removed,
)
from tests.builders.images import jpeg, upload
from tests.builders.people import make_person
from tests.builders.seeds import SEED_002
from tests.builders.users import logged_in, make_user


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/",
        "/admin/articles/correction/",
        "/admin/articles/byline/",
        "/admin/articles/topic/",
        "/admin/people/person/",
        "/admin/people/work/",
    ],
)
def test_admin_list_pages_load(admin_client, seeded, url):
    response = admin_client.get(url)

    assert response.status_code == 200


def test_admin_article_change_has_inlines_and_tag_pickers(admin_client, seeded):
    article = Article.objects.get(source_key="002_a9bcb9ffb146848a")

    response = admin_client.get(f"/admin/articles/article/{article.pk}/change/")
    html = response.content.decode()

    assert response.status_code == 200
    for prefix in ("bylines", "corrections"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html
    for picker in ("tagged_people", "tagged_works"):
        assert f'<select name="{picker}"' in html


def test_admin_person_page_shows_articles_mentioning_them(admin_client, seeded):
    from people.models import Person

    kanye = Person.objects.get(name="Kanye West")
    html = admin_client.get(f"/admin/people/person/{kanye.pk}/change/").content.decode()

    for article in Article.objects.all():
        assert f'href="/admin/articles/article/{article.pk}/change/"' in html


def test_admin_person_autocomplete_finds_by_name(admin_client, seeded):
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "jonze",
            "app_label": "articles",
            "model_name": "byline",
            "field_name": "person",
        },
    )

    assert [r["text"] for r in response.json()["results"]] == ["Spike Jonze"]


def test_admin_article_list_stops_counting_past_the_cap(
    admin_client, seeded, monkeypatch
):
    from articles.admin import CappedCountPaginator

    total = Article.objects.count()
    monkeypatch.setattr(CappedCountPaginator, "cap", total - 1)

    response = admin_client.get("/admin/articles/article/")

    assert response.status_code == 200
    assert f"more than {total - 1} articles" in response.content.decode()


def test_admin_article_list_counts_exactly_under_the_cap(admin_client, seeded):
    total = Article.objects.count()

    response = admin_client.get("/admin/articles/article/")

    assert f"\n{total} articles\n" in response.content.decode()


def test_admin_article_list_makes_no_full_count_or_date_scan(
    admin_client, seeded, django_assert_num_queries
):
    admin_client.get("/admin/articles/article/")

    # session, user, savepoint pair, capped count, the page of articles, and
    # the header's count of unread notices
    with django_assert_num_queries(7) as captured:
        response = admin_client.get("/admin/articles/article/")

    sql = [query["sql"] for query in captured.captured_queries]
    assert response.status_code == 200
    assert [q for q in sql if "COUNT(*)" in q and "LIMIT" not in q] == []
    assert [q for q in sql if "DISTINCT" in q] == []


def test_admin_article_list_does_not_read_the_bodies(admin_client, seeded):
    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get("/admin/articles/article/")

    listed = [q["sql"] for q in captured.captured_queries if "headline" in q["sql"]]
    assert response.status_code == 200
    assert escape(Article.objects.first().headline) in response.content.decode()
    assert len(listed) == 1
    assert '"body"' not in listed[0]


def test_admin_action_still_gets_whole_articles(admin_client, db):
    """The list defers the body; the actions must not save an article with
    its body missing."""
    article = make_article("Draft to submit", status=Status.DRAFT, body="Every word.")

    admin_client.post(
        "/admin/articles/article/",
        {"action": "submit_selected", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert article.body == paragraphs("Every word.")


def test_admin_add_article_sets_author_revision_and_activity(reporter):
    client = logged_in(reporter)
    data = {
        "headline": "A new draft",
        "headline_origin": "newsroom",
        "slug": "a-new-draft",
        "dek": "",
        "body": "Text.",
        "new_topics": "",
        "source_name": "",
        "source_url": "",
        "_save": "Save",
    }
    for prefix in ("bylines", "corrections"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}

    response = client.post("/admin/articles/article/add/", data)

    assert response.status_code == 302
    article = Article.objects.get(slug="a-new-draft")
    assert (article.created_by, article.status) == (reporter, Status.DRAFT)
    version = Version.objects.get_for_object(article).get()
    assert version.revision.user == reporter
    assert list(Activity.objects.values_list("action", "actor")) == [
        (Action.CREATED, reporter.pk)
    ]


def test_lost_update_second_save_is_refused_and_both_texts_survive(
    reporter, editor, draft
):
    first, second = logged_in(reporter), logged_in(editor)
    # Both open the article at the same version.
    form_one = article_form_data(draft, body="Reporter's new text.")
    form_two = article_form_data(draft, body="Editor's other text.")
    assert first.get(change_url(draft)).status_code == 200
    assert second.get(change_url(draft)).status_code == 200

    saved = first.post(change_url(draft), form_one)
    refused = second.post(change_url(draft), form_two)

    assert saved.status_code == 302
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "rita saved this article at" in html
    assert (
        f"{removed('Reporter&#x27;s')}{added('Editor&#x27;s')} "
        f"{removed('new')}{added('other')} text."
    ) in html
    # The refused person's text is still in the form, ready to save again.
    assert "Editor&#x27;s other text.</textarea>" in html
    draft.refresh_from_db()
    assert draft.body == paragraphs("Reporter's new text.")
    bodies = {v.field_dict["body"] for v in Version.objects.get_for_object(draft)}
    assert bodies == {paragraphs("Reporter's new text.")}
    # Saving again is now a deliberate choice, and it works.
    retry = dict(form_two, seen_lock_version=str(draft.lock_version))
    assert second.post(change_url(draft), retry).status_code == 302
    draft.refresh_from_db()
    assert draft.body == paragraphs("Editor's other text.")
    assert Version.objects.get_for_object(draft).count() == 2


def test_reporter_sees_the_editors_note_on_the_article(reporter, editor, draft):
    transitions.submit(draft, by=reporter)
    transitions.request_changes(draft, by=editor, reason="Check the <year>.")

    html = logged_in(reporter).get(change_url(draft)).content.decode()

    assert "Changes requested by the editor:" in html
    assert "Check the &lt;year&gt;." in html


def test_editor_sees_the_diff_of_changes_after_submission(reporter, editor, draft):
    transitions.submit(draft, by=reporter)
    Article.objects.filter(pk=draft.pk).update(body="The video came out in 2008.")

    html = logged_in(editor).get(change_url(draft)).content.decode()

    assert "Changed after it was submitted." in html
    assert f"{removed('2007')}{added('2008')}." in html
    # Approving saves the form first, then approves exactly what was shown.
    assert "Save and approve, including the changes shown" in html


def test_editor_sees_what_changed_since_the_previous_submission(
    reporter, editor, draft
):
    transitions.submit(draft, by=reporter)
    transitions.request_changes(draft, by=editor, reason="Check the year.")
    logged_in(reporter).post(
        change_url(draft), article_form_data(draft, body="The video came out in 2008.")
    )
    transitions.submit(draft, by=reporter)

    html = logged_in(editor).get(change_url(draft)).content.decode()

    assert "Changed since the previous submission." in html
    assert f"{removed('2007')}{added('2008')}." in html
    assert "Changed after it was submitted." not in html


def test_review_queue_lists_waiting_articles_oldest_first(reporter, editor):
    now = timezone.now()
    newer = make_article("Newer", status=Status.DRAFT, created_by=reporter)
    older = make_article("Older", status=Status.DRAFT, created_by=reporter)
    make_article("Still a draft", status=Status.DRAFT, created_by=reporter)
    transitions.submit(newer, by=reporter, now=now - timedelta(hours=1))
    transitions.submit(older, by=reporter, now=now - timedelta(hours=5))

    response = logged_in(editor).get("/admin/articles/article/?queue=waiting")

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [older, newer]
    assert "rita" in response.content.decode()


def test_review_queue_query_count_does_not_grow_with_articles(reporter, editor):
    client = logged_in(editor)

    def queue_queries(count: int) -> int:
        for _ in range(count):
            article = make_article(status=Status.DRAFT, created_by=reporter)
            transitions.submit(article, by=reporter)
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/admin/articles/article/?queue=waiting")
        assert response.status_code == 200
        return len(queries)

    two = queue_queries(2)
    five = queue_queries(3)

    assert five == two


def test_reporter_list_shows_only_their_own_articles(reporter, reporter2):
    mine = make_article("Mine", status=Status.DRAFT, created_by=reporter)
    make_article("Theirs", status=Status.DRAFT, created_by=reporter2)

    response = logged_in(reporter).get("/admin/articles/article/")

    assert list(response.context["cl"].result_list) == [mine]


def test_editing_published_text_requires_the_kind_of_change(editor):
    article = make_article(body="The video came out in 2007.")
    client = logged_in(editor)

    refused = client.post(
        change_url(article), article_form_data(article, body="It came out in 2008.")
    )

    assert refused.status_code == 200
    assert "Say what kind of change this is" in refused.content.decode()
    article.refresh_from_db()
    assert article.body == paragraphs("The video came out in 2007.")


def test_correction_without_text_is_refused(editor):
    article = make_article(body="The video came out in 2007.")

    response = logged_in(editor).post(
        change_url(article),
        article_form_data(article, body="2008.", change_kind=VersionKind.CORRECTION),
    )

    assert "A correction must say what was wrong" in response.content.decode()
    assert Article.objects.get(pk=article.pk).body == paragraphs(
        "The video came out in 2007."
    )


def test_correcting_published_text_adds_a_note_and_keeps_the_old_version(editor):
    article = make_article(body="The video came out in 2007.")
    transitions.add_correction(article, by=editor, kind=VersionKind.MINOR)

    response = logged_in(editor).post(
        change_url(article),
        article_form_data(
            article,
            body="The video came out in 2008.",
            change_kind=VersionKind.CORRECTION,
            change_note="An earlier version said 2007.",
        ),
    )

    assert response.status_code == 302
    assert list(article.corrections.values_list("kind", "text")) == [
        (CorrectionKind.CORRECTION, "An earlier version said 2007.")
    ]
    assert list(article.published_versions.values_list("kind", "body")) == [
        (VersionKind.MINOR, paragraphs("The video came out in 2007.")),
        (VersionKind.CORRECTION, paragraphs("The video came out in 2008.")),
    ]


def test_editor_cannot_delete_a_published_article(editor):
    article = make_article()

    response = logged_in(editor).post(
        f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_editing_a_published_correction_leaves_a_revision_and_an_entry(editor):
    article = make_article()
    correction = article.corrections.create(text="It said 2007.", kind="correction")

    response = logged_in(editor).post(
        f"/admin/articles/correction/{correction.pk}/change/",
        {
            "article": str(article.pk),
            "kind": "correction",
            "text": "An earlier version said 2007.",
            "created_at_0": correction.created_at.strftime("%Y-%m-%d"),
            "created_at_1": correction.created_at.strftime("%H:%M:%S"),
        },
    )

    assert response.status_code == 302
    version = Version.objects.get_for_object(correction).get()
    assert (version.revision.user, version.field_dict["text"]) == (
        editor,
        "An earlier version said 2007.",
    )
    entry = Activity.objects.get()
    assert (entry.action, entry.actor, entry.note) == (
        Action.CORRECTION_EDITED,
        editor,
        "An earlier version said 2007.",
    )


def image_by(user, credit="Photo: A") -> Image:
    return store_image(upload(jpeg((400, 300))), by=user, alt_text="A", credit=credit)


def details(image: Image, **changes) -> dict:
    data = {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "focal_x": "",
        "focal_y": "",
    }
    return {**data, **changes}


def change(client, image: Image, **changes):
    return client.post(
        f"/admin/images/image/{image.pk}/change/", details(image, **changes)
    )


@pytest.fixture
def rita(db, media_root):
    return make_user("rita", "Reporter")


@pytest.fixture
def edna(db, media_root):
    return make_user("edna", "Editor")


def test_reporter_changes_their_own_unused_image(client, rita):
    image = image_by(rita)
    client.force_login(rita)

    response = change(client, image, credit="Photo: B")

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.credit == "Photo: B"


def test_reporter_cannot_change_another_reporters_image(client, rita):
    image = image_by(make_user("rob", "Reporter"))
    client.force_login(rita)

    change(client, image, credit="Photo: mine now")
    delete = client.post(f"/admin/images/image/{image.pk}/delete/", {"post": "yes"})
    bulk = client.post(
        "/admin/images/image/",
        {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"},
    )

    image.refresh_from_db()
    assert (image.credit, delete.status_code, bulk.status_code) == (
        "Photo: A",
        403,
        200,
    )
    assert Image.objects.filter(pk=image.pk).exists()


@pytest.mark.parametrize("use", ["published lead", "headshot"])
def test_reporter_cannot_change_their_image_once_a_public_page_shows_it(
    client, rita, use
):
    image = image_by(rita)
    if use == "published lead":
        make_article(lead_image=image, created_by=rita, first_published_at=None)
        image.lead_image_articles.update(first_published_at=image.created_at)
    else:
        Person.objects.create(name="Someone", headshot=image)
    client.force_login(rita)

    change(client, image, credit="Photo: B", caption="Changed")

    image.refresh_from_db()
    assert (image.credit, image.caption) == ("Photo: A", "")


def test_public_lead_image_keeps_its_picture_even_for_an_editor(client, edna):
    image = image_by(edna)
    make_article(lead_image=image)
    before = image.file.name
    client.force_login(edna)

    response = client.post(
        f"/admin/images/image/{image.pk}/change/",
        {**details(image), "upload": upload(jpeg((500, 400)))},
    )

    image.refresh_from_db()
    assert response.status_code == 200
    assert "its picture cannot be replaced here" in response.content.decode()
    assert image.file.name == before


def test_editor_changing_a_public_lead_images_credit_is_logged_on_the_article(
    client, edna
):
    image = image_by(edna)
    public = make_article("Live", lead_image=image)
    make_article("Not yet", lead_image=image, status=Status.DRAFT)
    client.force_login(edna)

    response = change(client, image, credit="Photo: B")

    assert response.status_code == 302
    entries = Activity.objects.filter(action=Action.IMAGE_CHANGED)
    assert [(e.article, e.actor, e.note) for e in entries] == [
        (public, edna, "Credit line: “Photo: A” → “Photo: B”")
    ]


@pytest.mark.parametrize("kind", ["person", "work"])
def test_mentions_list_shows_a_reporter_only_their_own_articles(client, db, kind):
    rita, rob = make_user("rita", "Reporter"), make_user("rob", "Reporter")
    if kind == "person":
        entity = make_person("Kanye West")
        tag = lambda article: TaggedPerson.objects.create(  # noqa: E731
            content_object=article, tag=entity
        )
    else:
        entity = Work.objects.create(name="Flashing Lights", kind=WorkKind.SONG)
        tag = lambda article: TaggedWork.objects.create(  # noqa: E731
            content_object=article, tag=entity
        )
    tag(make_article("Rita's own draft", status=Status.DRAFT, created_by=rita))
    tag(make_article("Rob's embargoed scoop", status=Status.DRAFT, created_by=rob))
    client.force_login(rita)

    html = client.get(f"/admin/people/{kind}/{entity.pk}/change/").content.decode()

    assert "Rita's own draft" in html.replace("&#x27;", "'")
    assert "embargoed scoop" not in html


def test_changing_a_public_articles_lead_image_asks_what_kind_of_change(client, edna):
    article = make_article("Live")
    image = image_by(edna)
    client.force_login(edna)

    refused = client.post(
        change_url(article), article_form_data(article, lead_image=str(image.pk))
    )
    kept = client.post(
        change_url(article),
        article_form_data(
            article,
            lead_image=str(image.pk),
            change_kind=VersionKind.MINOR,
        ),
    )

    assert refused.status_code == 200
    assert "Say what kind of change this is" in refused.content.decode()
    assert kept.status_code == 302
    article.refresh_from_db()
    assert article.lead_image == image


# --- The body: only a change of text or structure is a change --------------------


def test_saving_an_imported_article_as_the_editor_shows_it_is_no_change(editor, seeded):
    article = Article.objects.get(source_key=SEED_002)
    versions = article.published_versions.count()
    client = logged_in(editor)

    # What the editor's widget posts back for a body nobody touched.
    as_edited = rendering.for_editing(article.body)
    response = client.post(
        change_url(article), article_form_data(article, body=as_edited)
    )

    assert response.status_code == 302, "no kind of change was asked for"
    assert article.published_versions.count() == versions
    changes = client.get(f"{article.get_absolute_url()}changes/").content.decode()
    assert "diff-marker" not in changes


def test_rewrapped_paragraphs_and_reordered_attributes_are_no_change(editor):
    article = make_article(
        body='<p>See <a href="https://example.com/a">the source</a>.</p>'
        "<p>The video came out in 2007.</p>"
    )
    rewrapped = (
        '\n<p>\n  See <a  href="https://example.com/a"\n target="_blank">the\n'
        "source</a>.\n</p>\n\n<p>The video came\nout in 2007.</p>\n"
    )

    response = logged_in(editor).post(
        change_url(article), article_form_data(article, body=rewrapped)
    )

    assert response.status_code == 302
    assert article.published_versions.count() == 0
    assert list(article.corrections.all()) == []


def test_a_real_correction_after_editing_shows_only_the_changed_word(editor, seeded):
    article = Article.objects.get(source_key=SEED_002)
    client = logged_in(editor)
    before = text_of(article.body).split("\n\n")[0].split()
    changed = rendering.for_editing(article.body).replace(before[0], "Changed", 1)

    client.post(
        change_url(article),
        article_form_data(
            article,
            body=changed,
            change_kind=VersionKind.CORRECTION,
            change_note="The first word was wrong.",
        ),
    )

    changes = client.get(f"{article.get_absolute_url()}changes/").content.decode()
    marked = re.findall(r"<del>.*?</del>|<ins>.*?</ins>", changes)
    legend = [removed("like this"), added("like this")]
    assert marked == [*legend, removed("The"), added("Changed")]


def test_a_byline_person_that_is_not_a_key_is_a_form_error_not_a_crash(editor):
    writer = make_person("Sam Writer")
    article = make_article(status=Status.DRAFT, byline=writer)
    data = article_form_data(article)
    data["bylines-0-person"] = "not-a-number"

    response = logged_in(editor).post(change_url(article), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
