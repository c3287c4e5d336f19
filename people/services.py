"""Writing people and works: every change purges the public pages that show
them from the page cache once it is committed, and tells the apps above
(``people.signals.entity_changed``: articles render their links again),
whoever called the function."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from newsroom.pagecache import purge_tags
from people.models import Person, Work, person_cache_tag, work_cache_tag
from people.signals import entity_changed

_CACHE_TAG = {Person: person_cache_tag, Work: work_cache_tag}
_KIND = {Person: "person", Work: "work"}


def may_approve(user, entity_type: type[Person] | type[Work]) -> bool:
    """Whether ``user`` may approve people (or works) that reporters added."""
    return user.has_perm(f"people.approve_{entity_type._meta.model_name}")


def save_entity(entity: Person | Work, *, by=None) -> Person | Work:
    """Save a person or work: its page and every page showing its name,
    title or credits change.

    A new one made ``by`` someone who may not approve it (a reporter) awaits
    an editor's approval and is public nowhere until then.
    """
    if entity._state.adding and by is not None:
        entity.added_by = by
        if not may_approve(by, type(entity)):
            entity.approved_at = None
            entity.approved_by = None
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


def approve(entity: Person | Work, *, by) -> Person | Work:
    """Approve a person or work a reporter added: from now on it has a public
    page (once it has something to show), and the linker offers it.

    Raises ``PermissionDenied`` for anyone who may not approve; approving an
    approved one changes nothing.
    """
    if not may_approve(by, type(entity)):
        raise PermissionDenied(f"Only an editor can approve {entity}.")
    if entity.approved_at is not None:
        return entity
    entity.approved_at = timezone.now()
    entity.approved_by = by
    entity.save(update_fields=["approved_at", "approved_by"])
    # Articles tagged with it render their links to it now that it has a page.
    purge_tags([_CACHE_TAG[type(entity)](entity.pk)])
    entity_changed.send(type(entity), kind=_KIND[type(entity)], pk=entity.pk)
    return entity
