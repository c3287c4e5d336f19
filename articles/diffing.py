"""Word-level differences between two texts, as escaped HTML.

Plain Python, no Django: the admin's revision pages and the stale-save message
call it. Removed words are wrapped in ``<del>`` and added words in ``<ins>``,
each with a visible ``[-…-]`` / ``{+…+}`` marker so the change can be read
without colour (printouts, screen readers, colour blindness).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from html import escape

# Words and the whitespace after them stay together, so a diff keeps line
# and paragraph breaks where they were.
_TOKEN = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True)
class FieldDiff:
    label: str
    html: str
    changed: bool


def tokens(text: str) -> list[str]:
    """``text`` split into word tokens that join back into ``text`` exactly."""
    return _TOKEN.findall(text)


def diff_words(old: str, new: str) -> str:
    """HTML showing how ``old`` became ``new``, word by word, fully escaped."""
    a, b = tokens(old), tokens(new)
    # Compare words without their trailing spaces, so a changed line break
    # alone does not mark the word before it as changed.
    matcher = difflib.SequenceMatcher(
        a=[t.rstrip() for t in a], b=[t.rstrip() for t in b], autojunk=False
    )
    out: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(b[j1:j2])))
            continue
        if op in ("delete", "replace"):
            out.append(_wrap("del", "[-", "-]", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(_wrap("ins", "{+", "+}", "".join(b[j1:j2])))
    return "".join(out)


def _wrap(tag: str, start: str, end: str, text: str) -> str:
    core = text.rstrip()
    trailing = text[len(core) :]
    return f"<{tag}>{start}{escape(core)}{end}</{tag}>{escape(trailing)}"


def diff_fields(
    old: dict[str, str], new: dict[str, str], labels: dict[str, str]
) -> list[FieldDiff]:
    """One ``FieldDiff`` per label, in the labels' order."""
    return [
        FieldDiff(
            label=label,
            html=diff_words(old.get(name, ""), new.get(name, "")),
            changed=old.get(name, "") != new.get(name, ""),
        )
        for name, label in labels.items()
    ]
