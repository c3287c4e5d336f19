"""Partner API keys: making, revoking and recognising them.

A raw key is ``nr_`` and 43 random URL-safe characters. Only its SHA-256 is
stored; a key is found by the hash of what the client sent, so the lookup is
an indexed equality on a value the client cannot steer, and no stored secret
is ever compared character by character.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from api.models import PREFIX_LENGTH, ApiKey

KEY_PREFIX = "nr_"
# "nr_" and secrets.token_urlsafe(32): 43 characters of base64url.
_KEY_SHAPE = re.compile(r"nr_[A-Za-z0-9_-]{43}")
# last_used_at is a hint for editors, not an audit log: one write a minute.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class InvalidKey(Exception):
    """A request named a key that is malformed, unknown or revoked: answer 401,
    never carry on as if it were anonymous."""


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _require(user: User, verb: str) -> None:
    if not (user.is_active and user.has_perm(f"api.{verb}_apikey")):
        raise PermissionDenied(f"Only an editor can {verb} API keys.")


def create_key(
    *, name: str, rate_per_minute: int, by: User, now: datetime | None = None
) -> tuple[ApiKey, str]:
    """Make a key for ``name``; returns it and the raw key, which exists only
    in this return value: show it once and forget it."""
    _require(by, "add")
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        name=name,
        rate_per_minute=rate_per_minute,
        prefix=raw[:PREFIX_LENGTH],
        key_hash=hash_key(raw),
        created_by=by,
        created_at=now or timezone.now(),
    )
    key.full_clean()
    key.save()
    return key, raw


def revoke_key(key: ApiKey, *, by: User, now: datetime | None = None) -> ApiKey:
    """Stop ``key`` from working, from the next request on. Revoking twice
    keeps the first time. The key stays, for the record."""
    _require(by, "change")
    ApiKey.objects.filter(pk=key.pk, revoked_at=None).update(
        revoked_at=now or timezone.now()
    )
    key.refresh_from_db(fields=["revoked_at"])
    return key


def find_key(raw: str) -> ApiKey | None:
    """The active key ``raw`` stands for, or None."""
    if not isinstance(raw, str) or not _KEY_SHAPE.fullmatch(raw):
        return None
    return ApiKey.objects.filter(key_hash=hash_key(raw), revoked_at=None).first()


def key_from_request(request: HttpRequest) -> ApiKey | None:
    """The key of ``Authorization: Bearer <key>``; None when the request names
    no key at all. Raises InvalidKey for any other Authorization header."""
    header = request.headers.get("Authorization")
    if header is None:
        return None
    scheme, _, raw = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise InvalidKey("Send the key as “Authorization: Bearer <key>”.")
    key = find_key(raw.strip())
    if key is None:
        raise InvalidKey("The API key is not valid or has been revoked.")
    return key


def note_use(key: ApiKey, *, now: datetime | None = None) -> None:
    """Record that ``key`` was used, at most once a minute (one UPDATE then,
    none on the other requests of that minute)."""
    now = now or timezone.now()
    if key.last_used_at is not None and now - key.last_used_at < LAST_USED_RESOLUTION:
        return
    # Conditional, so that concurrent requests of one minute write once.
    ApiKey.objects.filter(
        Q(last_used_at=None) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION),
        pk=key.pk,
    ).update(last_used_at=now)
    key.last_used_at = now
