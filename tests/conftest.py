"""Fixtures every part of the suite may use: caches, seed data and users.

Test data builders (plain functions) are in tests/builders/; fixtures here
only call them.
"""

import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command

from articles.models import Status
from public import readmodel
from tests.builders.articles import make_article
from tests.builders.importer import NullOutput
from tests.builders.people import make_person
from tests.builders.seeds import PEOPLE_JSON, SEED_TEXTS
from tests.builders.users import make_user


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Views are tested as they run; the page cache is tested on its own
    (tests/newsroom/test_pagecache.py and tests/articles/test_purging.py turn
    it on)."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: the page cache must not carry a page
    from one test into another."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _no_stored_page_checks():
    """A check of a stored page notes a content version, and each test's
    database starts again from the same one."""
    readmodel.forget_checks()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is slow on purpose; these tests log in many times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    """A fresh, empty MEDIA_ROOT for the test, so files can be counted."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def people_and_works(db):
    """The people, groups, works and credits of fixtures/people.json."""
    call_command("loaddata", PEOPLE_JSON, verbosity=0)


@pytest.fixture
def seeded(people_and_works):
    """The three seed articles imported as `make run` imports them."""
    call_command("import_articles", SEED_TEXTS, verbosity=0, stdout=NullOutput())


@pytest.fixture
def roles(transactional_db):
    """The Editor and Reporter groups, for tests that empty the database.

    A transactional test (live server, threads) starts from a flushed
    database, which has lost what data migrations made; this re-runs the
    migration's own code rather than a copy of its rules.
    """
    migration = importlib.import_module("articles.migrations.0004_workflow_data")
    migration.create_groups(apps, None)
    later = importlib.import_module("articles.migrations.0017_profiles_and_approval")
    later.grant(apps, None)


# --- Users in the editorial roles (tests/images has its own `editor`) ----------


@pytest.fixture
def reporter(db):
    return make_user("rita", "Reporter")


@pytest.fixture
def reporter2(db):
    return make_user("rob", "Reporter")


@pytest.fixture
def editor(db):
    return make_user("edna", "Editor")


@pytest.fixture
def admin_client(client, db):
    """A client logged in as a superuser ("boss")."""
    user = get_user_model().objects.create_superuser(
        "boss", "boss@example.invalid", "a long unguessable passphrase"
    )
    client.force_login(user)
    return client


@pytest.fixture
def draft(reporter):
    """A draft by ``reporter``, with a byline, saying the video came out in 2007."""
    return make_article(
        "Spike Jonze films the video",
        status=Status.DRAFT,
        created_by=reporter,
        byline=make_person("Sam Writer"),
        body="The video came out in 2007.",
    )
