"""People and works as the linker's entities.

``people.linking`` is plain Python and knows no models; this module makes its
``Entity`` values from the rows, the same way for every caller (the importer
links a whole text against every entity; the article page links the body
against the article's own tags).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from people.linking import Entity
from people.models import Credit, Person, Work


def person_entity(pk: int, name: str, aliases: Iterable[str] | None) -> Entity:
    return Entity(key=("person", pk), name=name, aliases=tuple(aliases or ()))


def work_entity(
    pk: int,
    name: str,
    aliases: Iterable[str] | None,
    kind: str,
    quoted_only: bool,
    credited: Iterable[Hashable] = (),
) -> Entity:
    """``credited``: the keys of the people credited on the work, which tell
    apart two works of one title when the text names one of them."""
    return Entity(
        key=("work", pk),
        name=name,
        aliases=tuple(aliases or ()),
        is_work=True,
        kind=kind,
        quoted_only=quoted_only,
        credited=frozenset(credited),
    )


def all_entities() -> list[Entity]:
    """Every approved person and work, with the works' credits (three queries
    in all). One a reporter added is offered for other articles only once an
    editor has approved it."""
    entities = [
        person_entity(*row)
        for row in Person.objects.approved().values_list("pk", "name", "aliases")
    ]
    credited: dict[int, set] = {}
    for work_id, person_id in Credit.objects.values_list("work_id", "person_id"):
        credited.setdefault(work_id, set()).add(("person", person_id))
    entities.extend(
        work_entity(*row, credited=credited.get(row[0], ()))
        for row in Work.objects.approved().values_list(
            "pk", "name", "aliases", "kind", "link_only_when_quoted"
        )
    )
    return entities
