"""Find the people and works a text mentions.

`Linker` is built once from every known `Entity` and then run on many texts.
It tokenizes a text once into words and single punctuation characters and
walks a token trie of all names, titles and aliases, so its cost grows with
the text, not with the number of entities. Where a name has whitespace
between two tokens the text may have any whitespace except a line break
(U+00A0 included); where it has none (``'Ye``) the text must have none.
Curly apostrophes count as straight ones, so ``’Ye`` is the alias ``'Ye``.
Texts are expected in NFC, as `importer.newstext` produces them.

How a mention is found:

- People: the full name and the aliases match case-sensitively, as whole
  words (``Weezer’s`` mentions Weezer). A *name-part alias*, one equal to a
  word of the full name (``West``, ``Jonze``), counts only after the full name
  has appeared earlier in the text, and never right next to another
  capitalised word with only spaces between (``West Hollywood``, ``Donda
  West``): that is a different proper name. Other aliases count anywhere.
- Works: a title or alias matches unquoted only if it has two or more words,
  the work is not ``quoted_only``, and the case matches. A quoted occurrence,
  opened by a quote character that does not follow a letter (so not the
  apostrophe of ``Kanye's``) and closed by one that does not precede a letter
  (so not ``'It's``), optionally after one of ``, . ; : ! ?``, matches any
  title or alias of any length, ignoring case: ``'Paranoid'`` and
  ``"Amazing,"`` link, the adjective "amazing" does not.

Which mention wins: scanning left to right, the longest match starting at
the leftmost token wins (``Kanye West`` over ``Kanye``, ``'Ye`` over ``Ye``),
and nothing inside it is matched again. If the same words match a person and
a work, a quoted occurrence is the work and an unquoted one the person. If
they match several people, one matched by full name beats the ones matched by
alias; if several remain, none is linked.

How titles are disambiguated: when the same words match several works
(``Flashing Lights`` the song and the music video; ``Where the Wild Things
Are`` the book and the film), the work with the most credited people
mentioned anywhere in the text wins. On a tie, if "video" is among the next
three words after the mention, a ``music_video`` among the tied works wins.
If that still leaves more than one, none is linked and an editor decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

__all__ = ["ALIAS", "NAME", "TITLE", "Entity", "Linker", "Mention"]

NAME, ALIAS, TITLE = "name", "alias", "title"
_STRENGTH = {NAME: 3, TITLE: 2, ALIAS: 1}

# What a token is: a word, or one character that is neither a word's nor
# whitespace. Splitting on it gives [gap, token, gap, ..., gap], plain strings
# (the offsets of `mentions`); `_tokenize` gives the same tokens faster.
_TOKEN_SPLIT = re.compile(r"(\w+|[^\w\s])")
# Quote characters once _fold_apostrophes has made ‘ and ’ into '.
_QUOTES = frozenset("'\"\u201c\u201d")
_BEFORE_CLOSING_QUOTE = frozenset(",.;:!?")
# What ends a line (no name spans one): what str.splitlines breaks at.
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_CUE_WINDOW = 3  # word tokens after a title that may say "video"


@dataclass(frozen=True)
class Entity:
    """A person, group or work the linker can find."""

    key: Hashable  # e.g. ("person", 3) or ("work", 7)
    name: str  # a person's full name or a work's title
    aliases: tuple[str, ...] = ()
    is_work: bool = False
    kind: str = ""  # for works: "film", "song", "music_video", ...
    quoted_only: bool = False  # link only where the text quotes the title
    credited: frozenset[Hashable] = frozenset()  # keys of people credited on a work


@dataclass(frozen=True)
class Mention:
    """An entity found at ``text[start:end] == surface``."""

    key: Hashable
    start: int
    end: int
    surface: str
    found_by: str


class _Entry(NamedTuple):
    """A name, title or alias that ends at a trie node."""

    entity: int  # index into Linker._entities
    found_by: str
    name_part: bool


class _Node:
    """A token trie node; edges after the first are keyed ``separator + token``."""

    __slots__ = ("children", "entries")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.entries: list[_Entry] = []

    def add(self, path: list[str], entry: _Entry) -> None:
        node = self
        for key in path:
            node = node.children.setdefault(key, _Node())
        node.entries.append(entry)


def _candidates(
    tokens: list[str], exact_root: dict, starts: frozenset[str]
) -> list[int]:
    """The positions where a match can start, in order: tokens that begin an
    exact name, and tokens right after a quote mark (a quoted title).

    Most tokens start nothing. Picking the few that can in one comprehension,
    one lookup in ``starts`` (the exact trie's first tokens and the quote
    marks) a token, costs a fraction of testing every token in the matching
    loop, which is the linker's hot path (the importer links every text).
    """
    positions: list[int] = []
    last = len(tokens) - 1
    for i in [i for i, t in enumerate(tokens) if t in starts]:
        token = tokens[i]
        if token in exact_root and (not positions or positions[-1] != i):
            positions.append(i)
        if token in _QUOTES and i < last:
            positions.append(i + 1)
    return positions


@dataclass(frozen=True)
class _Span:
    """Tokens ``first..last`` claimed by a match, and who they may name.

    ``entries`` maps entity indexes to how each was found; more than one means
    the span is ambiguous and is resolved (or dropped) once the text is read.
    """

    first: int
    last: int
    entries: dict[int, str]
    is_work: bool


class _Scan:
    """One text, tokenized once, with the questions the linker asks about it."""

    __slots__ = ("_offsets", "_text", "count", "separators", "tokens")

    def __init__(self, text: str) -> None:
        # Folding keeps every offset: each curly apostrophe becomes one "'".
        self._text = _fold_apostrophes(text)
        self.tokens, self.separators = _tokenize(self._text)
        self.count = len(self.tokens)
        self._offsets: list[int] | None = None

    def start(self, i: int) -> int:
        return self._offset(2 * i)

    def end(self, i: int) -> int:
        return self._offset(2 * i + 1)

    def _offset(self, piece: int) -> int:
        """Where piece ``piece`` of ``_TOKEN_SPLIT.split`` ends; computed only
        for texts that need offsets (``mentions``, not ``link``)."""
        if self._offsets is None:
            pieces = _TOKEN_SPLIT.split(self._text)
            self._offsets = list(accumulate(map(len, pieces)))
        return self._offsets[piece]

    def separator(self, i: int) -> str | None:
        """What comes between tokens ``i - 1`` and ``i``.

        "" for nothing, " " for whitespace within a line, None for a line
        break, which no name may span.
        """
        return self.separators[i]

    def walk(self, node: _Node, i: int, *, casefold: bool) -> list[tuple[int, _Node]]:
        """Follow the trie from ``node`` (token ``i``'s child) along the text.

        Returns ``(last token, node)`` for every node with entries on the way,
        shortest first.
        """
        found = []
        last = i
        while True:
            if node.entries:
                found.append((last, node))
            following = last + 1
            if not node.children or following >= self.count:
                return found
            separator = self.separator(following)
            if separator is None:
                return found
            token = self.tokens[following]
            child = node.children.get(
                separator + (token.casefold() if casefold else token)
            )
            if child is None:
                return found
            node, last = child, following

    def opens_quote(self, i: int) -> bool:
        """Whether token ``i`` directly follows a quote that opens a quotation.

        The apostrophe of ``Kanye's`` follows a letter and opens nothing.
        """
        if i == 0 or self.tokens[i - 1] not in _QUOTES or self.separator(i) != "":
            return False
        return i == 1 or self.separator(i - 1) != "" or not _is_word(self.tokens[i - 2])

    def closes_quote(self, last: int) -> bool:
        """Whether a closing quote follows token ``last``, maybe after a comma etc.

        A quote followed by a letter is an apostrophe (``'It's``), not a close.
        """
        k = last + 1
        if (
            k < self.count
            and self.tokens[k] in _BEFORE_CLOSING_QUOTE
            and self.separator(k) == ""
        ):
            k += 1
        if k >= self.count or self.tokens[k] not in _QUOTES or self.separator(k) != "":
            return False
        following = k + 1
        return (
            following >= self.count
            or self.separator(following) != ""
            or not _is_word(self.tokens[following])
        )

    def beside_capitalised(self, i: int) -> bool:
        """Whether a capitalised word sits beside token ``i``, only spaces between."""
        return (
            i > 0 and self.separator(i) == " " and self.tokens[i - 1][0].isupper()
        ) or (
            i + 1 < self.count
            and self.separator(i + 1) == " "
            and self.tokens[i + 1][0].isupper()
        )

    def video_follows(self, last: int) -> bool:
        """Whether "video" is among the few words after token ``last``."""
        words = 0
        for following in range(last + 1, self.count):
            token = self.tokens[following]
            if not _is_word(token):
                continue
            if token.casefold() == "video":
                return True
            words += 1
            if words == _CUE_WINDOW:
                return False
        return False


class Linker:
    """Finds mentions of a fixed set of entities in texts."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        """Index every name, title and alias of ``entities`` for `mentions`."""
        self._entities = tuple(entities)
        # Case-sensitive: people, and the work titles that may match unquoted.
        self._exact = _Node()
        # Casefolded: every work title and alias, for quoted occurrences.
        self._quoted = _Node()
        for index, entity in enumerate(self._entities):
            surfaces = [(entity.name, TITLE if entity.is_work else NAME)]
            surfaces += [(alias, ALIAS) for alias in entity.aliases]
            name_words = {key.lstrip() for key in _path(entity.name)}
            for surface, found_by in surfaces:
                path = _path(surface)
                if not path:
                    continue
                if entity.is_work:
                    entry = _Entry(index, found_by, name_part=False)
                    self._quoted.add([key.casefold() for key in path], entry)
                    words = sum(_is_word(key.lstrip()) for key in path)
                    if words >= 2 and not entity.quoted_only:
                        self._exact.add(path, entry)
                else:
                    name_part = (
                        found_by == ALIAS
                        and len(path) == 1
                        and _is_word(path[0])
                        and path[0] in name_words
                    )
                    self._exact.add(path, _Entry(index, found_by, name_part))
        # What a match can start at (see _candidates), in one set: a token is
        # looked up once, not once in the trie and once among the quotes.
        self._starts = frozenset(self._exact.children) | _QUOTES

    def mentions(self, text: str) -> list[Mention]:
        """Return the mentions in ``text``: resolved, non-overlapping, in order."""
        scan = _Scan(text)
        mentions = []
        for span, index in self._resolved(scan):
            start, end = scan.start(span.first), scan.end(span.last)
            mentions.append(
                Mention(
                    key=self._entities[index].key,
                    start=start,
                    end=end,
                    surface=text[start:end],
                    found_by=span.entries[index],
                )
            )
        return mentions

    def link(self, text: str) -> dict[Hashable, str]:
        """Map each entity key found in ``text`` to its strongest ``found_by``.

        NAME is stronger than TITLE, which is stronger than ALIAS.
        """
        # What mentions() finds, without the offsets and Mention objects
        # that linking does not need (the importer links every text).
        links: dict[Hashable, str] = {}
        for span, index in self._resolved(_Scan(text)):
            key, found_by = self._entities[index].key, span.entries[index]
            current = links.get(key)
            if current is None or _STRENGTH[found_by] > _STRENGTH[current]:
                links[key] = found_by
        return links

    def _resolved(self, scan: _Scan) -> list[tuple[_Span, int]]:
        """Each match in the text with the entity index it names, in order."""
        tokens = scan.tokens
        exact_root = self._exact.children
        quoted_root = self._quoted.children
        spans: list[_Span] = []
        full_names_seen: set[int] = set()
        i = 0  # the first token not yet inside a span
        for start in _candidates(tokens, exact_root, self._starts):
            if start < i:
                continue
            token = tokens[start]
            exact = exact_root.get(token)
            quoted = None
            if start and tokens[start - 1] in _QUOTES and scan.opens_quote(start):
                quoted = quoted_root.get(token.casefold())
            if exact is None and quoted is None:
                continue
            span = self._longest_at(scan, start, exact, quoted, full_names_seen)
            if span is None:
                continue
            spans.append(span)
            if not span.is_work and len(span.entries) == 1:
                [(index, found_by)] = span.entries.items()
                if found_by == NAME:
                    full_names_seen.add(index)
            i = span.last + 1

        people = {
            self._entities[index].key
            for span in spans
            if not span.is_work and len(span.entries) == 1
            for index in span.entries
        }
        resolved = []
        for span in spans:
            index = self._pick(scan, span, people)
            if index is not None:
                resolved.append((span, index))
        return resolved

    def _longest_at(
        self,
        scan: _Scan,
        i: int,
        exact: _Node | None,
        quoted: _Node | None,
        full_names_seen: set[int],
    ) -> _Span | None:
        """The longest valid match starting at token ``i``, if any.

        ``exact`` and ``quoted`` are the trie nodes for token ``i`` (None where
        a trie has none, or where the token does not open a quotation).
        """
        by_last: dict[int, tuple[list[_Entry], list[_Entry]]] = {}
        if exact is not None:
            for last, node in scan.walk(exact, i, casefold=False):
                by_last[last] = (node.entries, [])
        if quoted is not None:
            for last, node in scan.walk(quoted, i, casefold=True):
                if scan.closes_quote(last):
                    by_last[last] = (by_last.get(last, ([], []))[0], node.entries)
        for last in sorted(by_last, reverse=True):
            exact_entries, quoted_entries = by_last[last]
            span = self._span(
                scan, i, last, exact_entries, quoted_entries, full_names_seen
            )
            if span is not None:
                return span
        return None

    def _span(
        self,
        scan: _Scan,
        first: int,
        last: int,
        exact_entries: list[_Entry],
        quoted_entries: list[_Entry],
        full_names_seen: set[int],
    ) -> _Span | None:
        """Who tokens ``first..last`` may name, or None if no entry is valid."""
        people: dict[int, str] = {}
        works: dict[int, str] = {}
        for entry in exact_entries:
            if self._entities[entry.entity].is_work:
                _keep_strongest(works, entry)
            elif not entry.name_part or (
                entry.entity in full_names_seen and not scan.beside_capitalised(first)
            ):
                _keep_strongest(people, entry)
        for entry in quoted_entries:
            _keep_strongest(works, entry)
        if works and (quoted_entries or not people):
            return _Span(first, last, works, is_work=True)
        if not people:
            return None
        by_name = {index: how for index, how in people.items() if how == NAME}
        return _Span(first, last, by_name or people, is_work=False)

    def _pick(self, scan: _Scan, span: _Span, people: set[Hashable]) -> int | None:
        """The entity index a span names, or None if it stays ambiguous."""
        if len(span.entries) == 1:
            return next(iter(span.entries))
        if not span.is_work:
            return None
        credited = {
            index: len(self._entities[index].credited & people)
            for index in span.entries
        }
        most = max(credited.values())
        tied = [index for index, count in credited.items() if count == most]
        if len(tied) > 1 and scan.video_follows(span.last):
            videos = [i for i in tied if self._entities[i].kind == "music_video"]
            tied = videos or tied
        return tied[0] if len(tied) == 1 else None


def _path(surface: str) -> list[str]:
    """Trie keys for a name: its tokens, each after the first behind its separator.

    The separator is "" or " ", as `_Scan.separator` reports them for a text.
    """
    pieces = _TOKEN_SPLIT.split(
        _fold_apostrophes(unicodedata.normalize("NFC", surface))
    )
    tokens, gaps = pieces[1::2], pieces[0::2]
    return [
        ("" if i == 0 or not gaps[i] else " ") + token for i, token in enumerate(tokens)
    ]


def _tokenize(text: str) -> tuple[list[str], list[str | None]]:
    """The tokens of ``_TOKEN_SPLIT`` in ``text``, and before each its
    separator, as `_Scan.separator` reports it.

    The same tokens as splitting the whole text with the regular expression,
    at two thirds of its cost: ``str.splitlines`` breaks lines at exactly the
    characters of ``_LINE_BREAKS``, ``str.split`` then splits at exactly the
    whitespace of ``\\s``, and most of what is left is a single word
    (``isalnum`` is ``\\w`` without the underscore). Only pieces with
    punctuation in them go through the regular expression.
    """
    tokens: list[str] = []
    separators: list[str | None] = []
    separator: str | None = " " if text[:1].isspace() else ""
    for line in text.splitlines():
        for piece in line.split():
            separators.append(separator)
            separator = " "
            if piece.isalnum():
                tokens.append(piece)
                continue
            # Nothing but tokens in it: no whitespace, so no gaps between them.
            inner = _TOKEN_SPLIT.split(piece)[1::2]
            tokens += inner
            separators += [""] * (len(inner) - 1)
        separator = None
    return tokens, separators


def _fold_apostrophes(text: str) -> str:
    """Make curly single quotes straight; str.replace is far faster than translate."""
    return text.replace("\u2018", "'").replace("\u2019", "'")


def _is_word(token: str) -> bool:
    """Whether a token is a word rather than one punctuation character."""
    return token[0].isalnum() or token[0] == "_"


def _keep_strongest(found: dict[int, str], entry: _Entry) -> None:
    """Record ``entry`` in ``found`` unless its entity is there more strongly."""
    current = found.get(entry.entity)
    if current is None or _STRENGTH[entry.found_by] > _STRENGTH[current]:
        found[entry.entity] = entry.found_by
