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

The story body is HTML, not text: hostile markup goes in by every way in (the
admin form, ``Article.save()``, the importer) and must come out on every
surface that shows a body with nothing that runs (BODY_SURFACES, further
down). tests/system/test_browser_xss.py loads those pages in a browser.
"""

import importlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pytest
import reversion
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from reversion.models import Version

from articles import body, embeds
from articles.body import BodyError
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
from articles.workflow import revisions, transitions
from articles.workflow.sharing import create_share_link
from importer.pipeline import Importer
from people.models import Credit, CreditRole, Person, Work
from tests.builders.articles import (
    article_form_data,
    change_url,
    draft_by,
    make_article,
    published_article,
)
from tests.builders.pages import (
    active_content,
    csp_nonce,
    expanded_json_ld,
    inline_code,
    page_tree,
    values,
)
from tests.builders.users import logged_in, make_user

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
            "topics": [str(world.topic.pk)],
            "published_at_0": world.article.published_at.strftime("%Y-%m-%d"),
            "published_at_1": world.article.published_at.strftime("%H:%M:%S"),
            "seen_lock_version": world.article.lock_version,
            # Readers already see this article: a headline fix needs a kind.
            "change_kind": "minor",
        }
    )
    for prefix in ("bylines", "corrections"):
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


# Hostile story bodies ------------------------------------------------------------
#
# The body is HTML (articles.body): what an editor, a reporter, a script or an
# import writes is cleaned on the way in, and the reader's HTML is made from
# the cleaned body. Each payload goes in by each way in (ENTRIES), into a
# published article and a draft in review, and every surface that shows a
# body (BODY_SURFACES) must carry no code, no script address, no frame to a
# host the CSP does not name and no plug-in, and still show the words around
# the payload.

BODY_PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "javascript link": '<a href="javascript:alert(1)">x</a>',
    "entity link": '<a href="&#x6A;avascript:alert(1)">x</a>',
    "tab link": '<a href="java&#9;script:alert(1)">x</a>',
    "svg onload": "<svg onload=alert(1)>",
    "mglyph style": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "noscript title": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "form math": (
        "<form><math><mtext></form><form><mglyph><style></math>"
        "<img src onerror=alert(1)>"
    ),
    "style url": '<p style="background:url(javascript:alert(1))">x</p>',
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "data link": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "object": "<object data=x>",
    # Not script, and not stopped by the CSP: a redirect to another site.
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    # Not hostile: the one way a frame may come in, to its provider's host.
    "youtube embed": (
        '<figure data-embed-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>'
    ),
}
# Left open, these take the rest of the body with them when they are dropped
# (as a browser would hide it inside them); the words before still show.
SWALLOWS_THE_REST = {"mglyph style", "form math", "object"}
UNKNOWN_EMBED = '<figure data-embed-url="https://evil.example/x"></figure>'
BEFORE = "Preamble words before the markup."
AFTER = "Closing words after the markup."
BODY_HEADLINE = "Hostile body"
# A word only the body has: search finds the article by its body.
BODY_WORD = "preamble"


def body_html_with(payload: str) -> str:
    return f"<p>{BEFORE}</p>{payload}<p>{AFTER}</p>"


@dataclass
class BodyWorld:
    """A published article and a draft in review, both holding the payload."""

    payload_name: str
    payload: str
    entry: str
    article: Article
    draft: Article
    old: int  # the article's two newest revisions, for the editors' diff
    new: int
    share_url: str


def edit(article: Article, *, by, add: str) -> Article:
    """A later, harmless edit saved as the admin saves one (a minor fix on a
    public article), leaving the payload in the text around it."""
    article.refresh_from_db()
    article.body = f"{article.body}<p>{add}</p>"
    with reversion.create_revision():
        article.save()
    transitions.finish_edit(
        article, by=by, change_kind=VersionKind.MINOR if article.is_public else ""
    )
    return article


def entered_in_admin(payload, *, reporter, editor, tmp_path):
    """The editor changes a published article's body in the admin form; the
    reporter changes their own draft's."""
    article = published_article(BODY_HEADLINE, body=f"{BEFORE}\n\n{AFTER}")
    revisions.snapshot(article, by=editor, comment="Published")
    draft = make_article(
        f"{BODY_HEADLINE} draft", status=Status.DRAFT, created_by=reporter, body=BEFORE
    )
    for user, item, kind in (
        (editor, article, VersionKind.MINOR),
        (reporter, draft, ""),
    ):
        form = article_form_data(item, body=body_html_with(payload), change_kind=kind)
        response = logged_in(user).post(change_url(item), form)
        assert response.status_code == 302, response.context["adminform"].form.errors
        item.refresh_from_db()
        assert item.body == body.clean(body_html_with(payload))
    return article, draft


def saved(payload, *, reporter, editor, tmp_path):
    """Any other code (the shell, a future API) sets the body and saves."""
    article = published_article(BODY_HEADLINE, body=f"{BEFORE}\n\n{AFTER}")
    revisions.snapshot(article, by=editor, comment="Published")
    draft = make_article(
        f"{BODY_HEADLINE} draft", status=Status.DRAFT, created_by=reporter, body=BEFORE
    )
    for user, item in ((editor, article), (reporter, draft)):
        item.body = body_html_with(payload)
        with reversion.create_revision():
            item.save()
        transitions.finish_edit(
            item, by=user, change_kind=VersionKind.MINOR if item.is_public else ""
        )
        item.refresh_from_db()
        assert item.body == body.clean(body_html_with(payload))
    return article, draft


def imported(payload, *, reporter, editor, tmp_path):
    """A news text file holds the payload: the importer reads it as text."""
    made = []
    for name, status in (("published", "published"), ("draft", "draft")):
        path = tmp_path / f"hostile-{name}.txt"
        path.write_text(f"{BEFORE}\n\n{payload}\n\n{AFTER}\n", encoding="utf-8")
        path.with_suffix(".toml").write_text(
            f'headline = "{BODY_HEADLINE} {name}"\nstatus = "{status}"\n'
            'credit = "The newsroom desk"\n',
            encoding="utf-8",
        )
        made.append(Importer().import_file(path).article)
    article, draft = made
    assert article.status == Status.PUBLISHED
    revisions.snapshot(article, by=editor, comment="Imported")
    return article, draft


ENTRIES = {"admin form": entered_in_admin, "save": saved, "importer": imported}


def build_body_world(entry: str, name: str, tmp_path: Path) -> BodyWorld:
    payload = BODY_PAYLOADS[name]
    editor = get_user_model().objects.get(username="boss")
    reporter = make_user("rita", "Reporter")
    article, draft = ENTRIES[entry](
        payload, reporter=reporter, editor=editor, tmp_path=tmp_path
    )
    # A later fix: a second public version and a newer revision to compare.
    edit(article, by=editor, add="A later fix.")
    # Two submissions and an edit after the second: both of the editor's
    # review diffs, each showing the payload's paragraph.
    transitions.submit(draft, by=editor)
    transitions.request_changes(draft, by=editor, reason="Once more.")
    edit(draft, by=editor, add="A first fix.")
    transitions.submit(draft, by=editor)
    edit(draft, by=editor, add="A second fix.")
    link = create_share_link(draft, by=editor)
    new, old = revisions.versions_of(article)[:2]
    return BodyWorld(
        name,
        payload,
        entry,
        article,
        draft,
        old=old.pk,
        new=new.pk,
        share_url=reverse("public:share", args=[link.signature()]),
    )


def page(response) -> str:
    return response.content.decode()


RSS_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
ATOM_CONTENT = "{http://www.w3.org/2005/Atom}content"


def feed_content(tag: str) -> Callable:
    """The HTML of every entry's ``tag`` element of a feed (the article's
    whole body, as a feed reader shows it)."""

    def read(response) -> str:
        root = ElementTree.fromstring(response.content)  # noqa: S314 - our own
        return "\n".join(element.text or "" for element in root.iter(tag))

    return read


def json_ld(response) -> str:
    (script,) = page_tree(response).xpath('//script[@type="application/ld+json"]')
    return script.text


def json_ld_problems(response, world: BodyWorld) -> list[str]:
    """The article's JSON-LD counts the body's words and leaves the body out."""
    (article,) = [
        node
        for node in expanded_json_ld(response)
        if "https://schema.org/NewsArticle" in node.get("@type", [])
    ]
    world.article.refresh_from_db()
    words = len(world.article.body_text.split())
    problems = []
    if "<" in json_ld(response):
        problems.append("a < in the JSON-LD")
    if values(article, "articleBody"):
        problems.append("the body is in articleBody")
    if values(article, "wordCount") != [words]:
        problems.append(f"wordCount is {values(article, 'wordCount')}, not {words}")
    return problems


@dataclass(frozen=True)
class BodySurface:
    name: str
    url: Callable[[BodyWorld], str]
    staff: bool = False
    # The HTML on this surface a browser or a feed reader would show.
    read: Callable = page
    # Whether the body's own words show here (a list shows only headlines).
    shows_body: bool = True
    shows: tuple[str, ...] = ()
    # Anything else this surface must get right: (response, world) -> problems.
    also: Callable | None = None


BODY_SURFACES = [
    BodySurface("article page", lambda w: w.article.get_absolute_url()),
    BodySurface(
        "preview",
        lambda w: reverse("public:preview", args=[w.draft.pk]),
        staff=True,
        shows=("this is how readers would see the article",),
    ),
    BodySurface(
        "share link", lambda w: w.share_url, shows=("Preview of an unpublished",)
    ),
    BodySurface(
        "latest RSS feed",
        lambda w: "/feed/",
        read=feed_content(RSS_CONTENT),
    ),
    BodySurface(
        "latest Atom feed",
        lambda w: "/feed/atom/",
        read=feed_content(ATOM_CONTENT),
    ),
    BodySurface(
        "JSON-LD",
        lambda w: w.article.get_absolute_url(),
        read=json_ld,
        shows_body=False,
        also=json_ld_problems,
    ),
    BodySurface(
        "search results",
        lambda w: f"/search/?q={BODY_WORD}",
        shows_body=False,
        shows=(BODY_HEADLINE,),
    ),
    BodySurface(
        "admin article form",
        lambda w: change_url(w.article),
        staff=True,
        shows=("A later fix.",),
    ),
    BodySurface(
        "admin revision diff",
        lambda w: (
            f"/editorial/articles/{w.article.pk}/revisions/?old={w.old}&new={w.new}"
        ),
        staff=True,
        shows=("A later fix.",),
    ),
    BodySurface(
        "review diff",
        lambda w: change_url(w.draft),
        staff=True,
        shows=("Changed since the previous submission.", "Changed after it was"),
    ),
    BodySurface(
        "what changed",
        lambda w: f"{w.article.get_absolute_url()}changes/",
        shows=("A later fix.",),
    ),
]


def problems_in(html: str, *, shows: Iterable[str], nonce: str = "") -> list[str]:
    """What is wrong with a surface's ``html``: any inline code (but a script
    with the response's CSP ``nonce``), script address, frame to a host the
    CSP does not name or plug-in; any of the words it ``shows`` missing."""
    found = inline_code(html, nonce)
    found += active_content(html, frame_hosts=embeds.FRAME_HOSTS)
    return found + [f"{text!r} is missing" for text in shows if text not in html]


def body_problems(
    html: str, world: BodyWorld, surface: BodySurface, nonce: str = ""
) -> list[str]:
    shows = list(surface.shows)
    if surface.shows_body:
        shows.append(BEFORE)
        if world.entry == "importer" or world.payload_name not in SWALLOWS_THE_REST:
            shows.append(AFTER)
    found = problems_in(html, shows=shows, nonce=nonce)
    if world.payload in html:
        found.append("the payload as it was written")
    return found


@pytest.mark.parametrize("payload", BODY_PAYLOADS)
@pytest.mark.parametrize("entry", ENTRIES)
def test_hostile_body_runs_nowhere(client, admin_client, tmp_path, entry, payload):
    world = build_body_world(entry, payload, tmp_path)

    problems = {}
    for surface in BODY_SURFACES:
        response = (admin_client if surface.staff else client).get(surface.url(world))
        assert (surface.name, response.status_code) == (surface.name, 200)
        problems[surface.name] = body_problems(
            surface.read(response), world, surface, csp_nonce(response)
        )
        if surface.also is not None:
            problems[surface.name] += surface.also(response, world)

    assert {name: found for name, found in problems.items() if found} == {}


def test_a_known_embed_is_framed_from_its_provider_alone(
    client, admin_client, tmp_path
):
    world = build_body_world("admin form", "youtube embed", tmp_path)

    article_page = client.get(world.article.get_absolute_url())
    feed = feed_content(RSS_CONTENT)(client.get("/feed/"))

    frame = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert page_tree(article_page).xpath("//iframe/@src") == [frame]
    # Feed readers get the link, never a frame.
    assert "<iframe" not in feed
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in feed


def test_an_embed_from_an_unknown_site_is_refused(reporter, tmp_path):
    draft = draft_by(reporter, body=BEFORE)
    hostile = body_html_with(UNKNOWN_EMBED)

    response = logged_in(reporter).post(
        change_url(draft), article_form_data(draft, body=hostile)
    )

    errors = response.context["adminform"].form.errors
    assert "No embed is known for “https://evil.example/x”" in errors["body"][0]
    html = response.content.decode()
    assert inline_code(html, csp_nonce(response)) == []
    assert active_content(html, frame_hosts=embeds.FRAME_HOSTS) == []
    assert escape(UNKNOWN_EMBED) in html  # given back to fix, as text
    draft.body = hostile
    with pytest.raises(BodyError, match="No embed is known"):
        draft.save()
    draft.refresh_from_db()
    assert draft.body == f"<p>{BEFORE}</p>"


# What a reporter could type into the plain-text body before the schema: it
# was shown as text then. It looks like HTML now.
LEGACY_BODY = (
    '<p onmouseover="alert(1)">Typed before the upgrade.</p>'
    '<script>alert(2)</script><a href="javascript:alert(3)">x</a>'
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
)


def test_a_body_from_before_the_schema_is_cleaned_before_it_is_shown(
    client, admin_client
):
    editor = get_user_model().objects.get(username="boss")
    article = published_article(BODY_HEADLINE, body="Plain words.")
    draft = make_article(f"{BODY_HEADLINE} draft", status=Status.DRAFT)
    link = create_share_link(draft, by=editor)
    # The rows as the plain-text era left them: the article's body, and the
    # revision a share link was made for then (revisions are not converted);
    # then the migration to the schema.
    Article.objects.filter(pk=article.pk).update(body=LEGACY_BODY, body_html="")
    data = json.loads(link.version.serialized_data)
    data[0]["fields"]["body"] = LEGACY_BODY
    Version.objects.filter(pk=link.version.pk).update(serialized_data=json.dumps(data))
    importlib.import_module("articles.migrations.0014_body_as_html").forwards(
        django_apps, None
    )
    surfaces = {
        "article page": (client, article.get_absolute_url(), page),
        "preview": (admin_client, reverse("public:preview", args=[article.pk]), page),
        "latest RSS feed": (client, "/feed/", feed_content(RSS_CONTENT)),
        "share link": (client, reverse("public:share", args=[link.signature()]), page),
    }

    found = {}
    for name, (who, url, read) in surfaces.items():
        response = who.get(url)
        assert (name, response.status_code) == (name, 200)
        found[name] = problems_in(read(response), shows=["Typed before the upgrade."])

    assert {name: problems for name, problems in found.items() if problems} == {}
