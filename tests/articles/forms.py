"""The POST data the admin's article change form sends, built from the database.

Tests change a field or two and post it, as a browser would.
"""

from articles.models import Article

INLINES = {
    "bylines": ["position", "person", "role"],
    "person_tags": ["tag"],
    "work_tags": ["tag"],
    "corrections": ["kind", "text", "created_at_0", "created_at_1"],
}


def article_form_data(article: Article, **overrides) -> dict[str, str]:
    article.refresh_from_db()
    data = {
        "headline": article.headline,
        "headline_origin": article.headline_origin,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "seen_lock_version": str(article.lock_version),
        "topics": ", ".join(t.name for t in article.topics.all()),
        "source_name": article.source_name,
        "source_url": article.source_url,
        "_save": "Save",
    }
    rows = {
        "bylines": list(article.bylines.all()),
        "person_tags": list(article.person_tags.all()),
        "work_tags": list(article.work_tags.all()),
        "corrections": list(article.corrections.all()),
    }
    for prefix, objects in rows.items():
        data[f"{prefix}-TOTAL_FORMS"] = str(len(objects))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(objects))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for i, obj in enumerate(objects):
            data[f"{prefix}-{i}-id"] = str(obj.pk)
            data[f"{prefix}-{i}-article"] = str(article.pk)
            data[f"{prefix}-{i}-content_object"] = str(article.pk)
            for name in INLINES[prefix]:
                if name.startswith("created_at"):
                    value = obj.created_at
                    part = "%Y-%m-%d" if name.endswith("0") else "%H:%M:%S"
                    data[f"{prefix}-{i}-{name}"] = value.strftime(part)
                elif name in ("person", "tag"):
                    data[f"{prefix}-{i}-{name}"] = str(getattr(obj, f"{name}_id"))
                else:
                    data[f"{prefix}-{i}-{name}"] = str(getattr(obj, name))
    data.update({key: str(value) for key, value in overrides.items()})
    return data


def change_url(article: Article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"
