"""Store each article's search vector (PostgreSQL only).

Migration 0005 indexed the vector as an expression. Matching through that
index is fast, but every other use of the vector rebuilds it from the text
(~0.5 ms per article): to test a row the planner reached another way, or to
sort the matches. A popular name matches a third of the articles, so search
read and sorted all of them (70 ms at 100k articles, linear in the corpus).
A stored generated column is read, not rebuilt, so the planner can also walk
the newest-first index and stop after one window of matches, and its
statistics give it the selectivity of each word to choose between the two.

The expression is the one ``articles.search`` and 0005 use (headline A, dek B,
body C, 'english'); the database keeps the column up to date on every write,
so no code path can forget it. Django does not know the column
(``articles.search.StoredDocument`` reads it), so SQLite, which searches with
LIKE, has nothing to do here. Adding the column rewrites the table: minutes
for a million articles.
"""

from django.db import migrations

ADD = """
ALTER TABLE articles_article ADD COLUMN search_document tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, COALESCE(headline, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, COALESCE(dek, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'C')
    ) STORED;
CREATE INDEX article_search_document_gin ON articles_article
    USING gin (search_document);
DROP INDEX article_search_gin;
"""

REMOVE = """
CREATE INDEX article_search_gin ON articles_article USING gin ((
    setweight(to_tsvector('english'::regconfig, COALESCE(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(dek, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'C')
));
ALTER TABLE articles_article DROP COLUMN search_document;
"""


def store_search_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)


def drop_search_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REMOVE)


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_tag_article_indexes")]

    operations = [
        migrations.RunPython(store_search_document, drop_search_document),
    ]
