"""Making, revoking and recognising partner keys."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from api.keys import (
    InvalidKey,
    create_key,
    find_key,
    key_from_request,
    note_use,
    revoke_key,
)
from api.models import ApiKey
from tests.builders.apikeys import bearer, make_key

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_a_new_key_stores_only_its_hash_and_prefix(editor):
    key, raw = create_key(name="Fan app", rate_per_minute=120, by=editor)

    stored = ApiKey.objects.values().get(pk=key.pk)
    assert raw.startswith("nr_") and len(raw) == 46
    assert stored["key_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert stored["prefix"] == raw[:10]
    assert raw not in repr(stored)
    assert (stored["name"], stored["rate_per_minute"], stored["created_by_id"]) == (
        "Fan app",
        120,
        editor.pk,
    )


def test_every_key_is_different(editor):
    raws = {make_key(by=editor)[1] for _ in range(5)}

    assert len(raws) == 5


def test_a_reporter_cannot_make_or_revoke_a_key(reporter, editor):
    key, _ = make_key(by=editor)

    with pytest.raises(PermissionDenied):
        create_key(name="Mine", rate_per_minute=10, by=reporter)
    with pytest.raises(PermissionDenied):
        revoke_key(key, by=reporter)
    assert (ApiKey.objects.count(), ApiKey.objects.get().revoked_at) == (1, None)


def test_a_key_outside_its_limits_is_refused(editor):
    with pytest.raises(ValidationError):
        create_key(name="Greedy", rate_per_minute=1_000_000, by=editor)
    assert ApiKey.objects.count() == 0


def test_find_key_finds_an_active_key_only(editor):
    key, raw = make_key(by=editor)
    other, other_raw = make_key(by=editor)
    revoke_key(other, by=editor)

    assert find_key(raw) == key
    assert find_key(other_raw) is None
    assert find_key(raw[:-1] + ("A" if raw[-1] != "A" else "B")) is None
    assert find_key(key.key_hash) is None
    assert find_key("") is None


def test_revoking_twice_keeps_the_first_time(editor):
    key, _ = make_key(by=editor)

    revoke_key(key, by=editor, now=T0)
    revoke_key(key, by=editor, now=T0 + timedelta(days=1))

    assert ApiKey.objects.get().revoked_at == T0


def request_with(**headers):
    return RequestFactory().get("/api/v1/articles", **headers)


def test_key_from_request_reads_the_bearer_header(editor):
    key, raw = make_key(by=editor)

    assert key_from_request(request_with(**bearer(raw))) == key
    assert key_from_request(request_with(HTTP_AUTHORIZATION=f"bearer  {raw} ")) == key
    assert key_from_request(request_with()) is None


@pytest.mark.parametrize(
    "header",
    [
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "Bearer nr_short",
        "Bearer nr_" + "A" * 43,
        "Token nr_" + "A" * 43,
        "",
    ],
)
def test_a_malformed_or_unknown_key_raises(editor, header):
    make_key(by=editor)

    with pytest.raises(InvalidKey):
        key_from_request(request_with(HTTP_AUTHORIZATION=header))


def test_a_revoked_key_raises(editor):
    key, raw = make_key(by=editor)
    revoke_key(key, by=editor)

    with pytest.raises(InvalidKey):
        key_from_request(request_with(**bearer(raw)))


def test_use_is_recorded_at_most_once_a_minute(editor, django_assert_num_queries):
    key, _ = make_key(by=editor)

    with django_assert_num_queries(1):
        note_use(key, now=T0)
    with django_assert_num_queries(0):
        note_use(key, now=T0 + timedelta(seconds=59))
    with django_assert_num_queries(1):
        note_use(key, now=T0 + timedelta(seconds=60))

    assert ApiKey.objects.get().last_used_at == T0 + timedelta(seconds=60)


def test_a_stale_copy_of_a_key_does_not_write_again_within_the_minute(editor):
    key, _ = make_key(by=editor)
    stale = ApiKey.objects.get()
    note_use(key, now=T0)

    note_use(stale, now=T0 + timedelta(seconds=30))

    assert ApiKey.objects.get().last_used_at == T0
