"""The article page's read model: the page stored as last rendered, served
only while what it was rendered from is unchanged.

Issue 19 asks for the uncached article page at five times Wagtail's speed.
Building the page (model instances from the article's rows, the template,
structured data, addresses) is most of its cost, and it gives the same
bytes for the same rows. So each view still reads everything the page
shows, in the same three queries as before:

1. the article under the public rule, as one JSON row, with the stored
   page beside it (``public.queries.article_page_row``);
2. its relations (``public.queries.page_relation_rows``);
3. related coverage (``public.queries.related_to``), for the people and
   works the stored page says the article is tagged with;

and digests the three with the code and settings that render them
(``digest``). When the digest equals the one stored with the page, the
stored page is exactly what rendering those rows would give, and the view
skips the rendering; otherwise it renders the page from the rows it read
and stores the pair (``store``). No write has to invalidate anything: a
changed row changes the digest, so the next view renders again. Nothing is
time-based either: the rows are read under the rules at the time of the
request (published, visible versions, approved people and works, listed
related articles). If the tags changed, so did the relations' rows, so the
digest cannot match whatever the stored people and works found.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import datetime
from functools import cache
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import IntegrityError, connection
from django.urls import get_script_prefix
from django.utils.dateparse import parse_datetime

from public.models import RenderedArticlePage
from public.queries import ArticlePageRow


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
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    digest.update(f"{django.__version__} {sys.version}".encode())
    return digest.digest()


def _settings() -> bytes:
    """The settings the page shows or builds addresses from, read per view
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


def digest(found: ArticlePageRow, relation_rows: list, related_rows: list) -> str:
    """What the page is rendered from: code, settings, the article's row,
    its relations' rows and related coverage's, as read by this view."""
    value = hashlib.sha256(_code())
    value.update(_settings())
    data = found.data
    value.update((data if isinstance(data, str) else repr(data)).encode())
    value.update(repr(relation_rows).encode())
    value.update(repr(related_rows).encode())
    return value.hexdigest()


def store(pk: int, inputs: str, html: str, meta: dict) -> bool:
    """Keep ``html`` as article ``pk``'s page rendered from ``inputs``.

    One statement (an upsert); two views storing at once each store a page
    with its own inputs, so either result is right.
    """
    page = RenderedArticlePage(article_id=pk, inputs=inputs, html=html, meta=meta)
    try:
        RenderedArticlePage.objects.bulk_create(
            [page],
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=["inputs", "html", "meta"],
        )
    except IntegrityError:
        # The article was deleted since it was read (PostgreSQL checks the
        # foreign key at commit). Inside a transaction the caller decides.
        if connection.in_atomic_block:
            raise
        return False
    return True


def meta_for(tags: list[str], last_modified: datetime | None, people, works) -> dict:
    """The stored page's meta: what the response needs beside its HTML."""
    return {
        "tags": tags,
        "last_modified": last_modified.isoformat() if last_modified else None,
        "people": list(people),
        "works": list(works),
    }


def last_modified_of(meta: dict) -> datetime | None:
    value = meta["last_modified"]
    return parse_datetime(value) if value else None
