"""Pages stored as last rendered, served only while what they were rendered
from is unchanged: the article page, the pages of the home page's, a
topic's, a person's and a work's lists, the article feeds and the
sitemap's sections.

Issue 19 asks for uncached pages several times as fast as Wagtail's.
Building a page (model instances from rows, the template, structured data,
addresses) is most of its cost, and it gives the same bytes for the same
rows. A view checks a stored page in two steps.

1. **The content version** (``public.contentversion``): a number that
   triggers raise with every committed change to a content table, whoever
   writes it. Each process notes, in memory, the version at which it last
   found a stored page current (``checked_stamp``, with the code and
   settings that render it) and the next time the public rule changes with
   no row written: the first scheduled article's time, or a version's
   (``mark_checked``). One query reads the version with the stored page;
   while both hold, the stored page is served (``still_checked``). A
   check holds the page itself too, within a budget per process
   (``COPIES_BYTES``): that query then reads the version alone (for an
   article, the article under the public rule and the version, with
   neither its data nor its page).
2. **Its rows**, after any change to the content: the view reads
   everything its page shows, under the public rule at the time of the
   request, and digests it (``digest``):

   - an article page: the article with its lead image, as one JSON row,
     with the stored page beside it (``public.queries.article_page_row``);
     its relations (``page_relation_rows``); related coverage
     (``related_to``) for the people and works the stored page says it is
     tagged with;
   - a page of the home page's list: its articles and the one after
     (``latest_rows``) and their bylines (``byline_rows``); a topic's,
     person's or work's page reads the topic, person or work first, and a
     person's or work's its credits and image too (``name_page_rows``), a
     person's the articles they wrote (``written_rows``).

   When the digest equals the one stored with the page, the stored page is
   exactly what rendering those rows gives: it is served and noted as
   current at this version. Otherwise the page is rendered from the rows
   read and stored (``store_article_page``, ``list_page``). A feed, a
   sitemap section or a search skips this step (digesting thirty bodies, or
   two thousand addresses, cost more than rendering them again).

So no write has to invalidate anything, and nothing is time-based: a
changed row (even an ``UPDATE`` by hand) raises the version, and the next
view checks the rows; a scheduled article, or a version, whose time has
come ends the check. If an article's tags changed, so did its relations'
rows, so the digest cannot match whatever the stored page's people and
works found as related coverage. Deleting any or every stored page loses
nothing but the next view's speed.

Pages are stored only when rendered for a reader who is not logged in:
the page must be the one every reader gets.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import NamedTuple

import django
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import IntegrityError, connection
from django.urls import get_script_prefix
from django.utils.dateparse import parse_datetime

from public import contentversion, queries
from public.models import RenderedArticlePage, RenderedListPage
from public.queries import content_version, content_version_and_stored_page
from public.responses import etag_of


@cache
def _code() -> bytes:
    """A digest of this project's code and templates: a deployment that
    changes how pages are rendered makes every stored page out of date."""
    base = Path(settings.BASE_DIR).resolve()
    roots = {
        Path(config.path).resolve()
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
    }
    roots.update(Path(d).resolve() for t in settings.TEMPLATES for d in t["DIRS"])
    digest = hashlib.sha256()
    for root in sorted(roots):
        for path in sorted(root.rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".xml"} and path.is_file():
                # Relative: servers with the same code in other folders
                # agree on the digest.
                digest.update(str(path.relative_to(root.parent)).encode())
                digest.update(path.read_bytes())
    digest.update(f"{django.__version__} {sys.version}".encode())
    return digest.digest()


def code_changed(sender, file_path, **kwargs) -> None:
    """Receives ``django.utils.autoreload.file_changed`` (runserver): a
    changed template or module is read again by the next view's digest.
    Returns None, so the reloader still restarts for Python files."""
    _code.cache_clear()


def _settings() -> bytes:
    """The settings the pages show or build addresses from, read per view
    (tests and deployments change them)."""
    return repr(
        (
            settings.SITE_NAME,
            settings.NEWSROOM_BASE_URL,
            settings.TIME_ZONE,
            settings.USE_TZ,
            settings.LANGUAGE_CODE,
            settings.STATIC_URL,
            settings.MEDIA_URL,
            settings.ROOT_URLCONF,
            get_script_prefix(),
            # The hashed names of static files (ManifestStaticFilesStorage).
            getattr(staticfiles_storage, "manifest_hash", ""),
        )
    ).encode()


def digest(*rows) -> str:
    """What a page is rendered from: the code, the settings, and ``rows``
    (text as the database gave it, or lists of rows), as read by this view."""
    value = hashlib.sha256(_code())
    value.update(_settings())
    for part in rows:
        value.update(b"\0")
        value.update((part if isinstance(part, str) else repr(part)).encode())
    return value.hexdigest()


def _stored(model, page) -> bool:
    """Keep ``page``: one statement (an upsert). Two views storing at once
    each store a page with its own inputs, so either result is right."""
    try:
        model.objects.bulk_create(
            [page],
            update_conflicts=True,
            unique_fields=[model._meta.pk.name],
            update_fields=["inputs", "html", "meta"],
        )
    except IntegrityError:
        # The article was deleted since it was read (PostgreSQL checks the
        # foreign key at commit). Inside a transaction the caller decides.
        if connection.in_atomic_block:
            raise
        return False
    return True


def store_article_page(pk: int, inputs: str, html: bytes, meta: dict) -> bool:
    """Keep ``html`` as article ``pk``'s page rendered from ``inputs``."""
    return _stored(
        RenderedArticlePage,
        RenderedArticlePage(article_id=pk, inputs=inputs, html=html, meta=meta),
    )


def store_list_page(key: str, inputs: str, html: bytes, meta: dict) -> bool:
    """Keep ``html`` as the list page ``key`` rendered from ``inputs``."""
    return _stored(
        RenderedListPage, RenderedListPage(key=key, inputs=inputs, html=html, meta=meta)
    )


def checked_stamp(key: str, version: tuple | None) -> str | None:
    """What a check of the stored page ``key`` at content ``version`` (with
    the reading transaction's own changes) notes: the version with the code
    and settings (a deployment checks every page again). None if the
    version's row is gone, which is put back."""
    if version is None:
        contentversion.start_again()
        return None
    return digest(key, version)


# The stored pages this process found current: key -> Check. In memory,
# not in the table: noting a check in the database would make the first
# view of every page after each change a write (on SQLite, a commit of a few
# ms that takes the write lock). Each worker checks a page once per change,
# and a new process starts with none. Emptied when full.
class Check(NamedTuple):
    inputs: str  # the stored page's
    stamp: str  # of the version it was found current at
    until: datetime | None  # the next scheduled time, when the check ends
    # The page's html and meta as well, while they fit in COPIES_BYTES:
    # then the served path reads the version, not the page. A feed or a
    # sitemap section is 150-200 kB, and reading it per request made them
    # slower than the 11 kB home page.
    html: bytes | None = None
    meta: dict | None = None
    # The content version of the check, for a query that sends the page's
    # rows only if it moved (``queries.article_page_row``).
    version: tuple | None = None


_checks: dict[str, Check] = {}
CHECKS_KEPT = 20_000
# At most this much html held beside the checks, per process.
COPIES_BYTES = 16 * 1024 * 1024
_copied = [0]


def still_checked(key: str, stored: tuple | None, stamp: str | None, now) -> bool:
    """Whether the ``stored`` page (inputs, html, meta) under ``key`` was
    found current at the version of ``stamp``, and ``now`` is before the
    next scheduled time noted with the check."""
    check = _checks.get(key)
    if stored is None or check is None or stamp is None:
        return False
    return (
        check.inputs == stored[0]
        and check.stamp == stamp
        and (check.until is None or now < check.until)
    )


def mark_checked(
    key: str,
    inputs: str,
    stamp: str | None,
    until,
    page: tuple[bytes, dict] | None = None,
    version: tuple | None = None,
) -> None:
    """Note that the page stored under ``key`` from ``inputs`` is current at
    the version of ``stamp``, until ``until`` (if not None): the next time
    the public rule's answer changes with no row written, which the version
    cannot see. With ``page`` (html, meta), hold it too while it fits, with
    the content ``version`` of the check."""
    if stamp is None:
        return
    if len(_checks) >= CHECKS_KEPT:
        forget_checks()
    old = _checks.get(key)
    if old is not None and old.html is not None:
        _copied[0] -= len(old.html)
    if page is not None and _copied[0] + len(page[0]) <= COPIES_BYTES:
        _copied[0] += len(page[0])
        _checks[key] = Check(inputs, stamp, until, *page, version)
    else:
        _checks[key] = Check(inputs, stamp, until)


def forget_checks() -> None:
    """Forget every check (tests: each starts with a database of its own)."""
    _checks.clear()
    _copied[0] = 0


def held_check(key: str) -> Check | None:
    """The check of the page ``key``, if this process holds the page."""
    check = _checks.get(key)
    return None if check is None or check.html is None else check


def held_page(key: str) -> tuple | None:
    """The page ``key`` as this process last checked it, as (inputs, html,
    meta), if it holds it."""
    check = held_check(key)
    return None if check is None else (check.inputs, check.html, check.meta)


def list_page(
    request,
    key: str,
    *,
    now: datetime,
    render: Callable[[], tuple[str, dict, bool]],
    read: Callable[[], str] | None = None,
    place: str | None = None,
) -> tuple[bytes, dict]:
    """The list page ``key`` (a list's, a feed's, a sitemap section's, a
    search's) as (UTF-8 html, meta) at ``now``, stored as ``place`` if given
    (where another page with the same place may be stored instead: its
    checked stamp is that of its own key).

    Served as stored, after one query, while the content version is the one
    it was last checked at (``public.contentversion``) and no article has
    become public by its time alone since. Otherwise ``read()``, if given,
    reads the rows the page shows (or raises ``Http404``) and returns their
    digest: if the page was rendered from the same, it is served and noted
    as current at this version. Otherwise ``render()`` returns (html, meta,
    keep) from rows read at ``now``, and the page is stored for the next
    view unless ``keep`` is false or the reader is logged in (what they see
    may differ from a reader's page).

    A page this process holds (``held_page``) is checked against the
    version alone: it is the page it found current, so the table's copy
    need not be read. After a change, it is what the rows' digest is
    compared with; if another process stored a page since, from other
    rows, the digest tells them apart all the same.
    """
    place = place or key
    stored = held_page(place)
    if stored is None:
        version, stored = content_version_and_stored_page(place)
    else:
        version = content_version()
    stamp = checked_stamp(key, version)
    if still_checked(place, stored, stamp, now):
        return stored[1], stored[2]
    inputs = read() if read is not None else stamp
    if read is not None and stored is not None and stored[0] == inputs:
        html, meta = stored[1], stored[2]
        keep, changed = True, False
    else:
        text, meta, keep = render()
        html = text.encode()
        changed = True
    # Nothing to store by without the version or the rows' digest.
    if keep and inputs is not None and not request.user.is_authenticated:
        if changed:
            store_list_page(place, inputs, html, meta)
        if stamp is not None:
            until = queries.next_due(now, versions=False)
            mark_checked(place, inputs, stamp, until, (html, meta))
    return html, meta


# Searches are kept in this many places. Any query string is a search, and
# a stream of them must not fill the table: each search has its place (the
# first hex digits of its digest), and the last one rendered there is kept.
SEARCH_PLACES_DIGITS = 3  # 4,096 places


def search_keys(params) -> tuple[str, str]:
    """The search asked with ``params`` (``request.GET``), whatever their
    order: its own key, and the key of the place it is stored in."""
    asked = hashlib.sha256(repr(sorted(params.lists())).encode()).hexdigest()
    return f"search:{asked}", f"search:{asked[:SEARCH_PLACES_DIGITS]}"


def meta_for(
    html: str, tags: list[str], last_modified: datetime | None, **more
) -> dict:
    """A stored page's meta: what the response with ``html`` needs beside
    it, its ``ETag`` too (a stored feed would hash 200 kB per request)."""
    return {
        "tags": tags,
        "last_modified": last_modified.isoformat() if last_modified else None,
        "etag": etag_of(html.encode()),
        **more,
    }


def last_modified_of(meta: dict) -> datetime | None:
    value = meta["last_modified"]
    return parse_datetime(value) if value else None
