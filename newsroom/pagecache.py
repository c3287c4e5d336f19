"""A page cache for anonymous readers, invalidated exactly by cache tags.

Public views say what a page shows in a ``Cache-Tag`` header (for example
``article-12 person-3 work-7 list``; the vocabulary lives in
``public.cachetags``). This middleware stores anonymous ``GET`` responses
that carry such a header and ``Cache-Control: public``, and serves them again
until one of their tags is purged.

How a purge works: every tag has a version in the cache, the time (in
nanoseconds) of its last purge. A stored page remembers the versions of its
tags; it is served only while all of them are unchanged. ``purge_tags`` sets
new versions after the database transaction commits, so:

- a page rendered before the commit and stored after the purge would carry
  stale data; it is never stored, because a tag version newer than the time
  rendering started means the data may have changed underneath it;
- a missing version (evicted, or a cache that lost its data) counts as
  changed, so eviction can only cause a miss, never a stale page.

Scheduled publication needs no worker either: the setting
``NEWSROOM_PAGE_CACHE_SCHEDULE`` names a function that returns when the next
scheduled article goes live and which tags it changes. The first request at
or after that moment purges those tags, then asks for the next one.

With the default local-memory cache each process has its own copy, which is
right for one process (``runserver``). Several workers need a shared cache:
set ``REDIS_URL`` in production.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.module_loading import import_string

TAG_HEADER = "Cache-Tag"
HIT_HEADER = "X-Page-Cache"
_PREFIX = "pagecache"
# The content API answers differently to the same address by API key, rate
# limit and Accept header, none of which is in the page key: its responses
# are for the browser and the CDN to keep (they vary properly), never here.
_NEVER_CACHED_PREFIX = "/api/"


def _cache():
    return caches[getattr(settings, "NEWSROOM_PAGE_CACHE_ALIAS", "default")]


def _timeout() -> int:
    return getattr(settings, "NEWSROOM_PAGE_CACHE_SECONDS", 300)


_SCHEDULE_KEY = f"{_PREFIX}:next-due"
_NOTHING_DUE = "nothing"


def _version_key(tag: str) -> str:
    return f"{_PREFIX}:tag:{tag}"


def _page_key(request: HttpRequest) -> str:
    # HEAD and GET share an entry; the host is part of the key because
    # absolute URLs in feeds and canonical links depend on it.
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return f"{_PREFIX}:page:{hashlib.sha256(raw.encode()).hexdigest()}"


def mark_private(response: HttpResponse) -> HttpResponse:
    """Make ``response`` uncacheable anywhere, unindexed, and drop its cache tags.

    For anyone logged in and for previews and share links: what they see may
    not be public, so no cache, CDN or search engine may keep it.
    """
    patch_cache_control(response, private=True, no_store=True)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    if TAG_HEADER in response.headers:
        del response.headers[TAG_HEADER]
    return response


def purge_tags(tags: Iterable[str]) -> None:
    """Make every cached page that shows any of ``tags`` stale.

    Runs after the current transaction commits (at once outside one), so a
    reader can never get a page rendered from data that was rolled back or
    not yet visible.
    """
    tags = sorted(set(tags))
    if not tags:
        return

    transaction.on_commit(lambda: _purge_now(tags))


def reset_schedule() -> None:
    """Forget when the next scheduled publication is due (after the current
    transaction commits); call it whenever a publication time changes."""
    transaction.on_commit(lambda: _cache().delete(_SCHEDULE_KEY))


def _purge_now(tags: Iterable[str]) -> None:
    version = time.time_ns()
    _cache().set_many({_version_key(tag): version for tag in tags}, timeout=None)


def _catch_up_with_schedule(now: datetime) -> None:
    """Purge what scheduled articles change once their time has come."""
    hook_path = getattr(settings, "NEWSROOM_PAGE_CACHE_SCHEDULE", "")
    if not hook_path:
        return
    cache = _cache()
    due = cache.get(_SCHEDULE_KEY)
    if due == _NOTHING_DUE or (due is not None and due > now):
        return
    hook = import_string(hook_path)
    if due is not None:
        _purge_now(hook(now=now, due=True))
    upcoming = hook(now=now, due=False)
    cache.set(_SCHEDULE_KEY, upcoming or _NOTHING_DUE, timeout=None)


def shared_cache_problem(*, workers: int) -> str | None:
    """Why ``workers`` processes cannot serve with the page cache, or None.

    With the page cache on and a cache local to each process (no
    ``REDIS_URL``), a purge empties the cache of the one process that made
    the change: the others go on serving the unpublished or uncorrected page
    until their entry expires.
    """
    if workers <= 1 or _timeout() <= 0:
        return None
    backend = settings.CACHES[getattr(settings, "NEWSROOM_PAGE_CACHE_ALIAS", "default")]
    if backend["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
        return None
    return (
        f"{workers} worker processes would each keep their own page cache, and a "
        "purge (publishing, unpublishing, a correction) would reach only one of "
        "them: readers could be shown an unpublished page for minutes. Set "
        "REDIS_URL to share one cache, run one worker, or turn the page cache "
        "off with NEWSROOM_PAGE_CACHE_SECONDS=0."
    )


def _is_cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(_NEVER_CACHED_PREFIX):
        return False
    # Anyone with a session may be staff, and staff may see previews.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _is_cacheable_response(response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and response.has_header(TAG_HEADER)
        and "public" in cache_control
        and "no-store" not in cache_control
        and "private" not in cache_control
        and not response.cookies
        and not getattr(response, "streaming", False)
    )


class PageCacheMiddleware:
    """Serve anonymous public pages from the cache; see the module docstring."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _timeout() <= 0 or not _is_cacheable_request(request):
            return self.get_response(request)
        _catch_up_with_schedule(timezone.now())
        cache = _cache()
        key = _page_key(request)
        entry = cache.get(key)
        if entry is not None:
            versions, response = entry
            current = cache.get_many(list(versions))
            if current == versions:
                response[HIT_HEADER] = "hit"
                return response
        started = time.time_ns()
        response = self.get_response(request)
        if _is_cacheable_response(response):
            self._store(cache, key, response, started)
        return response

    def _store(self, cache, key: str, response: HttpResponse, started: int) -> None:
        tags = response[TAG_HEADER].split()
        version_keys = [_version_key(tag) for tag in tags]
        # Tags never purged get a version now, so a later purge changes it.
        for version_key in version_keys:
            cache.add(version_key, 0, timeout=None)
        versions = cache.get_many(version_keys)
        if len(versions) != len(version_keys) or any(
            version > started for version in versions.values()
        ):
            # Purged while we rendered: what we rendered may be stale.
            return
        response[HIT_HEADER] = "miss"
        cache.set(key, (versions, response), timeout=_timeout())
