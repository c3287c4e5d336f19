"""Importing news text files into articles.

The text format is parsed by ``importer.newstext`` and people and works are
found by ``people.linking``; both are plain Python. This module is the Django
layer around them: one file becomes one article, atomically, or nothing.

A text may have a sidecar ``NAME.toml`` beside it with what the text lacks
(a headline the newsroom wrote, the publisher, topics, the status). The pair's
digest decides whether a re-run creates, updates or skips.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import os
import tomllib
from collections import deque
from collections.abc import Hashable, Iterable, Iterator
from concurrent import futures
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DataError, IntegrityError, connection, connections, transaction
from django.db.models import Model, QuerySet, Value
from django.db.models.functions import Lower
from django.utils import timezone

from articles.bulk import ARTICLE_COLUMNS, reserve_ids, write_rows
from articles.models import (
    Article,
    Byline,
    BylineRole,
    FoundBy,
    HeadlineOrigin,
    PublishedVersion,
    Status,
    TaggedPerson,
    TaggedTopic,
    TaggedWork,
    Topic,
    VersionKind,
    record_published_version,
)
from importer.newstext import MAX_HEADLINE, NewsTextError, ParsedText, parse_news_text
from newsroom.validators import validate_clean_text
from people.entities import all_entities
from people.linking import Linker
from people.models import ExternalId, Person, numbered_slug

MAX_FILE_BYTES = 2 * 1024 * 1024
TEXT_SUFFIXES = (".txt",)
SIDECAR_KEYS = {"headline", "status", "topics", "source"}
SOURCE_KEYS = {"publisher", "url"}
IMPORT_STATUSES = {Status.DRAFT, Status.PUBLISHED}
# The shortest column a publisher's name is stored in (ExternalId.publisher).
MAX_PUBLISHER = ExternalId._meta.get_field("publisher").max_length
# Files written per transaction by import_files: large enough that the
# per-statement cost of the database vanishes, small enough that memory stays
# flat and a retry after a conflict stays cheap.
CHUNK_SIZE = 500
# Processes that read, parse and link files for import_files while this one
# writes to the database (0: do it all here). Reading and linking is pure
# Python and more than half of an import's CPU; in a worker it runs beside
# the writing instead of before it. One worker on a two-core machine: the
# writer and the database need the other core (docs/performance.md). Worker
# processes are forked, so they share the linker already built here.
WORKERS = min(2, (os.cpu_count() or 1) - 1)
# The columns import_files writes for a first published version.
VERSION_COLUMNS = (
    "article_id",
    "number",
    "headline",
    "dek",
    "body",
    "kind",
    "created_at",
)
# Chunks read ahead of the writer: enough to keep the workers busy, few
# enough that memory does not grow when the writer is the slower side.
CHUNKS_AHEAD = 2


class ImportRefused(Exception):
    """A file that cannot be imported; ``str()`` is ``file:line: what is wrong``."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message

    def __reduce__(self):
        # Refusals come back from worker processes pickled.
        return (ImportRefused, (self.path, self.line, self.message))


@dataclass(frozen=True)
class Metadata:
    """What a sidecar adds to a text. Every field is optional."""

    headline: str = ""
    status: str = Status.DRAFT
    topics: tuple[str, ...] = ()
    publisher: str = ""
    url: str = ""


@dataclass
class ImportResult:
    path: Path
    action: str  # "created", "updated", "skipped"
    article: Article
    notes: list[str] = field(default_factory=list)
    plan: dict[str, list[str]] = field(default_factory=dict)


def find_text_files(paths: list[Path]) -> Iterator[Path]:
    """The news text files named, expanding folders (sorted, not recursive).

    Folders are listed as sorted names and turned into paths one at a time:
    a name is a fraction of the size of a ``Path``, which matters for a
    folder of a million files.
    """
    for path in paths:
        if path.is_dir():
            names = sorted(
                entry.name
                for entry in os.scandir(path)
                if os.path.splitext(entry.name)[1] in TEXT_SUFFIXES
            )
            for name in names:
                yield path / name
        else:
            yield path


def read_metadata(path: Path) -> tuple[Metadata, bytes]:
    """The sidecar of ``path`` (``NAME.toml``), validated, and its raw bytes."""
    sidecar = path.with_suffix(".toml")
    if not sidecar.exists():
        return Metadata(), b""
    raw = sidecar.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ImportRefused(sidecar, 1, "not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", 1) or 1
        raise ImportRefused(sidecar, line, f"not valid TOML: {exc}") from None

    def refuse(key: str, message: str) -> ImportRefused:
        return ImportRefused(sidecar, _toml_line(raw, key), message)

    unknown = set(data) - SIDECAR_KEYS
    if unknown:
        key = sorted(unknown)[0]
        expected = ", ".join(sorted(SIDECAR_KEYS))
        raise refuse(key, f"unknown key {key!r}; expected one of {expected}")
    source = data.get("source", {})
    if not isinstance(source, dict) or set(source) - SOURCE_KEYS:
        raise refuse("source", "[source] may only have publisher and url")
    values = {
        "headline": data.get("headline", ""),
        "status": data.get("status", Status.DRAFT),
        "publisher": source.get("publisher", ""),
        "url": source.get("url", ""),
    }
    for key, value in values.items():
        if not isinstance(value, str):
            raise refuse(key, f"{key} must be a string")
    for key, value in [*values.items(), *(("topics", t) for t in topics_of(data))]:
        try:
            validate_clean_text(value)
        except ValidationError as exc:
            raise refuse(key, f"{key}: {exc.messages[0]}") from None
    if len(values["publisher"]) > MAX_PUBLISHER:
        raise refuse(
            "publisher", f"publisher is longer than {MAX_PUBLISHER} characters"
        )
    if values["status"] not in IMPORT_STATUSES:
        raise refuse("status", "status must be 'draft' or 'published'")
    if len(values["headline"]) > MAX_HEADLINE:
        raise refuse("headline", f"headline is longer than {MAX_HEADLINE} characters")
    if values["url"]:
        try:
            URLValidator(schemes=["http", "https"])(values["url"])
        except ValidationError:
            raise refuse("url", "url must be an http or https address") from None
    topics = data.get("topics", [])
    if not isinstance(topics, list) or not all(
        isinstance(t, str) and 0 < len(t) <= 100 for t in topics
    ):
        raise refuse("topics", "topics must be a list of names of 1-100 characters")
    return Metadata(topics=tuple(topics), **values), raw


def topics_of(data: dict) -> list[str]:
    """The sidecar's topic names that are strings (the rest are refused later)."""
    topics = data.get("topics", [])
    return [t for t in topics if isinstance(t, str)] if isinstance(topics, list) else []


def _toml_line(raw: bytes, key: str) -> int:
    """The line a key is set on, for error messages (1 if not found)."""
    for number, line in enumerate(raw.decode("utf-8", "replace").splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith((key, f"[{key}")):
            return number
    return 1


@dataclass(frozen=True)
class _Prepared:
    """A file read, parsed and checked, ready to be written."""

    path: Path
    key: str
    digest: str
    parsed: ParsedText
    meta: Metadata
    # What the linker found in the text, when a worker process linked it
    # already; None means link it when it is needed.
    links: dict[Hashable, str] | None = None

    @property
    def text(self) -> str:
        """Headline, dek and body: what the linker reads."""
        parsed = self.parsed
        return "\n\n".join(p for p in (parsed.headline, parsed.dek, parsed.body) if p)


def prepare_file(path: Path) -> _Prepared:
    """Read, parse and check ``path`` and its sidecar; raise ImportRefused.

    Plain Python, no database: worker processes call it too.
    """
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ImportRefused(path, 1, f"file is larger than {MAX_FILE_BYTES} bytes")
    raw = path.read_bytes()
    try:
        parsed = parse_news_text(raw)
    except NewsTextError as exc:
        raise ImportRefused(path, exc.line, exc.message) from None
    metadata, sidecar_raw = read_metadata(path)
    if metadata.headline and parsed.headline:
        raise ImportRefused(
            path.with_suffix(".toml"),
            _toml_line(sidecar_raw, "headline"),
            "the text has its own headline; the sidecar must not replace it",
        )
    digest = hashlib.sha256(raw + b"\0" + sidecar_raw).hexdigest()
    return _Prepared(path, path.stem, digest, parsed, metadata)


def _prepare_all(paths: list[Path]) -> list[_Prepared | ImportRefused]:
    """``prepare_file`` for each path, in order, with refusals in place."""
    outcomes: list[_Prepared | ImportRefused] = []
    for path in paths:
        try:
            outcomes.append(prepare_file(path))
        except ImportRefused as exc:
            outcomes.append(exc)
    return outcomes


class _WouldWrite(Exception):
    """Planning a chunk ahead met a row it would have to create or change."""


@dataclass(frozen=True)
class _ChunkRows:
    """A chunk's results, and the rows that store its new articles."""

    results: list[ImportResult]
    # (model, columns, rows) in the order they are written.
    tables: list[tuple[type[Model], tuple[str, ...], list[tuple]]]
    keys: frozenset[str]
    # The new articles' slugs: the next chunk must not take them.
    slugs: frozenset[str]


@dataclass(frozen=True)
class _Flight:
    """A chunk whose rows the store thread is writing."""

    chunk: list[Path]
    outcomes: list[_Prepared | ImportRefused]
    rows: _ChunkRows
    future: futures.Future


def _chunks(paths: Iterable[Path], size: int) -> Iterator[list[Path]]:
    paths = iter(paths)
    while chunk := list(itertools.islice(paths, size)):
        yield chunk


# The linker in a worker process, inherited from the parent when it forked.
_worker_linker: Linker | None = None


def _start_worker(linker: Linker) -> None:
    global _worker_linker
    _worker_linker = linker


def _prepare_and_link(paths: list[Path]) -> list[_Prepared | ImportRefused]:
    """In a worker process: ``_prepare_all``, and link every prepared text."""
    return [
        outcome
        if isinstance(outcome, ImportRefused)
        else replace(outcome, links=_worker_linker.link(outcome.text))
        for outcome in _prepare_all(paths)
    ]


class Importer:
    """Imports files; reuse one instance for a whole run.

    The linker is built once from every person and work in the database,
    because building it is the expensive part and people do not change
    during a run (except those the run itself creates, which are added).
    People, external ids and topics looked up by name are remembered for the
    run too; the memory is dropped whenever a transaction is rolled back, so
    it never points at a row that was not kept.
    """

    def __init__(self, *, dry_run: bool = False) -> None:
        self.dry_run = dry_run
        self._linker: Linker | None = None
        self._names: dict[tuple, str] = {}
        self._people: dict[str, Person] = {}
        self._external: dict[tuple[str, str], Person] = {}
        self._topics: dict[str, Topic] = {}
        # Set while a chunk is planned ahead of the one being stored: any
        # row it would create must wait for that one (see _chunk_rows).
        self._reads_only = False

    @property
    def linker(self) -> Linker:
        if self._linker is None:
            entities = all_entities()
            self._names.update((entity.key, entity.name) for entity in entities)
            self._linker = Linker(entities)
        return self._linker

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
        linker = self.linker
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
            prepared = ((chunk, _prepare_all(chunk)) for chunk in chunks)
            yield from self._import_prepared(prepared, overlap=overlap)
            return
        # Forked, the workers inherit the linker instead of building one
        # each. They never touch the database connection they inherit. A
        # worker that dies (killed for memory, say) raises BrokenProcessPool
        # here rather than leaving the import waiting for ever.
        workers = ProcessPoolExecutor(
            WORKERS,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
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
        chunks: Iterable[tuple[list[Path], list[_Prepared | ImportRefused]]],
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
        chunks: Iterable[tuple[list[Path], list[_Prepared | ImportRefused]]],
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
        self, items: list[_Prepared], flight: _Flight | None
    ) -> _ChunkRows | None:
        """``_chunk_rows`` with reads only, or None if it would have to write."""
        if not items:
            return None
        self._reads_only = True
        try:
            return self._chunk_rows(
                items, reserved=flight.rows.slugs if flight else frozenset()
            )
        except _WouldWrite:
            return None
        finally:
            self._reads_only = False

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
            self._forget()
            outcomes = self._import_one_by_one(flight.outcomes, prepared)
            return list(zip(flight.chunk, outcomes, strict=True)), False
        outcomes = list(flight.outcomes)
        for (position, _), result in zip(prepared, flight.rows.results, strict=True):
            outcomes[position] = result
        return list(zip(flight.chunk, outcomes, strict=True)), True

    def _import_chunk(
        self, chunk: list[Path], outcomes: list[_Prepared | ImportRefused]
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
                    rows = self._chunk_rows([item for _, item in prepared])
                    _write_all(rows.tables)
            except (IntegrityError, DataError):
                self._forget()
                one_by_one = True
            else:
                for (position, _), result in zip(prepared, rows.results, strict=True):
                    outcomes[position] = result
        if one_by_one:
            outcomes = self._import_one_by_one(outcomes, prepared)
        return list(zip(chunk, outcomes, strict=True))

    def _import_one_by_one(
        self,
        outcomes: list[_Prepared | ImportRefused],
        prepared: list[tuple[int, _Prepared]],
    ) -> list[_Prepared | ImportRefused | ImportResult]:
        """``outcomes`` with each prepared file imported on its own."""
        outcomes = list(outcomes)
        for position, item in prepared:
            try:
                outcomes[position] = self._import_one(item)
            except ImportRefused as exc:
                outcomes[position] = exc
        return outcomes

    def _import_one(self, item: _Prepared) -> ImportResult:
        try:
            with transaction.atomic():
                result = self._write(item)
                if self.dry_run:
                    transaction.set_rollback(True)
        except (IntegrityError, DataError) as exc:
            # IntegrityError: another import of the same file committed first;
            # the constraint on source_key, not a check beforehand, is what
            # keeps one copy. DataError: a value the checks above missed and
            # the database refused. Either way the atomic block has undone
            # everything for this file.
            self._forget()
            raise ImportRefused(item.path, 1, f"could not be saved: {exc}") from None
        if self.dry_run:
            self._forget()
        return result

    def _forget(self) -> None:
        """Drop what was looked up: a rollback may have removed some of it."""
        self._people.clear()
        self._external.clear()
        self._topics.clear()

    def _write(self, item: _Prepared) -> ImportResult:
        # Excluding "" lets the partial unique index on source_key serve this.
        existing = (
            Article.objects.select_for_update()
            .exclude(source_key="")
            .filter(source_key=item.key)
            .first()
        )
        if existing is not None:
            skipped = _skipped(item, existing)
            if skipped is not None:
                return skipped
        article = existing or Article(source_key=item.key)
        self._fill(article, item)
        if existing is None:
            article.slug = unique_article_slug(article.headline or item.key)
        article.save()
        if item.meta.status == Status.PUBLISHED:
            record_published_version(
                article, kind=VersionKind.FIRST, at=article.published_at
            )

        plan: dict[str, list[str]] = {"bylines": [], "people": [], "works": []}
        self._set_bylines(article, item.parsed, plan)
        self._set_tags(article, item, plan)
        article.topics.set(list(item.meta.topics))
        plan["topics"] = list(item.meta.topics)
        return ImportResult(
            item.path, "updated" if existing else "created", article, plan=plan
        )

    def _chunk_rows(
        self, items: list[_Prepared], *, reserved: frozenset[str] = frozenset()
    ) -> _ChunkRows:
        """The results of a chunk of files and the rows that store its new articles.

        Inside the caller's transaction; the caller writes the rows there too
        (``_write_all``) and starts over file by file if the database refuses
        one. New slugs avoid ``reserved`` as well as the stored ones. Rows are
        plain tuples (``COPY`` on PostgreSQL), not ``bulk_create``: building a
        model instance per article, tag and byline and letting Django prepare
        each of its values cost as much CPU as linking the text. New articles
        get ids from the sequence (``reserve_ids``), so every row can be built
        before any is stored; SQLite has no sequence, and its new articles are
        inserted here to learn their ids.

        With ``_reads_only`` (planning ahead, outside a transaction) nothing is
        written or locked: where a row would have to be created or changed
        first, ``_WouldWrite`` is raised instead.
        """
        existing_articles = Article.objects.exclude(source_key="").filter(
            source_key__in=[item.key for item in items]
        )
        if not self._reads_only:
            existing_articles = existing_articles.select_for_update()
        existing = {article.source_key: article for article in existing_articles}
        results: dict[str, ImportResult] = {}
        new: list[_Prepared] = []
        for item in items:
            article = existing.get(item.key)
            if article is None:
                new.append(item)
                continue
            result = _skipped(item, article)
            if result is None:
                # Changing an existing article is rare: the one-file path does it.
                if self._reads_only:
                    raise _WouldWrite
                result = self._write(item)
            results[item.key] = result

        self._look_up_external_ids(new)
        articles = [self._fill(Article(source_key=item.key), item) for item in new]
        slugs = unique_article_slugs(
            [a.headline or a.source_key for a in articles], reserved=reserved
        )
        for article, slug in zip(articles, slugs, strict=True):
            article.slug = slug
        tables: list[tuple[type[Model], tuple[str, ...], list[tuple]]] = []
        ids = reserve_ids(Article, len(articles))
        if ids is None:
            _insert_articles(articles)
        else:
            for article, pk in zip(articles, ids, strict=True):
                article.pk = pk
            tables.append((Article, ("id", *ARTICLE_COLUMNS), _article_rows(articles)))
        adapt = connection.ops.adapt_datetimefield_value
        versions, bylines, people, works, topics = [], [], [], [], []
        for article, item in zip(articles, new, strict=True):
            article._state.adding = False
            article._state.db = connection.alias
            if item.meta.status == Status.PUBLISHED:
                versions.append(
                    (
                        article.pk,
                        1,
                        article.headline,
                        article.dek,
                        article.body,
                        VersionKind.FIRST,
                        adapt(article.published_at),
                    )
                )
            plan: dict[str, list[str]] = {"bylines": [], "people": [], "works": []}
            for person_pk, position in self._new_bylines(item.parsed, plan):
                bylines.append((article.pk, person_pk, BylineRole.WRITER, position))
            found_people, found_works = self._new_tags(item, kept=set())
            people += [(pk, article.pk, how) for pk, how in found_people]
            works += [(pk, article.pk, how) for pk, how in found_works]
            plan["people"] = sorted(
                self._names[("person", pk)] for pk, _ in found_people
            )
            plan["works"] = sorted(self._names[("work", pk)] for pk, _ in found_works)
            topics += [
                (topic.pk, article.pk) for topic in self._topics_named(item.meta.topics)
            ]
            plan["topics"] = list(item.meta.topics)
            results[item.key] = ImportResult(item.path, "created", article, plan=plan)
        tables += [
            (PublishedVersion, VERSION_COLUMNS, versions),
            (Byline, ("article_id", "person_id", "role", "position"), bylines),
            (TaggedPerson, ("tag_id", "content_object_id", "found_by"), people),
            (TaggedWork, ("tag_id", "content_object_id", "found_by"), works),
            (TaggedTopic, ("tag_id", "content_object_id"), topics),
        ]
        return _ChunkRows(
            # Keys are unique within a chunk (the caller sees to it).
            results=[results[item.key] for item in items],
            tables=tables,
            keys=frozenset(item.key for item in items),
            slugs=frozenset(slugs),
        )

    def _fill(self, article: Article, item: _Prepared) -> Article:
        """Set ``article``'s text, source and status from the file."""
        parsed, meta = item.parsed, item.meta
        article.headline = parsed.headline or meta.headline
        article.headline_origin = (
            HeadlineOrigin.SOURCE if parsed.headline else HeadlineOrigin.NEWSROOM
        )
        article.dek = parsed.dek
        article.body = parsed.body
        article.source_name = meta.publisher
        article.source_url = meta.url
        article.source_digest = item.digest
        if meta.status == Status.PUBLISHED:
            now = timezone.now()
            article.status = Status.PUBLISHED
            article.published_at = article.published_at or now
            article.first_published_at = article.first_published_at or now
        return article

    def _set_bylines(self, article: Article, parsed: ParsedText, plan: dict) -> None:
        article.bylines.all().delete()
        Byline.objects.bulk_create(
            Byline(article=article, person_id=person_pk, position=position)
            for person_pk, position in self._new_bylines(parsed, plan)
        )

    def _new_bylines(self, parsed: ParsedText, plan: dict) -> list[tuple[int, int]]:
        """``(person pk, position)`` per byline: one per person, in the text's order."""
        bylines: dict[int, int] = {}
        for position, name in enumerate(parsed.bylines):
            person = self._person_by_name(name)
            bylines.setdefault(person.pk, position)
            plan["bylines"].append(person.name)
        return list(bylines.items())

    def _set_tags(self, article: Article, item: _Prepared, plan: dict) -> None:
        # Tags an editor added by hand survive a re-import; the rest are redone.
        article.person_tags.exclude(found_by=FoundBy.EDITOR).delete()
        article.work_tags.exclude(found_by=FoundBy.EDITOR).delete()
        kept = {
            ("person", pk)
            for pk in article.person_tags.values_list("tag_id", flat=True)
        }
        kept |= {
            ("work", pk) for pk in article.work_tags.values_list("tag_id", flat=True)
        }
        people, works = self._new_tags(item, kept)
        TaggedPerson.objects.bulk_create(
            TaggedPerson(content_object=article, tag_id=pk, found_by=how)
            for pk, how in people
        )
        TaggedWork.objects.bulk_create(
            TaggedWork(content_object=article, tag_id=pk, found_by=how)
            for pk, how in works
        )
        plan["people"] = sorted(self._names[("person", pk)] for pk, _ in people)
        plan["works"] = sorted(self._names[("work", pk)] for pk, _ in works)

    def _new_tags(
        self, item: _Prepared, kept: set[tuple]
    ) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        """``(pk, found_by)`` of the people and of the works the text names.

        Leaves out those in ``kept``.
        """
        found: dict[tuple, str] = {}
        for shortcode in item.parsed.shortcodes:
            person = self._person_for_shortcode(
                shortcode.attr("id"), shortcode.text, item.meta
            )
            found[("person", person.pk)] = FoundBy.SHORTCODE
        links = item.links if item.links is not None else self.linker.link(item.text)
        for entity_key, how in links.items():
            found.setdefault(entity_key, how)
        people = [
            (pk, how)
            for (kind, pk), how in found.items()
            if kind == "person" and (kind, pk) not in kept
        ]
        works = [
            (pk, how)
            for (kind, pk), how in found.items()
            if kind == "work" and (kind, pk) not in kept
        ]
        return people, works

    def _look_up_external_ids(self, items: list[_Prepared]) -> None:
        """Remember the people behind the chunk's shortcode ids: a query a publisher.

        ``_person_for_shortcode`` then finds them without a query each.
        """
        wanted: dict[str, set[str]] = {}
        for item in items:
            for shortcode in item.parsed.shortcodes:
                external_id = shortcode.attr("id")
                key = (item.meta.publisher, external_id)
                if external_id and item.meta.publisher and key not in self._external:
                    wanted.setdefault(item.meta.publisher, set()).add(external_id)
        for publisher, values in wanted.items():
            matches = (
                ExternalId.objects.filter(publisher__iexact=publisher, value__in=values)
                .select_related("person")
                .order_by("pk")
            )
            for match in matches:
                # The first by id wins, as .first() picks it one at a time.
                self._external.setdefault((publisher, match.value), match.person)

    def _topics_named(self, names: tuple[str, ...]) -> list[Topic]:
        """The topics called ``names`` (created if new), each once, as taggit does."""
        topics: dict[int, Topic] = {}
        for name in names:
            topic = self._topics.get(name)
            if topic is None:
                topic = Topic.objects.filter(name__iexact=name).order_by("pk").first()
                if topic is None:
                    if self._reads_only:
                        raise _WouldWrite
                    topic = Topic.objects.create(name=name)
                self._topics[name] = topic
            topics.setdefault(topic.pk, topic)
        return list(topics.values())

    def _person_by_name(self, name: str) -> Person:
        person = self._people.get(name)
        if person is None:
            person = people_named(name).first()
            if person is None:
                if self._reads_only:
                    raise _WouldWrite
                person = Person.objects.create(name=name)
            self._people[name] = person
        self._names[("person", person.pk)] = person.name
        return person

    def _person_for_shortcode(
        self, external_id: str, text: str, meta: Metadata
    ) -> Person:
        if not (external_id and meta.publisher):
            return self._person_by_name(text)
        key = (meta.publisher, external_id)
        person = self._external.get(key)
        if person is None:
            match = (
                ExternalId.objects.filter(
                    publisher__iexact=meta.publisher, value=external_id
                )
                .select_related("person")
                .first()
            )
            if match is not None:
                person = match.person
            else:
                if self._reads_only:
                    raise _WouldWrite
                person = self._person_by_name(text)
                ExternalId.objects.get_or_create(
                    publisher=meta.publisher,
                    value=external_id,
                    defaults={"person": person},
                )
            self._external[key] = person
        self._names[("person", person.pk)] = person.name
        return person


def _article_rows(articles: list[Article], *, with_ids: bool = True) -> list[tuple]:
    """The rows of new ``articles`` as ``bulk_create`` would store them.

    With ``with_ids``, each row starts with the article's id (columns
    ``("id", *ARTICLE_COLUMNS)``); otherwise the rows are ``ARTICLE_COLUMNS``
    and the database gives the ids.
    """
    adapt = connection.ops.adapt_datetimefield_value
    now = timezone.now()
    stored_now = adapt(now)
    rows = []
    for article in articles:
        # What auto_now_add and auto_now would have set.
        article.created_at = article.updated_at = now
        published_at = adapt(article.published_at)
        row = (
            article.headline,
            article.headline_origin,
            article.slug,
            article.dek,
            article.body,
            article.status,
            published_at,
            # A new article's first publication is its publication.
            published_at,
            stored_now,
            stored_now,
            article.source_name,
            article.source_url,
            article.source_key,
            article.source_digest,
            article.lock_version,
            article.review_note,
        )
        rows.append((article.pk, *row) if with_ids else row)
    return rows


def _insert_articles(articles: list[Article]) -> None:
    """Insert new ``articles`` and set their ids (SQLite: no ids to reserve).

    The ids come back with one query through the unique index on
    ``source_key``.
    """
    if not articles:
        return
    write_rows(Article, ARTICLE_COLUMNS, _article_rows(articles, with_ids=False))
    ids = dict(
        Article.objects.exclude(source_key="")
        .filter(source_key__in=[article.source_key for article in articles])
        .values_list("source_key", "pk")
    )
    for article in articles:
        article.pk = ids[article.source_key]


def _write_all(tables: list[tuple[type[Model], tuple[str, ...], list[tuple]]]) -> None:
    for model, columns, rows in tables:
        write_rows(model, columns, rows)


def _store(rows: _ChunkRows) -> None:
    """In the store thread: write a planned chunk in one transaction of its own."""
    with transaction.atomic():
        _write_all(rows.tables)


def _positions(
    outcomes: list[_Prepared | ImportRefused],
) -> list[tuple[int, _Prepared]]:
    """The files of a chunk that are ready to write, with their positions."""
    return [
        (position, item)
        for position, item in enumerate(outcomes)
        if not isinstance(item, ImportRefused)
    ]


def _prepared_ahead(
    workers: ProcessPoolExecutor, chunks: Iterable[list[Path]]
) -> Iterator[tuple[list[Path], list[_Prepared | ImportRefused]]]:
    """Each chunk with its files prepared and linked by ``workers``, in order,
    ``CHUNKS_AHEAD`` chunks submitted ahead of the one handed out."""
    ahead: deque = deque()
    for chunk in chunks:
        ahead.append((chunk, workers.submit(_prepare_and_link, chunk)))
        if len(ahead) > CHUNKS_AHEAD:
            chunk, prepared = ahead.popleft()
            yield chunk, prepared.result()
    while ahead:
        chunk, prepared = ahead.popleft()
        yield chunk, prepared.result()


def _skipped(item: _Prepared, existing: Article) -> ImportResult | None:
    """The result for a file whose article must not change, or None."""
    if existing.source_digest == item.digest:
        return ImportResult(item.path, "skipped", existing)
    if existing.status in Status.public():
        return ImportResult(
            item.path,
            "skipped",
            existing,
            notes=["already published: change it in the admin with a correction"],
        )
    return None


def people_named(name: str) -> QuerySet[Person]:
    """People whose name is ``name`` ignoring case, as the unique constraint sees it.

    Lower() on both sides is the expression the constraint's index is built
    on, so the lookup is an index search rather than a scan of every person.
    """
    return Person.objects.annotate(lowered=Lower("name")).filter(
        lowered=Lower(Value(name))
    )


def unique_article_slug(text: str, *, reserved: frozenset[str] = frozenset()) -> str:
    """A slug for a new article that no other article has (nor ``reserved``)."""
    base = numbered_slug(text, "article")[:190]
    taken = set(
        Article.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    taken |= {slug for slug in reserved if slug.startswith(base)}
    if base not in taken:
        return base
    i = 2
    while f"{base}-{i}" in taken:
        i += 1
    return f"{base}-{i}"


def unique_article_slugs(
    texts: list[str], *, reserved: frozenset[str] = frozenset()
) -> list[str]:
    """Slugs for new articles, in order, as ``unique_article_slug`` would give
    them one after another, with one query for the common case of no clash.

    ``reserved``: slugs to avoid as if they were taken (those of articles
    being stored but not committed yet, which the query cannot see).
    """
    bases = [numbered_slug(text, "article")[:190] for text in texts]
    # An exact lookup uses the slug's index; a prefix search may not (SQLite's
    # LIKE is case-insensitive), so it is kept for the bases already taken.
    taken = set(Article.objects.filter(slug__in=bases).values_list("slug", flat=True))
    taken |= reserved
    slugs: list[str] = []
    for text, base in zip(texts, bases, strict=True):
        if base in taken:
            slugs.append(
                unique_article_slug(text, reserved=reserved | frozenset(slugs))
            )
        else:
            slugs.append(base)
        taken.add(slugs[-1])
    return slugs
