"""Bylines in the admin: a new article starts with its author's byline (the
person their login is linked to), and a byline may credit an organisation."""

from django.contrib.admin.helpers import InlineAdminFormSet

from articles.models import BYLINE_NEEDS_ONE_CREDIT, Article, Byline
from people.models import StaffProfile
from tests.builders.articles import (
    article_form_data,
    change_url,
    draft_by,
    published_article,
)
from tests.builders.people import make_person
from tests.builders.users import logged_in

ADD_URL = "/admin/articles/article/add/"


def new_article_form(**bylines: str) -> dict[str, str]:
    """What the add form posts, with byline rows given as ``{"0-person": ...}``."""
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
    for prefix in ("bylines", "person_tags", "work_tags", "corrections"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    rows = {key.split("-")[0] for key in bylines}
    data["bylines-TOTAL_FORMS"] = str(len(rows))
    data |= {f"bylines-{key}": value for key, value in bylines.items()}
    return data


def byline_formset(response) -> InlineAdminFormSet:
    return next(
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "bylines"
    )


def test_new_article_form_shows_the_authors_byline(reporter):
    rita = make_person("Rita Reporter")
    StaffProfile.objects.create(user=reporter, person=rita)

    response = logged_in(reporter).get(ADD_URL)

    forms = byline_formset(response).formset.forms
    assert [(form["person"].value(), form["role"].value()) for form in forms] == [
        (rita.pk, "writer")
    ]
    assert "Rita Reporter" in response.content.decode()


def test_new_article_saved_as_shown_has_the_authors_byline(reporter):
    rita = make_person("Rita Reporter")
    StaffProfile.objects.create(user=reporter, person=rita)
    form = new_article_form(
        **{"0-person": str(rita.pk), "0-role": "writer", "0-position": "0"}
    )

    response = logged_in(reporter).post(ADD_URL, form)

    assert response.status_code == 302
    article = Article.objects.get(slug="a-new-draft")
    assert [(b.person, b.role) for b in article.bylines.all()] == [(rita, "writer")]


def test_author_who_empties_their_byline_row_gets_no_byline(reporter):
    StaffProfile.objects.create(user=reporter, person=make_person("Rita Reporter"))
    form = new_article_form(**{"0-person": "", "0-role": "writer", "0-position": "0"})

    response = logged_in(reporter).post(ADD_URL, form)

    assert response.status_code == 302
    assert Article.objects.get(slug="a-new-draft").bylines.count() == 0


def test_login_without_a_person_starts_with_an_empty_byline(reporter):
    response = logged_in(reporter).get(ADD_URL)

    assert byline_formset(response).formset.forms == []


def test_editor_credits_an_organisation_without_a_person(client, editor):
    article = draft_by(editor, byline=None)
    form = article_form_data(article) | {
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-person": "",
        "bylines-0-organisation": "MTV News",
        "bylines-0-title": "",
        "bylines-0-role": "publisher",
        "bylines-0-position": "0",
    }

    response = logged_in(editor).post(change_url(article), form)

    assert response.status_code == 302
    byline = Byline.objects.get(article=article)
    assert (byline.person, byline.organisation, byline.role) == (
        None,
        "MTV News",
        "publisher",
    )


def test_organisation_byline_from_the_admin_reads_like_an_imported_one(
    client, editor, seeded
):
    # Seed 002 was imported with its publisher, MTV News, as its byline
    # (tests/public/test_views.py); one an editor enters reads the same.
    article = published_article("Agency copy", created_by=editor)
    form = article_form_data(article) | {
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-organisation": "MTV News",
        "bylines-0-role": "publisher",
        "bylines-0-position": "0",
    }
    saved = logged_in(editor).post(change_url(article), form)
    imported = Byline.objects.exclude(article=article).get(organisation="MTV News")

    html = client.get(Article.objects.get(pk=article.pk).get_absolute_url())

    assert saved.status_code == 302
    assert (imported.person, imported.role) == (None, "publisher")
    assert '<p class="byline">By MTV News (publisher)</p>' in html.content.decode()


def test_byline_naming_both_a_person_and_an_organisation_is_refused(editor):
    article = draft_by(editor, byline=None)
    form = article_form_data(article) | {
        "bylines-TOTAL_FORMS": "1",
        "bylines-0-person": str(make_person("Jo Staffer").pk),
        "bylines-0-organisation": "The Associated Press",
        "bylines-0-role": "writer",
        "bylines-0-position": "0",
    }

    response = logged_in(editor).post(change_url(article), form)

    assert response.status_code == 200
    assert BYLINE_NEEDS_ONE_CREDIT in response.content.decode()
    assert Byline.objects.filter(article=article).count() == 0
