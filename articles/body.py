"""The story body: HTML in a small schema, sanitised on every way in.

The schema (what ``Article.body`` may hold, and nothing else):

- blocks: ``<p>``, ``<h2>``, ``<h3>``, ``<ul>`` and ``<ol>`` with ``<li>``
  (a list item holds paragraphs and lists), ``<blockquote>`` (a quote) and
  ``<blockquote class="pullquote">`` (a pull quote), each holding paragraphs;
- inline, inside those: ``<strong>``, ``<em>``, ``<a href>`` to an ``http``,
  ``https`` or ``mailto`` address, and ``<a data-ref="person:12">`` (also
  ``work:`` and ``article:``), a link to one of the newsroom's own pages
  stored as the object it points at, not its address, so it survives a
  change of address;
- ``<figure data-image="42"></figure>``: image 42 of the image library, shown
  with its caption, credit and alt text;
- ``<figure data-embed-provider="youtube" data-embed-id="..."></figure>``: an
  embed (``articles.embeds``), given by the editor as
  ``<figure data-embed-url="https://youtu.be/...">``.

``clean`` is the one way in: the admin's form, the importer and any future
API call it. It runs nh3 (the Rust ammonia sanitiser) with the schema's tags,
attributes, classes and URL schemes, then fits what is left into the schema's
structure (inline text into paragraphs, ``<b>`` into ``<strong>``, an embed
address into its provider and id), and runs nh3 once more over the result.
Nothing the editor's own widget did is trusted. Plain Python with nh3: the
Django side (internal addresses, images) is passed in as functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

import nh3

from articles import embeds

# Longer than any story (a novel is about a million characters); a bigger
# body is refused rather than cut.
MAX_BODY_CHARS = 500_000

BLOCKS = ("p", "h2", "h3", "ul", "ol", "blockquote", "figure")
INLINE = ("strong", "em", "a")
# Kept by nh3 so that their text keeps its meaning, then renamed.
RENAMED = {"b": "strong", "i": "em", "h1": "h2", "h4": "h3", "h5": "h3", "h6": "h3"}
# Kept by nh3 only to know where one paragraph ends and the next begins (a
# pasted page's divisions, table cells, line breaks); they leave no tag.
BREAKS = (
    "div",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "main",
    "table",
    "tr",
    "td",
    "th",
    "dl",
    "dt",
    "dd",
    "pre",
    "br",
)
PULLQUOTE = "pullquote"
REF_KINDS = ("person", "work", "article")
_REF = re.compile(r"(person|work|article):([1-9]\d{0,18})")
_IMAGE = re.compile(r"[1-9]\d{0,18}")
# Elements whose content goes with them, not only their tags.
_DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "textarea",
    "select",
    "title",
    "head",
    "figcaption",  # the editor's preview of a figure; the library has the words
}
_ATTRIBUTES = {
    "a": {"href", "data-ref"},
    "figure": {"data-image", "data-embed-url", "data-embed-provider", "data-embed-id"},
}
# Elements with no end tag.
_VOID = {"br", "hr", "img", "wbr"}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


class BodyError(ValueError):
    """A body that cannot be stored; ``str()`` says why, for an editor."""


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: only values the schema can use survive."""
    if attribute == "data-ref":
        return value if _REF.fullmatch(value) else None
    if attribute == "data-image":
        return value if _IMAGE.fullmatch(value) else None
    if attribute == "data-embed-provider":
        return value if value in embeds.BY_KEY else None
    return value


def _sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags={*BLOCKS, *INLINE, "li", *RENAMED, *BREAKS},
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=_ATTRIBUTES,
        allowed_classes={"blockquote": {PULLQUOTE}},
        attribute_filter=_keep_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


# A small tree, enough for the sanitised schema ----------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        """Every piece of text below, in order (no recursion: any depth)."""
        out, stack = [], [self]
        while stack:
            node = stack.pop()
            if isinstance(node, str):
                out.append(node)
            else:
                stack.extend(reversed(node.children))
        return "".join(out)


class Markup(str):
    """HTML made by the server (a rendered figure), written out as it is;
    every other piece of text is escaped by ``serialize``."""


class _TreeBuilder(HTMLParser):
    """nh3's output (well formed, every attribute quoted) as ``Element``s."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("body")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_endtag(self, tag) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    """``html`` (already sanitised) as a tree under a ``body`` element."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def serialize(root: Element) -> str:
    """The children of ``root`` as HTML, attributes sorted, text escaped."""
    out: list[str] = []
    stack: list[Element | str | tuple] = list(reversed(root.children))
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):  # a closing tag
            out.append(f"</{node[0]}>")
        elif isinstance(node, Markup):
            out.append(node)
        elif isinstance(node, str):
            out.append(escape(node))
        else:
            attrs = "".join(
                f' {name}="{escape(value)}"'
                for name, value in sorted(node.attrs.items())
            )
            out.append(f"<{node.tag}{attrs}>")
            if node.tag not in _VOID:
                stack.append((node.tag,))
                stack.extend(reversed(node.children))
    return "".join(out)


# Fitting what nh3 left into the schema's structure ----------------------------


def _is_blank(node: Element | str) -> bool:
    return isinstance(node, str) and not node.strip()


def _inline(nodes: list, *, in_link: bool = False) -> list:
    """``nodes`` as inline content: blocks are unwrapped into their text and
    inline children, a link inside a link loses its tag."""
    out: list = []
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            out.append(node)
            continue
        tag = RENAMED.get(node.tag, node.tag)
        if tag == "br":
            out.append(" ")
        elif tag in INLINE and not (tag == "a" and in_link):
            attrs = node.attrs if tag == "a" else {}
            if tag == "a" and not attrs:
                stack.extend(reversed(node.children))  # an anchor with no target
                continue
            children = _inline(node.children, in_link=tag == "a")
            if "".join(c if isinstance(c, str) else c.text() for c in children):
                out.append(Element(tag, dict(attrs), children))
        else:
            stack.extend(reversed(node.children))
    return out


def _paragraphs(nodes: list, *, allowed: tuple[str, ...]) -> list[Element]:
    """``nodes`` as blocks: runs of inline content become paragraphs; blocks
    not in ``allowed`` give up their tag (their text becomes paragraphs)."""
    blocks: list[Element] = []
    run: list = []

    def flush() -> None:
        if run and not all(_is_blank(node) for node in run):
            blocks.append(Element("p", {}, _inline(run)))
        run.clear()

    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        tag = RENAMED.get(node.tag, node.tag) if isinstance(node, Element) else None
        if tag in BREAKS:
            flush()
            stack.extend(reversed(node.children))
            continue
        if tag is None or tag in INLINE or tag not in (*BLOCKS, "li"):
            if tag is not None and tag not in INLINE:
                stack.extend(reversed(node.children))  # unknown: its content
            else:
                run.append(node)
            continue
        flush()
        if tag in allowed:
            blocks.extend(_block(node, tag))
        else:
            stack.extend(reversed(node.children))
    flush()
    return [block for block in blocks if not _empty(block)]


def _block(node: Element, tag: str) -> list[Element]:
    if tag == "p":
        # A line break inside a paragraph starts a new one (lyrics, verse).
        return _paragraphs(node.children, allowed=())
    if tag in ("h2", "h3"):
        return [Element(tag, {}, _inline(node.children))]
    if tag in ("ul", "ol"):
        items = []
        for child in node.children:
            if _is_blank(child):
                continue
            content = (
                child.children
                if isinstance(child, Element) and child.tag == "li"
                else [child]
            )
            items.append(
                Element("li", {}, _paragraphs(content, allowed=("p", "ul", "ol")))
            )
        return [Element(tag, {}, items)]
    if tag == "blockquote":
        attrs = {"class": PULLQUOTE} if node.attrs.get("class") == PULLQUOTE else {}
        return [
            Element("blockquote", attrs, _paragraphs(node.children, allowed=("p",)))
        ]
    if tag == "figure":
        figure = _figure(node.attrs)
        return [figure] if figure is not None else []
    return []


def _figure(attrs: dict[str, str]) -> Element | None:
    if attrs.get("data-image"):
        return Element("figure", {"data-image": attrs["data-image"]})
    if attrs.get("data-embed-url"):
        try:
            embed = embeds.recognise(attrs["data-embed-url"])
        except embeds.EmbedError as exc:
            raise BodyError(str(exc)) from None
    else:
        embed = embeds.stored(
            attrs.get("data-embed-provider", ""), attrs.get("data-embed-id", "")
        )
        if embed is None:
            return None
    return Element(
        "figure", {"data-embed-provider": embed.provider, "data-embed-id": embed.id}
    )


def _empty(block: Element) -> bool:
    if block.tag == "figure":
        return False
    if block.tag in ("ul", "ol", "blockquote", "li"):
        return not block.children
    return not block.text().strip()


def _links(root: Element, resolve: Callable[[str], str | None] | None) -> None:
    """Links to the newsroom's own pages become references (``data-ref``)."""
    for element in iter_elements(root):
        if element.tag != "a":
            continue
        ref = element.attrs.get("data-ref")
        href = element.attrs.get("href", "")
        if ref is None and href and resolve is not None:
            ref = resolve(href)
        element.attrs = {"data-ref": ref} if ref else {"href": href}


def iter_elements(root: Element) -> Iterator[Element]:
    """Every element below ``root``, in document order (no recursion)."""
    stack = list(reversed(root.children))
    while stack:
        node = stack.pop()
        if isinstance(node, Element):
            yield node
            stack.extend(reversed(node.children))


def clean(html: str, *, resolve: Callable[[str], str | None] | None = None) -> str:
    """``html`` as a body in the schema; ``BodyError`` if it cannot be one.

    ``resolve(href)`` names the newsroom object an address points at
    (``"person:12"``), or None; those links are stored as references.
    Idempotent: cleaning a clean body gives it back unchanged.
    """
    if len(html) > MAX_BODY_CHARS:
        raise BodyError(
            f"The body is longer than {MAX_BODY_CHARS:,} characters; split the story."
        )
    if "\x00" in html:
        raise BodyError("The body contains a NUL character, which is not text.")
    root = parse(_sanitise(html))
    root.children = _paragraphs(root.children, allowed=BLOCKS)
    _links(root, resolve)
    return _sanitise(serialize(root))


def from_plain_text(text: str) -> str:
    """A plain-text body (paragraphs between blank lines) in the schema: each
    paragraph a ``<p>``, its text kept exactly. The importer and the data
    migration of old bodies both use it, so they give the same body."""
    paragraphs = (p.strip() for p in _PARAGRAPH_BREAK.split(text))
    return "".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs if p)


def text_of_plain_text(text: str) -> str:
    """``text_of(from_plain_text(text))``, without building the HTML first
    (the importer's fast path)."""
    paragraphs = (_squash(p) for p in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def is_html(body: str) -> bool:
    """Whether ``body`` is in the schema (a revision from before it is text)."""
    return body.lstrip().startswith(tuple(f"<{tag}" for tag in BLOCKS))


def as_html(body: str) -> str:
    """``body`` in the schema, whether it is already or is old plain text."""
    return body if is_html(body) else from_plain_text(body)


# Reading a body ------------------------------------------------------------


def _blocks(root: Element) -> Iterator[tuple[str, Element]]:
    """``(marker, block)`` for every text block, in order, with its structure:
    "## " for a heading, "• " or "1. " for a list item, "> " for a quote,
    "» " for a pull quote."""
    stack: list[tuple[str, Element | str]] = [("", n) for n in reversed(root.children)]
    while stack:
        prefix, node = stack.pop()
        if isinstance(node, str):
            continue
        if node.tag in ("p", "h2", "h3"):
            marker = {"h2": "## ", "h3": "### "}.get(node.tag, "")
            yield prefix + marker, node
        elif node.tag == "figure":
            yield prefix, node
        elif node.tag in ("ul", "ol"):
            items = [c for c in node.children if isinstance(c, Element)]
            for number, item in reversed(list(enumerate(items, 1))):
                bullet = f"{number}. " if node.tag == "ol" else "• "
                stack.extend(
                    (prefix + bullet, child) for child in reversed(item.children)
                )
        elif node.tag == "blockquote":
            mark = "» " if node.attrs.get("class") == PULLQUOTE else "> "
            stack.extend((prefix + mark, child) for child in reversed(node.children))


def _figure_text(figure: Element) -> str:
    if "data-image" in figure.attrs:
        return f"[Image {figure.attrs['data-image']}]"
    embed = embeds.stored(
        figure.attrs.get("data-embed-provider", ""),
        figure.attrs.get("data-embed-id", ""),
    )
    return f"[{embed.of.name}: {embed.url}]" if embed else ""


def text_of(body: str) -> str:
    """The body's plain text: blocks between blank lines, no markup (for
    search, word counts, the checks, summaries)."""
    root = parse(as_html(body))
    texts = (
        _squash(block.text())
        for _marker, block in _blocks(root)
        if block.tag != "figure"
    )
    return "\n\n".join(text for text in texts if text)


def readable(body: str) -> str:
    """The body's text and structure, for comparing two versions: headings,
    list items, quotes, images and embeds are marked; markup, attribute order
    and line wrapping are not there, so they never show as a change."""
    root = parse(as_html(body))
    lines = []
    for marker, block in _blocks(root):
        text = _figure_text(block) if block.tag == "figure" else _squash(block.text())
        if text:
            lines.append(marker + text)
    return "\n\n".join(lines)


def word_count(body: str) -> int:
    return len(text_of(body).split())


def _squash(text: str) -> str:
    """Runs of white space as one space, as a browser shows them."""
    return " ".join(text.split())
