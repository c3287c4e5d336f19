"""How every public response ends: caching headers for anonymous readers.

Pages, feeds and sitemaps all answer through ``finish_public_response``:
cacheable by a CDN with a ``Cache-Tag`` header for anonymous readers,
``private, no-store`` for anyone logged in (``newsroom.pagecache.mark_private``).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from newsroom.pagecache import mark_private
from public import cachetags


def finish_public_response(
    request: HttpRequest,
    response: HttpResponse,
    *,
    tags: list[str],
    last_modified: datetime | None = None,
    etag: str | None = None,
) -> HttpResponse:
    """Add caching headers to a rendered public response; 304 when unchanged.

    Anonymous readers get ``Cache-Control: public, max-age=...``, a
    ``Cache-Tag`` header, ``ETag`` (a hash of the body: ``etag_of``, or
    ``etag`` when a stored page kept it) and ``Last-Modified``; a
    conditional request that matches gets an empty 304 instead.
    """
    if request.user.is_authenticated:
        return mark_private(response)
    patch_cache_control(response, public=True, max_age=settings.NEWSROOM_PUBLIC_MAX_AGE)
    response.headers[cachetags.HEADER] = cachetags.header_value(tags)
    etag = etag or etag_of(response.content)
    response.headers["ETag"] = etag
    # Feeds and sitemaps set Last-Modified themselves.
    timestamp = parse_http_date_safe(response.headers.get("Last-Modified", ""))
    if last_modified is not None:
        timestamp = int(last_modified.timestamp())
        response.headers["Last-Modified"] = http_date(timestamp)
    return get_conditional_response(
        request, etag=etag, last_modified=timestamp, response=response
    )


def etag_of(content: bytes) -> str:
    """The ``ETag`` of a response with ``content``."""
    return quote_etag(hashlib.sha256(content).hexdigest()[:32])


def newest(*moments) -> datetime | None:
    """The latest of the given datetimes, ignoring ``None``."""
    present = [moment for moment in moments if moment is not None]
    return max(present) if present else None
