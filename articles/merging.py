"""A three-way merge of two people's edits of the same article, field by field.

Plain Python, no Django: the admin's article form calls it when a save
arrives from a form opened at an older version of the article. ``base`` is
the article as that form showed it, ``theirs`` the article as it is now
(someone else saved in between) and ``mine`` what the form sends.

A field only one side changed takes that side's value; a field both changed
to the same value is no conflict; a field both changed to different values is
a conflict, decided by the person saving (their value stays in ``merged``
until they choose). Without a base (a form from before merges existed) every
field that differs is a conflict: nothing is decided for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Same = Callable[[str, Any], Any]


def _as_is(name: str, value: Any) -> Any:
    return value


@dataclass
class Merge:
    """The result: the values to save, and which fields need a decision."""

    merged: dict[str, Any]
    # Fields both sides changed to different values, in the order given.
    conflicts: list[str] = field(default_factory=list)
    # Fields only the other side changed: taken from them without asking.
    taken_from_theirs: list[str] = field(default_factory=list)


def merge(
    base: Mapping[str, Any] | None,
    theirs: Mapping[str, Any],
    mine: Mapping[str, Any],
    *,
    same: Same = _as_is,
) -> Merge:
    """Merge ``mine`` into ``theirs`` over the fields of ``mine``.

    ``same(name, value)`` gives what is compared for a field (a body whose
    markup differs but whose text does not is the same body); the values
    themselves are what ``merged`` holds.
    """
    result = Merge(merged={})
    for name, my_value in mine.items():
        their_value = theirs.get(name)
        mine_key, theirs_key = same(name, my_value), same(name, their_value)
        if mine_key == theirs_key:
            result.merged[name] = my_value
            continue
        if base is None or name not in base:
            result.merged[name] = my_value
            result.conflicts.append(name)
            continue
        base_key = same(name, base[name])
        if mine_key == base_key:
            result.merged[name] = their_value
            result.taken_from_theirs.append(name)
        elif theirs_key == base_key:
            result.merged[name] = my_value
        else:
            result.merged[name] = my_value
            result.conflicts.append(name)
    return result
