"""How every successful API response ends: JSON with the site's caching
headers (``public.responses.finish_public_response``).

Bodies are plain dicts serialised with ``json.dumps``: the response models in
``api.schemas`` document them in the OpenAPI schema, and the tests check the
answers against that schema, but no request pays for validating what the
code built itself.
"""

from __future__ import annotations

import json
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from public.responses import finish_public_response

CONTENT_TYPE = "application/json"


def _default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_response(
    request: HttpRequest,
    data: dict,
    *,
    tags: list[str],
    last_modified: datetime | None = None,
    vary: tuple[str, ...] = (),
    content_type: str | None = None,
) -> HttpResponse:
    """``data`` as JSON, cacheable by anyone for anonymous readers (with
    ``Cache-Tag``, ``ETag`` and ``Last-Modified``), or a 304 when the client's
    copy is current. ``vary`` names request headers the body depends on
    (``Accept`` on an article, whose ninjs form is chosen by it);
    ``content_type`` a JSON media type other than ``application/json``."""
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, default=_default),
        content_type=content_type or CONTENT_TYPE,
    )
    if vary:
        patch_vary_headers(response, vary)
    return finish_public_response(
        request, response, tags=tags, last_modified=last_modified
    )


def list_response(
    request: HttpRequest,
    page,
    item,
    *,
    tags: list[str],
    last_modified: datetime | None = None,
) -> HttpResponse:
    """One page of a list (``api.pagination.Page``) as every list answers:
    ``items`` (each made by ``item``), then ``next`` and ``cursor``."""
    return json_response(
        request,
        {"items": [item(obj) for obj in page.items], **page.links(request)},
        tags=tags,
        last_modified=last_modified,
    )
