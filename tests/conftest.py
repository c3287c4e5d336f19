import importlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import caches
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SEED_TEXTS = FIXTURES / "articles"


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Views are tested as they run; the page cache is tested on its own
    (tests/newsroom/test_pagecache*.py turn it on)."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: the page cache must not carry a page
    from one test into another."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def people_and_works(db):
    """The people, groups, works and credits of fixtures/people.json."""
    call_command("loaddata", FIXTURES / "people.json", verbosity=0)


@pytest.fixture
def seeded(people_and_works):
    """The three seed articles imported as `make run` imports them."""
    call_command("import_articles", SEED_TEXTS, verbosity=0, stdout=_Null())


class _Null:
    def write(self, *args, **kwargs) -> None:
        pass

    def flush(self) -> None:
        pass


@pytest.fixture
def roles(transactional_db):
    """The Editor and Reporter groups, for tests that empty the database.

    A transactional test (live server, threads) starts from a flushed
    database, which has lost what data migrations made; this re-runs the
    migration's own code rather than a copy of its rules.
    """
    migration = importlib.import_module("articles.migrations.0004_workflow_data")
    migration.create_groups(apps, None)
