"""WordPress post content as a story body.

Plain Python, no database. WordPress stores a post as the author typed it and
makes the page from it on every view with its ``the_content`` filters, in
this order: blocks (Gutenberg's ``<!-- wp:... -->`` comments), bare embed
addresses on a line of their own, paragraphs from blank lines (``wpautop``),
then shortcodes. ``to_body`` does the same, then hands the result to the
body sanitiser (``articles.body.clean``), which removes everything unsafe and
fits the rest into the body's schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from articles import body, embeds
from importer import shortcodes

# Gutenberg's block delimiters: "<!-- wp:paragraph -->", "<!-- wp:image
# {"id":3} /-->", "<!-- /wp:paragraph -->". Their content stays.
_BLOCK_DELIMITER = re.compile(r"\s+/?wp:[a-z][a-z0-9_/-]*(?:\s+\{.*\})?\s+/?", re.S)
# A line holding nothing but an address (WordPress's autoembed).
_BARE_URL = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.M)
# Block-level elements wpautop keeps out of paragraphs (its $allblocks).
_ALLBLOCKS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li"
    "|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset"
    "|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption"
    "|details|menu|summary"
)
_BEFORE_BLOCK = re.compile(rf"(<(?:{_ALLBLOCKS})[\s/>])", re.I)
_AFTER_BLOCK = re.compile(rf"(</(?:{_ALLBLOCKS})>)", re.I)
_P_AROUND_BLOCK_OPEN = re.compile(rf"<p>\s*(</?(?:{_ALLBLOCKS})[^<>]*>)", re.I)
_P_AROUND_BLOCK_CLOSE = re.compile(rf"(</?(?:{_ALLBLOCKS})[^<>]*>)\s*</p>", re.I)
_LINE_END = re.compile(r"(?<!<br />)(?<!\s)\s*\n(?!\s*$)")
_EMPTY_P = re.compile(r"<p>\s*</p>")
_BLANK_LINES = re.compile(r"\n\s*\n")
# The block editor's figures: an embed (its address on a line of its own
# inside) or an image with its caption.
_FIGURE = re.compile(r"<figure\b[^<>]*>(.*?)(?:</figure>|\Z)", re.I | re.S)
_DIV_WITH_URL = re.compile(r"<div\b([^<>]*)>\s*(https?://[^\s<>\"']+)\s*</div>", re.I)
_FIGCAPTION = re.compile(r"</?figcaption\b[^<>]*>", re.I)
_IMG = re.compile(r"<img\b[^<>]*>", re.I)
_IFRAME = re.compile(r"<iframe\b[^<>]*>.*?(?:</iframe\s*>|\Z)", re.I | re.S)
# An unclosed <pre> or <figure> runs to the end, as in browsers (and a
# search for its end runs once, not once for each opening).
_PRE = re.compile(r"<pre\b.*?(?:</pre>|\Z)", re.I | re.S)
_LINE_BREAK_AFTER_BLOCK = re.compile(rf"(</?(?:{_ALLBLOCKS})[^<>]*>)\s*<br />", re.I)
_LINE_BREAK_BEFORE_BLOCK = re.compile(
    r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^<>]*>)", re.I
)


# Content longer than this is refused before it is converted: block comments
# and markup fall away in conversion, but no story is four times longer than
# the longest body (articles.body.MAX_BODY_CHARS).
MAX_CONTENT_CHARS = 4 * body.MAX_BODY_CHARS


@dataclass
class Converted:
    """A post's body in the schema, and what could not come over."""

    body: str
    warnings: list[str] = field(default_factory=list)


def has_blocks(content: str) -> bool:
    """Whether the content was written in the block editor (Gutenberg)."""
    return "<!-- wp:" in content


def strip_block_comments(content: str) -> str:
    """The content without Gutenberg's block delimiters (what they wrap stays)."""
    out: list[str] = []
    position = 0
    while (start := content.find("<!--", position)) != -1:
        end = content.find("-->", start + 4)
        if end == -1:
            break
        # A comment ends at the first "-->": what it holds is read once.
        if _BLOCK_DELIMITER.fullmatch(content, start + 4, end):
            out.append(content[position:start])
        else:
            out.append(content[position : end + 3])
        position = end + 3
    out.append(content[position:])
    return "".join(out)


def embed_bare_urls(content: str, *, warnings: list[str]) -> str:
    """Each line that is only an address a provider knows, as an embed figure
    (WordPress's autoembed). Other addresses stay as the text they were."""

    def figure(match: re.Match) -> str:
        url = match.group(1)
        try:
            embed = embeds.recognise(url)
        except embeds.EmbedError:
            return match.group(0)
        return f'\n\n<figure data-embed-url="{escape(embed.url)}"></figure>\n\n'

    return _BARE_URL.sub(figure, content)


def replace_figures(content: str, *, warnings: list[str]) -> str:
    """The block editor's figures in the schema's terms: an embed figure's
    address on a line of its own (for ``embed_bare_urls``), an image figure as
    its caption (``shortcodes.media_html``, which warns about the image)."""

    def figure(match: re.Match) -> str:
        inner = match.group(1)
        for wrapper in _DIV_WITH_URL.finditer(inner):
            if "wp-block-embed__wrapper" in wrapper.group(1):
                return f"\n\n{wrapper.group(2)}\n\n"
        if _IMG.search(inner):
            words = _FIGCAPTION.sub(" ", inner)
            return "\n\n" + shortcodes.media_html(
                "caption", {}, words, warnings=warnings
            )
        return match.group(0)

    return _FIGURE.sub(figure, content)


def drop_images(content: str, *, warnings: list[str]) -> str:
    """The content without its ``<img>`` tags, each named in ``warnings``:
    an old site's image is not in the image library, and hotlinking it would
    show whatever that address serves tomorrow."""

    def image(match: re.Match) -> str:
        source = shortcodes.image_source(match.group(0)) or "no address"
        warnings.append(f"image not imported ({source}): add it to the image library")
        return ""

    return _IMG.sub(image, content)


def replace_iframes(content: str, *, warnings: list[str]) -> str:
    """Each ``<iframe>`` of a known embed provider as its embed figure; any
    other is dropped (the sanitiser would drop it anyway) and named in
    ``warnings``."""

    def iframe(match: re.Match) -> str:
        source = shortcodes.image_source(match.group(0))
        try:
            embed = embeds.recognise(source)
        except embeds.EmbedError:
            warnings.append(f"embedded frame dropped ({source or 'no address'})")
            return ""
        return f'\n\n<figure data-embed-url="{escape(embed.url)}"></figure>\n\n'

    return _IFRAME.sub(iframe, content)


def autop(text: str) -> str:
    """Paragraphs from blank lines and ``<br />`` from single line ends, where
    no block element is in the way: WordPress's ``wpautop``, the parts of it
    that decide what a reader sees."""
    if not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Keep preformatted text as it is: line ends inside are not paragraphs.
    kept: list[str] = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(0))
        return f"<pre wp-pre-tag-{len(kept) - 1}></pre>"

    text = _PRE.sub(keep, text)
    text = _BEFORE_BLOCK.sub(r"\n\n\1", text)
    text = _AFTER_BLOCK.sub(r"\1\n\n", text)
    chunks = [chunk.strip() for chunk in _BLANK_LINES.split(text + "\n")]
    text = "".join(f"<p>{chunk}</p>\n" for chunk in chunks if chunk)
    text = _EMPTY_P.sub("", text)
    text = _P_AROUND_BLOCK_OPEN.sub(r"\1", text)
    text = _P_AROUND_BLOCK_CLOSE.sub(r"\1", text)
    # Not from inside a run of spaces: each run is read once.
    text = _LINE_END.sub("<br />\n", text)
    text = _LINE_BREAK_AFTER_BLOCK.sub(r"\1", text)
    text = _LINE_BREAK_BEFORE_BLOCK.sub(r"\1", text)
    for index, pre in enumerate(kept):
        text = text.replace(f"<pre wp-pre-tag-{index}></pre>", pre)
    return text


def to_body(content: str) -> Converted:
    """WordPress post content as a body in the schema, with warnings for what
    was dropped or changed (images, galleries, unknown shortcodes).

    Raises ``articles.body.BodyError`` for a body that cannot be stored at all
    (longer than the schema allows, a NUL character).
    """
    if len(content) > MAX_CONTENT_CHARS:
        raise body.BodyError(
            f"The post is longer than {MAX_CONTENT_CHARS:,} characters; split it."
        )
    warnings: list[str] = []
    blocks = has_blocks(content)
    text = strip_block_comments(content) if blocks else content
    text = replace_figures(text, warnings=warnings)
    text = embed_bare_urls(text, warnings=warnings)
    text = replace_iframes(text, warnings=warnings)
    if not blocks:
        # The block editor writes its own paragraphs; WordPress leaves them.
        # The schema has no line break: a <br /> ends a paragraph
        # (articles.body), and the line end after it is not the next one's.
        text = autop(text).replace("<br />\n", "<br />")
    text = shortcodes.expand(text, warnings=warnings)
    text = drop_images(text, warnings=warnings)
    return Converted(body.clean(text), warnings)
