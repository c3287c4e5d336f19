"""SQLite: a full-text index of the articles' words, kept by triggers.

See ``articles.fulltext``: search looked for each word with ``LIKE`` in every
article's text. PostgreSQL has its GIN index (0008): nothing to do there, nor
on a SQLite without FTS5's trigram tokenizer (search keeps ``LIKE``).
"""

from django.db import migrations

from articles import fulltext


def create_index(apps, schema_editor):
    if fulltext.in_use(schema_editor.connection):
        for statement in [
            fulltext.CREATE_TABLE,
            *fulltext.CREATE_TRIGGERS,
            fulltext.FILL,
        ]:
            schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in fulltext.DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articles", "0023_body_columns_last")]

    operations = [migrations.RunPython(create_index, drop_index)]
