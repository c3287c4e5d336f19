import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import envbool, envint, envlist, envurl

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "abcdefghij" * 6  # long and varied enough for check --deploy


def load_settings(**env: str) -> subprocess.CompletedProcess:
    """Import the settings module in a fresh interpreter with ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import newsroom.settings as s; print(s.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


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


def test_settings_default_is_sqlite():
    result = load_settings()

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_settings_database_url_selects_postgresql():
    result = load_settings(DATABASE_URL="postgres://user@127.0.0.1:5432/newsroom")

    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_settings_debug_off_requires_secret_key():
    result = load_settings(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.com")

    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY is required when DEBUG is off" in result.stderr


def test_settings_debug_off_requires_allowed_hosts():
    result = load_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=STRONG_KEY)

    assert "DJANGO_ALLOWED_HOSTS is required when DEBUG is off" in result.stderr


def test_settings_bad_debug_value_fails_naming_it():
    result = load_settings(DJANGO_DEBUG="perhaps")

    assert "DJANGO_DEBUG must be one of" in result.stderr


def test_settings_unknown_database_scheme_fails_naming_it():
    result = load_settings(DATABASE_URL="mongo://localhost/db")

    assert result.returncode == 1
    assert "DATABASE_URL" in result.stderr


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


def test_bad_base_url_stops_start_up():
    result = load_settings(NEWSROOM_BASE_URL="news.example.com")

    assert result.returncode == 1
    assert "NEWSROOM_BASE_URL must be an http(s) address" in result.stderr
