"""Rate limits: a one-minute window per address, or per key."""

import pytest
from django.test import RequestFactory

from api.throttling import RateResult, check_rate
from tests.builders.apikeys import make_key

# 12:00:00 UTC on some day: the start of a window.
T0 = 1_796_000_400.0


def request_from(address: str, **extra):
    return RequestFactory().get("/api/v1/articles", REMOTE_ADDR=address, **extra)


def test_an_address_gets_its_limit_then_is_refused(settings):
    settings.NEWSROOM_API_ANON_RATE_PER_MINUTE = 3
    request = request_from("203.0.113.5")

    results = [check_rate(request, None, now=T0 + i) for i in range(4)]

    assert results == [
        RateResult(allowed=True, limit=3, remaining=2, reset=60),
        RateResult(allowed=True, limit=3, remaining=1, reset=59),
        RateResult(allowed=True, limit=3, remaining=0, reset=58),
        RateResult(allowed=False, limit=3, remaining=0, reset=57),
    ]


def test_the_default_anonymous_limit_is_60_a_minute():
    request = request_from("203.0.113.5")

    results = [check_rate(request, None, now=T0 + 30) for _ in range(61)]

    assert [r.allowed for r in results] == [True] * 60 + [False]
    assert (results[-1].limit, results[-1].reset) == (60, 30)


def test_the_next_minute_starts_again(settings):
    settings.NEWSROOM_API_ANON_RATE_PER_MINUTE = 1
    request = request_from("203.0.113.5")
    check_rate(request, None, now=T0 + 10)

    refused = check_rate(request, None, now=T0 + 59.5)
    next_minute = check_rate(request, None, now=T0 + 60)

    assert (refused.allowed, refused.reset) == (False, 1)
    assert (next_minute.allowed, next_minute.remaining) == (True, 0)


def test_addresses_are_counted_apart(settings):
    settings.NEWSROOM_API_ANON_RATE_PER_MINUTE = 1
    check_rate(request_from("203.0.113.5"), None, now=T0)

    assert check_rate(request_from("203.0.113.6"), None, now=T0).allowed
    assert not check_rate(request_from("203.0.113.5"), None, now=T0).allowed


def test_a_forged_forwarded_for_does_not_make_a_new_address(settings):
    settings.NEWSROOM_API_ANON_RATE_PER_MINUTE = 1
    check_rate(request_from("203.0.113.5"), None, now=T0)

    forged = request_from("203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert not check_rate(forged, None, now=T0).allowed


def test_behind_our_proxy_the_forwarded_address_counts(settings):
    settings.NEWSROOM_API_ANON_RATE_PER_MINUTE = 1
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    check_rate(request_from(proxy, HTTP_X_FORWARDED_FOR="198.51.100.1"), None, now=T0)

    other = request_from(proxy, HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert check_rate(other, None, now=T0).allowed


@pytest.mark.django_db
def test_a_key_has_its_own_limit_wherever_it_comes_from(settings, editor):
    settings.NEWSROOM_API_ANON_RATE_PER_MINUTE = 1
    key, _ = make_key(rate_per_minute=2, by=editor)
    address = request_from("203.0.113.5")
    check_rate(address, None, now=T0)
    assert not check_rate(address, None, now=T0).allowed

    results = [
        check_rate(request_from(f"203.0.113.{i}"), key, now=T0) for i in (5, 6, 7)
    ]

    assert results == [
        RateResult(allowed=True, limit=2, remaining=1, reset=60),
        RateResult(allowed=True, limit=2, remaining=0, reset=60),
        RateResult(allowed=False, limit=2, remaining=0, reset=60),
    ]


@pytest.mark.django_db
def test_two_keys_are_counted_apart(editor):
    first, _ = make_key(rate_per_minute=1, by=editor)
    second, _ = make_key(rate_per_minute=1, by=editor)
    request = request_from("203.0.113.5")
    check_rate(request, first, now=T0)

    assert check_rate(request, second, now=T0).allowed
    assert not check_rate(request, first, now=T0).allowed
