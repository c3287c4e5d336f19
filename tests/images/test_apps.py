"""The images app's system check: ATOMIC_REQUESTS is refused."""

from images.apps import atomic_request_errors, check_no_atomic_requests


def test_atomic_requests_is_refused_by_a_system_check():
    databases = {"default": {"ENGINE": "x", "ATOMIC_REQUESTS": True}}

    messages = atomic_request_errors(databases)

    assert [message.id for message in messages] == ["images.E001"]


def test_system_check_is_quiet_without_atomic_requests():
    assert check_no_atomic_requests(None) == []
