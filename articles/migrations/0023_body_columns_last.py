"""The body's three columns move to the end of the article row (SQLite only).

SQLite keeps a row's columns in the order of the table and spills what does
not fit in a page to overflow pages. With the body (7 KB on average) fifth,
reading ``status`` or ``published_at`` meant following the body's overflow
chain: every list, feed, topic, person and work page read that chain for
each candidate article, for instance 1.3 ms of a topic page's 2.9 ms at 2,000
articles. After the body, the columns a list filters and sorts on sit in
the row's first page (docs/performance.md, issue 19).

The model state moves the fields too, so a later migration that rebuilds the
table on SQLite keeps them last. PostgreSQL keeps long values out of the row
(TOAST) and its search column is computed from ``body``: nothing changes
there.
"""

from django.db import migrations, models

import newsroom.validators

BODY_COLUMNS = ("body", "body_html", "body_text")


def body_columns_last(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    if connection.Database.sqlite_version_info < (3, 35):
        # No ALTER TABLE ... DROP COLUMN before 3.35: the order stays, and
        # only the speed of the lists with it.
        return
    quote = schema_editor.quote_name
    table = quote(apps.get_model("articles", "Article")._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA table_info({table})")
        declared = {row[1]: (row[2], row[3]) for row in cursor.fetchall()}
    for column in BODY_COLUMNS:
        kind, not_null = declared[column]
        moved = f"{column}__moved"
        null = " NOT NULL DEFAULT ''" if not_null else ""
        # Copy, drop, rename: ALTER TABLE (SQLite 3.35 and later) keeps every
        # other column, index and constraint as it is.
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN {quote(moved)} {kind}{null}"
        )
        schema_editor.execute(
            f"UPDATE {table} SET {quote(moved)} = {quote(column)}"  # noqa: S608
        )
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN {quote(column)}")
        schema_editor.execute(
            f"ALTER TABLE {table} RENAME COLUMN {quote(moved)} TO {quote(column)}"
        )


def body_fields():
    return [
        (
            "body",
            models.TextField(
                blank=True,
                help_text=(
                    "The story: paragraphs, subheadings, lists, quotes and pull "
                    "quotes, links, images from the library, and videos, posts and "
                    "tracks from their address (YouTube, Vimeo, TikTok, Instagram, "
                    "X, Spotify, Apple Music, SoundCloud)."
                ),
                validators=[newsroom.validators.validate_clean_text],
            ),
        ),
        ("body_html", models.TextField(blank=True, editable=False)),
        ("body_text", models.TextField(blank=True, editable=False)),
    ]


class Migration(migrations.Migration):
    dependencies = [("articles", "0022_keys_indexed_where_set")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunPython(body_columns_last, migrations.RunPython.noop)
            ],
            state_operations=[
                *(
                    migrations.RemoveField(model_name="article", name=name)
                    for name in BODY_COLUMNS
                ),
                *(
                    migrations.AddField(model_name="article", name=name, field=field)
                    for name, field in body_fields()
                ),
            ],
        )
    ]
