"""The settings module, imported in a fresh interpreter with a given
environment: development defaults, production configuration (the deploy
check is clean) and bad values that stop start-up naming the variable."""

import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper

from tests.builders.seeds import ROOT

STRONG_KEY = "k3y-" + "abcdefghij" * 6  # long and varied enough for check --deploy
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "Vq3-" + "x7Kp2mZr9LwT" * 5,
    "DJANGO_ALLOWED_HOSTS": "news.example.com",
    "DATABASE_URL": "postgres://newsroom@127.0.0.1:5432/newsroom",
    "DJANGO_BEHIND_TLS_PROXY": "1",
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
    # Production runs several workers, which share one page cache.
    "REDIS_URL": "redis://127.0.0.1:6379/1",
}


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


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Run ``args`` in a fresh interpreter with only ``env`` as configuration."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "NEWSROOM_")) and k not in {"DATABASE_URL"}
    }
    clean.pop("REDIS_URL", None)
    return subprocess.run(  # noqa: S603 - our interpreter, fixed arguments
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def print_setting(name: str, **env: str) -> subprocess.CompletedProcess:
    return run(["-c", f"import newsroom.settings as s; print(repr(s.{name}))"], **env)


# --- Development ---------------------------------------------------------------


def test_settings_default_is_sqlite():
    result = load_settings()

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_settings_database_url_selects_postgresql():
    result = load_settings(DATABASE_URL="postgres://user@127.0.0.1:5432/newsroom")

    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("value", "threshold"), [(None, "5"), ("1", "5"), ("0", "None")]
)
def test_postgresql_prepares_repeated_statements_unless_turned_off(value, threshold):
    env = {"DATABASE_URL": "postgres://user@127.0.0.1:5432/newsroom"}
    if value is not None:
        env["DATABASE_PREPARED_STATEMENTS"] = value
    options = "DATABASES['default']['OPTIONS']"
    result = print_setting(f"{options}['prepare_threshold']", **env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == threshold


def test_a_bad_prepared_statements_value_stops_start_up_naming_it():
    result = load_settings(
        DATABASE_URL="postgres://user@127.0.0.1:5432/newsroom",
        DATABASE_PREPARED_STATEMENTS="maybe",
    )

    assert result.returncode != 0
    assert "DATABASE_PREPARED_STATEMENTS must be one of" in result.stderr


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


def test_bad_base_url_stops_start_up():
    result = load_settings(NEWSROOM_BASE_URL="news.example.com")

    assert result.returncode == 1
    assert "NEWSROOM_BASE_URL must be an http(s) address" in result.stderr


# --- Production ----------------------------------------------------------------


def test_deploy_check_is_clean_with_production_variables():
    # The check needs no database connection, so the URL need not answer.
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION
    )

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "System check identified no issues (0 silenced).\n"


def test_deploy_check_warns_without_hsts_preload():
    env = {**PRODUCTION}
    del env["DJANGO_SECURE_HSTS_PRELOAD"]

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)

    assert result.returncode == 1
    assert "security.W021" in result.stderr


def test_production_sets_strict_https_and_cookies():
    code = (
        "import newsroom.settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.CSRF_COOKIE_HTTPONLY, s.SECURE_PROXY_SSL_HEADER, "
        "s.STORAGES['staticfiles']['BACKEND'])"
    )

    result = run(["-c", code], **PRODUCTION)

    assert result.stdout.split() == [
        "True",
        "31536000",
        "True",
        "True",
        "True",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_proxy_header_is_not_trusted_unless_configured():
    env = {**PRODUCTION}
    del env["DJANGO_BEHIND_TLS_PROXY"]

    result = run(
        [
            "-c",
            "import newsroom.settings as s; "
            "print(hasattr(s, 'SECURE_PROXY_SSL_HEADER'))",
        ],
        **env,
    )

    assert result.stdout == "False\n"


def test_redis_url_selects_the_redis_cache():
    result = print_setting(
        "CACHES['default']['BACKEND']", REDIS_URL="redis://127.0.0.1:6379/1"
    )

    assert result.stdout == "'django.core.cache.backends.redis.RedisCache'\n"


def test_cache_defaults_to_local_memory():
    result = print_setting("CACHES['default']['BACKEND']")

    assert result.stdout == "'django.core.cache.backends.locmem.LocMemCache'\n"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_SECRET_KEY", None, "DJANGO_SECRET_KEY is required"),
        ("DJANGO_SECRET_KEY", "short", "DJANGO_SECRET_KEY is too weak"),
        ("DJANGO_SECRET_KEY", "a" * 60, "DJANGO_SECRET_KEY is too weak"),
        (
            "DJANGO_SECRET_KEY",
            "django-insecure-" + "abcdefghij" * 6,
            "DJANGO_SECRET_KEY is too weak",
        ),
        ("DJANGO_ALLOWED_HOSTS", None, "DJANGO_ALLOWED_HOSTS is required"),
        ("DJANGO_ALLOWED_HOSTS", "*", "DJANGO_ALLOWED_HOSTS lists host names"),
        (
            "DJANGO_ALLOWED_HOSTS",
            "https://news.example.com",
            "DJANGO_ALLOWED_HOSTS lists host names",
        ),
        ("DJANGO_ALLOWED_HOSTS", "a.example.com,", "DJANGO_ALLOWED_HOSTS is a comma"),
        ("DATABASE_URL", None, "DATABASE_URL is required when DEBUG is off"),
        ("DATABASE_URL", "mongo://x/y", "DATABASE_URL is not a valid URL"),
        ("DJANGO_DEBUG", "nope", "DJANGO_DEBUG must be one of"),
        ("DJANGO_BEHIND_TLS_PROXY", "maybe", "DJANGO_BEHIND_TLS_PROXY must be one of"),
        ("DJANGO_SECURE_SSL_REDIRECT", "2", "DJANGO_SECURE_SSL_REDIRECT must be one"),
        ("DJANGO_SECURE_HSTS_SECONDS", "1y", "DJANGO_SECURE_HSTS_SECONDS must be a"),
        ("DJANGO_SECURE_HSTS_SECONDS", "-1", "DJANGO_SECURE_HSTS_SECONDS must be at"),
        (
            "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS",
            "si",
            "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS must be one of",
        ),
        ("DJANGO_SECURE_HSTS_PRELOAD", "x", "DJANGO_SECURE_HSTS_PRELOAD must be one"),
        ("DJANGO_SECURE_COOKIES", "x", "DJANGO_SECURE_COOKIES must be one of"),
        (
            "DJANGO_CSRF_TRUSTED_ORIGINS",
            "news.example.com",
            "DJANGO_CSRF_TRUSTED_ORIGINS lists origins",
        ),
        ("REDIS_URL", "http://127.0.0.1:6379", "REDIS_URL must be a URL starting"),
        (
            "NEWSROOM_TRUSTED_PROXY_COUNT",
            "one",
            "NEWSROOM_TRUSTED_PROXY_COUNT must be a whole number",
        ),
        (
            "NEWSROOM_LOGIN_FAILURE_LIMIT",
            "0",
            "NEWSROOM_LOGIN_FAILURE_LIMIT must be at least 1",
        ),
        (
            "NEWSROOM_LOGIN_COOLOFF_MINUTES",
            "soon",
            "NEWSROOM_LOGIN_COOLOFF_MINUTES must be a whole number",
        ),
    ],
)
def test_bad_production_variable_stops_start_up_naming_it(variable, value, message):
    env = {**PRODUCTION}
    if value is None:
        env.pop(variable)
    else:
        env[variable] = value

    result = print_setting("DEBUG", **env)

    assert result.returncode == 1
    assert "django.core.exceptions.ImproperlyConfigured: " + message in result.stderr


# --- Image limits --------------------------------------------------------------


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


@pytest.fixture
def two_connections(tmp_path, django_db_blocker):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite settings; PostgreSQL locks rows")
    config = {**settings.DATABASES["default"], "NAME": str(tmp_path / "db.sqlite3")}
    first, second = DatabaseWrapper(config, "first"), DatabaseWrapper(config, "second")
    first.inc_thread_sharing()  # the first save runs in a thread of its own
    with django_db_blocker.unblock():
        with first.cursor() as cursor:
            cursor.execute("CREATE TABLE story (id integer PRIMARY KEY, body text)")
            cursor.execute("INSERT INTO story VALUES (1, 'first draft')")
        yield first, second
        first.close()
        second.close()
        first.dec_thread_sharing()


def save_in_transaction(wrapper: DatabaseWrapper, body: str, *, holding=None) -> None:
    """Read the story, then save ``body``, in one transaction (as the admin
    does: the form is checked against the row, then saved)."""
    with wrapper.cursor() as cursor:
        # What transaction.atomic() does on SQLite, with the settings' mode.
        wrapper._start_transaction_under_autocommit()
        cursor.execute("SELECT body FROM story WHERE id = 1")
        cursor.execute("UPDATE story SET body = %s WHERE id = 1", [body])
        if holding is not None:
            holding.set()
            threading.Event().wait(0.5)  # still saving when the other begins
        cursor.execute("COMMIT")


def test_sqlite_saves_at_the_same_moment_wait_for_each_other(two_connections):
    first, second = two_connections
    started, errors = threading.Event(), []

    def first_save():
        try:
            save_in_transaction(first, "first editor", holding=started)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=first_save)
    thread.start()
    assert started.wait(timeout=10), errors
    save_in_transaction(second, "second editor")
    thread.join()

    with second.cursor() as cursor:
        cursor.execute("SELECT body FROM story")
        assert cursor.fetchall() == [("second editor",)]
    assert errors == []


def test_sqlite_settings_take_the_write_lock_when_a_transaction_begins():
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite settings")

    assert options["transaction_mode"] == "IMMEDIATE"
