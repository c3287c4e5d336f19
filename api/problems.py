"""Errors as RFC 9457 problem details (``application/problem+json``).

Every error the API answers, from a bad filter to a missing key, goes through
``problem`` so a client reads one shape: ``type``, ``title``, ``status``,
``detail``, ``instance`` (the path asked for) and, for bad input, ``errors``:
one entry per field at fault, ``{"field": ..., "message": ...}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from django.http import HttpRequest, HttpResponse

CONTENT_TYPE = "application/problem+json"


def problem(
    request: HttpRequest | None,
    status: int,
    title: str,
    detail: str = "",
    *,
    errors: Iterable[Mapping[str, str]] = (),
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    """A problem details response. ``type`` is ``about:blank``: the status and
    title say what went wrong, ``errors`` says which fields."""
    body: dict = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if request is not None:
        body["instance"] = request.path
    errors = [dict(error) for error in errors]
    if errors:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type=CONTENT_TYPE,
        headers=headers,
    )
    # Errors are about this request; no cache should keep them.
    response["Cache-Control"] = "no-store"
    return response
