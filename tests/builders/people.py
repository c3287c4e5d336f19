"""People for tests: plain, explicit, no hidden defaults that matter."""

from itertools import count

from people.models import Person

_numbers = count(1)


def next_number() -> int:
    """A number no other builder has handed out in this run (names, slugs)."""
    return next(_numbers)


def make_person(name: str | None = None, **fields) -> Person:
    return Person.objects.create(name=name or f"Person {next_number()}", **fields)
