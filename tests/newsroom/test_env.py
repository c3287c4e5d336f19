"""Reading configuration from environment variables, strictly."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import envbool, envemail, envint, envlist, envtimezone, envurl


def test_envbool_reads_yes_and_no(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert envbool("FLAG", default=False) is True
    monkeypatch.setenv("FLAG", "0")
    assert envbool("FLAG", default=True) is False


def test_envbool_bad_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG must be one of"):
        envbool("DJANGO_DEBUG", default=True)


def test_envint_bad_value_names_the_variable(monkeypatch):
    monkeypatch.setenv("WORKERS", "two")

    with pytest.raises(ImproperlyConfigured, match="WORKERS must be a whole number"):
        envint("WORKERS", 1)


def test_envlist_rejects_empty_items(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "example.com,,www.example.com")

    with pytest.raises(ImproperlyConfigured, match="DJANGO_ALLOWED_HOSTS"):
        envlist("DJANGO_ALLOWED_HOSTS", [])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://news.example.com", "https://news.example.com"),
        ("https://news.example.com/", "https://news.example.com"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ],
)
def test_envurl_reads_a_site_address(monkeypatch, raw, expected):
    monkeypatch.setenv("NEWSROOM_BASE_URL", raw)

    assert envurl("NEWSROOM_BASE_URL", "http://127.0.0.1:8000") == expected


def test_envurl_default_when_unset(monkeypatch):
    monkeypatch.delenv("NEWSROOM_BASE_URL", raising=False)

    assert envurl("NEWSROOM_BASE_URL", "http://127.0.0.1:8000") == (
        "http://127.0.0.1:8000"
    )


@pytest.mark.parametrize(
    "raw",
    [
        "news.example.com",
        "ftp://news.example.com",
        "https://news.example.com/news",
        "https://news.example.com?x=1",
        "https://user:pw@news.example.com",
        "https://news.example.com:99999",
        "https://",
        "",
    ],
)
def test_envurl_refuses_anything_but_scheme_and_host(monkeypatch, raw):
    monkeypatch.setenv("NEWSROOM_BASE_URL", raw)

    with pytest.raises(ImproperlyConfigured, match="NEWSROOM_BASE_URL"):
        envurl("NEWSROOM_BASE_URL", "http://127.0.0.1:8000")


# --- e-mail --------------------------------------------------------------------


def test_envemail_console_on_a_developers_machine(monkeypatch):
    monkeypatch.delenv("EMAIL_URL", raising=False)
    monkeypatch.delenv("EMAIL_HOST", raising=False)

    assert envemail(debug=True) == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }
    assert envemail(debug=False)["EMAIL_HOST"] == "localhost"


def test_envemail_reads_an_smtp_url(monkeypatch):
    monkeypatch.setenv(
        "EMAIL_URL", "smtp+tls://desk%40example.com:p%2Fw@mail.example:2525"
    )

    assert envemail(debug=False) == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example",
        "EMAIL_PORT": 2525,
        "EMAIL_HOST_USER": "desk@example.com",
        "EMAIL_HOST_PASSWORD": "p/w",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }


def test_envemail_reads_the_host_variables(monkeypatch):
    monkeypatch.delenv("EMAIL_URL", raising=False)
    monkeypatch.setenv("EMAIL_HOST", "smtp.example")
    monkeypatch.setenv("EMAIL_PORT", "587")
    monkeypatch.setenv("EMAIL_HOST_USER", "desk")
    monkeypatch.setenv("EMAIL_HOST_PASSWORD", "secret")
    monkeypatch.setenv("EMAIL_USE_TLS", "yes")

    assert envemail(debug=True) == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "desk",
        "EMAIL_HOST_PASSWORD": "secret",
        "EMAIL_USE_TLS": True,
    }


@pytest.mark.parametrize("raw", ["mail.example", "http://mail.example", "smtp://"])
def test_envemail_refuses_a_bad_url(monkeypatch, raw):
    monkeypatch.setenv("EMAIL_URL", raw)

    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        envemail(debug=False)


def test_envtimezone_reads_a_zone_name(monkeypatch):
    monkeypatch.setenv("NEWSROOM_TIME_ZONE", "Europe/London")

    assert envtimezone("NEWSROOM_TIME_ZONE", "America/New_York") == "Europe/London"
    monkeypatch.delenv("NEWSROOM_TIME_ZONE")
    assert envtimezone("NEWSROOM_TIME_ZONE", "America/New_York") == "America/New_York"


@pytest.mark.parametrize("raw", ["Mars/Olympus_Mons", "EST5EDT/../x", "../etc"])
def test_envtimezone_refuses_an_unknown_zone(monkeypatch, raw):
    monkeypatch.setenv("NEWSROOM_TIME_ZONE", raw)

    with pytest.raises(ImproperlyConfigured, match="NEWSROOM_TIME_ZONE"):
        envtimezone("NEWSROOM_TIME_ZONE", "America/New_York")
