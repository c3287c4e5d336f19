"""Setting the people and works an article is tagged with, from the admin form.

One write path for the tag pickers: tags kept stay as they were (how they
were found and who added them); new ones record who added them and whether
they were accepted from the suggestions (``articles.suggestions``).
"""

from __future__ import annotations

from collections.abc import Iterable

from articles.models import Article, FoundBy, TaggedPerson, TaggedWork


def set_entity_tags(
    article: Article,
    *,
    people: Iterable[int],
    works: Iterable[int],
    suggested_people: Iterable[int] = (),
    suggested_works: Iterable[int] = (),
    by,
) -> bool:
    """Tag ``article`` with exactly ``people`` and ``works`` (ids).

    Removes the tags not listed and adds the new ones, marked as added by
    ``by``, found by ``SUGGESTED`` if their id is among ``suggested_*`` and
    by ``EDITOR`` otherwise. Returns whether anything changed.
    """
    changed = False
    for model, wanted, suggested in (
        (TaggedPerson, people, suggested_people),
        (TaggedWork, works, suggested_works),
    ):
        wanted, suggested = set(wanted), set(suggested)
        rows = model.objects.filter(content_object=article)
        current = set(rows.values_list("tag_id", flat=True))
        if current - wanted:
            rows.filter(tag__in=current - wanted).delete()
            changed = True
        new = wanted - current
        if new:
            model.objects.bulk_create(
                model(
                    content_object=article,
                    tag_id=pk,
                    found_by=FoundBy.SUGGESTED if pk in suggested else FoundBy.EDITOR,
                    added_by=by,
                )
                for pk in sorted(new)
            )
            changed = True
    return changed
