"""Indexes for the public site.

``article_pub_order_idx`` serves newest-first lists. The GIN index for public
search exists on PostgreSQL only; on SQLite that operation does nothing.

The index is built from the same weighted vector that ``articles.search``
queries (headline A, dek B, body C, 'english'), written out here rather than
imported so this migration does not change if that module does. SQLite has no
GIN indexes and searches with LIKE instead, so there the operation does
nothing.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.conf import settings
from django.db import migrations, models

INDEX_NAME = "article_search_gin"


def _index() -> GinIndex:
    vector = (
        SearchVector("headline", weight="A", config="english")
        + SearchVector("dek", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    return GinIndex(vector, name=INDEX_NAME)


def add_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("articles", "Article"), _index())


def remove_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("articles", "Article"), _index())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_workflow_data"),
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["-published_at", "-id"], name="article_pub_order_idx"
            ),
        ),
        migrations.RunPython(add_search_index, remove_search_index),
    ]
