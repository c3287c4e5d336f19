"""Image limits come from strict settings; media is served by Django only in DEBUG."""

import importlib

import pytest
from django.urls import clear_url_caches

import newsroom.urls
from images.apps import atomic_request_errors, check_no_atomic_requests
from tests.newsroom.test_settings import load_settings


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "NEWSROOM_IMAGE_MAX_BYTES",
            "25MB",
            "NEWSROOM_IMAGE_MAX_BYTES must be a whole number; got '25MB'.",
        ),
        (
            "NEWSROOM_IMAGE_MAX_PIXELS",
            "0",
            "NEWSROOM_IMAGE_MAX_PIXELS must be at least 10000; got 0.",
        ),
    ],
)
def test_image_limit_settings_refuse_bad_values(variable, value, message):
    result = load_settings(**{variable: value})

    assert result.returncode == 1
    assert message in result.stderr


def test_image_limit_settings_defaults(settings):
    assert (
        settings.NEWSROOM_IMAGE_MAX_BYTES,
        settings.NEWSROOM_IMAGE_MAX_PIXELS,
        settings.FILE_UPLOAD_HANDLERS[0],
    ) == (25 * 1024 * 1024, 50_000_000, "images.uploads.ImageSizeLimitUploadHandler")


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


def test_atomic_requests_is_refused_by_a_system_check():
    databases = {"default": {"ENGINE": "x", "ATOMIC_REQUESTS": True}}

    messages = atomic_request_errors(databases)

    assert [message.id for message in messages] == ["images.E001"]


def test_system_check_is_quiet_without_atomic_requests():
    assert check_no_atomic_requests(None) == []
