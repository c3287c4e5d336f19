"""Admin login: throttled by user and by address, and silent about which failed."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from newsroom.security import client_ip

PASSWORD = "correct horse battery staple 42"
LOGIN = "/admin/login/"
FAILED = (
    "Please enter the correct username and password for a staff account. "
    "Note that both fields may be case-sensitive."
)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "editor", "editor@example.invalid", PASSWORD, is_staff=True
    )


def attempt(client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


def visible_answer(response) -> tuple[int, list[str]]:
    """What an attacker sees: the status and the form's error messages."""
    form = response.context["form"] if response.context else None
    errors = list(form.non_field_errors()) if form is not None else []
    return response.status_code, errors


def test_login_succeeds_with_the_right_password(client, editor):
    response = attempt(client, "editor", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_login_locks_a_username_tried_from_many_addresses(client, editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "editor", "wrong", ip=f"198.51.100.{n + 1}")

    response = attempt(client, "editor", PASSWORD, ip="192.0.2.200")

    assert visible_answer(response) == (200, [FAILED])
    assert "_auth_user_id" not in client.session


def test_login_locks_an_address_trying_many_usernames(client, editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"someone{n}", "wrong", ip="203.0.113.9")

    locked = attempt(client, "editor", PASSWORD, ip="203.0.113.9")
    elsewhere = attempt(client, "editor", PASSWORD, ip="203.0.113.10")

    assert visible_answer(locked) == (200, [FAILED])
    assert elsewhere.status_code == 302


def test_login_answers_the_same_for_unknown_user_wrong_password_and_lockout(
    client, editor, settings
):
    unknown = attempt(client, "nobody", "wrong", ip="198.51.100.1")
    wrong = attempt(client, "editor", "wrong", ip="198.51.100.2")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "editor", "wrong", ip=f"198.51.100.{n + 10}")
    locked = attempt(client, "editor", PASSWORD, ip="198.51.100.50")

    assert visible_answer(unknown) == (200, [FAILED])
    assert visible_answer(wrong) == (200, [FAILED])
    assert visible_answer(locked) == (200, [FAILED])


def test_login_records_the_attempts(client, editor):
    attempt(client, "editor", "wrong", ip="198.51.100.77")

    record = AccessAttempt.objects.get()
    assert (record.username, record.ip_address, record.failures_since_start) == (
        "editor",
        "198.51.100.77",
        1,
    )


def test_client_ip_ignores_forwarded_for_without_a_trusted_proxy(settings):
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().post(
        LOGIN, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )

    assert client_ip(request) == "10.0.0.5"


def test_client_ip_takes_the_address_our_proxy_saw(settings):
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; our proxy appended the real address.
    request = RequestFactory().post(
        LOGIN, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.8"
    )

    assert client_ip(request) == "198.51.100.8"


def test_client_ip_with_too_few_forwarded_entries_uses_the_peer(settings):
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 2
    request = RequestFactory().post(
        LOGIN, REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="198.51.100.8"
    )

    assert client_ip(request) == "10.0.0.5"


def test_forged_forwarded_for_does_not_escape_an_address_lockout(
    client, editor, settings
):
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": f"user{n}", "password": "wrong"},
            REMOTE_ADDR="10.0.0.5",
            HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 198.51.100.99",
        )

    response = client.post(
        LOGIN,
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.99",
    )

    assert visible_answer(response) == (200, [FAILED])


def test_weak_password_is_refused_by_the_validators(editor):
    with pytest.raises(ValidationError) as caught:
        validate_password("password1", user=editor)

    assert caught.value.messages == ["This password is too common."]


def test_shell_login_without_a_request_still_works(client, editor):
    # The test client's login() authenticates without a request; axes cannot
    # throttle that and our backend lets the model backend decide.
    assert client.login(username="editor", password=PASSWORD) is True


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
