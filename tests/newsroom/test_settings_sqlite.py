"""Two people saving at the same moment on SQLite: one waits, nobody gets a 500.

The test database is in memory, where SQLite locks differently, so this
opens two connections with the project's own settings to a database file,
as two requests of ``make run`` would.
"""

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper


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
