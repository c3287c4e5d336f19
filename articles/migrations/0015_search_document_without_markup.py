"""Search the body's words, not its markup (PostgreSQL only).

The stored search vector of 0008 read ``body``, which now holds HTML: tag
names and attributes (``data-ref="person:12"``) would be searchable. The
column now drops every tag from the body before it makes the vector, with
the same weights (headline A, dek B, body C). The database still computes
it, so an edit made any way, even a raw UPDATE, is searchable at once.
Rebuilding the column rewrites the table: minutes for a million articles.
"""

from django.db import migrations


def _vector(body_column: str) -> str:
    return f"""
ALTER TABLE articles_article DROP COLUMN search_document;
ALTER TABLE articles_article ADD COLUMN search_document tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, COALESCE(headline, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, COALESCE(dek, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, COALESCE({body_column}, '')), 'C')
    ) STORED;
CREATE INDEX article_search_document_gin ON articles_article
    USING gin (search_document);
"""


# Tags become spaces, so words on either side of one stay apart.
WORDS_OF_BODY = "regexp_replace(body, '<[^>]*>', ' ', 'g')"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_vector(WORDS_OF_BODY))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_vector("body"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_body_as_html")]

    operations = [migrations.RunPython(forwards, backwards)]
