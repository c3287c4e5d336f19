"""Word-level differences between two texts, as safe HTML.

Plain Python, no Django: the public "what changed" page calls it with the text
of two consecutive ``PublishedVersion`` rows, and the editorial screens
(revisions, changes since submission, a refused stale save) with revisions.
Removed words are wrapped in ``<del>`` and added words in ``<ins>``, each with
a visible text marker (``[−`` … ``]`` and ``[+`` … ``]``) so a change is
visible without colour, in print, and to a screen reader that does not
announce ``del``/``ins``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape

# Words, runs of whitespace and single punctuation marks: a changed comma
# shows as a changed comma, not as a changed word.
_TOKEN = re.compile(r"\s+|\w+(?:['’]\w+)*|[^\w\s]", re.UNICODE)

REMOVED_OPEN = "[−"
ADDED_OPEN = "[+"
CLOSE = "]"


def tokenize(text: str) -> list[str]:
    """Split ``text`` into words, whitespace and punctuation; joining gives it back."""
    return _TOKEN.findall(text)


def _removed(text: str) -> str:
    return (
        f'<del><span class="diff-marker">{REMOVED_OPEN}</span>{escape(text)}'
        f'<span class="diff-marker">{CLOSE}</span></del>'
    )


def _added(text: str) -> str:
    return (
        f'<ins><span class="diff-marker">{ADDED_OPEN}</span>{escape(text)}'
        f'<span class="diff-marker">{CLOSE}</span></ins>'
    )


def word_diff_html(old: str, new: str) -> str:
    """HTML showing how ``old`` became ``new``, word by word.

    Every piece of either text is HTML-escaped; the only markup is ``<del>``,
    ``<ins>`` and the marker ``<span>`` elements this function adds. Equal
    texts come back escaped and unmarked.
    """
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    out: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        before = "".join(old_tokens[i1:i2])
        after = "".join(new_tokens[j1:j2])
        if op == "equal":
            out.append(escape(after))
            continue
        if before:
            out.append(_removed(before))
        if after:
            out.append(_added(after))
    return "".join(out)


@dataclass(frozen=True)
class FieldDiff:
    """How one field of an article changed, for the editorial screens."""

    label: str
    html: str
    changed: bool


def diff_fields(
    old: dict[str, str], new: dict[str, str], labels: dict[str, str]
) -> list[FieldDiff]:
    """One ``FieldDiff`` per entry of ``labels`` (field name -> label), in order."""
    return [
        FieldDiff(
            label=label,
            html=word_diff_html(old.get(name, ""), new.get(name, "")),
            changed=old.get(name, "") != new.get(name, ""),
        )
        for name, label in labels.items()
    ]
