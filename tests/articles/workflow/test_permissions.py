"""Every role against every editorial route, including forged POSTs.

Each case says the response code each role gets and which roles may change
the database with it; for every other role the database must be exactly as
before (a snapshot of every editorial table, compared row by row).
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from reversion.models import Revision, Version

from articles.models import (
    Activity,
    Article,
    Byline,
    Correction,
    PublishedVersion,
    ShareLink,
    Status,
    TaggedPerson,
    TaggedTopic,
    TaggedWork,
)
from articles.workflow import revisions, sharing, transitions
from tests.builders.articles import article_form_data, make_article
from tests.builders.people import make_person
from tests.builders.users import make_user

ROLES = ["anonymous", "reporter", "reporter2", "editor"]
TABLES = [
    Article,
    Byline,
    Correction,
    PublishedVersion,
    ShareLink,
    Activity,
    TaggedPerson,
    TaggedWork,
    TaggedTopic,
    Version,
    Revision,
]


def snapshot() -> dict[str, list[tuple]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values_list())
        for model in TABLES
    }


@dataclass
class World:
    users: dict
    draft: Article
    review: Article
    approved: Article
    published: Article
    correction: Correction
    old_version: Version
    link: ShareLink
    person: object


@pytest.fixture
def world(db) -> World:
    reporter = make_user("rita", "Reporter")
    reporter2 = make_user("rob", "Reporter")
    editor = make_user("edna", "Editor")
    person = make_person("Sam Writer")

    def article(headline: str) -> Article:
        return make_article(
            headline,
            status=Status.DRAFT,
            created_by=reporter,
            byline=person,
            slug=headline.lower().replace(" ", "-"),
        )

    draft = article("Draft story")
    old_version = revisions.snapshot(draft, by=reporter, comment="first")
    Article.objects.filter(pk=draft.pk).update(body="Second text.")
    draft.refresh_from_db()
    revisions.snapshot(draft, by=reporter, comment="second")
    review = transitions.submit(article("Review story"), by=reporter)
    approved = transitions.approve(
        transitions.submit(article("Approved story"), by=reporter), by=editor
    )
    published = transitions.publish_now(
        transitions.approve(
            transitions.submit(article("Published story"), by=reporter), by=editor
        ),
        by=editor,
    )
    correction = Correction.objects.create(
        article=published, text="An earlier version misspelled a name."
    )
    link = sharing.create_share_link(draft, by=editor)
    return World(
        users={"reporter": reporter, "reporter2": reporter2, "editor": editor},
        draft=draft,
        review=review,
        approved=approved,
        published=published,
        correction=correction,
        old_version=old_version,
        link=link,
        person=person,
    )


def admin(path: str) -> str:
    return f"/admin/articles/{path}"


def change(article: Article) -> str:
    return admin(f"article/{article.pk}/change/")


def do(article: Article, name: str) -> str:
    return f"/editorial/articles/{article.pk}/do/{name}/"


def action(name: str, article: Article) -> dict:
    return {"action": name, "_selected_action": [str(article.pk)], "index": "0"}


def correction_form(w: World, **extra) -> dict:
    return {
        "article": str(w.published.pk),
        "kind": "correction",
        "text": "Forged note.",
        "created_at_0": "2026-01-01",
        "created_at_1": "10:00:00",
        **extra,
    }


@dataclass
class Case:
    name: str
    method: str
    url: object  # World -> str
    codes: dict  # role -> expected status code
    changes: set = field(default_factory=set)  # roles allowed to change rows
    data: object = None  # World -> dict


ANON_LOGIN = 302  # admin and editorial pages send anonymous users to log in

CASES = [
    Case(
        "admin index",
        "get",
        lambda w: "/admin/",
        {"anonymous": 302, "reporter": 200, "reporter2": 200, "editor": 200},
    ),
    Case(
        "change form of a published article",
        "get",
        lambda w: change(w.published),
        {"anonymous": 302, "reporter": 200, "reporter2": 302, "editor": 200},
    ),
    Case(
        "change form of an article in review",
        "get",
        lambda w: change(w.review),
        {"anonymous": 302, "reporter": 200, "reporter2": 302, "editor": 200},
    ),
    Case(
        "changelist",
        "get",
        lambda w: admin("article/"),
        {"anonymous": 302, "reporter": 200, "reporter2": 200, "editor": 200},
    ),
    Case(
        "change form of a draft",
        "get",
        lambda w: change(w.draft),
        {"anonymous": 302, "reporter": 200, "reporter2": 302, "editor": 200},
    ),
    Case(
        "save a draft",
        "post",
        lambda w: change(w.draft),
        {"anonymous": 302, "reporter": 302, "reporter2": 302, "editor": 302},
        {"reporter", "editor"},
        lambda w: article_form_data(w.draft, body="Forged body."),
    ),
    Case(
        "save an article in review",
        "post",
        lambda w: change(w.review),
        {"anonymous": 302, "reporter": 403, "reporter2": 302, "editor": 302},
        {"editor"},
        lambda w: article_form_data(w.review, body="Forged body."),
    ),
    Case(
        "save a published article without saying why",
        "post",
        lambda w: change(w.published),
        {"anonymous": 302, "reporter": 403, "reporter2": 302, "editor": 200},
        set(),
        lambda w: article_form_data(w.published, body="Forged body."),
    ),
    Case(
        "save a published article as a minor fix",
        "post",
        lambda w: change(w.published),
        {"anonymous": 302, "reporter": 403, "reporter2": 302, "editor": 302},
        {"editor"},
        lambda w: article_form_data(
            w.published, body="Fixed typo.", change_kind="minor"
        ),
    ),
    Case(
        "delete a published article",
        "post",
        lambda w: admin(f"article/{w.published.pk}/delete/"),
        {"anonymous": 302, "reporter": 403, "reporter2": 302, "editor": 403},
        set(),
        lambda w: {"post": "yes"},
    ),
    Case(
        "delete a draft",
        "post",
        lambda w: admin(f"article/{w.draft.pk}/delete/"),
        {"anonymous": 302, "reporter": 302, "reporter2": 302, "editor": 302},
        {"reporter", "editor"},
        lambda w: {"post": "yes"},
    ),
    Case(
        "bulk action: publish",
        "post",
        lambda w: admin("article/"),
        {"anonymous": 302, "reporter": 302, "reporter2": 302, "editor": 302},
        {"editor"},
        lambda w: action("publish_selected", w.approved),
    ),
    Case(
        "bulk action: submit",
        "post",
        lambda w: admin("article/"),
        {"anonymous": 302, "reporter": 302, "reporter2": 302, "editor": 302},
        {"reporter", "editor"},
        lambda w: action("submit_selected", w.draft),
    ),
    Case(
        "bulk action: delete (removed)",
        "post",
        lambda w: admin("article/"),
        {"anonymous": 302, "reporter": 302, "reporter2": 302, "editor": 302},
        set(),
        lambda w: {**action("delete_selected", w.draft), "post": "yes"},
    ),
    Case(
        "admin history",
        "get",
        lambda w: admin(f"article/{w.draft.pk}/history/"),
        {"anonymous": 302, "reporter": 302, "reporter2": 404, "editor": 302},
    ),
    Case(
        "reversion revision view",
        "post",
        lambda w: admin(f"article/{w.draft.pk}/history/{w.old_version.pk}/"),
        {"anonymous": 302, "reporter": 302, "reporter2": 404, "editor": 302},
        set(),
        lambda w: article_form_data(w.draft, body="Forged through reversion."),
    ),
    Case(
        "reversion recover list",
        "get",
        lambda w: admin("article/recover/"),
        {"anonymous": 302, "reporter": 403, "reporter2": 403, "editor": 200},
    ),
    Case(
        "reversion recover view on a live article",
        "post",
        lambda w: admin(f"article/recover/{w.old_version.pk}/"),
        {"anonymous": 302, "reporter": 403, "reporter2": 403, "editor": 404},
        set(),
        lambda w: article_form_data(w.draft, body="Forged through recover."),
    ),
    Case(
        "revisions and diff",
        "get",
        lambda w: f"/editorial/articles/{w.draft.pk}/revisions/",
        {"anonymous": 302, "reporter": 200, "reporter2": 404, "editor": 200},
    ),
    Case(
        "restore a revision",
        "post",
        lambda w: (
            f"/editorial/articles/{w.draft.pk}/revisions/{w.old_version.pk}/restore/"
        ),
        {"anonymous": 302, "reporter": 302, "reporter2": 404, "editor": 302},
        {"reporter", "editor"},
    ),
    Case(
        "submit",
        "post",
        lambda w: do(w.draft, "submit"),
        {"anonymous": 302, "reporter": 302, "reporter2": 404, "editor": 302},
        {"reporter", "editor"},
    ),
    Case(
        "request changes",
        "post",
        lambda w: do(w.review, "request_changes"),
        {"anonymous": 302, "reporter": 302, "reporter2": 404, "editor": 302},
        {"editor"},
        lambda w: {"reason": "Needs a source."},
    ),
    Case(
        "approve",
        "post",
        lambda w: do(w.review, "approve"),
        {"anonymous": 302, "reporter": 302, "reporter2": 404, "editor": 302},
        {"editor"},
        lambda w: {"lock_version": w.review.lock_version},
    ),
    Case(
        "publish",
        "post",
        lambda w: do(w.approved, "publish"),
        {"anonymous": 302, "reporter": 302, "reporter2": 404, "editor": 302},
        {"editor"},
        lambda w: {"lock_version": w.approved.lock_version},
    ),
    Case(
        "schedule",
        "post",
        lambda w: do(w.approved, "schedule"),
        {"anonymous": 302, "reporter": 302, "reporter2": 404, "editor": 302},
        {"editor"},
        lambda w: {"at": (timezone.now() + timedelta(days=2)).isoformat()},
    ),
    Case(
        "unpublish",
        "post",
        lambda w: do(w.published, "unpublish"),
        {"anonymous": 302, "reporter": 302, "reporter2": 404, "editor": 302},
        {"editor"},
        lambda w: {"note": "Held for legal review.", "confirm": "1"},
    ),
    Case(
        "retract",
        "post",
        lambda w: do(w.published, "retract"),
        {"anonymous": 302, "reporter": 302, "reporter2": 404, "editor": 302},
        {"editor"},
        lambda w: {"note": "It was wrong."},
    ),
    Case(
        "preview",
        "get",
        lambda w: f"/editorial/articles/{w.draft.pk}/preview/",
        {"anonymous": 302, "reporter": 200, "reporter2": 404, "editor": 200},
    ),
    Case(
        "make a share link",
        "post",
        lambda w: f"/editorial/articles/{w.draft.pk}/share/",
        {"anonymous": 302, "reporter": 302, "reporter2": 404, "editor": 302},
        {"editor"},
    ),
    Case(
        "revoke a share link",
        "post",
        lambda w: f"/editorial/share-links/{w.link.pk}/revoke/",
        {"anonymous": 302, "reporter": 302, "reporter2": 404, "editor": 302},
        {"editor"},
    ),
    Case(
        "open a share link",
        "get",
        lambda w: w.link.get_absolute_url(),
        {"anonymous": 200, "reporter": 200, "reporter2": 200, "editor": 200},
    ),
    Case(
        "public page of a draft",
        "get",
        lambda w: w.draft.get_absolute_url(),
        {"anonymous": 404, "reporter": 404, "reporter2": 404, "editor": 404},
    ),
    Case(
        "autocomplete articles",
        "get",
        lambda w: (
            "/admin/autocomplete/?term=story&app_label=articles"
            "&model_name=correction&field_name=article"
        ),
        {"anonymous": 302, "reporter": 200, "reporter2": 200, "editor": 200},
    ),
    Case(
        "autocomplete people for a byline",
        "get",
        lambda w: (
            "/admin/autocomplete/?term=vena&app_label=articles"
            "&model_name=byline&field_name=person"
        ),
        {"anonymous": 302, "reporter": 200, "reporter2": 200, "editor": 200},
    ),
    Case(
        "add a correction directly",
        "post",
        lambda w: admin("correction/add/"),
        {"anonymous": 302, "reporter": 403, "reporter2": 403, "editor": 302},
        {"editor"},
        correction_form,
    ),
    Case(
        "edit a published correction directly",
        "post",
        lambda w: admin(f"correction/{w.correction.pk}/change/"),
        {"anonymous": 302, "reporter": 403, "reporter2": 403, "editor": 302},
        {"editor"},
        correction_form,
    ),
    Case(
        "delete a published correction directly",
        "post",
        lambda w: admin(f"correction/{w.correction.pk}/delete/"),
        {"anonymous": 302, "reporter": 403, "reporter2": 403, "editor": 302},
        {"editor"},
        lambda w: {"post": "yes"},
    ),
    Case(
        "add a byline directly",
        "post",
        lambda w: admin("byline/add/"),
        {"anonymous": 302, "reporter": 403, "reporter2": 403, "editor": 302},
        {"editor"},
        lambda w: {
            "article": str(w.published.pk),
            "person": str(w.person.pk),
            "role": "reporter",
            "position": "1",
        },
    ),
    Case(
        "activity log",
        "get",
        lambda w: admin("activity/"),
        {"anonymous": 302, "reporter": 403, "reporter2": 403, "editor": 200},
    ),
    Case(
        "delete an activity entry",
        "post",
        lambda w: admin(f"activity/{Activity.objects.first().pk}/delete/"),
        {"anonymous": 302, "reporter": 403, "reporter2": 403, "editor": 403},
        set(),
        lambda w: {"post": "yes"},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(world, case, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    url = case.url(world)
    data = case.data(world) if case.data else {}
    before = snapshot()

    response = getattr(client, case.method)(url, data)

    assert response.status_code == case.codes[role]
    if role in case.changes:
        assert snapshot() != before
    else:
        assert snapshot() == before


def autocomplete_articles(user) -> list[str]:
    client = Client()
    client.force_login(user)
    response = client.get(
        "/admin/autocomplete/",
        {"term": "story", "app_label": "articles", "model_name": "correction"}
        | {"field_name": "article"},
    )
    assert response.status_code == 200
    return sorted(result["text"] for result in response.json()["results"])


def test_autocomplete_shows_a_reporter_only_their_own_articles(world):
    mine = [
        "Approved story",
        "Draft story",
        "Published story",
        "Review story",
    ]

    assert autocomplete_articles(world.users["reporter2"]) == []
    assert autocomplete_articles(world.users["reporter"]) == mine
    assert autocomplete_articles(world.users["editor"]) == mine
