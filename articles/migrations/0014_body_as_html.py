"""Turn every plain-text body into the HTML schema of articles.body.

Each paragraph (text between blank lines) becomes a <p>, its text kept
exactly (articles.body.from_plain_text, which the importer uses too, so a
re-imported seed gives the same body). The published versions readers can
compare are converted the same way. The rendered HTML is left empty: it is
made from the new body when first needed (articles.rendering).

Reversible: going back turns each body into its plain text again, which for
a converted body is the text it had. (A body written with the rich editor
loses its links, headings and figures on the way back; back up first.)
"""

from django.db import migrations

from articles.body import from_plain_text, is_html, text_of

BATCH = 2000


def _convert(model, convert) -> None:
    """``convert(row)`` for every row of ``model``, saved in batches by key."""
    last = 0
    while rows := list(model.objects.filter(pk__gt=last).order_by("pk")[:BATCH]):
        fields = set()
        for row in rows:
            fields |= convert(row)
        model.objects.bulk_update(rows, sorted(fields))
        last = rows[-1].pk


def forwards(apps, schema_editor):
    def article(row) -> set[str]:
        if not is_html(row.body):
            row.body = from_plain_text(row.body)
        row.body_text = text_of(row.body)
        return {"body", "body_text"}

    def version(row) -> set[str]:
        if not is_html(row.body):
            row.body = from_plain_text(row.body)
        return {"body"}

    _convert(apps.get_model("articles", "Article"), article)
    _convert(apps.get_model("articles", "PublishedVersion"), version)


def backwards(apps, schema_editor):
    def plain(row) -> set[str]:
        row.body = text_of(row.body)
        return {"body"}

    _convert(apps.get_model("articles", "Article"), plain)
    _convert(apps.get_model("articles", "PublishedVersion"), plain)


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_rich_body")]

    operations = [migrations.RunPython(forwards, backwards)]
