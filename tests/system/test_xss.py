"""Stored XSS: hostile text is shown as text on every surface that shows it.

Table-driven so that each new surface is one row: add a ``Surface`` to
SURFACES (a name, how to reach it, whether it needs a staff login) and every
payload is tried on it. A surface passes when the page carries the payload
escaped and contains no inline script, event handler or ``javascript:`` URL
at all (``inline_code`` in tests/builders/pages.py) but the article form's
import map, which runs by the response's nonce; the CSP forbids the rest
everywhere, so finding one is an injection or a regression either way.

JSON-LD is on the article, person and work pages; image alt text and
captions are covered in tests/images/templatetags/test_images_tags.py.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pytest
import reversion
from django.utils import timezone
from django.utils.html import escape
from reversion.models import Version

from articles.models import (
    Article,
    Byline,
    Correction,
    FoundBy,
    Status,
    TaggedPerson,
    TaggedWork,
    Topic,
    VersionKind,
    record_published_version,
)
from importer.pipeline import Importer
from people.models import Credit, CreditRole, Person, Work
from tests.builders.articles import make_article
from tests.builders.pages import csp_nonce, inline_code

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
        first_published_at=timezone.now(),
    )
    Byline.objects.create(article=article, person=person)
    TaggedPerson.objects.create(
        content_object=article, tag=person, found_by=FoundBy.NAME
    )
    TaggedWork.objects.create(content_object=article, tag=work, found_by=FoundBy.TITLE)
    article.topics.add(topic)
    correction = Correction.objects.create(article=article, text=f"{payload} (fix)")
    # Two public versions (the "what changed" page) and two revisions (the
    # editors' diff), each differing by hostile text.
    with reversion.create_revision():
        article.save()
    record_published_version(article, kind=VersionKind.FIRST)
    article.body = f"{article.body}\n\n{payload} (added)."
    with reversion.create_revision():
        article.save()
    record_published_version(
        article, kind=VersionKind.CORRECTION, correction=correction
    )
    new, old = Version.objects.get_for_object(article)[:2]
    draft = make_article(
        f"{payload} (headline)", slug="hostile-draft", status=Status.DRAFT
    )
    Byline.objects.create(article=draft, person=person)
    extra = {"draft": draft, "old": old.pk, "new": new.pk}
    return World(payload, article, person, work, topic, correction, extra)


@dataclass(frozen=True)
class Surface:
    name: str
    url: Callable[[World], str]
    staff: bool = False
    # Text that must appear escaped on this surface (beyond the payload).
    shows: tuple[str, ...] = ()
    xml: bool = False


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
    Surface(
        "what changed",
        lambda w: f"{w.article.get_absolute_url()}changes/",
        shows=("(headline)", "(added)", "(fix)"),
    ),
    Surface("search results", lambda w: "/search/?q=headline", shows=("(headline)",)),
    Surface("corrections log", lambda w: "/corrections/", shows=("(fix)",)),
    # Feeds and sitemaps are XML: the payload must come back as text when
    # the document is parsed, never as an element.
    Surface("latest RSS feed", lambda w: "/feed/", xml=True, shows=("(headline)",)),
    Surface(
        "latest Atom feed", lambda w: "/feed/atom/", xml=True, shows=("(headline)",)
    ),
    Surface(
        "person feed",
        lambda w: f"{w.person.get_absolute_url()}feed/",
        xml=True,
        shows=("(headline)",),
    ),
    Surface(
        "corrections feed", lambda w: "/corrections/feed/", xml=True, shows=("(fix)",)
    ),
    Surface(
        "news sitemap", lambda w: "/sitemap-news.xml", xml=True, shows=("(headline)",)
    ),
    Surface("articles sitemap", lambda w: "/sitemap-articles.xml", xml=True),
    Surface("work page", lambda w: w.work.get_absolute_url(), shows=("(work)",)),
    Surface("topic page", lambda w: w.topic.get_absolute_url(), shows=("(topic)",)),
    Surface(
        "admin article list",
        lambda w: "/admin/articles/article/",
        staff=True,
        shows=("(headline)",),
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
        # Published articles are retracted, never deleted: a draft it is.
        "admin delete confirmation",
        lambda w: f"/admin/articles/article/{w.extra['draft'].pk}/delete/",
        staff=True,
        shows=("(headline)", "(person)"),
    ),
    Surface(
        # The admin's history page hands over to the revisions page.
        "admin revisions",
        lambda w: f"/editorial/articles/{w.article.pk}/revisions/",
        staff=True,
        shows=("(headline)",),
    ),
    Surface(
        "admin revision diff",
        lambda w: (
            f"/editorial/articles/{w.article.pk}/revisions/"
            f"?old={w.extra['old']}&new={w.extra['new']}"
        ),
        staff=True,
        shows=("(headline)", "(added)"),
    ),
]


def assert_shown_as_text(
    html: str, payload: str, shows: tuple[str, ...], nonce: str = ""
) -> None:
    assert inline_code(html, nonce) == []
    assert payload not in html
    for marker in shows:
        assert escape(f"{payload} {marker}") in html or escape(payload) in html, marker
        assert marker in html, marker


def assert_xml_text(body: bytes, payload: str, shows: tuple[str, ...]) -> None:
    """The XML parses, has no HTML elements, and carries the payload as text."""
    root = ElementTree.fromstring(body)  # noqa: S314 - our own response
    local_names = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert local_names.isdisjoint({"script", "img", "a", "iframe"})
    texts = [element.text or "" for element in root.iter()]
    for marker in shows:
        assert f"{payload} {marker}" in texts, marker


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
@pytest.mark.parametrize("surface", SURFACES, ids=[s.name for s in SURFACES])
def test_hostile_text_is_shown_as_text(client, admin_client, surface, payload):
    world = build_world(payload)

    response = (admin_client if surface.staff else client).get(surface.url(world))

    assert response.status_code == 200
    if surface.xml:
        assert_xml_text(response.content, payload, surface.shows)
    else:
        assert_shown_as_text(
            response.content.decode(), payload, surface.shows, csp_nonce(response)
        )


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_hostile_headline_in_an_admin_message_is_text(admin_client, payload):
    world = build_world(payload)
    url = f"/admin/articles/article/{world.article.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
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
            "seen_lock_version": world.article.lock_version,
            # Readers already see this article: a headline fix needs a kind.
            "change_kind": "minor",
        }
    )
    for prefix in ("bylines", "person_tags", "work_tags", "corrections"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"

    response = admin_client.post(url, data, follow=True)

    html = response.content.decode()
    messages = [str(m) for m in response.context["messages"]]
    # The admin builds this message with format_html: the link is markup,
    # the headline inside it is escaped text.
    assert messages == [
        f'The article “<a href="{url}">{escape(payload)} (saved)</a>” was '
        "changed successfully."
    ]
    assert inline_code(html, csp_nonce(response)) == []
    assert escape(f"{payload} (saved)") in html
    assert payload not in html


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_hostile_import_file_is_shown_as_text(client, db, tmp_path: Path, payload):
    # In the topic and in the organisation credited (the byline).
    quoted = payload[:60].replace(chr(34), "")
    path = tmp_path / "hostile.txt"
    path.write_text(
        f"A headline {payload}\n\nFirst paragraph: {payload}.\n\n"
        f"[artist]{payload[:60]}[/artist] said so.\n",
        encoding="utf-8",
    )
    path.with_suffix(".toml").write_text(
        f'status = "published"\ntopics = ["{quoted}"]\ncredit = "{quoted}"\n',
        encoding="utf-8",
    )
    article = Importer().import_file(path).article

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert article.status == Status.PUBLISHED
    assert inline_code(html) == []
    assert payload not in html
    assert escape(f"First paragraph: {payload}.") in html
