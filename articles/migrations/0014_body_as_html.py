"""Turn every plain-text body into the HTML schema of articles.body.

Before this migration every body is plain text, whatever it looks like: a
body that starts with "<p onmouseover=…" was typed as text and shown as
text, so each one is converted as text, never read as markup. Each paragraph
(text between blank lines) becomes a <p>, its text kept exactly
(articles.body.from_plain_text, which the importer uses too, so a
re-imported seed gives the same body). The published versions readers can
compare and the article revisions editors can compare or share are
converted the same way. The rendered HTML is left empty: it is made from the
new body when first needed (articles.rendering).

Reversible: going back turns each body into its plain text again, which for
a converted body is the text it had. (A body written with the rich editor
loses its links, headings and figures on the way back; back up first.)
"""

import json

from django.db import migrations

from articles.body import from_plain_text, text_of

BATCH = 2000


def _convert(model, convert, rows=None) -> None:
    """``convert(row)`` for every row of ``model`` (or of the queryset
    ``rows``), saved in batches by key."""
    rows = model.objects.all() if rows is None else rows
    last = 0
    while batch := list(rows.filter(pk__gt=last).order_by("pk")[:BATCH]):
        fields = set()
        for row in batch:
            fields |= convert(row)
        if fields:
            model.objects.bulk_update(batch, sorted(fields))
        last = batch[-1].pk


def _revisions(apps):
    """The stored revisions of articles (django-reversion's JSON)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    article_type = ContentType.objects.filter(app_label="articles", model="article")
    return Version, Version.objects.filter(content_type__in=article_type)


def _convert_revision(convert):
    def revision(row) -> set[str]:
        if row.format != "json":
            return set()
        objects = json.loads(row.serialized_data)
        for obj in objects:
            if isinstance(obj.get("fields", {}).get("body"), str):
                obj["fields"]["body"] = convert(obj["fields"]["body"])
        row.serialized_data = json.dumps(objects)
        return {"serialized_data"}

    return revision


def forwards(apps, schema_editor):
    def article(row) -> set[str]:
        row.body = from_plain_text(row.body)
        row.body_text = text_of(row.body)
        row.body_html = ""
        return {"body", "body_text", "body_html"}

    def version(row) -> set[str]:
        row.body = from_plain_text(row.body)
        return {"body"}

    _convert(apps.get_model("articles", "Article"), article)
    _convert(apps.get_model("articles", "PublishedVersion"), version)
    Version, revisions = _revisions(apps)
    _convert(Version, _convert_revision(from_plain_text), revisions)


def backwards(apps, schema_editor):
    def plain(row) -> set[str]:
        row.body = text_of(row.body)
        return {"body"}

    _convert(apps.get_model("articles", "Article"), plain)
    _convert(apps.get_model("articles", "PublishedVersion"), plain)
    Version, revisions = _revisions(apps)
    _convert(Version, _convert_revision(text_of), revisions)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_rich_body"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
