"""Middleware the project adds to Django's own."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ValidateHostMiddleware:
    """Refuse a Host header not in ALLOWED_HOSTS on every route.

    Django checks the host only when something asks for it; WhiteNoise answers
    static files before anything does. Asking here, first, makes a forged Host
    a 400 everywhere (``DisallowedHost`` becomes a 400 in Django's handler).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.get_host()
        return self.get_response(request)
