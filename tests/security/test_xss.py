"""Stored XSS: hostile text is shown as text on every surface that shows it.

Table-driven so that each new surface is one row: add a ``Surface`` to
SURFACES (a name, how to reach it, whether it needs a staff login) and every
payload is tried on it. A surface passes when the page carries the payload
escaped and contains no inline script, event handler or ``javascript:`` URL
at all (``tests/security/htmlscan.py``); the CSP forbids those everywhere, so
finding one is an injection or a regression either way.

Surfaces still to add as other work lands: feeds, JSON-LD, sitemaps, search
results, admin revision diffs, image alt text and captions.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils.html import escape

from articles.importing import Importer
from articles.models import (
    Article,
    Byline,
    Correction,
    FoundBy,
    Status,
    TaggedPerson,
    TaggedWork,
    Topic,
)
from people.models import Credit, CreditRole, Person, Work
from tests.builders import make_article
from tests.security.htmlscan import inline_code

PAYLOADS = {
    "script": '<script>alert("xss")</script>',
    "event": "<img src=x onerror=alert(1)>",
    "link": '<a href="javascript:alert(1)">click</a>',
    "attribute": '" autofocus onfocus="alert(1)',
    "closing": "</title></textarea><script>alert(2)</script>",
}


@dataclass
class World:
    """One hostile payload in every text field of a small, public newsroom."""

    payload: str
    article: Article
    person: Person
    work: Work
    topic: Topic
    correction: Correction
    extra: dict = field(default_factory=dict)


def build_world(payload: str) -> World:
    person = Person.objects.create(
        name=f"{payload} (person)", slug="hostile-person", bio=f"{payload} (bio)"
    )
    work = Work.objects.create(
        name=f"{payload} (work)",
        slug="hostile-work",
        kind="song",
        disambiguation=payload[:100],
    )
    Credit.objects.create(work=work, person=person, role=CreditRole.PERFORMER)
    topic = Topic.objects.create(name=f"{payload[:80]} (topic)", slug="hostile-topic")
    article = make_article(
        f"{payload} (headline)",
        slug="hostile-article",
        dek=f"{payload} (dek)",
        body=f"{payload} (body one).\n\n{payload} (body two).",
        source_name=f"{payload} (source)",
    )
    Byline.objects.create(article=article, person=person)
    TaggedPerson.objects.create(
        content_object=article, tag=person, found_by=FoundBy.NAME
    )
    TaggedWork.objects.create(content_object=article, tag=work, found_by=FoundBy.TITLE)
    article.topics.add(topic)
    correction = Correction.objects.create(article=article, text=f"{payload} (fix)")
    return World(payload, article, person, work, topic, correction)


@dataclass(frozen=True)
class Surface:
    name: str
    url: Callable[[World], str]
    staff: bool = False
    # Text that must appear escaped on this surface (beyond the payload).
    shows: tuple[str, ...] = ()


SURFACES = [
    Surface("home", lambda w: "/", shows=("(headline)", "(person)")),
    Surface(
        "article page",
        lambda w: w.article.get_absolute_url(),
        shows=(
            "(headline)",
            "(dek)",
            "(body one)",
            "(person)",
            "(work)",
            "(topic)",
            "(fix)",
        ),
    ),
    Surface("person page", lambda w: w.person.get_absolute_url(), shows=("(person)",)),
    Surface("work page", lambda w: w.work.get_absolute_url(), shows=("(work)",)),
    Surface("topic page", lambda w: w.topic.get_absolute_url(), shows=("(topic)",)),
    Surface(
        "admin article list",
        lambda w: "/admin/articles/article/",
        staff=True,
        shows=("(headline)", "(source)"),
    ),
    Surface(
        "admin article search",
        lambda w: "/admin/articles/article/?q=" + w.payload[:20],
        staff=True,
        shows=("(headline)",),
    ),
    Surface(
        "admin article form",
        lambda w: f"/admin/articles/article/{w.article.pk}/change/",
        staff=True,
        shows=("(headline)", "(dek)", "(body one)", "(person)", "(work)", "(fix)"),
    ),
    Surface(
        "admin person list",
        lambda w: "/admin/people/person/",
        staff=True,
        shows=("(person)",),
    ),
    Surface(
        "admin person form (mentioning articles)",
        lambda w: f"/admin/people/person/{w.person.pk}/change/",
        staff=True,
        shows=("(person)", "(bio)", "(headline)"),
    ),
    Surface(
        "admin work form",
        lambda w: f"/admin/people/work/{w.work.pk}/change/",
        staff=True,
        shows=("(work)", "(person)", "(headline)"),
    ),
    Surface(
        "admin topic list",
        lambda w: "/admin/articles/topic/",
        staff=True,
        shows=("(topic)",),
    ),
    Surface(
        "admin correction list",
        lambda w: "/admin/articles/correction/",
        staff=True,
        shows=("(headline)",),
    ),
    Surface(
        "admin delete confirmation",
        lambda w: f"/admin/articles/article/{w.article.pk}/delete/",
        staff=True,
        shows=("(headline)", "(person)"),
    ),
    Surface(
        "admin history",
        lambda w: f"/admin/articles/article/{w.article.pk}/history/",
        staff=True,
        shows=("(headline)",),
    ),
]


@pytest.fixture
def staff_client(client, db):
    user = get_user_model().objects.create_superuser(
        "boss", "boss@example.invalid", "a long unguessable passphrase"
    )
    client.force_login(user)
    return client


def assert_shown_as_text(html: str, payload: str, shows: tuple[str, ...]) -> None:
    assert inline_code(html) == []
    assert payload not in html
    for marker in shows:
        assert escape(f"{payload} {marker}") in html or escape(payload) in html, marker
        assert marker in html, marker


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
@pytest.mark.parametrize("surface", SURFACES, ids=[s.name for s in SURFACES])
def test_hostile_text_is_shown_as_text(client, staff_client, surface, payload):
    world = build_world(payload)

    response = (staff_client if surface.staff else client).get(surface.url(world))

    assert response.status_code == 200
    assert_shown_as_text(response.content.decode(), payload, surface.shows)


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_hostile_headline_in_an_admin_message_is_text(staff_client, payload):
    world = build_world(payload)
    url = f"/admin/articles/article/{world.article.pk}/change/"
    form = staff_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None
    }
    data.update(
        {
            "headline": f"{payload} (saved)",
            "topics": world.topic.name,
            "published_at_0": world.article.published_at.strftime("%Y-%m-%d"),
            "published_at_1": world.article.published_at.strftime("%H:%M:%S"),
        }
    )
    for prefix in ("bylines", "person_tags", "work_tags", "corrections"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"

    response = staff_client.post(url, data, follow=True)

    html = response.content.decode()
    messages = [str(m) for m in response.context["messages"]]
    # The admin builds this message with format_html: the link is markup,
    # the headline inside it is escaped text.
    assert messages == [
        f'The article “<a href="{url}">{escape(payload)} (saved)</a>” was '
        "changed successfully."
    ]
    assert inline_code(html) == []
    assert escape(f"{payload} (saved)") in html
    assert payload not in html


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_hostile_import_file_is_shown_as_text(client, db, tmp_path: Path, payload):
    path = tmp_path / "hostile.txt"
    path.write_text(
        f"A headline {payload}\n\nFirst paragraph: {payload}.\n\n"
        f"[artist]{payload[:60]}[/artist] said so.\n",
        encoding="utf-8",
    )
    path.with_suffix(".toml").write_text(
        f'status = "published"\ntopics = ["{payload[:60].replace(chr(34), "")}"]\n',
        encoding="utf-8",
    )
    article = Importer().import_file(path).article

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert article.status == Status.PUBLISHED
    assert inline_code(html) == []
    assert payload not in html
    assert escape(f"First paragraph: {payload}.") in html
