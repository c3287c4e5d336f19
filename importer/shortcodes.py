"""Shortcodes of other systems: the media ones mapped, unknown ones unwrapped.

Plain Python, no database. WordPress writes ``[name attr="value"]inner[/name]``
or ``[name attr="value"]`` (no end tag), and ``[[name]]`` for the literal text
``[name]``. ``expand`` finds them in any text (WordPress content, a wire
text) and replaces each with body HTML:

- ``[caption]``, ``[embed]``, ``[video]``, ``[audio]``, ``[gallery]``,
  ``[playlist]``: ``media_html`` below;
- anything else is unwrapped: its inner text is kept (its own shortcodes
  expanded too) and a warning names it.

Images are the one thing an import cannot bring over: a body shows images of
the newsroom's library only (``<figure data-image=...>``, see
``articles.body``), and an old site's image address is not in it. Hotlinking
the old site would show readers whatever that address serves tomorrow, so a
``[caption]`` keeps its words as a paragraph and its image address goes into
a warning, for the desk to add the image to the library; a ``[gallery]``
(attachments by id) keeps nothing and warns. Video and audio from a known
provider (``articles.embeds``) become embeds; a file elsewhere becomes a link
to it, with a warning.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from html import escape, unescape

from articles import body, embeds

# A bracket is a shortcode only when it looks like one: attributes, a
# self-closing slash, or an end tag further on. "[sic]" and "[Updated]" in a
# story are journalism, not markup, and stay as they are.
_OPEN = re.compile(
    r"\[(\[?)([A-Za-z][\w-]{0,40})(?![\w-])([^\[\]]{0,2000}?)(/?)\](\]?)"
)
_CLOSE = re.compile(r"\[/([A-Za-z][\w-]{0,40})\]")
_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)
    |([\w-]+)\s*=\s*'([^']*)'(?:\s|$)
    |([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)
    |"([^"]*)"(?:\s|$)
    |'([^']*)'(?:\s|$)
    |(\S+)(?:\s|$)""",
    re.VERBOSE,
)
_IMG = re.compile(r"<img\b[^<>]*>", re.IGNORECASE)
_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
# Attribute names under which WordPress's [video] and [audio] take their file.
_VIDEO_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "url")
_AUDIO_SOURCES = ("src", "mp3", "ogg", "oga", "wav", "m4a", "wma", "flac", "url")
MEDIA = frozenset({"caption", "wp_caption", "embed", "video", "audio", "gallery"})
MEDIA |= {"playlist"}
# How deep shortcodes inside shortcodes are expanded; deeper ones are left
# as text (no real site nests them; a hostile one must not recurse for ever).
MAX_NESTING = 20


def parse_attributes(text: str) -> dict[str, str]:
    """A shortcode's attributes as WordPress's ``shortcode_parse_atts`` reads
    them; positional ones under "0", "1", ... Names are lower case."""
    attrs: dict[str, str] = {}
    position = 0
    for match in _ATTRIBUTE.finditer(text.replace("\u00a0", " ").strip() + " "):
        groups = match.groups()
        for name_at in (0, 2, 4):
            if groups[name_at]:
                attrs[groups[name_at].lower()] = unescape(groups[name_at + 1])
                break
        else:
            value = next(g for g in groups[6:] if g is not None)
            attrs[str(position)] = unescape(value)
            position += 1
    return attrs


def media_html(
    name: str,
    attrs: Mapping[str, str],
    inner: str,
    *,
    warnings: list[str] | None = None,
) -> str | None:
    """Body HTML for a media shortcode, or None if ``name`` is not one.

    ``inner`` is the text between the tags (HTML allowed). What could not be
    brought over is described in ``warnings``. The HTML returned still goes
    through the body sanitiser with the rest of the body.
    """
    warnings = warnings if warnings is not None else []
    name = name.lower()
    if name in ("caption", "wp_caption"):
        return _caption(attrs, inner, warnings)
    if name == "embed":
        url = _text(inner) or attrs.get("src", "") or attrs.get("url", "")
        return _media_link(url, "embed", warnings)
    if name in ("video", "audio"):
        keys = _VIDEO_SOURCES if name == "video" else _AUDIO_SOURCES
        url = next((attrs[k] for k in keys if attrs.get(k)), "") or _text(inner)
        return _media_link(url, name, warnings)
    if name in ("gallery", "playlist"):
        ids = attrs.get("ids") or attrs.get("include") or ""
        what = f"attachments {ids}" if ids else "the post's attached media"
        warnings.append(
            f"[{name}] of {what} not imported: attachments are not in the image library"
        )
        return ""
    return None


def _caption(attrs: Mapping[str, str], inner: str, warnings: list[str]) -> str:
    sources = [image_source(img) for img in _IMG.findall(inner)]
    # Before WordPress 3.4 the words were an attribute; since, they follow
    # the image inside the shortcode.
    words = _text(_IMG.sub("", inner)) or _text(attrs.get("caption", ""))
    # The words caption a picture, not the story: a photo to come keeps them
    # for the editor, where the picture goes. Too long for one, they stay
    # text rather than lose any.
    as_photo = len(words) <= body.MAX_PHOTO_WORDS
    kept = (
        "its caption is kept as a photo to come"
        if as_photo
        else "its caption is kept as a paragraph (too long for a photo to come)"
    )
    for source in sources or [""]:
        where = source or "no address"
        warnings.append(
            f"image not imported ({where}): add it to the image library; {kept}"
            if words
            else f"image not imported ({where}): add it to the image library"
        )
    if not words:
        return ""
    if as_photo:
        return f'<figure {body.PHOTO_CAPTION}="{escape(words)}"></figure>'
    return f"<p>{escape(words, quote=False)}</p>"


def _media_link(url: str, kind: str, warnings: list[str]) -> str:
    """An embed of ``url`` if a provider knows it; else a link, and a warning."""
    url = url.strip()
    if not url:
        warnings.append(f"[{kind}] without an address dropped")
        return ""
    try:
        embed = embeds.recognise(url)
    except embeds.EmbedError:
        warnings.append(f"[{kind}] {url} is not from a known embed provider: linked")
        quoted = escape(url)
        return f'<p><a href="{quoted}">{quoted}</a></p>'
    return f'<figure data-embed-url="{escape(embed.url)}"></figure>'


def image_source(img: str) -> str:
    """The address an ``<img>`` tag shows, or ""."""
    match = _SRC.search(img)
    if not match:
        return ""
    return unescape(next(g for g in match.groups() if g is not None))


def _text(html: str) -> str:
    """The words of a piece of HTML on one line."""
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def expand(
    text: str,
    *,
    warnings: list[str],
    handler: Callable[..., str | None] = media_html,
    depth: int = 0,
) -> str:
    """``text`` with its shortcodes replaced by ``handler``'s HTML (by
    default ``media_html``); unknown shortcodes unwrapped, keeping their
    inner text, each named once in ``warnings``.

    ``handler(name, attrs, inner, warnings=...)`` returns HTML, or None for a
    shortcode it does not know. Each level of nesting reads the text once
    (end tags are found by bisecting lists made in one pass), so a text of
    many shortcodes takes no longer than a text of one.
    """
    opens: dict[str, list[int]] = {}
    for match in _OPEN.finditer(text):
        opens.setdefault(match[2].lower(), []).append(match.start())
    ends: dict[str, list[tuple[int, int]]] = {}
    for match in _CLOSE.finditer(text):
        ends.setdefault(match[1].lower(), []).append((match.start(), match.end()))
    out: list[str] = []
    position = 0
    unknown: dict[str, None] = {}
    while True:
        match = _OPEN.search(text, position)
        if match is None:
            break
        escaped_open, name, raw_attrs, slash, escaped_close = match.groups()
        lowered = name.lower()
        if escaped_open and escaped_close:
            # [[name]]: WordPress shows the shortcode itself as text.
            out.append(text[position : match.start()])
            out.append(match.group(0)[1:-1])
            position = match.end()
            continue
        if escaped_open or escaped_close:
            out.append(text[position : match.start() + 1])
            position = match.start() + 1
            continue
        end = None
        if not slash:
            end = _end_tag(match, ends.get(lowered, []), opens.get(lowered, []))
        if end is None and not slash and not raw_attrs.strip():
            # "[sic]": an ordinary bracket in the text.
            out.append(text[position : match.end()])
            position = match.end()
            continue
        out.append(text[position : match.start()])
        if end is not None:
            inner, position = text[match.end() : end[0]], end[1]
        else:
            inner, position = "", match.end()
        attrs = parse_attributes(raw_attrs.removesuffix("/"))
        html = handler(lowered, attrs, inner, warnings=warnings)
        if html is None:
            unknown.setdefault(lowered)
            if depth < MAX_NESTING:
                inner = expand(
                    inner, warnings=warnings, handler=handler, depth=depth + 1
                )
            out.append(inner)
        else:
            out.append(html)
    out.append(text[position:])
    result = "".join(out)
    if unknown:
        # The end tags of shortcodes opened again before they were closed
        # ("[a x=1][a x=1]..[/a][/a]") belong to shortcodes already unwrapped.
        result = _CLOSE.sub(lambda m: "" if m[1].lower() in unknown else m[0], result)
    warnings.extend(
        f"unknown shortcode [{name}] unwrapped, its text kept" for name in unknown
    )
    return result


def _end_tag(
    match: re.Match, ends: list[tuple[int, int]], opens: list[int]
) -> tuple[int, int] | None:
    """Where the end tag of the shortcode opened at ``match`` begins and ends,
    or None. Another opening of the same name before it means this one had
    no end tag (as WordPress reads it)."""
    at = bisect.bisect_left(ends, (match.end(), -1))
    if at == len(ends):
        return None
    end = ends[at]
    following = bisect.bisect_right(opens, match.start())
    if following < len(opens) and opens[following] < end[0]:
        return None
    return end
