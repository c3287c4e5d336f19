"""What readers get from a body, made when something it shows changes.

``render`` turns a stored body (``articles.body``) into the reader's HTML:
references to people, works and articles become links to their current
addresses, the first mention of each tagged person and work is linked to
their page (the importer's linker, over the whole text so that its rules
about context hold), figures become the library's pictures with their
renditions, caption and credit, embeds become frames to the provider's own
host with a link to the original. It also finds the plain text and the
people and works the headline and standfirst are about (JSON-LD's "about").

The result is stored with the article (``store``) whenever the article is
saved, and its ``BodyReference`` rows say what it shows. When one of those
changes (a person's or work's name or address, an image's words or
renditions, a linked article's address or publication), ``mark_stale``
empties the stored HTML of exactly the articles that show it, and the next
read renders it again (``current_html``): the public page never renders a
body it has rendered before, and never shows an out-of-date one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles import body, embeds, purging
from articles.body import Markup
from articles.models import (
    Article,
    BodyReference,
    ReferenceKind,
    TaggedPerson,
    TaggedWork,
)
from images.models import Image
from images.templatetags.images_tags import picture
from newsroom.pagecache import purge_tags
from people.entities import person_entity, work_entity
from people.linking import Linker
from people.models import Person, Work

# How wide an inline picture is shown: the article column.
SIZES = "(min-width: 44rem) 40rem, 100vw"
_IFRAME = re.compile(r'<div class="embed-frame">.*?</div>', re.S)
_LOCAL_ATTRIBUTE = re.compile(r'\b(href|src)="/(?!/)')
_SRCSET = re.compile(r'srcset="([^"]*)"')


@dataclass(frozen=True)
class Rendered:
    html: str
    text: str
    about: str
    references: frozenset[tuple[str, int]]


def entity_links(article: Article) -> tuple[list, dict[tuple, str]]:
    """The article's tagged people and works as linker entities, with their
    addresses. Reads the tags prefetched with their people and works."""
    entities, urls = [], {}
    # One awaiting an editor's approval has no page to link to yet; approving
    # it renders the article again (``on_entity_changed``).
    for item in article.person_tags.all():
        person = item.tag
        if not person.is_approved:
            continue
        entities.append(person_entity(person.pk, person.name, person.aliases))
        urls[entities[-1].key] = person.get_absolute_url()
    for item in article.work_tags.all():
        work = item.tag
        if not work.is_approved:
            continue
        entities.append(
            work_entity(
                work.pk, work.name, work.aliases, work.kind, work.link_only_when_quoted
            )
        )
        urls[entities[-1].key] = work.get_absolute_url()
    return entities, urls


def render(article: Article) -> Rendered:
    """The reader's HTML of ``article``'s body, with its text and what it shows."""
    # Cleaned again, not trusted: a revision or a row written by other means
    # than Article.save() comes here too.
    root = body.parse(body.clean(article.body))
    entities, urls = entity_links(article)
    linker = Linker(entities)
    targets = _targets(root)
    first = _first_mentions(root, linker, urls)
    _transform(root, targets, first, article)
    headline_and_dek = f"{article.headline}\n\n{article.dek}"
    about = sorted(
        {
            f"{kind}:{pk}"
            for kind, pk in (
                mention.key for mention in linker.mentions(headline_and_dek)
            )
        }
    )
    return Rendered(
        html=body.serialize(root),
        text=body.text_of(article.body),
        about=" ".join(about),
        references=frozenset(
            (kind, pk) for kind, found in targets.items() for pk in found
        ),
    )


def store(article: Article) -> Article:
    """Render ``article`` as it is stored, keep the result with it (and what
    it shows), and give ``article`` the result too.

    Two renders of one article may run at once (two readers of a stale page,
    an editor's save): the result is stored only if nothing it was made from
    changed while it ran (``render_epoch``, which every change counts);
    otherwise the stored HTML stays empty and the next read renders again.
    """
    with transaction.atomic():
        stored = Article.objects.filter(pk=article.pk).prefetch_related(*_TAGS).get()
        rendered = render(stored)
        won = Article.objects.filter(
            pk=article.pk, render_epoch=stored.render_epoch
        ).update(
            body_html=rendered.html,
            body_text=rendered.text,
            about=rendered.about,
            render_epoch=F("render_epoch") + 1,
        )
        if won:
            _keep_references(article, rendered.references)
    article.body_html = rendered.html
    article.body_text = rendered.text
    article.about = rendered.about
    article.render_epoch = stored.render_epoch + 1
    return article


def _keep_references(article: Article, references: frozenset) -> None:
    kept = BodyReference.objects.filter(article=article)
    gone = [
        pk
        for pk, kind, target in kept.values_list("pk", "kind", "target_id")
        if (kind, target) not in references
    ]
    kept.filter(pk__in=gone).delete()
    BodyReference.objects.bulk_create(
        (
            BodyReference(article=article, kind=kind, target_id=pk)
            for kind, pk in sorted(references)
        ),
        ignore_conflicts=True,
    )


def current_html(article: Article) -> SafeString:
    """``article``'s stored reader HTML, rendered and stored first if it is
    out of date (the first read after ``mark_stale`` or an import); the
    instance gets the fresh HTML, text and "about" too."""
    if not article.body_html and article.body.strip():
        store(article)
    # Made from a body nh3 cleaned, with every added value escaped.
    return mark_safe(article.body_html)  # noqa: S308


def mark_stale(articles: QuerySet[Article] | Iterable[int]) -> int:
    """Empty the stored HTML of ``articles``: the next read renders it again."""
    ids = articles if isinstance(articles, QuerySet) else list(articles)
    # Every one, even those already empty: a render running now is out of
    # date too.
    return Article.objects.filter(pk__in=ids).update(
        body_html="", render_epoch=F("render_epoch") + 1
    )


def showing(kind: str, pk: int) -> QuerySet[Article]:
    """The articles whose rendered body shows ``kind`` ``pk``: tagged with the
    person or work (its mentions are linked), or referring to it."""
    referring = BodyReference.objects.filter(kind=kind, target_id=pk)
    articles = Article.objects.filter(pk__in=referring.values("article"))
    if kind == ReferenceKind.PERSON:
        tagged = TaggedPerson.objects.filter(tag_id=pk).values("content_object")
        articles = articles | Article.objects.filter(pk__in=tagged)
    elif kind == ReferenceKind.WORK:
        tagged = TaggedWork.objects.filter(tag_id=pk).values("content_object")
        articles = articles | Article.objects.filter(pk__in=tagged)
    return articles


def shown_changed(kind: str, pk: int) -> None:
    """``kind`` ``pk`` changed: the articles whose bodies show it are rendered
    again on their next read, and the pages of those that link to it purged
    (the pages of those tagged with it carry its own cache tag)."""
    mark_stale(showing(kind, pk))
    referring = BodyReference.objects.filter(kind=kind, target_id=pk)
    purge_tags(
        purging.article_tag(article_id)
        for article_id in referring.values_list("article_id", flat=True)
    )


def on_entity_changed(sender, *, kind: str, pk: int, **kwargs) -> None:
    """Receives ``people.signals.entity_changed``."""
    shown_changed(kind, pk)


def on_image_changed(sender, *, pk: int, **kwargs) -> None:
    """Receives ``images.signals.image_changed``."""
    shown_changed(ReferenceKind.IMAGE, pk)


def for_feeds(html: str) -> str:
    """The reader's HTML for a feed: without the embeds' frames (their links
    stay; feed readers and partners get a link, never a frame), and with
    every address of this site made absolute (a feed is read elsewhere)."""
    base = settings.NEWSROOM_BASE_URL
    # Most bodies have no embed, link or image: a substring test is far
    # cheaper than a regular expression's scan of a whole body (a feed makes
    # thirty of them per request).
    if '<div class="embed-frame">' in html:
        html = _IFRAME.sub("", html)
    if '="/' in html:
        html = _LOCAL_ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{base}/', html)
    if 'srcset="' not in html:
        return html
    return _SRCSET.sub(
        lambda m: (
            'srcset="'
            + ", ".join(
                f"{base}{part.strip()}"
                if part.strip().startswith("/")
                else part.strip()
                for part in m.group(1).split(",")
            )
            + '"'
        ),
        html,
    )


def for_editing(source: str) -> str:
    """A stored body as the editor's widget edits it: each reference link
    with its current address beside the reference, each image with a preview
    (its thumbnail, alt text, caption and credit), each embed with its address.
    ``body.clean`` takes all of that back to the stored form."""
    root = body.parse(body.clean(source))
    targets = _targets(root)
    objects = _referred(targets, public_only=False)
    images = Image.objects.prefetch_related("renditions").in_bulk(
        targets[ReferenceKind.IMAGE]
    )
    for element in list(body.iter_elements(root)):
        if element.tag == "a" and "data-ref" in element.attrs:
            kind, pk = element.attrs["data-ref"].split(":")
            target = objects[kind].get(int(pk))
            if target is not None:
                element.attrs["href"] = target.get_absolute_url()
        elif element.tag == "figure" and "data-image" in element.attrs:
            image = images.get(int(element.attrs["data-image"]))
            if image is not None:
                element.children = _preview(image)
        elif element.tag == "figure":
            embed = embeds.stored(
                element.attrs.get("data-embed-provider", ""),
                element.attrs.get("data-embed-id", ""),
            )
            if embed is not None:
                element.attrs = {
                    "data-embed-url": embed.url,
                    "data-embed-provider": embed.provider,
                }
    return body.serialize(root)


def figure_problems(source: str) -> list[str]:
    """What is wrong with the images a clean body shows, for an editor: one
    that is not in the library, or has no credit (news style demands one, as
    for a lead image)."""
    wanted = _targets(body.parse(source))[ReferenceKind.IMAGE]
    images = Image.objects.in_bulk(wanted)
    problems = []
    for pk in sorted(wanted):
        image = images.get(pk)
        if image is None:
            problems.append(f"Image {pk} is not in the image library.")
        elif not image.credit.strip():
            problems.append(
                f"The image “{image}” has no credit: add one in the image "
                "library before it appears in a story."
            )
    return problems


def internal_reference(href: str) -> str | None:
    """The newsroom object an address on this site points at ("person:12"),
    or None. For ``body.clean``: such links are stored as references."""
    parts = urlsplit(href)
    site = urlsplit(settings.NEWSROOM_BASE_URL)
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            return None
    elif not parts.path.startswith("/"):
        return None
    path = parts.path if parts.path.endswith("/") else f"{parts.path}/"
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    if not slug:
        return None
    for kind, model in (("person", Person), ("work", Work), ("article", Article)):
        obj = model.objects.filter(slug=slug).first()
        if obj is not None and obj.get_absolute_url() == path:
            return f"{kind}:{obj.pk}"
    return None


# Inside render ------------------------------------------------------------------

_TAGS = ("person_tags__tag", "work_tags__tag")


def _targets(root: body.Element) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {kind: set() for kind in ReferenceKind.values}
    for element in body.iter_elements(root):
        if element.tag == "a" and "data-ref" in element.attrs:
            kind, pk = element.attrs["data-ref"].split(":")
            found[kind].add(int(pk))
        elif element.tag == "figure" and "data-image" in element.attrs:
            found[ReferenceKind.IMAGE].add(int(element.attrs["data-image"]))
    return found


def _first_mentions(
    root: body.Element, linker: Linker, urls: dict[tuple, str]
) -> dict[tuple[int, int], list[tuple[int, int, str]]]:
    """Where to link each tagged person and work at its first mention:
    ``(id of the parent element, child index)`` of a text to a list of
    ``(start, end, url)`` in it. The linker reads the whole text at once,
    blocks between blank lines as the importer reads it, so that what it
    knows from earlier paragraphs (a full name before a surname) holds."""
    pieces, places = [], []
    offset = 0
    for parent, index, text in _texts(root):
        if parent is None:
            pieces.append("\n\n")
            offset += 2
            continue
        places.append((id(parent), index, offset, offset + len(text)))
        pieces.append(text)
        offset += len(text)
    first: dict[tuple, tuple[int, int]] = {}
    for mention in linker.mentions("".join(pieces)):
        first.setdefault(mention.key, (mention.start, mention.end))
    links: dict[tuple[int, int], list[tuple[int, int, str]]] = {}
    for key, (start, end) in first.items():
        for parent, index, begins, ends in places:
            if begins <= start and end <= ends:
                links.setdefault((parent, index), []).append(
                    (start - begins, end - begins, urls[key])
                )
                break
    for found in links.values():
        found.sort()
    return links


def _texts(root: body.Element):
    """``(parent, index, text)`` for every text a reader sees, in order, with
    ``(None, None, "")`` between blocks; text inside links is left out (a
    link is not linked again) but counted, so offsets stay the text's."""
    stack: list = [(root, index) for index in reversed(range(len(root.children)))]
    while stack:
        parent, index = stack.pop()
        if parent is None:
            yield None, None, ""
            continue
        node = parent.children[index]
        if isinstance(node, str):
            yield parent, index, node
            continue
        if node.tag in body.BLOCKS or node.tag == "li":
            stack.append((None, None))
        stack.extend((node, i) for i in reversed(range(len(node.children))))


def _referred(targets: dict[str, set[int]], *, public_only: bool) -> dict:
    """The people, works and articles ``targets`` names, by kind and id."""
    articles = Article.objects.published() if public_only else Article.objects
    return {
        ReferenceKind.PERSON: Person.objects.in_bulk(targets[ReferenceKind.PERSON]),
        ReferenceKind.WORK: Work.objects.in_bulk(targets[ReferenceKind.WORK]),
        ReferenceKind.ARTICLE: articles.in_bulk(targets[ReferenceKind.ARTICLE]),
    }


def _preview(image: Image) -> list:
    # Its size keeps the preview's place while it loads: without it the
    # text below jumps down, the caret with it, out of the editor's view.
    shown = image.thumbnail() or image
    words = " — ".join(part for part in (image.caption, image.credit) if part)
    img = body.Element(
        "img",
        {
            "src": shown.file.url,
            "alt": image.alt,
            "width": str(shown.width),
            "height": str(shown.height),
        },
    )
    return [img, body.Element("figcaption", {}, [words])]


def _transform(
    root: body.Element,
    targets: dict[str, set[int]],
    first: dict[tuple[int, int], list[tuple[int, int, str]]],
    article: Article,
) -> None:
    # A link to an article readers cannot see would give its address away.
    objects = _referred(targets, public_only=True)
    images = Image.objects.prefetch_related("renditions").in_bulk(
        targets[ReferenceKind.IMAGE]
    )
    site = urlsplit(settings.NEWSROOM_BASE_URL).netloc
    blocks = [c for c in root.children if isinstance(c, body.Element)]
    eager = blocks[:1] if article.lead_image_id is None else []
    stack = [root]
    while stack:
        element = stack.pop()
        children: list = []
        for index, child in enumerate(element.children):
            if isinstance(child, str):
                children.extend(_linked(child, first.get((id(element), index), [])))
            elif child.tag == "a":
                children.extend(_link(child, objects, site))
            elif child.tag == "figure":
                first_block = any(child is block for block in eager)
                children.append(_figure(child, images, eager=first_block))
            else:
                children.append(child)
        element.children = children
        stack.extend(c for c in children if isinstance(c, body.Element))


def _linked(text: str, links: list[tuple[int, int, str]]) -> list:
    out, cursor = [], 0
    for start, end, url in links:
        out.append(text[cursor:start])
        out.append(body.Element("a", {"href": url}, [text[start:end]]))
        cursor = end
    out.append(text[cursor:])
    return [piece for piece in out if piece != ""]


def _link(element: body.Element, objects: dict, site: str) -> list:
    ref = element.attrs.get("data-ref")
    if ref is not None:
        kind, pk = ref.split(":")
        target = objects[kind].get(int(pk))
        if target is None:
            return element.children  # gone, or not public: its words stay
        element.attrs = {"href": target.get_absolute_url()}
        return [element]
    parts = urlsplit(element.attrs.get("href", ""))
    if parts.netloc and parts.netloc != site:
        element.attrs["rel"] = "noopener"
    return [element]


def _figure(figure: body.Element, images: dict, *, eager: bool) -> Markup:
    if "data-image" in figure.attrs:
        image = images.get(int(figure.attrs["data-image"]))
        if image is None:
            return Markup("")  # deleted from the library
        loading = "eager" if eager else "lazy"
        return Markup(picture(image, sizes=SIZES, loading=loading))
    if body.is_photo_to_come(figure):
        # A caption with no picture would puzzle readers: only the editor
        # sees it, until an image from the library takes its place.
        return Markup("")
    embed = embeds.stored(
        figure.attrs.get("data-embed-provider", ""),
        figure.attrs.get("data-embed-id", ""),
    )
    if embed is None:
        return Markup("")
    provider = embed.of
    # The CSP's frame-src is what keeps frames to the providers' own hosts.
    # No sandbox: the players need scripts and their own origin, and a
    # sandbox allowing both gives no protection the frame's other origin
    # does not (the W3C checker refuses that pair). No loading="lazy": the
    # Nu checker the tests run does not know it on a frame yet.
    return Markup(
        format_html(
            '<figure class="embed embed-{}"><div class="embed-frame"><iframe '
            'src="{}" title="{}" referrerpolicy="strict-origin-when-cross-origin" '
            'allow="encrypted-media; fullscreen; picture-in-picture">'
            "</iframe></div><figcaption>"
            '<a href="{}" rel="noopener">{}: {}</a></figcaption></figure>',
            provider.key,
            embed.frame_url,
            f"{provider.name} embed",
            embed.url,
            provider.name,
            embed.url,
        )
    )
