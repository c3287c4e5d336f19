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
  ``<figure data-embed-url="https://youtu.be/...">``;
- ``<figure data-photo-caption="..." data-photo-credit="..."></figure>``: a
  photo to come, the caption and credit of a picture that is not in the
  library yet (an import finds them next to a photo reference). Kept for the
  editor, never shown to readers: there is no image to show.

``clean`` is the one way in: the admin's form, the importer and any future
API call it. It writes the input out again well formed and no deeper than
``MAX_DEPTH``, runs nh3 (the Rust ammonia sanitiser) over that with the
schema's tags, attributes, classes and URL schemes, then fits what is left
into the schema's structure (inline text into paragraphs, ``<b>`` into
``<strong>``, an embed address into its provider and id), and runs nh3 once
more over the result.
Nothing the editor's own widget did is trusted. Plain Python with nh3: the
Django side (internal addresses, images) is passed in as functions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

import nh3

from articles import embeds

# Longer than any story (a novel is about a million characters); a bigger
# body is refused rather than cut.
MAX_BODY_CHARS = 500_000
_TOO_LONG = f"The body is longer than {MAX_BODY_CHARS:,} characters; split the story."
# Deeper than this, an element's tags are left out and what it holds joins the
# element above. html5ever, the parser inside nh3, walks its stack of open
# elements on most tags and sets no limit on its depth (browsers stop at 512),
# so its time grows with the square of the depth (servo/html5ever#788): half a
# million characters of nested <div>s held it for 40 seconds. No story nests
# anywhere near this deep; the limit also keeps the recursive fitting below
# (_inline, _block) well inside Python's recursion limit.
MAX_DEPTH = 200

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
# A photo to come's words; longer than any caption is a mistake, refused.
PHOTO_CAPTION = "data-photo-caption"
PHOTO_CREDIT = "data-photo-credit"
PHOTO_TO_COME = (PHOTO_CAPTION, PHOTO_CREDIT)
MAX_PHOTO_WORDS = 1000
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
    "figure": {
        "data-image",
        "data-embed-url",
        "data-embed-provider",
        "data-embed-id",
        *PHOTO_TO_COME,
    },
}
# Elements with no end tag.
_VOID = {"br", "hr", "img", "wbr"}
# A blank line, with the line ends of any system (a browser's text box sends
# \r\n).
_PARAGRAPH_BREAK = re.compile(r"(?:\r\n?|\n)[ \t\u00a0]*(?:\r\n?|\n)\s*")


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


# Bounding the depth before nh3 reads the input ------------------------------

# The input cut into pieces where a browser's tokenizer cuts it, closely
# enough: a piece read differently is at worst left out or shown as text, as
# nh3 reads only what _within_depth writes.
_TOKEN = re.compile(
    r"""
    (?P<comment><!--(?:-?>|.*?(?:--!?>|\Z)))
    | <(?P<end>/?)(?P<name>[A-Za-z][^\t\n\f\r />]*+)
      (?P<attrs>(?:=[\t\n\f\r ]*+"[^"]*+"?|=[\t\n\f\r ]*+'[^']*+'?|[^>])*+)
      (?P<close>>)?
    | <[!?/][^>]*+>?
    | (?P<text>[^<]++|<)
    """,
    re.DOTALL | re.VERBOSE,
)
_ATTRIBUTE = re.compile(
    r"""([^\t\n\f\r />=]++)
    (?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:"([^"]*+)"?|'([^']*+)'?|([^\t\n\f\r >]*+)))?""",
    re.VERBOSE,
)
_TAG_NAME = re.compile(r"[a-z][a-z0-9-]*")
_KEPT_ATTRIBUTES = {"class"}.union(*_ATTRIBUTES.values())
# HTML's elements with no end tag.
_EMPTY = {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen"}
_EMPTY |= {"link", "meta", "param", "source", "track", "wbr"}
# Elements a browser reads the content of as text, up to their end tag: some
# nh3 drops with that content, the others it shows as text (as here; their
# tags are left out). Only "plaintext" has no end tag.
_RAW_DROPPED = ("script", "style", "iframe", "noscript", "textarea", "title")
_RAW_SHOWN = ("xmp", "noembed", "noframes", "plaintext")
_RAW_END = {
    name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE)
    for name in (*_RAW_DROPPED, *_RAW_SHOWN)
}
# Elements that browsers let no end tag, nor a paragraph's implied end, reach
# past (a simplified "scope").
_BOUNDARIES = {"applet", "marquee", "object", "template"}
_P_BOUNDARIES = _BOUNDARIES | {"button", "caption", "table", "td", "th"}
# Start tags that end an open paragraph, as in browsers.
_ENDS_P = {"address", "article", "aside", "blockquote", "center", "details"}
_ENDS_P |= {"dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure"}
_ENDS_P |= {"footer", "header", "hgroup", "main", "menu", "nav", "ol", "p"}
_ENDS_P |= {"search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5"}
_ENDS_P |= {"h6", "pre", "listing", "form", "plaintext", "table", "hr", "xmp"}
_ENDS_P |= {"li", "dd", "dt"}
# Start tags that end an open element of their kind (a list's second <li> ends
# its first), unless one of the containers was opened inside it.
_ENDS_SIBLING = {
    "li": ({"li"}, {"ul", "ol"} | _BOUNDARIES),
    "dt": ({"dt", "dd"}, {"dl"} | _BOUNDARIES),
    "dd": ({"dt", "dd"}, {"dl"} | _BOUNDARIES),
    "tr": ({"tr"}, {"table"} | _BOUNDARIES),
    "td": ({"td", "th"}, {"tr", "table"} | _BOUNDARIES),
    "th": ({"td", "th"}, {"tr", "table"} | _BOUNDARIES),
}


def _attributes(source: str) -> str:
    """The schema's attributes among a tag's ``source``, written out again
    (the first of a name counts, as in browsers)."""
    kept: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(source):
        name = match[1].lower()
        if name in _KEPT_ATTRIBUTES and name not in kept:
            value = next((v for v in match.groups()[1:] if v is not None), "")
            kept[name] = value.replace('"', "&quot;")
    return "".join(f' {name}="{value}"' for name, value in kept.items())


def _within_depth(html: str) -> str:
    """``html`` written out again for nh3: the same text, tags and schema
    attributes, an end tag for every start tag, no comments, and never more
    than ``MAX_DEPTH`` elements deep. Linear time on any input, and so is
    nh3's reading of what it returns."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: name, whether written
    where: dict[str, list[int]] = defaultdict(list)  # name: its places in stack
    depth = 0  # open elements written
    hidden = 0  # open elements left out whose content nh3 would drop too

    def write(piece: str) -> None:
        if not hidden:
            out.append(piece)

    def innermost(names: set[str]) -> str | None:
        places = [(where[name][-1], name) for name in names if where[name]]
        return max(places)[1] if places else None

    def close(name: str | None = None) -> None:
        """End the innermost open ``name`` and all inside it (or all)."""
        nonlocal depth, hidden
        while stack:
            tag, written = stack.pop()
            where[tag].pop()
            if written:
                out.append(f"</{tag}>")
                depth -= 1
            elif tag in _DROPPED_WITH_CONTENT:
                hidden -= 1
            if tag == name:
                return

    position = 0
    while position < len(html):
        token = _TOKEN.match(html, position)
        position = token.end()
        if token["text"] is not None:
            write(token["text"].replace("<", "&lt;"))
            continue
        name = (token["name"] or "").lower()
        if token["close"] is None or not _TAG_NAME.fullmatch(name):
            continue  # a comment, a declaration, a tag cut off by the end
        if token["end"]:
            if innermost({name} | _BOUNDARIES) == name:
                close(name)
            elif name in ("p", "br"):  # as browsers read a stray </p>, </br>
                write("<p></p>" if name == "p" else "<br>")
            continue
        if name in _ENDS_P and innermost({"p"} | _P_BOUNDARIES) == "p":
            close("p")
        if name in _ENDS_SIBLING:
            ends, containers = _ENDS_SIBLING[name]
            if (sibling := innermost(ends | containers)) in ends:
                close(sibling)
        if name in _RAW_SHOWN:
            end = _RAW_END[name].search(html, position)
            stop = end.start() if end else len(html)
            write(escape(html[position:stop], quote=False))
            position = stop
            continue
        tag = f"<{name}{_attributes(token['attrs'])}>"
        in_foreign = where["svg"] or where["math"]
        if name in _EMPTY or (in_foreign and token["attrs"].endswith("/")):
            write(tag)
            continue
        written = depth < MAX_DEPTH and not hidden
        if written:
            out.append(tag)
            depth += 1
        elif name in _DROPPED_WITH_CONTENT:
            hidden += 1
        where[name].append(len(stack))
        stack.append((name, written))
        if name in _RAW_DROPPED:  # its content goes, so is not even read
            end = _RAW_END[name].search(html, position)
            position = end.start() if end else len(html)
    close()
    return "".join(out)


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


def _inline(nodes: list, *, depth: int, in_link: bool = False) -> list:
    """``nodes`` as inline content at ``depth``: blocks are unwrapped into
    their text and inline children, a link inside a link loses its tag, and so
    does an element deeper than ``MAX_DEPTH``."""
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
        elif tag in INLINE and not (tag == "a" and in_link) and depth <= MAX_DEPTH:
            attrs = node.attrs if tag == "a" else {}
            if tag == "a" and not attrs:
                stack.extend(reversed(node.children))  # an anchor with no target
                continue
            children = _inline(node.children, depth=depth + 1, in_link=tag == "a")
            if "".join(c if isinstance(c, str) else c.text() for c in children):
                out.append(Element(tag, dict(attrs), children))
        else:
            stack.extend(reversed(node.children))
    return out


_BREAK_END = Element("")  # where a division ends, in _paragraphs' stack


def _paragraphs(
    nodes: list, *, allowed: tuple[str, ...], depth: int = 1
) -> list[Element]:
    """``nodes`` as blocks at ``depth``: runs of inline content become
    paragraphs; blocks not in ``allowed`` give up their tag (their text becomes
    paragraphs)."""
    blocks: list[Element] = []
    run: list = []

    def flush() -> None:
        if run and not all(_is_blank(node) for node in run):
            blocks.append(Element("p", {}, _inline(run, depth=depth + 1)))
        run.clear()

    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if node is _BREAK_END:
            flush()
            continue
        tag = RENAMED.get(node.tag, node.tag) if isinstance(node, Element) else None
        if tag in BREAKS:
            flush()
            # What follows the division starts a paragraph too, or its first
            # words would run on from the division's last ones.
            stack.append(_BREAK_END)
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
            blocks.extend(_block(node, tag, depth))
        else:
            stack.extend(reversed(node.children))
    flush()
    return [block for block in blocks if not _empty(block)]


def _block(node: Element, tag: str, depth: int) -> list[Element]:
    if tag == "p":
        # A line break inside a paragraph starts a new one (lyrics, verse).
        return _paragraphs(node.children, allowed=(), depth=depth)
    if tag in ("h2", "h3"):
        return [Element(tag, {}, _inline(node.children, depth=depth + 1))]
    if tag in ("ul", "ol"):
        # A list in an item needs room for its own item and paragraph; with
        # none left, its items become paragraphs of the item it is in.
        nested = ("ul", "ol") if depth + 4 <= MAX_DEPTH else ()
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
                Element(
                    "li",
                    {},
                    _paragraphs(content, allowed=("p", *nested), depth=depth + 2),
                )
            )
        return [Element(tag, {}, items)]
    if tag == "blockquote":
        attrs = {"class": PULLQUOTE} if node.attrs.get("class") == PULLQUOTE else {}
        quoted = _paragraphs(node.children, allowed=("p",), depth=depth + 1)
        return [Element("blockquote", attrs, quoted)]
    if tag == "figure":
        figure = _figure(node.attrs)
        return [figure] if figure is not None else []
    return []


def _figure(attrs: dict[str, str]) -> Element | None:
    if attrs.get("data-image"):
        return Element("figure", {"data-image": attrs["data-image"]})
    words = {name: _squash(attrs.get(name, "")) for name in PHOTO_TO_COME}
    if any(words.values()) and not (
        attrs.get("data-embed-url") or attrs.get("data-embed-provider")
    ):
        if any(len(text) > MAX_PHOTO_WORDS for text in words.values()):
            raise BodyError(
                f"A photo to come has a caption or credit longer than "
                f"{MAX_PHOTO_WORDS:,} characters."
            )
        return Element("figure", {name: text for name, text in words.items() if text})
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
        raise BodyError(_TOO_LONG)
    if "\x00" in html:
        raise BodyError("The body contains a NUL character, which is not text.")
    root = parse(_sanitise(_within_depth(html)))
    root.children = _paragraphs(root.children, allowed=BLOCKS)
    _links(root, resolve)
    cleaned = _sanitise(serialize(root))
    if len(cleaned) > MAX_BODY_CHARS:
        # Stored, it would be refused the next time it is saved ("&" is
        # stored as "&amp;").
        raise BodyError(_TOO_LONG)
    return cleaned


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


_STARTS_AS_HTML = re.compile(rf"\s*<(?:{'|'.join(BLOCKS)})[\s>]")


def is_html(body: str) -> bool:
    """Whether ``body`` starts as a body in the schema does. Only a guess:
    whatever it says, a body is cleaned before it is stored or shown."""
    return _STARTS_AS_HTML.match(body) is not None


def as_html(body: str) -> str:
    """``body`` as HTML to clean: plain text (typed in a shell, a test) as
    paragraphs of text, anything that starts as the schema does as it is."""
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
    if is_photo_to_come(figure):
        words = (figure.attrs.get(name, "") for name in PHOTO_TO_COME)
        return f"[Photo to come: {' — '.join(w for w in words if w)}]"
    embed = embeds.stored(
        figure.attrs.get("data-embed-provider", ""),
        figure.attrs.get("data-embed-id", ""),
    )
    return f"[{embed.of.name}: {embed.url}]" if embed else ""


def is_photo_to_come(figure: Element) -> bool:
    """Whether ``figure`` (a clean one) is a photo to come."""
    return any(name in figure.attrs for name in PHOTO_TO_COME)


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
