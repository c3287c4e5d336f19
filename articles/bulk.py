"""Inserting many rows without building a model instance for each.

The importer and the benchmarks' corpus generator write hundreds of thousands
of plain rows (tags, bylines, versions); Django's ``bulk_create`` spends more
time preparing each value of each instance than the database spends storing
it. An article's row is built from its columns' names in one place,
``article_rows``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models

from articles.models import Article

# The article columns bulk writers fill (the importer, and the corpus
# generator, which adds "id"); the others stay NULL: no editor, no lead image,
# never submitted.
ARTICLE_COLUMNS = (
    "headline",
    "headline_origin",
    "slug",
    "dek",
    "body",
    "body_html",
    "body_text",
    "about",
    "status",
    "published_at",
    "first_published_at",
    "created_at",
    "updated_at",
    "source_name",
    "source_url",
    "source_key",
    "source_digest",
    "lock_version",
    "review_note",
)


def article_rows(articles: Iterable[Article], columns: Sequence[str]) -> list[tuple]:
    """The rows of ``articles`` for ``write_rows``, column by column.

    Each value is read from the instance by its column's name and made what
    the driver stores (datetimes adapted); nothing is derived here, so set
    every column first (``created_at`` and ``updated_at`` too: ``auto_now``
    runs in ``save()``, which bulk writes skip).
    """
    adapt = connection.ops.adapt_datetimefield_value
    fields = [Article._meta.get_field(column) for column in columns]
    getters = [
        (field.attname, isinstance(field, models.DateTimeField)) for field in fields
    ]
    return [
        tuple(
            adapt(getattr(article, name)) if is_time else getattr(article, name)
            for name, is_time in getters
        )
        for article in articles
    ]


def write_rows(
    model: type[models.Model], columns: Iterable[str], rows: list[tuple]
) -> None:
    """Insert ``rows`` into ``model``'s table by the fastest path the database has.

    Rows bypass the ORM (no ``save()``, no signals, no field defaults), so
    every value must already be what the column stores; a column left out of
    ``columns`` gets the database's own default (the id its sequence gives).
    A refused row raises Django's ``IntegrityError``/``DataError``, as the
    ORM would.
    """
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's cursor translates the driver's errors for execute(),
            # not for copy(): do it here so callers can catch IntegrityError.
            with (
                connection.wrap_database_errors,
                cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(rows[0]))
            # Table and column names come from the models, never from input.
            insert = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(insert, rows)


def reserve_ids(model: type[models.Model], count: int) -> list[int] | None:
    """``count`` new ids for ``model``'s rows, ascending, or None on SQLite.

    The ids come from the table's own sequence, so no other writer will ever
    be given them, whether or not they end up used (a sequence is outside
    transactions: a rolled-back or unused id is a gap, as after any rollback).
    Rows written with them can be built before anything is stored, and need
    no query afterwards to learn their ids. SQLite has no sequence to draw
    from; its callers insert first and read the ids back.
    """
    if connection.vendor != "postgresql":
        return None
    if count == 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
            "FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())
