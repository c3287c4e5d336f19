import time
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from newsroom import pagecache
from tests.builders.pagecache import freeze
from tests.newsroom import pagecache_urls


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_PAGE_CACHE_SCHEDULE = "tests.newsroom.pagecache_urls.schedule"
    pagecache_urls.schedule_calls.clear()
    settings.ROOT_URLCONF = "tests.newsroom.pagecache_urls"
    for name in pagecache_urls.calls:
        pagecache_urls.calls[name] = 0


def test_pagecache_second_request_is_a_hit(client):
    first = client.get("/tagged/")
    second = client.get("/tagged/")

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == b"render 1"
    assert pagecache_urls.calls["tagged"] == 1


@pytest.mark.django_db(transaction=True)
def test_pagecache_purging_any_tag_makes_it_stale(client):
    client.get("/tagged/")

    pagecache.purge_tags(["person-2"])
    response = client.get("/tagged/")

    assert response.content == b"render 2"
    assert response["X-Page-Cache"] == "miss"


@pytest.mark.django_db(transaction=True)
def test_pagecache_purging_another_tag_keeps_it(client):
    client.get("/tagged/")

    pagecache.purge_tags(["person-99"])

    assert client.get("/tagged/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_pagecache_purge_waits_for_commit(client):
    client.get("/tagged/")

    with transaction.atomic():
        pagecache.purge_tags(["article-1"])
        during = client.get("/tagged/")
    after = client.get("/tagged/")

    assert during["X-Page-Cache"] == "hit"
    assert after.content == b"render 2"


@pytest.mark.django_db(transaction=True)
def test_pagecache_rolled_back_purge_changes_nothing(client):
    client.get("/tagged/")

    with transaction.atomic():
        pagecache.purge_tags(["article-1"])
        transaction.set_rollback(True)

    assert client.get("/tagged/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_pagecache_page_rendered_during_a_purge_is_not_stored(client):
    # A purge that lands while the page renders may mean the page is stale.
    original = pagecache_urls.tagged

    def slow_tagged(request):
        response = original(request)
        pagecache.purge_tags(["list"])
        return response

    pagecache_urls.urlpatterns[0].callback = slow_tagged
    try:
        client.get("/tagged/")
    finally:
        pagecache_urls.urlpatterns[0].callback = original

    assert client.get("/tagged/")["X-Page-Cache"] == "miss"
    assert pagecache_urls.calls["tagged"] == 2


@pytest.mark.django_db(transaction=True)
def test_pagecache_evicted_tag_version_is_a_miss_not_stale(client):
    from django.core.cache import cache

    client.get("/tagged/")
    cache.delete("pagecache:tag:person-2")

    assert client.get("/tagged/")["X-Page-Cache"] == "miss"


def test_pagecache_skips_private_and_untagged(client):
    client.get("/private/")
    client.get("/private/")
    client.get("/untagged/")
    client.get("/untagged/")

    assert pagecache_urls.calls == {"tagged": 0, "private": 2, "untagged": 2}


def test_pagecache_never_stores_the_content_api(client):
    first = client.get("/api/v1/tagged/")
    second = client.get("/api/v1/tagged/")

    assert pagecache_urls.calls["tagged"] == 2
    assert "X-Page-Cache" not in first
    assert "X-Page-Cache" not in second


def test_pagecache_skips_requests_with_a_session(client, settings):
    client.cookies[settings.SESSION_COOKIE_NAME] = "abc"

    client.get("/tagged/")
    client.get("/tagged/")

    assert pagecache_urls.calls["tagged"] == 2


def test_pagecache_query_string_is_part_of_the_key(client):
    client.get("/tagged/?page=2")
    client.get("/tagged/?page=3")

    assert pagecache_urls.calls["tagged"] == 2


def test_pagecache_off_when_seconds_is_zero(client, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0

    client.get("/tagged/")
    client.get("/tagged/")

    assert pagecache_urls.calls["tagged"] == 2


@pytest.mark.django_db(transaction=True)
def test_pagecache_versions_are_purge_times():
    from django.core.cache import cache

    before = time.time_ns()
    pagecache.purge_tags(["work-5"])

    assert cache.get("pagecache:tag:work-5") >= before


def test_pagecache_scheduled_publication_purges_when_due(client):
    now = timezone.now()
    pagecache_urls.DUE_AT[:] = [now + timedelta(seconds=60)]
    client.get("/tagged/")
    assert client.get("/tagged/")["X-Page-Cache"] == "hit"

    with freeze(now + timedelta(seconds=61)):
        after = client.get("/tagged/")

    assert after["X-Page-Cache"] == "miss"
    assert pagecache_urls.schedule_calls == [False, True, False]
    pagecache_urls.DUE_AT.clear()


def test_pagecache_nothing_scheduled_asks_once(client):
    pagecache_urls.DUE_AT.clear()

    client.get("/tagged/")
    client.get("/tagged/")

    assert pagecache_urls.schedule_calls == [False]
    assert client.get("/tagged/")["X-Page-Cache"] == "hit"
