"""CORS for reading the content API from other sites' pages.

Off unless ``NEWSROOM_API_CORS_ORIGINS`` lists origins. Only paths under
``/api/`` are affected, and only for an ``Origin`` on the list: its responses
(errors, 304s and rate limits included) name it in
``Access-Control-Allow-Origin`` and expose the caching and rate-limit headers,
and a preflight for a read gets its answer here without reaching a view.
Credentials (cookies) are never allowed: the API is public content, read
with an API key or nothing.

While the setting lists any origin, every API response carries
``Vary: Origin``, so a shared cache never hands one origin's answer to
another.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

PREFIX = "/api/"
ALLOW_METHODS = "GET, HEAD, OPTIONS"
ALLOW_HEADERS = (
    "Authorization, X-Preview-Token, If-None-Match, If-Modified-Since, Accept"
)
EXPOSE_HEADERS = (
    "ETag, Last-Modified, Cache-Tag, RateLimit-Limit, RateLimit-Remaining, "
    "RateLimit-Reset, Retry-After"
)
# How long a browser may reuse a preflight answer, in seconds.
PREFLIGHT_MAX_AGE = "600"


def is_preflight(request: HttpRequest) -> bool:
    return (
        request.method == "OPTIONS"
        and "Access-Control-Request-Method" in request.headers
    )


class CorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        origins = settings.NEWSROOM_API_CORS_ORIGINS
        if not origins or not request.path.startswith(PREFIX):
            return self.get_response(request)
        origin = request.headers.get("Origin")
        allowed = origin is not None and origin in origins
        if allowed and is_preflight(request):
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOW_METHODS
            response["Access-Control-Allow-Headers"] = ALLOW_HEADERS
            response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        else:
            response = self.get_response(request)
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
        patch_vary_headers(response, ("Origin",))
        return response
