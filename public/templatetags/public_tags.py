"""Template tags of the public pages: the article body, page links, dates."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article
from people.entities import person_entity, work_entity
from people.linking import Entity, Linker

register = template.Library()

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n\s*")


def entity_links(article: Article) -> tuple[list[Entity], dict[tuple, str]]:
    """The article's tagged people and works as linker entities, with their URLs.

    Reads the prefetched tag rows, so it costs no queries on the article page.
    """
    entities: list[Entity] = []
    urls: dict[tuple, str] = {}
    for item in article.person_tags.all():
        person = item.tag
        entities.append(person_entity(person.pk, person.name, person.aliases))
        urls[entities[-1].key] = person.get_absolute_url()
    for item in article.work_tags.all():
        work = item.tag
        entities.append(
            work_entity(
                work.pk,
                work.name,
                work.aliases,
                work.kind,
                work.link_only_when_quoted,
            )
        )
        urls[entities[-1].key] = work.get_absolute_url()
    return entities, urls


@register.simple_tag
def article_body(article: Article) -> SafeString:
    """The body as ``<p>`` paragraphs, escaped, with each tagged person and work
    linked to its page at its first mention in the body."""
    body = article.body
    entities, urls = entity_links(article)
    first: dict[tuple, tuple[int, int]] = {}
    for mention in Linker(entities).mentions(body):
        first.setdefault(mention.key, (mention.start, mention.end))
    links = sorted((start, end, urls[key]) for key, (start, end) in first.items())

    html: list[str] = []
    position = 0
    for piece in [*_PARAGRAPH_BREAK.finditer(body), None]:
        end = piece.start() if piece else len(body)
        paragraph = _render_span(body, position, end, links)
        if paragraph.strip():
            html.append(f"<p>{paragraph.strip()}</p>")
        position = piece.end() if piece else end
    return mark_safe("\n".join(html))  # noqa: S308 - every piece was escaped above


def _render_span(text: str, start: int, end: int, links: list) -> str:
    out: list[str] = []
    cursor = start
    for link_start, link_end, url in links:
        if link_start < cursor or link_end > end:
            continue
        out.append(escape(text[cursor:link_start]))
        out.append(format_html('<a href="{}">{}</a>', url, text[link_start:link_end]))
        cursor = link_end
    out.append(escape(text[cursor:end]))
    return "".join(out).replace("\n", "<br>")


@register.simple_tag(takes_context=True)
def page_url(context, param: str, number: int) -> str:
    """The current address with ``param`` set to ``number``, other parameters kept.

    Page 1 drops the parameter, so the first page has one address.
    """
    query = context["request"].GET.copy()
    if number == 1:
        query.pop(param, None)
    else:
        query[param] = number
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def iso(value) -> str:
    """A datetime as ISO 8601 to the second, as HTML's ``datetime`` accepts."""
    return value.isoformat(timespec="seconds") if value else ""
