"""Strict readers for settings that come from the environment.

A typo in production configuration must stop the process at start-up with a
message naming the variable, not run with a silently different value.
"""

import os
import zoneinfo
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str = "") -> str:
    """Return the variable's value, or ``default`` when it is not set."""
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    """Return the variable as a boolean; anything but a clear yes/no is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}."
    )


def envint(name: str, default: int, *, minimum: int = 0) -> int:
    """Return the variable as a whole number no smaller than ``minimum``."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number; got {raw!r}."
        ) from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}.")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of non-empty, stripped items."""
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(
            f"{name} is a comma-separated list with an empty item: {raw!r}."
        )
    return items


def envurl(name: str, default: str) -> str:
    """Return the variable as a site address: ``scheme://host[:port]``, no path.

    A trailing slash is dropped, so ``f"{url}{path}"`` is always right.
    """
    raw = os.environ.get(name, default).strip()
    value = raw.rstrip("/")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        raise ImproperlyConfigured(
            f"{name} must be an http(s) address with no path, such as "
            f"https://news.example.com; got {raw!r}."
        )
    return value


# --- hardening: production settings readers (issue 7) -----------------------

_UNSAFE_KEY_PREFIX = "django-insecure"


def envsecret(name: str, *, min_length: int = 50, min_unique: int = 5) -> str:
    """Return a secret that passes Django's deploy check, or fail naming it.

    The rule mirrors ``security.W009``: long, varied, and not a generated
    ``django-insecure-`` development key.
    """
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} is required when DEBUG is off.")
    if (
        len(value) < min_length
        or len(set(value)) < min_unique
        or value.startswith(_UNSAFE_KEY_PREFIX)
    ):
        raise ImproperlyConfigured(
            f"{name} is too weak: use at least {min_length} random characters, "
            f"for example from `python -c 'import secrets; "
            f"print(secrets.token_urlsafe(64))'`."
        )
    return value


def envhosts(name: str, default: list[str]) -> list[str]:
    """Return host names for ``ALLOWED_HOSTS``; URLs and ``*`` are refused.

    A wildcard would let any Host header through, which turns password reset
    links and absolute URLs into something an attacker chooses.
    """
    hosts = envlist(name, default)
    for host in hosts:
        if host == "*" or "/" in host or " " in host:
            raise ImproperlyConfigured(
                f"{name} lists host names such as example.com or .example.com, "
                f"not {host!r}."
            )
    return hosts


def envorigins(name: str) -> list[str]:
    """Return origins (``https://example.com``) for ``CSRF_TRUSTED_ORIGINS``."""
    origins = envlist(name, [])
    for origin in origins:
        scheme, sep, rest = origin.partition("://")
        if scheme not in {"http", "https"} or not sep or not rest or "/" in rest:
            raise ImproperlyConfigured(
                f"{name} lists origins such as https://example.com, not {origin!r}."
            )
    return origins


def envserviceurl(name: str, *, schemes: tuple[str, ...]) -> str:
    """Return a URL whose scheme is one of ``schemes``, or "" when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return ""
    scheme, sep, rest = value.partition("://")
    if scheme not in schemes or not sep or not rest:
        allowed = " or ".join(f"{s}://" for s in schemes)
        raise ImproperlyConfigured(
            f"{name} must be a URL starting with {allowed}; got {value!r}."
        )
    return value


# --- e-mail (issue 16) ---------------------------------------------------------

_SMTP = "django.core.mail.backends.smtp.EmailBackend"
_CONSOLE = "django.core.mail.backends.console.EmailBackend"


def envemail(*, debug: bool) -> dict:
    """Django's EMAIL_* settings from EMAIL_URL, or from EMAIL_HOST and its
    companions; the console backend when neither is set and ``debug`` is on.
    """
    url = os.environ.get("EMAIL_URL", "").strip()
    if url:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            parts = None
        schemes = {"smtp", "smtps", "smtp+tls", "console"}
        if parts is None or parts.scheme not in schemes:
            raise ImproperlyConfigured(
                "EMAIL_URL must look like smtp://user:password@host:587 "
                f"(smtps:// or smtp+tls:// for TLS, console:// to print); got {url!r}."
            )
        if parts.scheme == "console":
            return {"EMAIL_BACKEND": _CONSOLE}
        if not parts.hostname:
            raise ImproperlyConfigured(f"EMAIL_URL names no host: {url!r}.")
        ssl, tls = parts.scheme == "smtps", parts.scheme == "smtp+tls"
        return {
            "EMAIL_BACKEND": _SMTP,
            "EMAIL_HOST": parts.hostname,
            "EMAIL_PORT": port
            or (465 if ssl else 587 if "tls" in parts.scheme else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": ssl,
            "EMAIL_USE_TLS": tls,
        }
    host = os.environ.get("EMAIL_HOST", "").strip()
    if not host and debug:
        return {"EMAIL_BACKEND": _CONSOLE}
    return {
        "EMAIL_BACKEND": _SMTP,
        "EMAIL_HOST": host or "localhost",
        "EMAIL_PORT": envint("EMAIL_PORT", 25, minimum=1),
        "EMAIL_HOST_USER": envstr("EMAIL_HOST_USER"),
        "EMAIL_HOST_PASSWORD": envstr("EMAIL_HOST_PASSWORD"),
        "EMAIL_USE_TLS": envbool("EMAIL_USE_TLS", default=False),
    }


def envtimezone(name: str, default: str) -> str:
    """Return the variable as an IANA time zone name, such as America/New_York."""
    raw = os.environ.get(name, "").strip() or default
    try:
        zoneinfo.ZoneInfo(raw)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name} must be a time zone name such as America/New_York or "
            f"Europe/London; got {raw!r}."
        ) from None
    return raw
