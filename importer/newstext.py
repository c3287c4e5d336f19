"""Parse the plain-text news files the newsroom imports.

A news text is UTF-8 prose in paragraphs separated by blank lines. It may
start with a headline (one line that is not a sentence) and a dek (one
sentence), may carry bylines at the top (``By Jane Doe``) or at the end
(``...the end.  -Jane Doe``), and may wrap names in publisher shortcodes such
as ``[artist id="1230523"]Kanye West[/artist]``.

This module knows nothing about Django: it turns bytes into a `ParsedText`
or raises `NewsTextError` with the 1-based line of the first problem, so an
importer can show the editor who supplied the file where to look.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "KNOWN_SHORTCODES",
    "MAX_DEK",
    "MAX_HEADLINE",
    "MAX_SHORTCODE_ATTR",
    "MAX_SHORTCODE_TEXT",
    "NewsTextError",
    "ParsedText",
    "Shortcode",
    "parse_news_text",
]

KNOWN_SHORTCODES = frozenset({"artist"})
MAX_HEADLINE = 300  # a first line longer than this is body, not headline
MAX_DEK = 600
# A shortcode wraps a name and carries an identifier: longer means a broken
# file, and would not fit the columns a name or an identifier is stored in.
MAX_SHORTCODE_TEXT = 200
MAX_SHORTCODE_ATTR = 100

_BOM = b"\xef\xbb\xbf"
# C0 controls other than tab, LF and CR, plus DEL: none belongs in prose, and
# their presence usually means a binary or mangled file.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Sentence-final punctuation, optionally followed by closing quotes/brackets.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
# A sentence break inside a line ("end. Next", "end.” Next") when the
# captured character is upper case.
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’]?\s+(\w)")

_BY = re.compile(r"(?i:by)[ \t\u00a0]+(.+)")
_NAME_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_NAME_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")
_MAX_NAME_WORDS = 4
# Longer than any real list of names; also keeps the separator regex away
# from quadratic work on long runs of spaces.
_MAX_BYLINE = 200
# The dash before a byline glued to the last paragraph. The fixed-width
# lookbehind asks for the "two or more" spaces; the rest of the run is found
# by walking back, which keeps the search linear on long runs of spaces.
_GLUED_DASH = re.compile(r"(?<=[ \u00a0]{2})[-–—]")
_GLUE_SPACE = " \u00a0"
_STANDALONE_BYLINE = re.compile(r"[-–—][ \u00a0]*(.+)")

# One pattern for both tag forms. Nothing after the opening bracket can match
# "[", "]" or a newline, so an attempt at one "[" never reads past the next
# one and the scan stays linear even on hostile input.
_TAG = re.compile(
    r"""\[(?:
        /(?P<close>[A-Za-z][\w-]*)\]
      | (?P<open>[A-Za-z][\w-]*)
        (?P<attrs>(?:[ \t]+[A-Za-z_][\w-]*=(?:"[^"\[\]\n]*"|'[^'\[\]\n]*'))*)
        [ \t]*\]
    )""",
    re.VERBOSE,
)
_ATTR = re.compile(r"""([A-Za-z_][\w-]*)=(?:"([^"]*)"|'([^']*)')""")


class NewsTextError(ValueError):
    """A news text that cannot be imported; line is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(line, message)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"{self.line}: {self.message}"


@dataclass(frozen=True)
class Shortcode:
    """One shortcode, with ``body[start:end] == text`` when it is in the body.

    A shortcode in the headline, the dek or a byline has ``start == end == -1``,
    because its text is not part of the body.
    """

    name: str
    attrs: tuple[tuple[str, str], ...]
    text: str
    start: int
    end: int

    def attr(self, key: str, default: str = "") -> str:
        """Return the value of attribute ``key``, or ``default`` if absent."""
        for name, value in self.attrs:
            if name == key:
                return value
        return default


@dataclass(frozen=True)
class ParsedText:
    """A news text split into its parts; a part the text lacks is empty."""

    headline: str
    dek: str
    body: str
    bylines: tuple[str, ...]
    shortcodes: tuple[Shortcode, ...]


@dataclass(frozen=True)
class _Tagged:
    """A shortcode found in the source: its tags' extent and its inner text."""

    name: str
    attrs: tuple[tuple[str, str], ...]
    text: str
    start: int  # of the opening tag
    end: int  # of the closing tag


@dataclass(frozen=True)
class _Paragraph:
    """A paragraph with its tags removed; shortcodes at offsets into ``text``."""

    text: str
    shortcodes: tuple[tuple[_Tagged, int, int], ...]

    @property
    def is_one_line(self) -> bool:
        return "\n" not in self.text


def parse_news_text(data: bytes) -> ParsedText:
    """Parse a news text file.

    Decodes ``data`` as UTF-8 (dropping a leading BOM), turns CRLF and lone CR
    into LF, normalises to NFC, and splits off headline, dek and bylines.
    Shortcode tags are removed everywhere and described in
    `ParsedText.shortcodes`. Body paragraphs are joined by one blank line and
    are otherwise kept exactly as written, except that whitespace at the end
    of the file is dropped.

    Raises `NewsTextError` when the bytes are not clean UTF-8 text, when the
    file is empty, or when a shortcode is malformed; its line refers to the
    file's own lines.
    """
    text = unicodedata.normalize("NFC", _decode(data))
    lines = _LineIndex(text)
    _check_characters(text, lines)
    text = text.rstrip()
    if not text:
        raise NewsTextError(1, "file is empty")
    spans = _paragraph_spans(text)
    tagged = _scan_shortcodes(text, spans, lines)
    return _assemble(_cut_paragraphs(text, spans, tagged))


def _decode(data: bytes) -> str:
    """Decode UTF-8 with LF newlines, reporting a bad byte by its line."""
    data = data.removeprefix(_BOM)
    nul = data.find(b"\x00")
    if nul != -1:
        # A binary file says so, rather than failing on whatever byte comes first.
        raise NewsTextError(
            _line_of_byte(data, nul),
            "contains a NUL byte; this looks like a binary file",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        message = f"not valid UTF-8 (byte 0x{data[err.start]:02x})"
        raise NewsTextError(_line_of_byte(data, err.start), message) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_of_byte(data: bytes, index: int) -> int:
    """The 1-based line of byte ``index``; CRLF counts as one line break."""
    before = data[:index]
    return 1 + before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n")


def _check_characters(text: str, lines: _LineIndex) -> None:
    """Reject NUL (anywhere, first) and then other control characters."""
    nul = text.find("\x00")
    if nul != -1:
        raise NewsTextError(
            lines.line_of(nul), "contains a NUL byte; this looks like a binary file"
        )
    control = _CONTROL.search(text)
    if control:
        raise NewsTextError(
            lines.line_of(control.start()),
            f"contains control character U+{ord(control.group()):04X}",
        )


class _LineIndex:
    """Maps offsets in a text to 1-based line numbers in O(log n)."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of each run of non-blank lines."""
    spans: list[tuple[int, int]] = []
    start = end = -1
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            if start == -1:
                start = pos
            end = pos + len(line)
        elif start != -1:
            spans.append((start, end))
            start = -1
        pos += len(line) + 1
    if start != -1:
        spans.append((start, end))
    return spans


def _scan_shortcodes(
    text: str, spans: list[tuple[int, int]], lines: _LineIndex
) -> list[_Tagged]:
    """Find the shortcodes in one left-to-right pass; raise on the first error.

    A tag with attributes always opens a shortcode. A bare ``[name]`` opens
    one only if ``[/name]`` occurs later, since otherwise it is ordinary
    bracketed text such as ``I told him [Kanye]``.
    """
    tags = list(_TAG.finditer(text))
    last_close = {tag["close"]: tag.start() for tag in tags if tag["close"]}
    paragraph_ends = [end for _, end in spans]

    def error(offset: int, message: str) -> NewsTextError:
        return NewsTextError(lines.line_of(offset), message)

    found: list[_Tagged] = []
    opened: re.Match[str] | None = None
    for tag in tags:
        name = tag["open"]
        if name and not tag["attrs"] and last_close.get(name, -1) < tag.start():
            continue
        if opened and _paragraph_ends_between(paragraph_ends, opened, tag):
            raise error(
                opened.start(),
                f"shortcode [{opened['open']}] opened here is not closed "
                "before its paragraph ends",
            )
        if name:
            if name not in KNOWN_SHORTCODES:
                raise error(tag.start(), f"unknown shortcode [{name}]")
            if opened:
                raise error(tag.start(), f"shortcode [{name}] inside another shortcode")
            opened = tag
            continue
        name = tag["close"]
        if not opened or opened["open"] != name:
            raise error(
                tag.start(), f"[/{name}] closes a shortcode that was never opened"
            )
        inner = text[opened.end() : tag.start()]
        if not inner.strip():
            # Its offsets would point at nothing a reader can see.
            raise error(opened.start(), f"shortcode [{name}] wraps no text")
        if len(inner) > MAX_SHORTCODE_TEXT:
            raise error(
                opened.start(),
                f"shortcode [{name}] wraps more than {MAX_SHORTCODE_TEXT} characters",
            )
        attrs = tuple(
            (m[1], m[2] if m[2] is not None else m[3])
            for m in _ATTR.finditer(opened["attrs"])
        )
        if any(len(value) > MAX_SHORTCODE_ATTR for _, value in attrs):
            raise error(
                opened.start(),
                f"shortcode [{name}] has an attribute longer than "
                f"{MAX_SHORTCODE_ATTR} characters",
            )
        found.append(_Tagged(name, attrs, inner, opened.start(), tag.end()))
        opened = None
    if opened:
        raise error(
            opened.start(), f"shortcode [{opened['open']}] opened here is never closed"
        )
    return found


def _paragraph_ends_between(
    paragraph_ends: list[int], opened: re.Match[str], tag: re.Match[str]
) -> bool:
    """Whether a paragraph ends after tag ``opened`` and before ``tag``."""
    index = bisect.bisect_left(paragraph_ends, opened.end())
    return index < len(paragraph_ends) and paragraph_ends[index] < tag.start()


def _cut_paragraphs(
    text: str, spans: list[tuple[int, int]], tagged: list[_Tagged]
) -> list[_Paragraph]:
    """Cut each paragraph out of ``text`` with its shortcode tags removed."""
    paragraphs = []
    remaining = iter(tagged)
    pending = next(remaining, None)
    for start, end in spans:
        pieces: list[str] = []
        placed: list[tuple[_Tagged, int, int]] = []
        length = 0
        pos = start
        # No shortcode crosses a paragraph break (the scan enforces it), so
        # each one lies wholly inside the span it starts in.
        while pending is not None and pending.start < end:
            before = text[pos : pending.start]
            length += len(before)
            pieces += [before, pending.text]
            placed.append((pending, length, length + len(pending.text)))
            length += len(pending.text)
            pos = pending.end
            pending = next(remaining, None)
        pieces.append(text[pos:end])
        paragraphs.append(_Paragraph("".join(pieces), tuple(placed)))
    return paragraphs


def _assemble(paragraphs: list[_Paragraph]) -> ParsedText:
    """Pick out headline, dek and bylines, and join the rest into the body."""
    headline = dek = ""
    first = 0
    if _is_headline(paragraphs):
        headline = paragraphs[0].text.strip()
        first = 1
        if _is_dek(paragraphs):
            dek = paragraphs[1].text.strip()
            first = 2
    bylines = _top_byline(paragraphs, first)
    if bylines:
        first += 1

    # The last body paragraph keeps only its first `keep` characters.
    last = len(paragraphs) - 1
    keep = len(paragraphs[last].text)
    standalone = _standalone_byline(paragraphs, first)
    if standalone:
        bylines += standalone
        last -= 1
        keep = len(paragraphs[last].text)
    else:
        glued, keep = _glued_byline(paragraphs[last])
        bylines += glued

    body_parts: list[str] = []
    shortcodes: list[Shortcode] = []
    offset = 0
    for index, paragraph in enumerate(paragraphs):
        in_body = first <= index <= last
        kept = paragraph.text[:keep] if index == last else paragraph.text
        for sc, start, end in paragraph.shortcodes:
            if in_body and end <= len(kept):
                start, end = offset + start, offset + end
            else:
                start = end = -1
            shortcodes.append(Shortcode(sc.name, sc.attrs, sc.text, start, end))
        if in_body:
            body_parts.append(kept)
            offset += len(kept) + len("\n\n")
    return ParsedText(
        headline=headline,
        dek=dek,
        body="\n\n".join(body_parts),
        bylines=tuple(bylines),
        shortcodes=tuple(shortcodes),
    )


def _is_headline(paragraphs: list[_Paragraph]) -> bool:
    """A short single line that is not a sentence, with a body after it."""
    if len(paragraphs) < 2:
        return False
    first = paragraphs[0]
    line = first.text.strip()
    return (
        first.is_one_line
        and len(line) <= MAX_HEADLINE
        and not _SENTENCE_END.search(line)
        and not _byline_names(line)
    )


def _is_dek(paragraphs: list[_Paragraph]) -> bool:
    """A single sentence on one line after the headline, with a body after it."""
    if len(paragraphs) < 3:
        return False
    second = paragraphs[1]
    line = second.text.strip()
    return (
        second.is_one_line
        and len(line) <= MAX_DEK
        and bool(_SENTENCE_END.search(line))
        and not any(m[1].isupper() for m in _SENTENCE_BREAK.finditer(line))
        and not _byline_names(line)
    )


def _top_byline(paragraphs: list[_Paragraph], index: int) -> list[str]:
    """Names of a ``By ...`` paragraph at ``index`` that has a body after it."""
    if index + 1 >= len(paragraphs) or not paragraphs[index].is_one_line:
        return []
    return _byline_names(paragraphs[index].text.strip())


def _byline_names(line: str) -> list[str]:
    """Names in ``By Name, Name and Name``, or [] if the line is not that."""
    match = _BY.fullmatch(line)
    return _names(match[1]) if match else []


def _standalone_byline(paragraphs: list[_Paragraph], first: int) -> list[str]:
    """Names of a last paragraph like ``-Jane Doe`` that follows body text."""
    last = paragraphs[-1]
    if len(paragraphs) - first < 2 or not last.is_one_line:
        return []
    match = _STANDALONE_BYLINE.fullmatch(last.text.strip())
    return _names(match[1]) if match else []


def _glued_byline(paragraph: _Paragraph) -> tuple[list[str], int]:
    """Names glued to the end of ``paragraph``, and where its text should end.

    Returns ``([], len(text))`` when the paragraph does not end in a byline,
    or when cutting it off would split a shortcode.
    """
    text = paragraph.text
    no_byline: tuple[list[str], int] = ([], len(text))
    line_start = text.rfind("\n") + 1
    dashes = list(_GLUED_DASH.finditer(text, line_start))
    if not dashes:
        return no_byline
    dash = dashes[-1]
    names = _names(text[dash.end() :].strip(_GLUE_SPACE))
    cut = dash.start()
    while cut > line_start and text[cut - 1] in _GLUE_SPACE:
        cut -= 1
    if not names or not text[:cut].strip():
        return no_byline
    if any(start < cut < end for _, start, end in paragraph.shortcodes):
        return no_byline
    return names, cut


def _names(text: str) -> list[str]:
    """Split ``Name, Name and Name`` into names, or [] if any part is not one.

    A name is one to four capitalised words, which may contain hyphens,
    apostrophes and periods (``Jean-Luc``, ``O'Brien``, ``J.``).
    """
    if len(text) > _MAX_BYLINE:
        return []
    names = []
    for part in _NAME_SEPARATOR.split(text.strip()):
        words = part.split()
        if not 1 <= len(words) <= _MAX_NAME_WORDS:
            return []
        for word in words:
            if not (_NAME_WORD.fullmatch(word) and word[0].isupper()):
                return []
        names.append(" ".join(words))
    return names
