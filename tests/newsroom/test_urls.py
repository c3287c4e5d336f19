"""The root URLs: media is served by Django only in DEBUG."""

import importlib

from django.urls import clear_url_caches

import newsroom.urls


def patterns() -> list[str]:
    importlib.reload(newsroom.urls)
    clear_url_caches()
    return [str(pattern.pattern) for pattern in newsroom.urls.urlpatterns]


def test_media_is_served_by_django_only_in_debug(settings):
    settings.DEBUG = True
    try:
        debug = patterns()
    finally:
        settings.DEBUG = False
        production = patterns()

    assert debug == [*production, "^media/(?P<path>.*)$"]
