"""Importing news text files into articles.

The text format is parsed by ``articles.newstext`` and people and works are
found by ``people.linking``; both are plain Python. This module is the Django
layer around them: one file becomes one article, atomically, or nothing.

A text may have a sidecar ``NAME.toml`` beside it with what the text lacks
(a headline the newsroom wrote, the publisher, topics, the status). The pair's
digest decides whether a re-run creates, updates or skips.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from articles.models import (
    Article,
    Byline,
    FoundBy,
    HeadlineOrigin,
    Status,
    TaggedPerson,
    TaggedWork,
    VersionKind,
    record_published_version,
)
from articles.newstext import MAX_HEADLINE, NewsTextError, ParsedText, parse_news_text
from newsroom.validators import validate_clean_text
from people.linking import Entity, Linker
from people.models import ExternalId, Person, Work, numbered_slug

MAX_FILE_BYTES = 2 * 1024 * 1024
TEXT_SUFFIXES = (".txt",)
SIDECAR_KEYS = {"headline", "status", "topics", "source"}
SOURCE_KEYS = {"publisher", "url"}
IMPORT_STATUSES = {Status.DRAFT, Status.PUBLISHED}
# The shortest column a publisher's name is stored in (ExternalId.publisher).
MAX_PUBLISHER = ExternalId._meta.get_field("publisher").max_length


class ImportRefused(Exception):
    """A file that cannot be imported; ``str()`` is ``file:line: what is wrong``."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


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


def find_text_files(paths: list[Path]) -> list[Path]:
    """The news text files named, expanding folders (sorted, not recursive)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in TEXT_SUFFIXES))
        else:
            files.append(path)
    return files


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


class Importer:
    """Imports files one at a time; reuse one instance for a whole run.

    The linker is built once from every person and work in the database,
    because building it is the expensive part and people do not change
    during a run (except those the run itself creates, which are added).
    """

    def __init__(self, *, dry_run: bool = False) -> None:
        self.dry_run = dry_run
        self._linker: Linker | None = None
        self._names: dict[tuple, str] = {}

    @property
    def linker(self) -> Linker:
        if self._linker is None:
            entities = load_entities()
            self._names.update((entity.key, entity.name) for entity in entities)
            self._linker = Linker(entities)
        return self._linker

    def import_file(self, path: Path) -> ImportResult:
        """Create, update or skip the article for ``path``.

        Raises ``ImportRefused`` and writes nothing when the file (or its
        sidecar) is bad. With ``dry_run`` nothing is written either way.
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
        key = path.stem
        try:
            with transaction.atomic():
                result = self._write(path, key, digest, parsed, metadata)
                if self.dry_run:
                    transaction.set_rollback(True)
        except IntegrityError as exc:
            # Another import of the same file committed first: the constraint
            # on source_key, not a check beforehand, is what keeps one copy.
            raise ImportRefused(path, 1, f"could not be saved: {exc}") from None
        except DataError as exc:
            # A value the checks above missed and the database refused; the
            # atomic block has already undone everything for this file.
            raise ImportRefused(path, 1, f"could not be saved: {exc}") from None
        return result

    def _write(
        self, path: Path, key: str, digest: str, parsed: ParsedText, meta: Metadata
    ) -> ImportResult:
        existing = Article.objects.select_for_update().filter(source_key=key).first()
        if existing is not None and existing.source_digest == digest:
            return ImportResult(path, "skipped", existing)
        if existing is not None and existing.status in Status.public():
            return ImportResult(
                path,
                "skipped",
                existing,
                notes=["already published: change it in the admin with a correction"],
            )
        article = existing or Article(source_key=key)
        article.headline = parsed.headline or meta.headline
        article.headline_origin = (
            HeadlineOrigin.SOURCE if parsed.headline else HeadlineOrigin.NEWSROOM
        )
        article.dek = parsed.dek
        article.body = parsed.body
        article.source_name = meta.publisher
        article.source_url = meta.url
        article.source_digest = digest
        if existing is None:
            article.slug = unique_article_slug(article.headline or key)
        publishing = meta.status == Status.PUBLISHED
        if publishing:
            now = timezone.now()
            article.status = Status.PUBLISHED
            article.published_at = article.published_at or now
            article.first_published_at = article.first_published_at or now
        article.save()
        if publishing:
            record_published_version(
                article, kind=VersionKind.FIRST, at=article.published_at
            )

        plan: dict[str, list[str]] = {"bylines": [], "people": [], "works": []}
        self._set_bylines(article, parsed, plan)
        self._set_tags(article, parsed, meta, plan)
        article.topics.set(list(meta.topics))
        plan["topics"] = list(meta.topics)
        return ImportResult(
            path, "updated" if existing else "created", article, plan=plan
        )

    def _set_bylines(self, article: Article, parsed: ParsedText, plan: dict) -> None:
        article.bylines.all().delete()
        for position, name in enumerate(parsed.bylines):
            person = self._person_by_name(name)
            Byline.objects.get_or_create(
                article=article, person=person, defaults={"position": position}
            )
            plan["bylines"].append(person.name)

    def _set_tags(
        self, article: Article, parsed: ParsedText, meta: Metadata, plan: dict
    ) -> None:
        found: dict[tuple, str] = {}
        for shortcode in parsed.shortcodes:
            person = self._person_for_shortcode(
                shortcode.attr("id"), shortcode.text, meta
            )
            found[("person", person.pk)] = FoundBy.SHORTCODE
        text = "\n\n".join(p for p in (parsed.headline, parsed.dek, parsed.body) if p)
        for entity_key, how in self.linker.link(text).items():
            found.setdefault(entity_key, how)

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
        people = [
            TaggedPerson(content_object=article, tag_id=pk, found_by=how)
            for (kind, pk), how in found.items()
            if kind == "person" and (kind, pk) not in kept
        ]
        works = [
            TaggedWork(content_object=article, tag_id=pk, found_by=how)
            for (kind, pk), how in found.items()
            if kind == "work" and (kind, pk) not in kept
        ]
        TaggedPerson.objects.bulk_create(people)
        TaggedWork.objects.bulk_create(works)
        plan["people"] = sorted(self._names[("person", t.tag_id)] for t in people)
        plan["works"] = sorted(self._names[("work", t.tag_id)] for t in works)

    def _person_by_name(self, name: str) -> Person:
        person = Person.objects.filter(name__iexact=name).first()
        if person is None:
            person = Person.objects.create(name=name)
        self._names[("person", person.pk)] = person.name
        return person

    def _person_for_shortcode(
        self, external_id: str, text: str, meta: Metadata
    ) -> Person:
        if external_id and meta.publisher:
            match = (
                ExternalId.objects.filter(
                    publisher__iexact=meta.publisher, value=external_id
                )
                .select_related("person")
                .first()
            )
            if match is not None:
                self._names[("person", match.person.pk)] = match.person.name
                return match.person
        person = self._person_by_name(text)
        if external_id and meta.publisher:
            ExternalId.objects.get_or_create(
                publisher=meta.publisher, value=external_id, defaults={"person": person}
            )
        return person


def load_entities() -> list[Entity]:
    """Every person and work as linker entities (three queries in all)."""
    entities = [
        Entity(key=("person", pk), name=name, aliases=tuple(aliases or ()))
        for pk, name, aliases in Person.objects.values_list("pk", "name", "aliases")
    ]
    credited: dict[int, set] = {}
    for work_id, person_id in Work.people.through.objects.values_list(
        "work_id", "person_id"
    ):
        credited.setdefault(work_id, set()).add(("person", person_id))
    entities.extend(
        Entity(
            key=("work", pk),
            name=name,
            aliases=tuple(aliases or ()),
            is_work=True,
            kind=kind,
            quoted_only=quoted_only,
            credited=frozenset(credited.get(pk, ())),
        )
        for pk, name, aliases, kind, quoted_only in Work.objects.values_list(
            "pk", "name", "aliases", "kind", "link_only_when_quoted"
        )
    )
    return entities


def unique_article_slug(text: str) -> str:
    """A slug for a new article that no other article has."""
    base = numbered_slug(text, "article")[:190]
    taken = set(
        Article.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    i = 2
    while f"{base}-{i}" in taken:
        i += 1
    return f"{base}-{i}"
