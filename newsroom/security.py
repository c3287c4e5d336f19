"""Login throttling glue for django-axes: client address, backend, lockout page."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse


def client_ip(request: HttpRequest) -> str:
    """The address a login attempt came from.

    ``X-Forwarded-For`` is only believed for the proxies we run
    (``NEWSROOM_TRUSTED_PROXY_COUNT``): each appends the address it saw, so the
    client is the entry that many places from the right. Anything further left
    was written by the client and may be forged.
    """
    proxies = settings.NEWSROOM_TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies == 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        # Not through all our proxies: the nearest address is all we know.
        return remote
    return forwarded[-proxies]


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' lockout check for logins that come with a request.

    ``authenticate()`` without a request (the shell, management commands,
    the test client's ``login()``) cannot be throttled by address, and axes
    would raise; those fall through to the next backend unthrottled.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials=None
) -> HttpResponse:
    """Answer a locked-out attempt with the ordinary failed-login page.

    The login form has already said "Please enter the correct username and
    password" (the lockout made authentication fail); showing that page
    unchanged means the answer is the same for an unknown user, a wrong
    password and a locked account, so nothing can be learned from it.
    """
    if original_response is None:  # axes' old two-argument call
        return HttpResponse(status=403)
    return original_response
