"""A topic's tag rows indexed by topic then article, as people's and works'
are (0007): its rule (``public.queries.public_topics``) finds the topic's
newest listed article without reading all of its rows. The index on the topic
alone is dropped: the new one serves every lookup by topic.

Built once, on PostgreSQL a few seconds for a million articles (writes to the
topic tags wait meanwhile); on SQLite the tag table is copied.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0024_sqlite_word_index")]

    operations = [
        migrations.AddIndex(
            model_name="taggedtopic",
            index=models.Index(
                fields=["tag", "content_object"], name="taggedtopic_tag_article_idx"
            ),
        ),
        migrations.AlterField(
            model_name="taggedtopic",
            name="tag",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="items",
                to="articles.topic",
            ),
        ),
    ]
