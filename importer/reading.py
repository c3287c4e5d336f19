"""Stage one of an import: read a text file and its sidecar, parse, check.

Plain Python and no database: worker processes run it too. A file either
becomes a ``Prepared`` (its parsed text, what its sidecar says, and the digest
that tells a re-run whether it changed) or an ``ImportRefused`` naming the
file and line at fault. The text format itself is ``importer.newstext``.

A sidecar ``NAME.toml`` beside ``NAME.txt`` adds what the text lacks::

    headline = "A headline the newsroom wrote"   # only if the text has none
    status = "published"                          # or "draft" (the default)
    topics = ["iTunes"]
    credit = "The newsroom desk"   # credited when the text names no writer
    [source]
    publisher = "MTV News"
    url = "https://..."
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from articles.models import Byline, Status
from importer.newstext import MAX_HEADLINE, NewsTextError, ParsedText, parse_news_text
from newsroom.validators import validate_clean_text
from people.models import ExternalId

MAX_FILE_BYTES = 2 * 1024 * 1024
TEXT_SUFFIXES = (".txt",)
SIDECAR_KEYS = {"headline", "status", "topics", "credit", "source"}
SOURCE_KEYS = {"publisher", "url"}
IMPORT_STATUSES = {Status.DRAFT, Status.PUBLISHED}
# The shortest column a publisher's name is stored in (ExternalId.publisher).
MAX_PUBLISHER = ExternalId._meta.get_field("publisher").max_length
MAX_CREDIT = Byline._meta.get_field("organisation").max_length


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
    credit: str = ""

    @property
    def organisation(self) -> str:
        """Who to credit when the text names no writer: the sidecar's credit,
        else the publisher, else nobody."""
        return self.credit or self.publisher


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
        "credit": data.get("credit", ""),
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
    if len(values["credit"]) > MAX_CREDIT:
        raise refuse("credit", f"credit is longer than {MAX_CREDIT} characters")
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
class Prepared:
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


def prepare_file(path: Path) -> Prepared:
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
    return Prepared(path, path.stem, digest, parsed, metadata)


def prepare_all(paths: list[Path]) -> list[Prepared | ImportRefused]:
    """``prepare_file`` for each path, in order, with refusals in place."""
    outcomes: list[Prepared | ImportRefused] = []
    for path in paths:
        try:
            outcomes.append(prepare_file(path))
        except ImportRefused as exc:
            outcomes.append(exc)
    return outcomes
