"""Stage two of an import: find the people and works a text names.

Pure: the linker (``people.linking``) is built once per run from every person
and work (``people.entities.all_entities``) and then only reads text. Worker
processes link the files they prepare with a linker inherited from the parent
process when it forked, so every file of a run is linked against the same
people and works whichever process links it.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import replace
from pathlib import Path

from importer.reading import ImportRefused, Prepared, prepare_all
from people.linking import Linker

# The linker in a worker process, inherited from the parent when it forked.
_worker_linker: Linker | None = None


def links_of(item: Prepared, linker: Linker) -> dict[Hashable, str]:
    """The people and works the text of ``item`` names, and how each was found."""
    if item.links is not None:
        return item.links
    return linker.link(item.text)


def start_worker(linker: Linker) -> None:
    """In a new worker process: keep the run's linker for ``prepare_and_link``."""
    global _worker_linker
    _worker_linker = linker


def prepare_and_link(paths: list[Path]) -> list[Prepared | ImportRefused]:
    """In a worker process: read, parse and link each of ``paths``, in order."""
    return [
        outcome
        if isinstance(outcome, ImportRefused)
        else replace(outcome, links=_worker_linker.link(outcome.text))
        for outcome in prepare_all(paths)
    ]
