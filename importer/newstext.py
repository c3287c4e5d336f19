"""Parse the plain-text news files the newsroom imports.

A news text is UTF-8 prose in paragraphs separated by blank lines. It may
start with a kicker (a section label, dropped), a headline (one line that is
not a sentence) and a dek (one sentence), may carry bylines at the top
(``By Jane Doe, Music Editor``, ``By The Associated Press``, ``Jane Doe |
Music Weekly``) or at the end (``...the end.  -Jane Doe``, ``Additional
reporting by Jane Doe``), a dateline at the start of the body (``NEW YORK
(AP) —``), and may wrap names in shortcodes such as ``[artist
id="1230523"]Kanye West[/artist]``. Lines a copy-paste brings from a web page
(``Advertisement``, ``Share this``, navigation rows, photo captions and
credits) are dropped, each with a warning, never taken for a headline, a
byline or a paragraph.

This module knows nothing about Django: it turns bytes into a `ParsedText`
or raises `NewsTextError` with the 1-based line of the first problem, so an
importer can show the editor who supplied the file where to look.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "KNOWN_ORGANISATIONS",
    "KNOWN_SHORTCODES",
    "MEDIA_SHORTCODES",
    "WORK_SHORTCODES",
    "MAX_DATELINE",
    "MAX_DEK",
    "MAX_HEADLINE",
    "MAX_SHORTCODE_ATTR",
    "MAX_SHORTCODE_NESTING",
    "MAX_SHORTCODE_TEXT",
    "SECTION_LABELS",
    "Credit",
    "NewsTextError",
    "ParsedText",
    "PhotoToCome",
    "Shortcode",
    "is_organisation",
    "parse_byline",
    "parse_credits_line",
    "parse_news_text",
]

# Shortcodes the importer maps: a person, a work, a link. Every other name is
# unwrapped, keeping its text, with a warning (importer.writing).
# A work's shortcodes: found by the publisher's id, then by title.
WORK_SHORTCODES = frozenset({"movie", "film", "album", "song"})
KNOWN_SHORTCODES = frozenset({"artist", "link", *WORK_SHORTCODES})
# WordPress's media shortcodes: figures and embeds once importer.shortcodes
# (the WordPress importer's) is plugged into importer.writing.
MEDIA_SHORTCODES = frozenset({"caption", "embed", "video", "audio", "gallery"})
# Shortcodes that wrap a name: they must wrap one, of a name's length.
_NAME_SHORTCODES = frozenset({"artist", *WORK_SHORTCODES})
# Written without a closing tag in WordPress (``[gallery ids="1,2"]``): with
# no ``[/name]`` later in the file they stand alone instead of opening.
_STANDALONE_SHORTCODES = frozenset({"gallery", "video", "audio", "embed"})
MAX_HEADLINE = 300  # a first line longer than this is body, not headline
MAX_DEK = 600
MAX_DATELINE = 100  # Article.dateline's length
# A shortcode wraps a name and carries an identifier: longer means a broken
# file, and would not fit the columns a name or an identifier is stored in.
MAX_SHORTCODE_TEXT = 200
MAX_SHORTCODE_ATTR = 100
# Deeper than any real markup (a link in a caption is two); bounds the work a
# hostile file can ask for.
MAX_SHORTCODE_NESTING = 10

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
        [ \t]*/?\]
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
    # The file's line the shortcode opens on, for warnings.
    line: int = field(default=0, compare=False)
    # Shortcodes nested inside this one, unwrapped into its text.
    inner: tuple[str, ...] = field(default=(), compare=False)

    def attr(self, key: str, default: str = "") -> str:
        """Return the value of attribute ``key``, or ``default`` if absent."""
        for name, value in self.attrs:
            if name == key:
                return value
        return default


@dataclass(frozen=True)
class Credit:
    """One credit of a byline: a person, or an organisation (no page).

    ``role`` is a value of ``articles.models.BylineRole``; ``title`` is what
    the byline says the person is (``Music Editor``, ``AP Music Writer``,
    the publisher of ``Jane Doe | Music Weekly``), never a person.
    """

    name: str
    organisation: bool = False
    title: str = ""
    role: str = "writer"


@dataclass(frozen=True)
class PhotoToCome:
    """A caption and credit found next to a photo reference, and where.

    The text has no image, so the body keeps them as a photo to come
    (``articles.body``) at ``offset`` into the body, for the editor to
    attach an image; readers see it only then. ``line`` is the file's line
    the photo's lines start on.
    """

    caption: str
    credit: str
    offset: int
    line: int = 0


@dataclass(frozen=True)
class ParsedText:
    """A news text split into its parts; a part the text lacks is empty.

    ``warnings`` are ``(line, message)``: what was dropped or guessed, for
    the import summary (nothing is left out of the article silently).
    """

    headline: str
    dek: str
    body: str
    bylines: tuple[Credit, ...]
    shortcodes: tuple[Shortcode, ...]
    dateline: str = ""
    warnings: tuple[tuple[int, str], ...] = ()
    photos: tuple[PhotoToCome, ...] = ()


@dataclass(frozen=True)
class _Tagged:
    """A shortcode found in the source: its tags' extent and its inner text."""

    name: str
    attrs: tuple[tuple[str, str], ...]
    text: str
    start: int  # of the opening tag
    end: int  # of the closing tag
    line: int = 0
    inner: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Paragraph:
    """A paragraph with its tags removed; shortcodes at offsets into ``text``."""

    text: str
    shortcodes: tuple[tuple[_Tagged, int, int], ...]
    line: int = 1  # the file's line its text starts on

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
    return _assemble(_cut_paragraphs(text, spans, tagged, lines))


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
    bracketed text such as ``I told him [Kanye]``. Any name may be a
    shortcode (what each becomes is ``importer.writing``'s business), but
    ``[gallery ...]``, ``[video ...]``, ``[audio ...]`` and ``[embed ...]``
    with no closing tag later stand alone, as WordPress writes them, and so
    does any ``[name .../]``. Shortcodes inside another one are unwrapped into
    its text (``Shortcode.inner`` names them), except inside a shortcode
    that wraps a name (``[artist]``, ``[movie]``), which is an error.
    """
    tags = list(_TAG.finditer(text))
    last_close = {tag["close"]: tag.start() for tag in tags if tag["close"]}
    paragraph_ends = [end for _, end in spans]

    def error(offset: int, message: str) -> NewsTextError:
        return NewsTextError(lines.line_of(offset), message)

    found: list[_Tagged] = []
    opened: re.Match[str] | None = None
    nested: list[re.Match[str]] = []  # shortcodes open inside `opened`
    inner_tags: list[re.Match[str]] = []  # their tags, left out of its text
    for tag in tags:
        name = tag["open"]
        closed_later = last_close.get(name, -1) > tag.start()
        if name and not tag["attrs"] and not closed_later:
            continue
        standalone = name and (
            tag.group().endswith("/]")
            or (name in _STANDALONE_SHORTCODES and not closed_later)
        )
        if opened and _paragraph_ends_between(paragraph_ends, opened, tag):
            raise error(
                opened.start(),
                f"shortcode [{opened['open']}] opened here is not closed "
                "before its paragraph ends",
            )
        if name:
            if opened:
                if (
                    opened["open"] in _NAME_SHORTCODES
                    or len(nested) >= MAX_SHORTCODE_NESTING
                ):
                    raise error(
                        tag.start(), f"shortcode [{name}] inside another shortcode"
                    )
                inner_tags.append(tag)
                if not standalone:
                    nested.append(tag)
                continue
            if standalone:
                found.append(
                    _Tagged(
                        name,
                        _attrs_of(tag),
                        "",
                        tag.start(),
                        tag.end(),
                        lines.line_of(tag.start()),
                    )
                )
                continue
            opened = tag
            continue
        name = tag["close"]
        if nested and nested[-1]["open"] == name:
            nested.pop()
            inner_tags.append(tag)
            continue
        if nested and opened["open"] == name:
            raise error(
                nested[-1].start(),
                f"shortcode [{nested[-1]['open']}] opened here is never closed",
            )
        if not opened or opened["open"] != name:
            raise error(
                tag.start(), f"[/{name}] closes a shortcode that was never opened"
            )
        pieces = []
        pos = opened.end()
        for inner_tag in inner_tags:
            pieces.append(text[pos : inner_tag.start()])
            pos = inner_tag.end()
        pieces.append(text[pos : tag.start()])
        inner = "".join(pieces)
        inner_names = tuple(dict.fromkeys(t["open"] for t in inner_tags if t["open"]))
        inner_tags = []
        attrs = _attrs_of(opened)
        if name in _NAME_SHORTCODES:
            # A name: its offsets must point at something a reader can see,
            # and it must fit the columns a name or an identifier is stored in.
            if not inner.strip():
                raise error(opened.start(), f"shortcode [{name}] wraps no text")
            if len(inner) > MAX_SHORTCODE_TEXT:
                raise error(
                    opened.start(),
                    f"shortcode [{name}] wraps more than "
                    f"{MAX_SHORTCODE_TEXT} characters",
                )
            if any(len(value) > MAX_SHORTCODE_ATTR for _, value in attrs):
                raise error(
                    opened.start(),
                    f"shortcode [{name}] has an attribute longer than "
                    f"{MAX_SHORTCODE_ATTR} characters",
                )
        found.append(
            _Tagged(
                name,
                attrs,
                inner,
                opened.start(),
                tag.end(),
                lines.line_of(opened.start()),
                inner_names,
            )
        )
        opened = None
    if nested or opened:
        unclosed = nested[-1] if nested else opened
        raise error(
            unclosed.start(),
            f"shortcode [{unclosed['open']}] opened here is never closed",
        )
    return found


def _attrs_of(tag: re.Match[str]) -> tuple[tuple[str, str], ...]:
    return tuple(
        (m[1], m[2] if m[2] is not None else m[3]) for m in _ATTR.finditer(tag["attrs"])
    )


def _paragraph_ends_between(
    paragraph_ends: list[int], opened: re.Match[str], tag: re.Match[str]
) -> bool:
    """Whether a paragraph ends after tag ``opened`` and before ``tag``."""
    index = bisect.bisect_left(paragraph_ends, opened.end())
    return index < len(paragraph_ends) and paragraph_ends[index] < tag.start()


def _cut_paragraphs(
    text: str, spans: list[tuple[int, int]], tagged: list[_Tagged], lines: _LineIndex
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
        paragraphs.append(
            _Paragraph("".join(pieces), tuple(placed), lines.line_of(start))
        )
    return paragraphs


# Page chrome, kickers and photo captions ---------------------------------

# Lines a copy-paste brings from a web page: the whole line, any case.
_CHROME = re.compile(
    r"""(?ix)
    (?:advertisement|advertising|ad|sponsored(?:[ ]content)?
      |story[ ]continues[ ]below(?:[ ]advertisement)?
      |share(?:[ ]this(?:[ ](?:article|story|post|page))?)?
      |share[ ](?:on|via|to)[ ][\w.]+(?:[ ][\w.]+)?
      |tweet|pin[ ]it|e-?mail|print|comments?|\d+[ ]comments?|view[ ]comments
      |skip[ ]to[ ](?:main[ ])?content|back[ ]to[ ]top|close|menu
      |(?:sign[ ]up|subscribe)\b.{0,80}|follow[ ]us\b.{0,60}
      |(?:related|read[ ]more|read[ ]next|see[ ]also|also[ ]read|recommended
         |up[ ]next|most[ ]popular|trending|more[ ]from[ ][\w ]{1,30})[ ]?:.{0,150}
      |related[ ](?:stories|articles|content|coverage)|read[ ]more|more[ ]stories
      |you[ ]may[ ]also[ ]like|most[ ]popular|trending[ ]now
      |(?:published|updated|posted|last[ ]updated)[ ]?(?::|on|at)?[ ].{0,60}\d.{0,30}
      |getty[ ]images|shutterstock|ap[ ]photo
    )[ ]?[.!]?""",
)
# A date (and time) on its own: "October 22, 2026", "Oct. 22, 2026 10:15 a.m.
# ET", "Thursday 22 October 2026", "2026-10-22 10:15". Pages print it by the
# byline; the import does not take dates from the text.
_DATE = (
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?[ \u00a0]+)?"
    r"(?:(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
    r"|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
    r"\.?[ \u00a0]+\d{1,2}(?:st|nd|rd|th)?,?[ \u00a0]+\d{4}"
    r"|\d{1,2}[ \u00a0]+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"\.?,?[ \u00a0]+\d{4}"
    r"|\d{4}-\d{2}-\d{2})"
    r"(?:[ \u00a0,]+(?:at[ \u00a0]+)?\d{1,2}[:.]\d{2}(?:[ \u00a0]*[ap]\.?m\.?)?"
    r"(?:[ \u00a0]+[A-Z]{2,4})?)?"
)
_DATE_LINE = re.compile(rf"(?i){_DATE}[ .]*")
_MAX_DATE_LINE = 60
_TRAILING_DATE = re.compile(
    rf"(?i)[ \u00a0]*(?:[·|•—–,-]|[ \u00a0]on)[ \u00a0]*(?P<date>{_DATE})[ .]*$"
)
# "Photo: ...", "Credit: ...", "Image: Getty Images", "Photograph by ...",
# "Courtesy of ...".
# The "by" form names someone, briefly: "Photo by any means was..." is prose.
_PHOTO_CREDIT = re.compile(
    r"(?i)\(?(?:photo(?:graph)?s?|image|picture|pictured|credit|photo[ ]credit"
    r"|courtesy)(?:[ ]?:.{0,200}|[ ]by[ ][^.!?]{1,80}[.)]?)"
    # "Courtesy of the artist": short, and no sentence after it.
    r"|\(?courtesy[ ]of[ ][^.!?,;]{1,60}[.)]?"
)
# A reference to a photo that is not in the text: "[Photo: ...]", "[Image]".
_PHOTO_REFERENCE = re.compile(
    r"(?i)\[(?:photo|image|picture|gallery|video)\b[^\]\n]{0,300}\]"
)
# A caption that carries its own agency credit: "... (AP Photo/Jane Doe)".
_CAPTIONED_CREDIT = re.compile(
    r"(?i).{0,300}\((?:AP|Reuters|AFP|Getty)[ ]?(?:Photo|Images)[^)\n]{0,80}\)[ .]*"
)
# A navigation row: three or more short items between separators.
_NAV_SEPARATOR = re.compile(r"[ \u00a0]*(?:\||·|•|»|›|>|/)[ \u00a0]*")
_MAX_CHROME_LINE = 300
# "Is This the Year's Best Album?" is a headline; a longer question is prose.
_MAX_QUESTION_HEADLINE_WORDS = 12
# Section labels seen above headlines (compared in lower case).
SECTION_LABELS = frozenset(
    {
        "music",
        "movies",
        "movie",
        "film",
        "films",
        "tv",
        "television",
        "news",
        "exclusive",
        "review",
        "reviews",
        "film review",
        "movie review",
        "album review",
        "music review",
        "tv review",
        "concert review",
        "interview",
        "opinion",
        "analysis",
        "breaking",
        "breaking news",
        "entertainment",
        "celebrity",
        "culture",
        "arts",
        "books",
        "games",
        "gaming",
        "premiere",
        "first look",
        "video",
        "photos",
        "feature",
        "features",
        "obituary",
        "awards",
        "box office",
        "hip-hop",
        "pop",
        "rock",
    }
)


def _drop_chrome(
    paragraphs: list[_Paragraph],
    warnings: list[tuple[int, str]],
    photos: list[tuple[int, int, PhotoToCome]],
) -> list[_Paragraph]:
    """``paragraphs`` without page chrome, photo references and captions.

    Works line by line, since a paste often has no blank line between a
    navigation row and the headline. A line holding a shortcode is kept (its
    shortcode is the publisher's markup, not the page's). Each line dropped
    is listed in ``warnings``. A caption or credit by a photo is not lost: it
    is appended to ``photos`` as ``(paragraph, offset, PhotoToCome)``, the
    index in the result of the paragraph it sits in (or before) and the
    offset into that paragraph's text, for ``_assemble`` to place in the body.
    """
    kept: list[_Paragraph] = []
    for paragraph in paragraphs:
        lines = paragraph.text.split("\n")
        # Most lines of a story are longer than any chrome: not looked at.
        kinds = [
            None if len(line) > _MAX_CHROME_LINE else _line_kind(line.strip())
            for line in lines
        ]
        for index, line in enumerate(lines):
            stripped = line.strip()
            # Alt text pasted twice, by a photo: the second copy, when a
            # credit follows or a photo reference comes before the first
            # (a chorus repeated in a quote is not by a photo).
            if (
                index
                and kinds[index] is None
                and stripped
                and stripped == lines[index - 1].strip()
                and (
                    (index + 1 < len(kinds) and kinds[index + 1] == "credit")
                    or (index > 1 and kinds[index - 2] == "photo")
                )
            ):
                kinds[index] = "repeated"
        for index, kind in enumerate(kinds):
            # A caption: the line right above a credit, or right below a
            # photo reference, in the same paragraph (past a repeated line).
            if kind in ("credit", "photo"):
                step = -1 if kind == "credit" else 1
                near = index + step
                while 0 <= near < len(kinds) and kinds[near] == "repeated":
                    near += step
                if (
                    0 <= near < len(kinds)
                    and kinds[near] is None
                    and lines[near].strip()
                    and len(lines[near]) <= _MAX_CHROME_LINE
                ):
                    kinds[near] = "caption"
        if not any(kinds):
            kept.append(paragraph)
            continue
        found: list[PhotoToCome] = []
        kept_paragraph = _without_lines(paragraph, lines, kinds, warnings, found)
        # A paragraph that was all photo: its photo goes before the next one.
        photos += [(len(kept), photo.offset, photo) for photo in found]
        if kept_paragraph is not None:
            kept.append(kept_paragraph)
    return kept


# The lines that make a photo to come (a reference, its caption and credit,
# alt text pasted twice), and what is said of one in the warnings.
_PHOTO_KINDS = frozenset({"photo", "caption", "credit", "repeated"})
# Longer than a caption and credit together; well under what the body
# keeps (articles.body.MAX_PHOTO_WORDS).
_MAX_PHOTO_WORDS = 600
_PHOTO_KEPT = (
    "photo to come kept in the body (shown to readers only once an image is attached)"
)
_DROPPED = {
    "chrome": "page chrome dropped",
    "date": "date stamp dropped (an import takes no date from the text)",
    "photo": "photo reference dropped (the text has no image to show)",
    "credit": "photo credit dropped",
    "caption": "photo caption dropped",
    "repeated": "repeated line dropped (image alt text pasted twice)",
}


def _line_kind(line: str) -> str | None:
    """What a line of a web page is, if it is not text of the story."""
    if not line or len(line) > _MAX_CHROME_LINE:
        return None
    if _CHROME.fullmatch(line) or _is_navigation(line):
        return "chrome"
    last = line[-1]
    if (
        len(line) <= _MAX_DATE_LINE
        and (last.isdigit() or last.isupper() or last == ".")
        and _DATE_LINE.fullmatch(line)
    ):
        return "date"
    # Cheap tests of the first and last characters spare most lines the
    # patterns below (every line of every file passes here).
    first = line[0]
    if first == "[" and _PHOTO_REFERENCE.fullmatch(line):
        return "photo"
    if first in "PpIiCc(" and _PHOTO_CREDIT.fullmatch(line):
        return "credit"
    if line.rstrip(" .").endswith(")") and _CAPTIONED_CREDIT.fullmatch(line):
        return "caption"
    return None


def _is_navigation(line: str) -> bool:
    """``Home | Music | Movies | TV``: three or more items of one to three words."""
    if len(line) > 150 or not _NAV_SEPARATOR.search(line):
        return False
    items = _NAV_SEPARATOR.split(line)
    return len(items) >= 3 and all(
        item and len(item.split()) <= 3 and not _SENTENCE_END.search(item)
        for item in items
    )


def _without_lines(
    paragraph: _Paragraph,
    lines: list[str],
    kinds: list[str | None],
    warnings: list[tuple[int, str]],
    photos: list[PhotoToCome],
) -> _Paragraph | None:
    """``paragraph`` without its lines of a kind, or None if none is left.

    One sweep over lines and shortcodes together (both in text order), so a
    paragraph of many lines and many shortcodes stays linear. A run of
    dropped photo lines with a caption or credit among them becomes one of
    ``photos``, at its offset into the paragraph's text as it is left.
    """
    group: list[tuple[int, str, str]] = []  # (line index, kind, text)

    def end_group(at: int) -> None:
        captions = [text for _, kind, text in group if kind == "caption"]
        credits = [text for _, kind, text in group if kind == "credit"]
        if not (captions or credits):
            for index, kind, text in group:
                warnings.append((paragraph.line + index, f"{_DROPPED[kind]}: {text!r}"))
        else:
            photo = PhotoToCome(
                " ".join(captions), " ".join(credits), at, paragraph.line + group[0][0]
            )
            photos.append(photo)
            words = ", ".join(repr(w) for w in (photo.caption, photo.credit) if w)
            warnings.append((photo.line, f"{_PHOTO_KEPT}: {words}"))
            for index, kind, text in group:
                if kind == "repeated":
                    warnings.append(
                        (paragraph.line + index, f"{_DROPPED[kind]}: {text!r}")
                    )
        group.clear()

    shortcodes = paragraph.shortcodes
    pieces: list[str] = []
    placed: list[tuple[_Tagged, int, int]] = []
    removed = 0  # characters dropped so far
    next_sc = 0  # the first shortcode not placed yet
    offset = 0  # of the line in the paragraph's text
    first_line = -1
    # The length of the text kept so far (lines joined by a line break):
    # where a photo found now goes.
    kept = 0
    for index, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        end = offset + len(line)
        # Shortcodes that start before this line's end: placed now, with the
        # text removed before them.
        first_here = next_sc
        while next_sc < len(shortcodes) and shortcodes[next_sc][1] <= end:
            sc, start, stop = shortcodes[next_sc]
            placed.append((sc, start - removed, stop - removed))
            next_sc += 1
        touches = first_here < next_sc or (
            # One that started on a line before and runs into this one.
            bool(placed) and placed[-1][2] + removed >= offset
        )
        if kind is None or touches:
            if group:
                end_group(kept)
            if first_line == -1:
                first_line = index
            kept += len(line) + (1 if pieces else 0)
            pieces.append(line)
        else:
            if kind in _PHOTO_KINDS:
                # A new photo after a credit, or words past a caption's
                # length (a page of credit lines), start another photo.
                if group and (
                    kind in ("photo", "caption")
                    and any(k == "credit" for _, k, _ in group)
                    or sum(len(text) + 1 for _, _, text in group) + len(line)
                    > _MAX_PHOTO_WORDS
                ):
                    end_group(kept)
                group.append((index, kind, line.strip()))
            else:
                if group:
                    end_group(kept)
                warnings.append(
                    (paragraph.line + index, f"{_DROPPED[kind]}: {line.strip()!r}")
                )
            removed += len(line) + 1
        offset = end + 1
    if group:
        end_group(kept)
    if not pieces:
        return None
    return _Paragraph("\n".join(pieces), tuple(placed), paragraph.line + first_line)


# Bylines -------------------------------------------------------------------

# Credited as organisations, not people (lower case, without a leading
# "the"): wire services and the words desks sign with.
KNOWN_ORGANISATIONS = frozenset(
    {
        "associated press",
        "ap",
        "reuters",
        "thomson reuters",
        "agence france-presse",
        "agence france presse",
        "afp",
        "bloomberg",
        "press association",
        "pa media",
        "pa",
        "upi",
        "united press international",
        "dpa",
        "efe",
        "ansa",
        "kyodo",
        "xinhua",
        "canadian press",
        "cnn",
        "bbc",
        "npr",
        "staff",
        "staff and agencies",
        "agencies",
        "wire reports",
        "wire services",
    }
)
# The agencies a dateline names in parentheses, by the name they are
# credited under.
_AGENCY_NAMES = {
    "ap": "The Associated Press",
    "reuters": "Reuters",
    "afp": "Agence France-Presse",
    "upi": "United Press International",
    "pa": "PA Media",
    "dpa": "dpa",
    "cnn": "CNN",
}
# A word that makes a name an organisation's ("Music Weekly", "Hollywood
# Desk"): no person's name in a byline is made of these.
_ORGANISATION_WORDS = frozenset(
    {
        "news",
        "press",
        "staff",
        "agency",
        "agencies",
        "magazine",
        "records",
        "desk",
        "team",
        "newsroom",
        "wire",
        "wires",
        "service",
        "services",
        "media",
        "times",
        "post",
        "journal",
        "weekly",
        "daily",
        "network",
        "radio",
        "tv",
        "television",
        "studios",
        "pictures",
        "films",
        "inc",
        "ltd",
        "llc",
        "group",
        "online",
        "digital",
        "entertainment",
        "publishing",
        "editors",
        "contributors",
    }
)
_MAX_ORGANISATION_WORDS = 6
_NAME_CONNECTORS = frozenset({"and", "&", "of", "the", "for", "on", "in", "de"})
# A word that makes a part of a byline a person's title ("Music Editor",
# "AP Music Writer"), not another name.
_TITLE_WORDS = frozenset(
    {
        "writer",
        "writers",
        "editor",
        "editors",
        "correspondent",
        "correspondents",
        "reporter",
        "reporters",
        "critic",
        "critics",
        "columnist",
        "columnists",
        "contributor",
        "contributors",
        "producer",
        "chief",
        "senior",
        "staff",
        "associate",
        "contributing",
        "deputy",
        "managing",
        "executive",
        "bureau",
        "anchor",
        "host",
        "intern",
        "analyst",
        "blogger",
        "photographer",
        "freelance",
        "special",
        "for",
    }
)
# Lower-case words inside a name: "Ludwig van Beethoven".
_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "la", "le"}
)
# Upper-case names that title case would get wrong ("MCCARTNEY", "DEANDRE",
# "DICAPRIO", "MACKENZIE", "VAN", "FITZGERALD"): kept as written.
_CAPS_KEPT = re.compile(r"(?:MC|MAC|DE|DI|DA|DU|LA|LE|VAN|VON|FITZ|[IVX]+$)")
# The roles of a credits line (Reuters: "(Reporting by ...; Editing by ...)").
_CREDIT_ROLES = {
    "reporting": "reporter",
    "additional reporting": "additional_reporting",
    "with additional reporting": "additional_reporting",
    "writing": "writer",
    "written": "writer",
    "editing": "editor",
    "edited": "editor",
    "photos": "photographer",
    "photographs": "photographer",
    "photography": "photographer",
}
_CREDIT_PART = re.compile(
    r"(?i)(?P<role>[a-z ]{4,30}?)[ \u00a0]+by[ \u00a0]+(?P<names>.+)"
)


def is_organisation(text: str) -> bool:
    """Whether a credit is an organisation's, not a person's.

    The rule, in order: a known agency or desk (``KNOWN_ORGANISATIONS``,
    with or without "The"); otherwise it must look like a name (one to six
    words, each capitalised but for "and", "of", "the"...), and then it is
    an organisation if it starts with "The" (a person's name never does),
    has a word organisations' names are made of (News, Press, Staff, Agency,
    Magazine, Records, Desk, Weekly...), or is an acronym of two to five
    capitals (``BBC``). Everything else is a person.
    """
    name = text.strip(" .")
    lower = name.lower()
    if lower.removeprefix("the ") in KNOWN_ORGANISATIONS:
        return True
    words = name.split()
    # A name, not a sentence: a few capitalised words.
    if not 1 <= len(words) <= _MAX_ORGANISATION_WORDS or not all(
        word[0].isupper() or word[0].isdigit() or word in _NAME_CONNECTORS
        for word in words
    ):
        return False
    if len(words) > 1 and words[0] == "The":
        return True
    if any(word.strip(".,&'’").lower() in _ORGANISATION_WORDS for word in words):
        return True
    return len(words) == 1 and 2 <= len(name) <= 5 and name.isalpha() and name.isupper()


def parse_byline(line: str) -> tuple[Credit, ...]:
    """The credits of a byline line, or () if ``line`` is not one.

    Shapes: ``By Name``, ``By Name and Name``, ``By Name, Name and Name``,
    ``By Name, Title``, ``By NAME, Agency Writer``, ``By The Associated
    Press``, ``By Name | Publisher`` and ``Name | Publisher``.
    """
    if len(line) > _MAX_BYLINE:
        return ()
    dated = _TRAILING_DATE.search(line)
    if dated:
        line = line[: dated.start()]
    match = _BY.fullmatch(line)
    if match:
        return _credits(match[1])
    if "|" in line:
        names, _, publisher = line.partition("|")
        publisher = publisher.strip()
        if not publisher or "|" in publisher or _SENTENCE_END.search(publisher):
            return ()
        credits = _credits(names)
        if any(credit.organisation for credit in credits):
            return ()
        return tuple(Credit(c.name, title=publisher) for c in credits)
    return ()


def _credits(text: str) -> tuple[Credit, ...]:
    """``Name, Name and Name[, Title][ | Publisher]`` as credits, or ()."""
    text = text.strip().rstrip(".")
    if "|" in text:
        names, _, title = text.partition("|")
        title = title.strip()
        if not title or "|" in title:
            return ()
        return tuple(
            Credit(c.name, c.organisation, c.title or title, c.role)
            for c in _credits(names)
        )
    if "," not in text and is_organisation(text):
        return (Credit(_squash(text), organisation=True),)
    segments = text.split(",")
    credits: list[Credit] = []
    title = ""
    for index, segment in enumerate(segments):
        segment = segment.strip()
        if index and segment.lower().startswith("and "):
            segment = segment[4:].strip()
        if index and (_is_title(segment) or is_organisation(segment)):
            title = ", ".join(s.strip() for s in segments[index:])
            break
        for part in re.split(r"[ \u00a0]+(?:and|&)[ \u00a0]+", segment):
            if is_organisation(part):
                credits.append(Credit(_squash(part), organisation=True))
                continue
            name = _person_name(part)
            if not name:
                return ()
            credits.append(Credit(name))
    if title:
        credits = [
            credit if credit.organisation else Credit(credit.name, title=title)
            for credit in credits
        ]
    return tuple(credits)


def _is_title(text: str) -> bool:
    words = text.split()
    return bool(words) and (
        words[0][0].islower()
        or any(word.strip(".,").lower() in _TITLE_WORDS for word in words)
    )


def _person_name(text: str) -> str:
    """``text`` as a person's name for display, or "" if it is not a name.

    A name is one to four capitalised words, which may contain hyphens,
    apostrophes and periods (``Jean-Luc``, ``O'Brien``, ``J.``), with
    lower-case particles inside (``van``, ``de``). A name in capitals is
    shown in title case, unless title case could get it wrong
    (``MCCARTNEY``): then it is kept as written, and an editor renames the
    person once (an existing person is found whatever the case).
    """
    words = text.split()
    if not words:
        return ""
    core = [w for w in words[1:-1] if w not in _PARTICLES]
    core = [words[0], *core, words[-1]] if len(words) > 1 else words
    if len(core) > _MAX_NAME_WORDS:
        return ""
    for word in core:
        if not (_NAME_WORD.fullmatch(word) and word[0].isupper()):
            return ""
        if word.strip(".,").lower() in _TITLE_WORDS:
            return ""
    name = " ".join(words)
    letters = [c for c in name if c.isalpha()]
    if len(letters) > 3 and name.isupper():
        if any(_CAPS_KEPT.match(word) for word in words):
            return name
        return re.sub(r"[^\W\d_]+", lambda m: m[0][0] + m[0][1:].lower(), name)
    return name


def _squash(text: str) -> str:
    return " ".join(text.split())


def parse_credits_line(line: str) -> tuple[Credit, ...]:
    """``(Reporting by A; Additional reporting by B; Editing by C)`` and
    ``Additional reporting by A and B.`` as credits, or () if not that."""
    if len(line) > _MAX_BYLINE * 2:
        return ()
    inner = line.strip()
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1]
    credits: list[Credit] = []
    for part in inner.split(";"):
        match = _CREDIT_PART.fullmatch(part.strip().rstrip("."))
        if not match:
            return ()
        role = _CREDIT_ROLES.get(" ".join(match["role"].lower().split()))
        names = _credits(match["names"].strip())
        if role is None or not names:
            return ()
        credits += [Credit(c.name, c.organisation, c.title, role) for c in names]
    return tuple(credits)


def _glued_credits_sentence(paragraph: _Paragraph) -> tuple[tuple[Credit, ...], int]:
    """``... the end. Additional reporting by Jane Doe.`` at the end of a
    paragraph: its credits, and where the paragraph's text should end."""
    text = paragraph.text
    at = text.rfind("dditional reporting by", max(0, len(text) - _MAX_BYLINE))
    if at < 1 or text[at - 1] not in "Aa":
        return (), len(text)
    start = at - 1
    if start >= 1 and text[start - 1] == "(":
        start -= 1
    if start >= 5 and text[start - 5 : start].lower() == "with ":
        start -= 5
    before = text[:start].rstrip()
    if not before or not _SENTENCE_END.search(before):
        return (), len(text)
    credits = parse_credits_line(text[start:])
    if not credits or any(
        start < end for _, _, end in paragraph.shortcodes if end > start
    ):
        return (), len(text)
    return credits, len(before)


# Datelines -----------------------------------------------------------------

# "NEW YORK (AP) —", "LOS ANGELES, Oct. 22 (Reuters) -", "LONDON —",
# "PARIS, France --": a place in capitals, then what may follow it, then a
# dash. Anchored, with bounded repeats: linear on any paragraph.
_DATELINE = re.compile(
    r"""
    (?P<dateline>
      (?P<place>[A-Z][A-Z.'’\-]+(?:[ \u00a0][A-Z][A-Z.'’\-]*){0,3})
      (?P<extra>(?:,[ \u00a0]+[A-Z][\w.'’\-]*(?:[ \u00a0]\w[\w.'’\-]*){0,3}){0,2})
      (?:[ \u00a0]*\((?P<agency>[A-Za-z][\w.&'’ \-]{0,39})\))?
    )
    [ \u00a0]*(?:—|–|--|-)[ \u00a0]+(?=\S)
    """,
    re.VERBOSE,
)
# Capitals and a dash that open a sentence without being a place.
_NOT_PLACES = frozenset(
    {"UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "WATCH", "LISTEN", "NOTE", "EDITOR"}
)


def _dateline(text: str) -> tuple[str, str, int]:
    """The dateline a paragraph starts with, the agency it names, and where
    the text after it starts; ``("", "", 0)`` if there is none."""
    match = _DATELINE.match(text)
    if not match:
        return "", "", 0
    place = match["place"]
    letters = sum(c.isalpha() for c in place)
    if place.rstrip(".").upper() in _NOT_PLACES:
        return "", "", 0
    if not (match["agency"] or match["extra"]) and letters < 4:
        # "OK - so" is not a place; a dateline this short names an agency
        # or a date.
        return "", "", 0
    dateline = _squash(match["dateline"])
    if len(dateline) > MAX_DATELINE:
        return "", "", 0
    return dateline, match["agency"] or "", match.end()


# Putting it together ---------------------------------------------------------


def _assemble(paragraphs: list[_Paragraph]) -> ParsedText:
    """Pick out kicker, headline, dek, bylines and dateline, and join the rest
    into the body."""
    warnings: list[tuple[int, str]] = []
    found_photos: list[tuple[int, int, PhotoToCome]] = []
    paragraphs = _drop_chrome(paragraphs, warnings, found_photos)
    if not paragraphs:
        raise NewsTextError(1, "nothing but page chrome (see the warnings)")
    first = 0
    while _is_kicker(paragraphs, first):
        label = paragraphs[first].text.strip()
        warnings.append(
            (paragraphs[first].line, f"kicker or section label dropped: {label!r}")
        )
        first += 1
    headline = dek = ""
    if pair := _headline_and_dek(paragraphs, first):
        # Pasted with no blank line between them.
        headline, dek = pair
        first += 1
    elif _is_headline(paragraphs, first):
        headline = paragraphs[first].text.strip()
        first += 1
        if _is_dek(paragraphs, first):
            dek = paragraphs[first].text.strip()
            first += 1
    bylines: list[Credit] = []
    while credits := _top_byline(paragraphs, first):
        bylines += credits
        dated = _TRAILING_DATE.search(paragraphs[first].text.split("\n")[0])
        if dated:
            warnings.append(
                (
                    paragraphs[first].line,
                    f"{_DROPPED['date']}: {dated['date']!r}",
                )
            )
        first += 1

    dateline, agency, cut = _dateline(paragraphs[first].text)
    if cut and any(start < cut for _, start, _ in paragraphs[first].shortcodes):
        cut = 0
    if cut:
        opening = paragraphs[first]
        paragraphs[first] = _Paragraph(
            opening.text[cut:],
            tuple((sc, s - cut, e - cut) for sc, s, e in opening.shortcodes),
            opening.line,
        )
    else:
        dateline = agency = ""

    # The last body paragraph keeps only its first `keep` characters.
    last = len(paragraphs) - 1
    trailing: list[Credit] = []
    while last > first and paragraphs[last].is_one_line:
        credits = parse_credits_line(paragraphs[last].text) or _standalone_byline(
            paragraphs[last]
        )
        if not credits:
            break
        trailing = list(credits) + trailing
        last -= 1
    keep = len(paragraphs[last].text)
    if not trailing:
        glued, keep = _glued_byline(paragraphs[last])
        trailing += glued
    if last >= first:
        credits, at = _glued_credits_sentence(
            _Paragraph(paragraphs[last].text[:keep], paragraphs[last].shortcodes)
        )
        if credits:
            trailing = list(credits) + trailing
            keep = at
    bylines += trailing
    if agency and not bylines:
        # Agency copy that names no writer: the dateline says whose it is.
        name = _AGENCY_NAMES.get(agency.lower(), agency)
        bylines.append(Credit(name, organisation=True, role="publisher"))

    body_parts: list[str] = []
    shortcodes: list[Shortcode] = []
    offset = 0
    # Where each body paragraph starts in the body, for the photos.
    starts: dict[int, int] = {}
    for index, paragraph in enumerate(paragraphs):
        in_body = first <= index <= last
        kept = paragraph.text[:keep] if index == last else paragraph.text
        if in_body:
            starts[index] = offset
        for sc, start, end in paragraph.shortcodes:
            if in_body and end <= len(kept):
                start, end = offset + start, offset + end
            else:
                start = end = -1
            shortcodes.append(
                Shortcode(
                    sc.name, sc.attrs, sc.text, start, end, line=sc.line, inner=sc.inner
                )
            )
        if in_body:
            body_parts.append(kept)
            offset += len(kept) + len("\n\n")
    body = "\n\n".join(body_parts)
    photos = []
    for index, at, photo in found_photos:
        # By the headline, dek or bylines: the body's start; after the last
        # paragraph of the body (by a trailing byline): its end.
        if index < first:
            place = 0
        elif index > last:
            place = len(body)
        else:
            if index == first:
                at = max(at - cut, 0)
            if index == last:
                at = min(at, keep)
            place = starts[index] + at
        photos.append(PhotoToCome(photo.caption, photo.credit, place, photo.line))
    return ParsedText(
        headline=headline,
        dek=dek,
        body=body,
        bylines=tuple(bylines),
        shortcodes=tuple(shortcodes),
        dateline=dateline,
        warnings=tuple(sorted(warnings)),
        photos=tuple(photos),
    )


def _looks_like_headline(paragraph: _Paragraph) -> bool:
    """One line, not a sentence (a short question or exclamation may be a
    headline), not a byline."""
    line = paragraph.text.strip()
    if not paragraph.is_one_line or len(line) > MAX_HEADLINE:
        return False
    end = _SENTENCE_END.search(line)
    if end and not (
        end.group()[0] in "?!"
        and len(line.split()) <= _MAX_QUESTION_HEADLINE_WORDS
        and not _SENTENCE_BREAK.search(line)
    ):
        return False
    return not parse_byline(line)


def _is_kicker(paragraphs: list[_Paragraph], index: int) -> bool:
    """A section label (``MUSIC``, ``Film Review``) above a headline."""
    if index > 1 or index + 2 >= len(paragraphs):
        return False
    paragraph = paragraphs[index]
    label = paragraph.text.strip().rstrip(":")
    if not paragraph.is_one_line or len(label) > 40 or len(label.split()) > 4:
        return False
    labelled = (
        label.isupper()
        or label.lower() in SECTION_LABELS
        or paragraph.text.strip().endswith(":")
    )
    return (
        labelled
        and not _SENTENCE_END.search(label)
        and _looks_like_headline(paragraphs[index + 1])
    )


def _is_headline(paragraphs: list[_Paragraph], index: int) -> bool:
    """A short single line that is not a sentence, with a body after it."""
    return index + 1 < len(paragraphs) and _looks_like_headline(paragraphs[index])


def _headline_and_dek(
    paragraphs: list[_Paragraph], index: int
) -> tuple[str, str] | None:
    """A headline with its dek on the next line of one paragraph, with a body
    after them: the first line is a headline in title case, the second reads
    as a dek (a sentence, or words mostly in lower case: "A decade on, the
    album's heirs are everywhere")."""
    if index + 1 >= len(paragraphs) or paragraphs[index].shortcodes:
        return None
    lines = paragraphs[index].text.strip().split("\n")
    if len(lines) != 2:
        return None
    top, second = (line.strip() for line in lines)
    # Title case above a new sentence: a first paragraph wrapped by hand
    # ("Kanye West said on" / "Tuesday that...") reads in sentence case.
    capitalised = [word[0].isupper() or word[0].isdigit() for word in top.split()]
    if (
        not _looks_like_headline(_Paragraph(top, ()))
        or sum(capitalised) * 2 <= len(capitalised)
        or not (second[:1].isupper() or second[:1].isdigit())
    ):
        return None
    words = second.split()
    lower = sum(1 for word in words if word[0].islower())
    if not (
        len(second) <= MAX_DEK
        and (_SENTENCE_END.search(second) or lower >= 3 and lower * 2 > len(words))
        and not any(m[1].isupper() for m in _SENTENCE_BREAK.finditer(second))
        and not parse_byline(second)
        and not _dateline(second)[0]
    ):
        return None
    return top, second


def _is_dek(paragraphs: list[_Paragraph], index: int) -> bool:
    """A single sentence on one line after the headline, with a body after it."""
    if index + 1 >= len(paragraphs):
        return False
    second = paragraphs[index]
    line = second.text.strip()
    return (
        second.is_one_line
        and len(line) <= MAX_DEK
        and bool(_SENTENCE_END.search(line))
        and not any(m[1].isupper() for m in _SENTENCE_BREAK.finditer(line))
        and not parse_byline(line)
        # Wire copy's first paragraph is often one sentence: the body's.
        and not _dateline(line)[0]
    )


def _top_byline(paragraphs: list[_Paragraph], index: int) -> tuple[Credit, ...]:
    """Credits of a byline paragraph at ``index`` that has a body after it:
    one line, or two when the second is the title (``By Jane Doe`` then
    ``Music Editor``)."""
    if index + 1 >= len(paragraphs):
        return ()
    lines = paragraphs[index].text.strip().split("\n")
    if len(lines) > 2:
        return ()
    credits = parse_byline(lines[0].strip())
    if len(lines) == 1 or not credits:
        return credits
    title = lines[1].strip()
    if len(title) > 100 or not (_is_title(title) or is_organisation(title)):
        return ()
    return tuple(
        c if c.organisation or c.title else Credit(c.name, title=title) for c in credits
    )


def _standalone_byline(paragraph: _Paragraph) -> tuple[Credit, ...]:
    """Credits of a last paragraph like ``-Jane Doe`` that follows body text."""
    match = _STANDALONE_BYLINE.fullmatch(paragraph.text.strip())
    return _credits(match[1]) if match else ()


def _glued_byline(paragraph: _Paragraph) -> tuple[list[Credit], int]:
    """Credits glued to the end of ``paragraph``, and where its text should end.

    Returns ``([], len(text))`` when the paragraph does not end in a byline,
    or when cutting it off would split a shortcode.
    """
    text = paragraph.text
    no_byline: tuple[list[Credit], int] = ([], len(text))
    line_start = text.rfind("\n") + 1
    dashes = list(_GLUED_DASH.finditer(text, line_start))
    if not dashes:
        return no_byline
    dash = dashes[-1]
    tail = text[dash.end() :].strip(_GLUE_SPACE)
    credits = list(_credits(tail)) if len(tail) <= _MAX_BYLINE else []
    cut = dash.start()
    while cut > line_start and text[cut - 1] in _GLUE_SPACE:
        cut -= 1
    if not credits or not text[:cut].strip():
        return no_byline
    if any(start < cut < end for _, start, end in paragraph.shortcodes):
        return no_byline
    return credits, cut
