"""Keys and rate limits for every request under /api/v1/.

It sits before conditional GET in MIDDLEWARE, so a 304 is counted like any
other answer and carries the RateLimit-* headers; the page cache keeps no API
answers, so nothing under /api/v1/ escapes the limits.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from api.keys import InvalidKey, key_from_request, note_use
from api.problems import problem
from api.throttling import RateResult, check_rate

API_PREFIX = "/api/v1/"


def rate_headers(result: RateResult) -> dict[str, str]:
    """The RateLimit-* headers (IETF httpapi draft) for ``result``."""
    return {
        "RateLimit-Limit": str(result.limit),
        "RateLimit-Remaining": str(result.remaining),
        "RateLimit-Reset": str(result.reset),
    }


class ApiAccessMiddleware:
    """Sets ``request.api_key`` (an ApiKey or None); answers 401 for a bad key
    and 429 over the limit; adds the RateLimit-* headers to every answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.api_key = None
        # CORS preflights carry no credentials and are not counted.
        if not request.path.startswith(API_PREFIX) or request.method == "OPTIONS":
            return self.get_response(request)
        try:
            key = key_from_request(request)
        except InvalidKey as exc:
            return problem(
                request,
                401,
                "Unauthorized",
                str(exc),
                headers={"WWW-Authenticate": 'Bearer realm="api"'},
            )
        result = check_rate(request, key)
        headers = rate_headers(result)
        if not result.allowed:
            return problem(
                request,
                429,
                "Too Many Requests",
                f"At most {result.limit} requests a minute; "
                f"try again in {result.reset} seconds.",
                headers={**headers, "Retry-After": str(result.reset)},
            )
        if key is not None:
            note_use(key)
            request.api_key = key
        response = self.get_response(request)
        for name, value in headers.items():
            response.headers[name] = value
        return response
