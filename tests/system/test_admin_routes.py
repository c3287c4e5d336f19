"""Every route under /admin/, for every role, against every kind of object.

Each reporter has a draft whose headline, address, text, revision, activity
entry and share link carry a secret word. The test walks every URL pattern
the admin has (Django's own routes too: view on site, autocomplete, history,
delete confirmation, revisions, the app index, the JavaScript catalogue),
filled in with every object of the pattern's model, and asserts that what a
user may not see never reaches them, in the page or in a redirect:

- anonymous: neither secret, and no share link;
- each reporter: not the other reporter's secret, and no share link at all
  (share links are made and read by editors);
- the editor sees both secrets somewhere (so the walk reaches them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from reversion.models import Version

from articles.models import (
    Article,
    Byline,
    Correction,
    ShareLink,
    Status,
    TaggedPerson,
    TaggedTopic,
    Topic,
)
from articles.workflow import revisions, sharing
from tests.builders.articles import make_article
from tests.builders.people import make_person
from tests.builders.users import make_user

ROLES = ("anonymous", "rita", "rob", "edna")


@dataclass
class Secrets:
    words: dict[str, str]  # reporter's username: the word only they may see
    tokens: list[str]  # every share link's token and signed payload


def draft_with_secret(author, word: str) -> Article:
    """A draft by ``author`` whose text, and every trace of it, carries ``word``."""
    article = make_article(
        f"Exclusive {word} plans",
        status=Status.DRAFT,
        slug=f"exclusive-{word.lower()}-plans",
        dek=f"The {word} dek.",
        body=f"The {word} body.",
        created_by=author,
        updated_by=author,
    )
    # People and topics are the newsroom's shared vocabulary, which every
    # reporter sees; what is secret is the article's own text.
    Byline.objects.create(article=article, person=make_person())
    TaggedPerson.objects.create(content_object=article, tag=make_person())
    TaggedTopic.objects.create(
        content_object=article, tag=Topic.objects.create(name=f"Topic of {author}")
    )
    Correction.objects.create(article=article, text=f"A {word} note.")
    revisions.snapshot(article, by=author, comment="Saved")
    return article


@pytest.fixture
def world(db):
    rita, rob = make_user("rita", "Reporter"), make_user("rob", "Reporter")
    edna = make_user("edna", "Editor")
    make_article("A public story", created_by=rob)
    tokens = []
    for author, word in ((rita, "Ritasecret"), (rob, "Robsecret")):
        article = draft_with_secret(author, word)
        link = sharing.create_share_link(article, by=edna)
        # The signed part of the address, without its time stamp (which
        # differs from one second to the next).
        tokens += [link.token, link.signature().split(":")[0]]
    return Secrets(words={"rita": "Ritasecret", "rob": "Robsecret"}, tokens=tokens)


def admin_routes() -> list[tuple[str, URLPattern]]:
    """Every URL pattern under admin/, with its full route."""

    def walk(patterns, prefix: str):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern

    return [
        (route, pattern)
        for route, pattern in walk(get_resolver().url_patterns, "")
        if route.startswith("admin/")
    ]


def model_of(route: str):
    """The model an admin route belongs to (``admin/<app>/<model>/...``)."""
    match = re.match(r"admin/(\w+)/(\w+)/", route)
    if match is None:
        return None
    try:
        return ContentType.objects.get_by_natural_key(*match.groups()).model_class()
    except ContentType.DoesNotExist:
        return None


def concrete_urls(route: str) -> list[str]:
    """``route`` filled in with every object (and revision) it can take."""
    model = model_of(route)
    pks = (
        [quote(str(pk)) for pk in model.objects.values_list("pk", flat=True)]
        if model
        else []
    )
    versions = list(Version.objects.values_list("object_id", "pk"))
    if route.endswith("(?P<url>.*)$"):
        return ["/admin/nothing-here/"]
    if "(?P<app_label>" in route:
        return [f"/admin/{app}/" for app in ("articles", "people", "images", "auth")]
    if route.startswith("admin/r/"):
        return [
            f"/admin/r/{ContentType.objects.get_for_model(obj).pk}/{quote(str(obj.pk))}/"
            for kind in (Article, ShareLink, Correction, Topic, Byline, Version)
            for obj in kind.objects.all()
        ]
    if route.endswith("^recover/(\\d+)/$"):
        return [f"/{route.split('^')[0]}recover/{pk}/" for _, pk in versions]
    if route.endswith("^([^/]+)/history/(\\d+)/$"):
        base = route.split("^")[0]
        return [f"/{base}{object_id}/history/{pk}/" for object_id, pk in versions]
    if "^recover/$" in route:
        return [f"/{route.split('^')[0]}recover/"]
    if "<id>" in route:
        return [f"/{route.replace('<id>', str(pk))}" for pk in pks]
    if "<path:object_id>" in route:
        return [f"/{route.replace('<path:object_id>', pk)}" for pk in pks]
    return [f"/{route}"]


def every_admin_url() -> list[str]:
    urls = []
    for route, _pattern in admin_routes():
        if route.endswith(("logout/", "password_change/", "password_change/done/")):
            continue  # logging out would end the walk; these show no objects
        urls.extend(concrete_urls(route))
    urls += [
        f"/admin/autocomplete/?app_label={app}&model_name={model}&field_name={field}"
        f"&term={term}"
        for app, model, field in (
            ("articles", "correction", "article"),
            ("articles", "byline", "article"),
            ("articles", "byline", "person"),
            ("articles", "article", "lead_image"),
            ("articles", "taggedperson", "tag"),
        )
        for term in ("", "secret", "exclusive")
    ]
    return urls


def client_for(role: str) -> Client:
    # A server error is an answer to check, not an exception to stop at.
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(get_user_model().objects.get(username=role))
    return client


def what_reaches(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code < 500, url
    content = b"" if response.streaming else response.content
    return f"{response.get('Location', '')}\n{content.decode(errors='replace')}"


@pytest.mark.parametrize("role", ROLES)
def test_admin_routes_show_nobody_what_they_may_not_see(world, role):
    client = client_for(role)
    if role == "edna":
        forbidden = []  # an editor sees every article
    else:
        forbidden = [word for who, word in world.words.items() if who != role]
        forbidden += world.tokens
    leaks = []

    for url in every_admin_url():
        seen = what_reaches(client, url).lower()
        leaks += [(url, secret) for secret in forbidden if secret.lower() in seen]

    assert leaks == []


def test_admin_walk_reaches_every_secret_as_an_editor(world):
    client = client_for("edna")
    seen = "\n".join(what_reaches(client, url) for url in every_admin_url()).lower()

    assert [word for word in world.words.values() if word.lower() in seen] == [
        "Ritasecret",
        "Robsecret",
    ]
    # "View on site" of a share link: its signed address.
    assert world.tokens[1].lower() in seen


def traces_of(username: str) -> dict[str, list[tuple]]:
    """Every row about ``username``'s draft, and every share link."""
    draft = Article.objects.filter(created_by__username=username, status=Status.DRAFT)
    rows = {
        "article": draft.values_list(),
        "bylines": Byline.objects.filter(article__in=draft).values_list(),
        "people": TaggedPerson.objects.filter(content_object__in=draft).values_list(),
        "topics": TaggedTopic.objects.filter(content_object__in=draft).values_list(),
        "notes": Correction.objects.filter(article__in=draft).values_list(),
        "links": ShareLink.objects.values_list(),
        "revisions": Version.objects.get_for_model(Article)
        .filter(object_id__in=[str(pk) for pk in draft.values_list("pk", flat=True)])
        .values_list("pk", "serialized_data"),
    }
    return {name: sorted(values) for name, values in rows.items()}


ACTIONS = ("delete_selected", "submit_selected", "publish_selected", "revoke_selected")


@pytest.mark.parametrize(("role", "other"), [("rita", "rob"), ("rob", "rita")])
def test_admin_posts_change_nothing_of_another_reporters(world, role, other):
    client = client_for(role)
    before = traces_of(other)

    for url in every_admin_url():
        response = client.post(url, {"post": "yes", "text": "overwritten"})
        assert response.status_code < 500, url
        if url.endswith(("/article/", "/correction/", "/byline/", "/sharelink/")):
            model = model_of(url.removeprefix("/"))
            everything = [str(pk) for pk in model.objects.values_list("pk", flat=True)]
            for action in ACTIONS:
                response = client.post(
                    url, {"action": action, "_selected_action": everything}
                )
                assert response.status_code < 500, (url, action)

    assert traces_of(other) == before


def test_admin_posts_reach_the_drafts_as_an_editor(world):
    # The walk above would pass if its POSTs never reached anything.
    client = client_for("edna")
    before = traces_of("rob")

    for url in every_admin_url():
        client.post(url, {"post": "yes"})

    assert traces_of("rob")["article"] == []  # deleted from its delete page
    assert before["article"] != []
