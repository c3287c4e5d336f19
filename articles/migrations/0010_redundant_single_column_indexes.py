"""Drop single-column indexes that a wider index or constraint already leads with.

Each of these columns is the first column of another index (a unique
constraint, or a composite index made for a page), which serves every lookup
by that column alone as well. Every index is one more write for each row the
importer stores: eight of them cost ~0.05-0.08 ms of PostgreSQL's CPU per
imported article (docs/performance.md, "Profile of the import").

Only the indexes go. Left to Django, turning ``db_index`` off on a foreign key
also drops and re-adds its constraint, which checks every row again: minutes
and a table lock on a million articles. So the state changes are Django's and
the database changes are just the ``DROP INDEX``es, under the names Django gave
the indexes (the same on SQLite and PostgreSQL; the ``_like`` one for
``LIKE`` on status exists only on PostgreSQL).
"""

import django.db.models.deletion
from django.db import migrations, models

# (table, column, index name) of each index dropped.
INDEXES = [
    ("articles_article", "status", "articles_article_status_f68a8acd"),
    ("articles_byline", "article_id", "articles_byline_article_id_b3b9786c"),
    ("articles_byline", "person_id", "articles_byline_person_id_6f91f243"),
    (
        "articles_publishedversion",
        "article_id",
        "articles_publishedversion_article_id_8fa56b19",
    ),
    (
        "articles_taggedperson",
        "content_object_id",
        "articles_taggedperson_content_object_id_584cb78a",
    ),
    (
        "articles_taggedtopic",
        "content_object_id",
        "articles_taggedtopic_content_object_id_a3550632",
    ),
    (
        "articles_taggedwork",
        "content_object_id",
        "articles_taggedwork_content_object_id_4d042c5a",
    ),
]
STATUS_LIKE = "articles_article_status_f68a8acd_like"


def drop_indexes(apps, schema_editor):
    for _, _, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {STATUS_LIKE}")


def create_indexes(apps, schema_editor):
    for table, column, name in INDEXES:
        schema_editor.execute(f"CREATE INDEX {name} ON {table} ({column})")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {STATUS_LIKE} ON articles_article "
            "(status varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_body_lz4"),
        ("people", "0004_perf"),
    ]

    state_operations = [
        migrations.AlterField(
            model_name="article",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("in_review", "In review"),
                    ("changes_requested", "Changes requested"),
                    ("approved", "Approved"),
                    ("scheduled", "Scheduled"),
                    ("published", "Published"),
                    ("unpublished", "Unpublished"),
                    ("retracted", "Retracted"),
                ],
                default="draft",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="byline",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="bylines",
                to="articles.article",
            ),
        ),
        migrations.AlterField(
            model_name="byline",
            name="person",
            field=models.ForeignKey(
                db_index=False,
                help_text="Who is credited. A person with bylines cannot be deleted.",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="bylines",
                to="people.person",
            ),
        ),
        migrations.AlterField(
            model_name="publishedversion",
            name="article",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="published_versions",
                to="articles.article",
            ),
        ),
        migrations.AlterField(
            model_name="taggedperson",
            name="content_object",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="person_tags",
                to="articles.article",
            ),
        ),
        migrations.AlterField(
            model_name="taggedtopic",
            name="content_object",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="topic_tags",
                to="articles.article",
            ),
        ),
        migrations.AlterField(
            model_name="taggedwork",
            name="content_object",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="work_tags",
                to="articles.article",
            ),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=state_operations,
            database_operations=[
                migrations.RunPython(drop_indexes, create_indexes),
            ],
        ),
    ]
