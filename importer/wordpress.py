"""Reading a WordPress export (WXR 1.0, 1.1, 1.2), streamed.

Plain Python, no database. A WXR file is RSS 2.0 with WordPress's own
elements (``wp:``, namespace ``http://wordpress.org/export/1.N/``): a channel
header (``wp:wxr_version``, ``wp:base_site_url``), the site's authors
(``wp:author``, from 1.1 on) and terms (``wp:category``, ``wp:tag``,
``wp:term``), then one ``item`` per post, page, attachment, menu item and
anything else the site stores as a post.

``WXRReader`` reads the file in blocks through expat behind defusedxml's
guards: a document type declaration (and so any entity, internal or
external: entity expansion bombs, external entities) is refused as soon as
it is met, before anything is expanded. Each ``item`` is built as a small
tree, turned into a ``Post`` and dropped, so memory stays the same whatever
the size of the file. A malformed file raises ``WXRError`` with
``file:line: what is wrong`` at the point expat stops; the caller decides
what happens to what it already read (the import command writes everything
in one transaction, so nothing is kept).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

# Bytes handed to expat at a time.
BLOCK_SIZE = 64 * 1024
SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
_WP = re.compile(r"http://wordpress\.org/export/(1\.\d+)/")
_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
}
_DOMAINS = {"": "category", "tag": "post_tag"}
_TAG = re.compile(r"<[^<>]*>")
# A date WordPress writes for a post that has none (a draft's GMT date).
_NO_DATE = "0000-00-00 00:00:00"
# The deepest array a serialized post meta value may nest; deeper is read
# as the raw text (WordPress's own values nest two or three deep).
MAX_META_DEPTH = 32


class WXRError(Exception):
    """A file that cannot be read; ``str()`` is ``file:line: what is wrong``."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Author:
    """A ``wp:author``. The login and e-mail are read so that they can be told
    apart from the display name, and are never stored or shown."""

    login: str
    display_name: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""

    @property
    def byline_name(self) -> str:
        """The name the site showed readers: the display name, else first and
        last name; never the login."""
        if self.display_name and self.display_name != self.login:
            return self.display_name
        full = f"{self.first_name} {self.last_name}".strip()
        return full


@dataclass(frozen=True)
class Term:
    domain: str  # "category", "post_tag", or a custom taxonomy
    nicename: str
    name: str


@dataclass(frozen=True)
class Post:
    """One ``item`` of the export: a post, page, attachment or anything else."""

    line: int
    post_id: str
    post_type: str
    status: str
    guid: str
    title: str
    link: str
    content: str
    excerpt: str
    creator: str  # the author's login
    post_name: str
    date_gmt: datetime | None
    date_local: str
    terms: tuple[Term, ...] = ()
    meta: dict[str, object] = field(default_factory=dict)

    def digest(self, byline: str) -> str:
        """What the import makes of this post, summed up: a re-run compares it
        to tell a changed post from the same one."""
        data = [
            self.post_type,
            self.status,
            self.guid,
            self.title,
            self.link,
            self.content,
            self.excerpt,
            byline,
            self.post_name,
            self.date_gmt.isoformat() if self.date_gmt else self.date_local,
            [[t.domain, t.nicename, t.name] for t in self.terms],
        ]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()


class _Target:
    """expat's events as small trees, one per child of the channel.

    Each child is collected (with the line it starts on) when it ends and
    taken out of the channel, so the tree never holds more than one item.
    """

    def __init__(self, reader: WXRReader) -> None:
        self.reader = reader
        self.builder = TreeBuilder()
        self.depth = 0
        self.channel: Element | None = None
        self.line = 0
        self.done: list[tuple[int, Element]] = []

    def start(self, tag: str, attrs: dict) -> Element:
        self.depth += 1
        element = self.builder.start(tag, attrs)
        if self.depth == 1 and tag != "rss":
            raise ValueError(f"not a WordPress export: the document is <{tag}>")
        if self.depth == 2:
            self.channel = element
        elif self.depth == 3:
            self.line = self.reader.line()
        return element

    def end(self, tag: str) -> Element:
        element = self.builder.end(tag)
        if self.depth == 3 and self.channel is not None:
            self.done.append((self.line, element))
            self.channel.remove(element)
        self.depth -= 1
        return element

    def data(self, data: str) -> None:
        self.builder.data(data)

    def close(self) -> Element | None:
        return self.builder.close()


class WXRReader:
    """The items of a WXR file, in order, as ``Post``s (iterate over it).

    The channel's header and authors are read as they come, before the items
    in every export WordPress writes: ``version``, ``base_site_url`` and
    ``authors`` (by login) are filled in by the time the first post is
    handed out. ``bytes_read`` and ``size`` say how far along it is.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.size = path.stat().st_size
        self.bytes_read = 0
        self.version = ""
        self.base_site_url = ""
        self.authors: dict[str, Author] = {}
        self.warnings: list[str] = []
        self._parser: DefusedXMLParser | None = None
        self._seen_wp = False

    def line(self) -> int:
        return self._parser.parser.CurrentLineNumber if self._parser else 1

    def error(self, message: str, line: int | None = None) -> WXRError:
        return WXRError(self.path, line if line is not None else self.line(), message)

    def __iter__(self) -> Iterator[Post]:
        target = _Target(self)
        self._parser = DefusedXMLParser(
            target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
        with self.path.open("rb") as file:
            while True:
                block = file.read(BLOCK_SIZE)
                self.bytes_read += len(block)
                self._feed(block, final=not block)
                for line, element in target.done:
                    post = self._read(line, element)
                    if post is not None:
                        yield post
                target.done.clear()
                if not block:
                    break
        if not self._seen_wp:
            raise self.error("not a WordPress export: no wp: elements found", 1)

    def _feed(self, block: bytes, *, final: bool) -> None:
        try:
            if final:
                self._parser.close()
            else:
                self._parser.feed(block)
        except ParseError as exc:
            line = exc.position[0] if exc.position else self.line()
            raise self.error(f"malformed XML: {_expat_message(exc)}", line) from None
        except DefusedXmlException as exc:
            raise self.error(
                f"refused: the file declares a document type or entities "
                f"({type(exc).__name__}); a WordPress export has none, and "
                "they are not expanded"
            ) from None
        except ValueError as exc:
            raise self.error(str(exc)) from None

    # Turning an element into values ---------------------------------------

    def _kind(self, tag: str) -> tuple[str, str]:
        """``(prefix, local name)`` of a namespaced tag: "wp", "excerpt",
        "content", "dc", or "" for plain RSS."""
        if not tag.startswith("{"):
            return "", tag
        uri, local = tag[1:].split("}", 1)
        match = _WP.fullmatch(uri) or _WP.fullmatch(uri.removesuffix("excerpt/"))
        if match:
            self._seen_wp = True
            self._namespace_version(match.group(1))
            return ("excerpt" if uri.endswith("excerpt/") else "wp"), local
        return _NAMESPACES.get(uri, uri), local

    def _namespace_version(self, version: str) -> None:
        if not self.version:
            self.version = version
            if version not in SUPPORTED_VERSIONS:
                self.warnings.append(
                    f"{self.path}: WXR {version} is newer than the versions "
                    f"known ({', '.join(SUPPORTED_VERSIONS)}); read as 1.2"
                )

    def _read(self, line: int, element: Element) -> Post | None:
        kind = self._kind(element.tag)
        if kind == ("wp", "wxr_version"):
            self.version = (element.text or "").strip() or self.version
        elif kind == ("wp", "base_site_url"):
            self.base_site_url = (element.text or "").strip()
        elif kind == ("wp", "author"):
            author = self._author(element)
            if author.login:
                self.authors[author.login] = author
        elif kind == ("", "item"):
            return self._post(line, element)
        return None

    def _author(self, element: Element) -> Author:
        values = self._children(element)
        return Author(
            login=values.get(("wp", "author_login"), ""),
            display_name=plain(values.get(("wp", "author_display_name"), "")),
            first_name=plain(values.get(("wp", "author_first_name"), "")),
            last_name=plain(values.get(("wp", "author_last_name"), "")),
            email=values.get(("wp", "author_email"), ""),
        )

    def _children(self, element: Element) -> dict[tuple[str, str], str]:
        return {self._kind(child.tag): (child.text or "") for child in element}

    def _post(self, line: int, element: Element) -> Post:
        values: dict[tuple[str, str], str] = {}
        terms: list[Term] = []
        meta: dict[str, object] = {}
        for child in element:
            kind = self._kind(child.tag)
            if kind == ("", "category"):
                # WXR 1.0 wrote tags as domain="tag", categories with none.
                domain = _DOMAINS.get(child.get("domain", ""), child.get("domain"))
                nicename = child.get("nicename", "")
                name = plain(child.text or "")
                if name:
                    terms.append(Term(domain, nicename, name))
            elif kind == ("wp", "postmeta"):
                entry = self._children(child)
                key = entry.get(("wp", "meta_key"), "")
                if key:
                    meta[key] = php_value(entry.get(("wp", "meta_value"), ""))
            else:
                values.setdefault(kind, child.text or "")

        def text(*kind: str) -> str:
            return values.get(kind, "")

        return Post(
            line=line,
            post_id=text("wp", "post_id").strip(),
            post_type=text("wp", "post_type").strip() or "post",
            status=text("wp", "status").strip() or "draft",
            guid=text("", "guid").strip(),
            title=plain(text("", "title")),
            link=text("", "link").strip(),
            content=text("content", "encoded"),
            excerpt=text("excerpt", "encoded"),
            creator=text("dc", "creator").strip(),
            post_name=text("wp", "post_name").strip(),
            date_gmt=gmt_date(text("wp", "post_date_gmt")),
            date_local=text("wp", "post_date").strip(),
            terms=tuple(terms),
            meta=meta,
        )


def _expat_message(exc: ParseError) -> str:
    """expat's words without the "line 3, column 4" it adds (the caller puts
    the line first)."""
    return re.sub(r": line \d+, column \d+$", "", str(exc))


def plain(text: str) -> str:
    """A title or name as plain text on one line. WordPress stores "&" in
    titles and term names as "&amp;" and exports them as they are stored
    (inside CDATA since WordPress 4), and a title may hold tags."""
    return " ".join(unescape(_TAG.sub(" ", text)).split())


def gmt_date(value: str) -> datetime | None:
    """A ``wp:post_date_gmt`` as an aware time, or None if it has none."""
    value = value.strip()
    if not value or value == _NO_DATE:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    except ValueError:
        return None


# Serialized PHP values (post meta) ------------------------------------------

_SCALAR = re.compile(rb"([bid]):([^;]{0,40});")


class _Unserializable(ValueError):
    pass


def php_value(text: str) -> object:
    """A post meta value: a serialized PHP value (``a:1:{s:3:"key";i:5;}``) as
    Python, anything else as the text it is.

    Only data: null, booleans, numbers, strings and arrays. Objects (``O:``,
    ``C:``) and references are never instantiated; a value holding one, or
    malformed, or nested deeper than ``MAX_META_DEPTH``, stays raw text.
    """
    raw = text.strip().encode("utf-8")
    if raw[:2] not in (b"a:", b"s:", b"i:", b"b:", b"d:", b"N;"):
        return text
    try:
        value, end = _unserialize(raw, 0, 0)
    except (_Unserializable, ValueError, IndexError):
        return text
    return value if end == len(raw) else text


def _unserialize(raw: bytes, at: int, depth: int) -> tuple[object, int]:
    if depth > MAX_META_DEPTH:
        raise _Unserializable("too deep")
    kind = raw[at : at + 1]
    if raw[at : at + 2] == b"N;":
        return None, at + 2
    if kind in (b"b", b"i", b"d"):
        match = _SCALAR.match(raw, at)
        if not match:
            raise _Unserializable("bad scalar")
        digits = match.group(2).decode("ascii")
        if kind == b"b":
            return digits == "1", match.end()
        return (int(digits) if kind == b"i" else float(digits)), match.end()
    if kind == b"s":
        colon = raw.index(b":", at + 2)
        length = int(raw[at + 2 : colon])
        start = colon + 2  # after ':"'
        if (
            raw[colon + 1 : start] != b'"'
            or raw[start + length : start + length + 2] != b'";'
        ):
            raise _Unserializable("bad string")
        return raw[start : start + length].decode(
            "utf-8", "replace"
        ), start + length + 2
    if kind == b"a":
        colon = raw.index(b":", at + 2)
        count = int(raw[at + 2 : colon])
        if raw[colon + 1 : colon + 2] != b"{" or count < 0:
            raise _Unserializable("bad array")
        position = colon + 2
        result: dict = {}
        for _ in range(count):
            key, position = _unserialize(raw, position, depth + 1)
            if not isinstance(key, int | str):
                raise _Unserializable("bad key")
            result[key], position = _unserialize(raw, position, depth + 1)
        if raw[position : position + 1] != b"}":
            raise _Unserializable("unterminated array")
        return result, position + 1
    raise _Unserializable(f"unsupported type {kind!r}")
