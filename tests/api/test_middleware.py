"""Keys and rate limits on every request under /api/v1/, before the page cache."""

import json

import pytest
from django.conf import settings as django_settings

from api.keys import revoke_key
from api.models import ApiKey
from tests.builders.api_urls import ETAG
from tests.builders.apikeys import bearer, make_key

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.builders.api_urls")]

ECHO = "/api/v1/echo"


def rate_headers(response) -> tuple:
    return tuple(
        response.get(name)
        for name in ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
    )


def test_an_anonymous_request_is_counted_and_told_its_limit(client):
    response = client.get(ECHO)

    assert response.json() == {"key": None}
    limit, remaining, reset = rate_headers(response)
    assert (limit, remaining) == ("60", "59")
    assert 1 <= int(reset) <= 60


def test_the_61st_anonymous_request_in_a_minute_is_refused(client):
    for _ in range(60):
        assert client.get(ECHO).status_code == 200

    response = client.get(ECHO)

    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == response["RateLimit-Reset"]
    assert 1 <= int(response["Retry-After"]) <= 60
    assert rate_headers(response)[:2] == ("60", "0")
    body = response.json()
    assert (body["status"], body["title"], body["instance"]) == (
        429,
        "Too Many Requests",
        ECHO,
    )


def test_a_key_is_limited_on_its_own_not_by_address(client, editor, settings):
    settings.NEWSROOM_API_ANON_RATE_PER_MINUTE = 1
    key, raw = make_key("Fan app", rate_per_minute=3, by=editor)
    client.get(ECHO)
    assert client.get(ECHO).status_code == 429

    keyed = [client.get(ECHO, **bearer(raw)) for _ in range(4)]

    assert [r.status_code for r in keyed] == [200, 200, 200, 429]
    assert keyed[0].json() == {"key": "Fan app"}
    assert rate_headers(keyed[0])[:2] == ("3", "2")


def test_a_revoked_key_is_401_not_anonymous(client, editor):
    key, raw = make_key(by=editor)
    revoke_key(key, by=editor)

    response = client.get(ECHO, **bearer(raw))

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["status"] == 401
    assert raw not in response.content.decode()


@pytest.mark.parametrize("header", ["Bearer nonsense", "Basic dXNlcjpwYXNz"])
def test_a_malformed_key_is_401(client, header):
    response = client.get(ECHO, HTTP_AUTHORIZATION=header)

    assert (response.status_code, response["WWW-Authenticate"][:6]) == (401, "Bearer")


def test_preflight_requests_are_not_counted(client, settings):
    settings.NEWSROOM_API_ANON_RATE_PER_MINUTE = 1
    for _ in range(3):
        client.options(ECHO, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")

    response = client.get(ECHO)

    assert (response.status_code, response["RateLimit-Remaining"]) == (200, "0")


def test_paths_outside_the_api_are_not_limited(client, settings):
    settings.NEWSROOM_API_ANON_RATE_PER_MINUTE = 1
    responses = [client.get("/elsewhere") for _ in range(3)]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert rate_headers(responses[0]) == (None, None, None)


def test_a_bad_key_outside_the_api_is_ignored(client):
    response = client.get("/elsewhere", HTTP_AUTHORIZATION="Bearer nonsense")

    assert response.status_code == 200


def test_with_the_page_cache_on_every_request_is_still_counted(client, settings):
    # The page cache never keeps API answers (newsroom/pagecache.py), so no
    # answer can come from it without passing the limits.
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_API_ANON_RATE_PER_MINUTE = 2
    client.get(ECHO)
    second = client.get(ECHO)

    third = client.get(ECHO)

    assert "X-Page-Cache" not in second
    assert rate_headers(second)[:2] == ("2", "0")
    assert third.status_code == 429


def test_a_304_is_counted_and_keeps_the_rate_headers(client, settings):
    settings.NEWSROOM_API_ANON_RATE_PER_MINUTE = 2
    client.get(ECHO)

    not_modified = client.get(ECHO, HTTP_IF_NONE_MATCH=ETAG)
    refused = client.get(ECHO, HTTP_IF_NONE_MATCH=ETAG)

    assert (not_modified.status_code, refused.status_code) == (304, 429)
    assert rate_headers(not_modified)[:2] == ("2", "0")


def test_a_key_in_use_is_recorded_once_a_minute(client, editor):
    key, raw = make_key(by=editor)

    client.get(ECHO, **bearer(raw))
    used = ApiKey.objects.get().last_used_at
    client.get(ECHO, **bearer(raw))

    assert used is not None
    assert ApiKey.objects.get().last_used_at == used


def test_the_middleware_runs_before_the_page_cache_and_conditional_get():
    names = django_settings.MIDDLEWARE
    ours = names.index("api.middleware.ApiAccessMiddleware")

    assert ours < names.index("newsroom.pagecache.PageCacheMiddleware")
    assert ours < names.index("django.middleware.http.ConditionalGetMiddleware")


def test_the_401_names_no_detail_of_the_stored_keys(client, editor):
    key, raw = make_key(by=editor)

    response = client.get(ECHO, HTTP_AUTHORIZATION=f"Bearer {raw[:-2]}xx")

    body = json.dumps(response.json())
    assert key.key_hash not in body and key.prefix not in body


def test_the_real_api_is_behind_the_limits(client, settings):
    settings.ROOT_URLCONF = "newsroom.urls"
    settings.NEWSROOM_API_ANON_RATE_PER_MINUTE = 1

    first = client.get("/api/v1/openapi.json")
    second = client.get("/api/v1/openapi.json")

    assert (first.status_code, first["RateLimit-Remaining"]) == (200, "0")
    assert second.status_code == 429


def test_the_limits_cost_no_query_without_a_key_and_one_with_one(
    client, editor, django_assert_num_queries
):
    key, raw = make_key(by=editor)
    client.get(ECHO, **bearer(raw))  # the first use of the minute is written

    with django_assert_num_queries(0):
        client.get(ECHO)
    with django_assert_num_queries(1):
        client.get(ECHO, **bearer(raw))
