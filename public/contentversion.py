"""The content version: a number the database raises with every committed
change to the rows public pages are made from, whoever writes them.

Stored pages (``public.readmodel``) were checked by reading and digesting
every row they show, on every request: three queries for an article page,
thirty bodies for a feed, two thousand rows for a sitemap section. A
process now notes the version at which it found a stored page current, and
serves the page after one query while the version is the same. One number
for all the content: any change sends every stored page back to reading its rows once
(as every view did before), and to rendering only if they changed.

Triggers raise it, so a ``QuerySet.update``, a migration or an ``UPDATE``
by hand count too: one per changed row on SQLite (its writers take turns);
on PostgreSQL a deferred trigger, once per transaction, as it commits. A
counter raised inside each statement would lock its row from a
transaction's first change to its commit, and two editors' transactions
that lock an article and the counter in opposite orders would deadlock;
at commit, the counter is the last lock taken. Until then the transaction
counts its own changes in a setting of its own (``pending_sql``), which
views inside it read with the version. A view reads the version in
the same statement as the stored page and before the rows it renders
from, so a page checked against newer rows than its version says is only
checked again.

The tables are those of the content apps but for three no public page
reads (``NOT_PUBLIC``). Django rebuilds a SQLite table for some schema
changes and drops its triggers with it; a migration that does so, or that
adds a table to a content app, must create them (``create_triggers``).
``tests/public/test_contentversion.py`` fails if a table lacks them, or if
a stored page is made from a table without them.
"""

from __future__ import annotations

import secrets

from django.apps import apps
from django.db import connection

# Apps whose tables public pages are made from.
CONTENT_APPS = ("articles", "people", "images")
# Tables of those apps that no public page reads. An autosave is written
# every few seconds while an editor types.
NOT_PUBLIC = {"articles_activity", "articles_sharelink", "articles_autosavedraft"}

VERSION_TABLE = "public_contentversion"
_TRIGGER = "public_content_changed"

# Names from this module and the models: nothing a user sends.
_POSTGRESQL_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Deferred, the trigger runs for each changed row when the transaction
    -- commits, all in the COMMIT statement: raise the version once.
    IF current_setting('newsroom.content_changed', true)
            IS DISTINCT FROM statement_timestamp()::text THEN
        UPDATE {VERSION_TABLE} SET version = version + 1 WHERE id = 1;
        PERFORM set_config(
            'newsroom.content_changed', statement_timestamp()::text, true
        );
    END IF;
    RETURN NULL;
END
$$"""  # noqa: S608
# Until it commits, only the transaction itself sees its changes, and the
# version does not move: a view inside it (a test's, which never commits)
# must not be served a page checked before them. After each statement, this
# counts the transaction's changes (``pending_sql``), with no lock.
_PENDING = "public_content_pending"
_POSTGRESQL_PENDING_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {_PENDING}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('newsroom.content_pending', (coalesce(nullif(
        current_setting('newsroom.content_pending', true), ''), '0')::bigint + 1
    )::text, true);
    RETURN NULL;
END
$$"""


def pending_sql() -> str:
    """SQL for this transaction's own changes not yet in the version, as
    text: '0' for none (on SQLite always: its triggers raise the version at
    once). PostgreSQL's setting is NULL before any transaction set it and
    '' after one did."""
    if connection.vendor == "postgresql":
        return (
            "COALESCE(NULLIF(current_setting('newsroom.content_pending', true),"
            " ''), '0')"
        )
    return "'0'"


def content_tables() -> list[str]:
    """The tables whose changes raise the version, as the models are now."""
    return sorted(
        model._meta.db_table
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.db_table not in NOT_PUBLIC
    )


def _trigger_names(table: str) -> list[str]:
    return [f"{_TRIGGER}_{table}_{event}" for event in ("insert", "update", "delete")]


def create_triggers(schema_editor, tables: list[str]) -> None:
    """Have every change to ``tables`` raise the version (again, if a
    rebuilt table lost its triggers)."""
    quote = schema_editor.quote_name
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_POSTGRESQL_FUNCTION)
        schema_editor.execute(_POSTGRESQL_PENDING_FUNCTION)
        for table in tables:
            for name in (_TRIGGER, _PENDING):
                schema_editor.execute(
                    f"DROP TRIGGER IF EXISTS {name} ON {quote(table)}"
                )
            schema_editor.execute(
                f"CREATE CONSTRAINT TRIGGER {_TRIGGER} "
                f"AFTER INSERT OR UPDATE OR DELETE ON {quote(table)} "
                "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
                f"EXECUTE FUNCTION {_TRIGGER}()"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {_PENDING} "
                f"AFTER INSERT OR UPDATE OR DELETE ON {quote(table)} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {_PENDING}()"
            )
        return
    for table in tables:
        events = ("INSERT", "UPDATE", "DELETE")
        for name, event in zip(_trigger_names(table), events, strict=True):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")
            schema_editor.execute(
                f"CREATE TRIGGER {quote(name)} AFTER {event} ON {quote(table)} "  # noqa: S608
                f"BEGIN UPDATE {VERSION_TABLE} SET version = version + 1 "
                "WHERE id = 1; END"
            )


def drop_triggers(schema_editor, tables: list[str]) -> None:
    quote = schema_editor.quote_name
    if schema_editor.connection.vendor == "postgresql":
        for table in tables:
            for name in (_TRIGGER, _PENDING):
                schema_editor.execute(
                    f"DROP TRIGGER IF EXISTS {name} ON {quote(table)}"
                )
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {_TRIGGER}()")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {_PENDING}()")
        return
    for table in tables:
        for name in _trigger_names(table):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")


def tables_with_triggers() -> set[str]:
    """The tables whose changes raise the version, as the database says."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname IN (%s, %s) "
                "GROUP BY c.relname HAVING COUNT(*) = 2",
                [_TRIGGER, _PENDING],
            )
            return {table for (table,) in cursor.fetchall()}
        cursor.execute(
            "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE %s",
            [f"{_TRIGGER}_%"],
        )
        names = cursor.fetchall()
    return {
        table
        for table, _ in names
        if set(_trigger_names(table)) <= {name for _, name in names}
    }


def start_again() -> None:
    """Put back a version row deleted with every other (``manage.py flush``,
    a test that empties the database). It starts at a random number: a page
    stored before the deletion, at some version, must not match it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {VERSION_TABLE} (id, version) VALUES (1, %s) "  # noqa: S608
            "ON CONFLICT (id) DO NOTHING",
            [secrets.randbits(62)],
        )
