"""Writing people and works: every change purges the public pages that show
them from the page cache once it is committed, whoever called the function."""

from __future__ import annotations

from newsroom.pagecache import purge_tags
from people.models import Person, Work, person_cache_tag, work_cache_tag


def save_person(person: Person) -> Person:
    """Save ``person``: their page and every page showing their name change."""
    person.save()
    purge_tags([person_cache_tag(person.pk)])
    return person


def delete_person(person: Person) -> None:
    """Delete ``person`` (refused while they have bylines: ProtectedError)."""
    tag = person_cache_tag(person.pk)
    person.delete()
    purge_tags([tag])


def save_work(work: Work) -> Work:
    """Save ``work``: its page and every page showing its title or credits."""
    work.save()
    purge_tags([work_cache_tag(work.pk)])
    return work


def delete_work(work: Work) -> None:
    """Delete ``work``; the articles tagged with it lose the tag."""
    tag = work_cache_tag(work.pk)
    work.delete()
    purge_tags([tag])
