"""Login throttling glue for django-axes: client address, backend, lockout page."""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
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


class LoginThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler, with a successful login clearing only its own
    username's failures from its own address.

    Axes clears every record matching any lockout parameter: with the
    username and the address both counted, one success from an address wiped
    the failures of every other username tried from it, so an insider could
    guess at the editor's password four times, log in as themself, and go
    on for ever.
    """

    def reset_user_attempts(self, request: HttpRequest, credentials=None) -> int:
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count
