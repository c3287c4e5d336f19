"""An import run: files in, articles out, as fast as the machine allows.

The stages are their own modules: ``importer.reading`` (read a file and its
sidecar, parse), ``importer.linking`` (find the people and works), and
``importer.writing`` (the one write path). This module runs them over many
files: in chunks of ``CHUNK_SIZE`` files a transaction, with ``WORKERS``
processes reading and linking the next chunks while this one writes, and on
PostgreSQL a thread storing each chunk while the next is planned.

A file is created, updated or skipped as a whole, or refused with
``file:line: what is wrong`` and nothing written for it.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent import futures
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.db import DataError, IntegrityError, connection, connections, transaction

from importer import writing
from importer.linking import prepare_and_link, start_worker
from importer.reading import ImportRefused, Prepared, prepare_all, prepare_file
from importer.writing import ChunkRows, ImportResult, WouldWrite, Writer
from people.entities import all_entities
from people.linking import Linker

# Files written per transaction by import_files: large enough that the
# per-statement cost of the database vanishes, small enough that memory stays
# flat and a retry after a conflict stays cheap.
CHUNK_SIZE = 500
# The first chunk's size; chunks double from it up to CHUNK_SIZE.
FIRST_CHUNK = 50
# Processes that read, parse and link files for import_files while this one
# writes to the database (0: do it all here). Reading and linking is pure
# Python and more than half of an import's CPU; in a worker it runs beside
# the writing instead of before it. One worker on a two-core machine: the
# writer and the database need the other core (docs/performance.md). Worker
# processes are forked, so they share the linker already built here.
WORKERS = min(2, (os.cpu_count() or 1) - 1)
# Chunks read ahead of the writer: enough to keep the workers busy, few
# enough that memory does not grow when the writer is the slower side.
CHUNKS_AHEAD = 2


@dataclass(frozen=True)
class _Flight:
    """A chunk whose rows the store thread is writing."""

    chunk: list[Path]
    outcomes: list[Prepared | ImportRefused]
    rows: ChunkRows
    future: futures.Future


def _chunks(paths: Iterable[Path], size: int) -> Iterator[list[Path]]:
    """``paths`` in chunks of ``size``; the first ones smaller (``FIRST_CHUNK``,
    then twice that, ...), so that the writer has a chunk to write while the
    workers are still reading their first whole one, instead of waiting."""
    paths = iter(paths)
    step = min(size, FIRST_CHUNK)
    while chunk := list(itertools.islice(paths, step)):
        yield chunk
        step = min(size, step * 2)


class Importer:
    """Imports files; reuse one instance for a whole run.

    The linker is built once from every person and work in the database,
    because building it is the expensive part and people do not change
    during a run (except those the run itself creates, which are added).
    """

    def __init__(self, *, dry_run: bool = False) -> None:
        self.dry_run = dry_run
        self._writer: Writer | None = None

    @property
    def writer(self) -> Writer:
        if self._writer is None:
            entities = all_entities()
            self._writer = Writer(
                linker=Linker(entities),
                names={entity.key: entity.name for entity in entities},
            )
        return self._writer

    def import_file(self, path: Path) -> ImportResult:
        """Create, update or skip the article for ``path``.

        Raises ``ImportRefused`` and writes nothing when the file (or its
        sidecar) is bad. With ``dry_run`` nothing is written either way.
        """
        return self._import_one(prepare_file(path))

    def import_files(
        self, paths: Iterable[Path]
    ) -> Iterator[tuple[Path, ImportResult | ImportRefused]]:
        """Import ``paths`` in order; yield each path with its result or refusal.

        Each file ends exactly as ``import_file`` would leave it, but new
        articles are written ``CHUNK_SIZE`` files at a time with a few bulk
        inserts in one transaction, which is what makes large imports fast.
        A file's result is yielded once its chunk has committed. A refused
        file is left out of its chunk, so nothing is written for it. If the
        database rejects a chunk (another import saved one of its files
        first), the chunk is rolled back and redone one file at a time, so
        only the conflicting file is refused.

        When there is more than one chunk, ``WORKERS`` processes read, parse
        and link the next chunks while this one writes the current one; on
        PostgreSQL a thread stores each chunk on a connection of its own while
        this one prepares the next (see ``_import_overlapped``).
        """
        # Built before the first write, so that every file of the run is
        # linked against the same people and works whichever process links
        # it (and a dry run's rolled-back people never get into it).
        linker = self.writer.linker
        with _long_lived_frozen():
            yield from self._import_chunks(paths, linker)

    def _import_chunks(
        self, paths: Iterable[Path], linker: Linker
    ) -> Iterator[tuple[Path, ImportResult | ImportRefused]]:
        chunks = _chunks(paths, CHUNK_SIZE)
        first = list(itertools.islice(chunks, 2))
        chunks = itertools.chain(first, chunks)
        overlap = (
            len(first) > 1
            and not self.dry_run
            and connection.vendor == "postgresql"
            # The chunks commit on another connection, which cannot join a
            # transaction the caller has open on this one.
            and not connection.in_atomic_block
        )
        parallel = (
            len(first) > 1
            and not self.dry_run
            and WORKERS > 0
            and "fork" in multiprocessing.get_all_start_methods()
        )
        if not parallel:
            prepared = ((chunk, prepare_all(chunk)) for chunk in chunks)
            yield from self._import_prepared(prepared, overlap=overlap)
            return
        # Forked, the workers inherit the linker instead of building one
        # each. They never touch the database connection they inherit. A
        # worker that dies (killed for memory, say) raises BrokenProcessPool
        # here rather than leaving the import waiting for ever.
        workers = ProcessPoolExecutor(
            WORKERS,
            mp_context=multiprocessing.get_context("fork"),
            initializer=start_worker,
            initargs=(linker,),
        )
        try:
            yield from self._import_prepared(
                _prepared_ahead(workers, chunks), overlap=overlap
            )
        finally:
            workers.shutdown(cancel_futures=True)

    def _import_prepared(
        self,
        chunks: Iterable[tuple[list[Path], list[Prepared | ImportRefused]]],
        *,
        overlap: bool,
    ) -> Iterator[tuple[Path, ImportResult | ImportRefused]]:
        if not overlap:
            for chunk, outcomes in chunks:
                yield from self._import_chunk(chunk, outcomes)
            return
        # One thread, so chunks commit in order; it has its own connection
        # (Django's connections belong to the thread that opened them).
        store = ThreadPoolExecutor(1, thread_name_prefix="import-store")
        try:
            yield from self._import_overlapped(chunks, store)
        finally:
            store.submit(connections.close_all).result()
            store.shutdown()

    def _import_overlapped(
        self,
        chunks: Iterable[tuple[list[Path], list[Prepared | ImportRefused]]],
        store: ThreadPoolExecutor,
    ) -> Iterator[tuple[Path, ImportResult | ImportRefused]]:
        """``_import_chunk`` for each chunk, the database storing one chunk
        while this thread builds the rows of the next.

        On PostgreSQL the server's work per article (its rows, their indexes,
        the search vector) costs three times the Python that builds the rows;
        done one after the other they add up. Here chunk N+1 is planned with
        reads only, on this thread's connection, while ``store``'s thread
        writes chunk N in one transaction on its own. Planning sees only
        committed rows, so what chunk N has not committed yet is kept out of
        its way: its slugs are reserved, a file of chunk N+1 that chunk N
        also imports waits for chunk N to commit, and a chunk that would
        have to create a person, an external id or a topic, or update an
        existing article, is done the serial way once chunk N has committed.
        A chunk the database refuses is redone file by file before the next
        is stored; the next one's plan, made beside it, is made again.
        """
        flight: _Flight | None = None
        try:
            for chunk, outcomes in chunks:
                outcomes = list(outcomes)
                prepared = _positions(outcomes)
                items = [item for _, item in prepared]
                keys = frozenset(item.key for item in items)
                if len(keys) < len(items):
                    # Two files with one name: each must see the one before.
                    rows = None
                else:
                    if flight is not None and keys & flight.rows.keys:
                        landing, flight = flight, None
                        yield from self._land(landing)[0]
                    rows = self._plan_ahead(items, flight)
                landed = []
                if flight is not None:
                    landing, flight = flight, None
                    landed, stored = self._land(landing)
                    if not stored and rows is not None:
                        # Its plan may take slugs the redone files now have.
                        rows = self._plan_ahead(items, None)
                if rows is None:
                    yield from landed
                    yield from self._import_chunk(chunk, outcomes)
                    continue
                flight = _Flight(chunk, outcomes, rows, store.submit(_store, rows))
                yield from landed
            if flight is not None:
                landing, flight = flight, None
                yield from self._land(landing)[0]
        except Exception:
            if flight is not None:
                # The chunk in the other thread committed or not on its own;
                # say which before the error stops the import.
                landing, flight = flight, None
                yield from self._land(landing)[0]
            raise
        finally:
            if flight is not None:
                # Stopped early (the caller closed the generator): let the
                # other thread finish with its connection before it closes.
                futures.wait([flight.future])

    def _plan_ahead(
        self, items: list[Prepared], flight: _Flight | None
    ) -> ChunkRows | None:
        """``Writer.plan`` with reads only, or None if it would have to write."""
        if not items:
            return None
        writer = self.writer
        writer.reads_only = True
        try:
            return writer.plan(
                items, reserved=flight.rows.slugs if flight else frozenset()
            )
        except WouldWrite:
            return None
        finally:
            writer.reads_only = False

    def _land(
        self, flight: _Flight
    ) -> tuple[list[tuple[Path, ImportResult | ImportRefused]], bool]:
        """Wait for ``flight``'s chunk to commit; its files' outcomes, and
        whether it was stored as a whole (if not, it was redone file by file).
        """
        prepared = _positions(flight.outcomes)
        try:
            flight.future.result()
        except (IntegrityError, DataError):
            self.writer.forget()
            outcomes = self._import_one_by_one(flight.outcomes, prepared)
            return list(zip(flight.chunk, outcomes, strict=True)), False
        outcomes = list(flight.outcomes)
        for (position, _), result in zip(prepared, flight.rows.results, strict=True):
            outcomes[position] = result
        return list(zip(flight.chunk, outcomes, strict=True)), True

    def _import_chunk(
        self, chunk: list[Path], outcomes: list[Prepared | ImportRefused]
    ) -> list[tuple[Path, ImportResult | ImportRefused]]:
        """Write the files of ``chunk``, read already into ``outcomes``.

        ``outcomes`` is in the order of ``chunk``: by position, not by path,
        because a path named twice is imported twice.
        """
        outcomes = list(outcomes)
        prepared = _positions(outcomes)
        # A dry run, or two files with the same name in different folders,
        # needs each file to see what the one before it did: go one by one.
        keys = {item.key for _, item in prepared}
        one_by_one = self.dry_run or len(keys) < len(prepared)
        if not one_by_one:
            try:
                with transaction.atomic():
                    rows = self.writer.plan([item for _, item in prepared])
                    writing.write(rows)
            except (IntegrityError, DataError):
                self.writer.forget()
                one_by_one = True
            else:
                for (position, _), result in zip(prepared, rows.results, strict=True):
                    outcomes[position] = result
        if one_by_one:
            outcomes = self._import_one_by_one(outcomes, prepared)
        return list(zip(chunk, outcomes, strict=True))

    def _import_one_by_one(
        self,
        outcomes: list[Prepared | ImportRefused],
        prepared: list[tuple[int, Prepared]],
    ) -> list[Prepared | ImportRefused | ImportResult]:
        """``outcomes`` with each prepared file imported on its own."""
        outcomes = list(outcomes)
        for position, item in prepared:
            try:
                outcomes[position] = self._import_one(item)
            except ImportRefused as exc:
                outcomes[position] = exc
        return outcomes

    def _import_one(self, item: Prepared) -> ImportResult:
        """Write one file in a transaction of its own (rolled back in a dry run)."""
        writer = self.writer
        try:
            with transaction.atomic():
                rows = writer.plan([item])
                writing.write(rows)
                if self.dry_run:
                    transaction.set_rollback(True)
        except (IntegrityError, DataError) as exc:
            # IntegrityError: another import of the same file committed first;
            # the constraint on source_key, not a check beforehand, is what
            # keeps one copy. DataError: a value the checks above missed and
            # the database refused. Either way the atomic block has undone
            # everything for this file.
            writer.forget()
            raise ImportRefused(item.path, 1, f"could not be saved: {exc}") from None
        if self.dry_run:
            writer.forget()
        return rows.results[0]


@contextmanager
def _long_lived_frozen() -> Iterator[None]:
    """Keep what exists now (Django, the linker) out of the garbage
    collector's way for the run.

    An import allocates millions of short-lived objects, and each full
    collection would walk the linker's and Django's objects again, in this
    process and in every forked worker, where walking them also writes to
    their pages and makes the worker copy memory it was sharing (Python's
    ``gc.freeze`` documentation describes both). Frozen objects are still
    freed by reference counting; ``unfreeze`` hands them back afterwards.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _positions(
    outcomes: list[Prepared | ImportRefused],
) -> list[tuple[int, Prepared]]:
    """The files of a chunk that are ready to write, with their positions."""
    return [
        (position, item)
        for position, item in enumerate(outcomes)
        if not isinstance(item, ImportRefused)
    ]


def _prepared_ahead(
    workers: ProcessPoolExecutor, chunks: Iterable[list[Path]]
) -> Iterator[tuple[list[Path], list[Prepared | ImportRefused]]]:
    """Each chunk with its files prepared and linked by ``workers``, in order,
    ``CHUNKS_AHEAD`` chunks submitted ahead of the one handed out."""
    ahead: deque = deque()
    for chunk in chunks:
        ahead.append((chunk, workers.submit(prepare_and_link, chunk)))
        if len(ahead) > CHUNKS_AHEAD:
            chunk, prepared = ahead.popleft()
            yield chunk, prepared.result()
    while ahead:
        chunk, prepared = ahead.popleft()
        yield chunk, prepared.result()


def _store(rows: ChunkRows) -> None:
    """In the store thread: write a planned chunk in one transaction of its own."""
    with transaction.atomic():
        writing.write(rows)
