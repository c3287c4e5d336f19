"""A successful login clears only its own username's failures."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model

PASSWORD = "correct horse battery staple 42"


def attempt(client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def accounts(db):
    for name in ("editor", "insider"):
        get_user_model().objects.create_user(name, password=PASSWORD, is_staff=True)


def test_login_success_keeps_other_usernames_failures_from_the_address(
    client, accounts, settings
):
    # Four guesses at the editor, a login as oneself, one more guess: the
    # insider must not get a fresh allowance of guesses from their success.
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "editor", "a guess")
    assert attempt(client, "insider", PASSWORD).status_code == 302
    client.logout()
    attempt(client, "editor", "one more guess")

    response = attempt(client, "editor", PASSWORD)

    assert response.status_code == 200  # locked: the right password fails too
    assert "_auth_user_id" not in client.session


def test_login_success_clears_its_own_failures(client, accounts, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "insider", "a typo")

    assert attempt(client, "insider", PASSWORD).status_code == 302
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == []
