"""Writing people and works: every change purges the public pages that show
them from the page cache once it is committed, and tells the apps above
(``people.signals.entity_changed``: articles render their links again),
whoever called the function."""

from __future__ import annotations

from newsroom.pagecache import purge_tags
from people.models import Person, Work, person_cache_tag, work_cache_tag
from people.signals import entity_changed

_CACHE_TAG = {Person: person_cache_tag, Work: work_cache_tag}
_KIND = {Person: "person", Work: "work"}


def save_entity(entity: Person | Work) -> Person | Work:
    """Save a person or work: its page and every page showing its name,
    title or credits change."""
    entity.save()
    purge_tags([_CACHE_TAG[type(entity)](entity.pk)])
    entity_changed.send(type(entity), kind=_KIND[type(entity)], pk=entity.pk)
    return entity


def delete_entity(entity: Person | Work) -> None:
    """Delete a person or work; the articles tagged with it lose the tag.
    A person with bylines is refused (``ProtectedError``)."""
    tag = _CACHE_TAG[type(entity)](entity.pk)
    # Before the tags go with it: who shows it is known from them.
    entity_changed.send(type(entity), kind=_KIND[type(entity)], pk=entity.pk)
    entity.delete()
    purge_tags([tag])
