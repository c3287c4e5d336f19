"""Stage three of an import: write what was read, parsed and linked.

One write path for every caller. A chunk of prepared files (one file or
``CHUNK_SIZE`` of them, a dry run or a real one) goes through
``Writer.plan``, which decides each file's outcome (created, updated or
skipped) and returns the rows that store it, and ``write`` stores those rows.
The pipeline (``importer.pipeline``) only decides which chunks, in which
transaction and on which thread.

Rows are plain tuples written with ``COPY`` on PostgreSQL
(``articles.bulk.write_rows``), not ``bulk_create``: building a model instance
per tag and byline and letting Django prepare each of its values cost as much
CPU as linking the text. An article's row is built from its columns' names in
one place (``articles.bulk.article_rows``).

Publishing from an import goes through the workflow's checks
(``articles.workflow.checks.text_problems``): a text the sidecar marks
published that fails them is imported as a draft, with a note saying why.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from django.db import connection
from django.db.models import F, Max, Model, QuerySet, Value
from django.db.models.functions import Lower
from django.utils import timezone
from reversion.models import Version

from articles import body
from articles.bulk import ARTICLE_COLUMNS, article_rows, reserve_ids, write_rows
from articles.models import (
    Activity,
    Article,
    Byline,
    BylineRole,
    FoundBy,
    HeadlineOrigin,
    PublishedVersion,
    SlugHistory,
    Status,
    TaggedPerson,
    TaggedTopic,
    TaggedWork,
    Topic,
    VersionKind,
)
from articles.workflow.checks import text_problems
from importer.newstext import (
    MEDIA_SHORTCODES,
    WORK_SHORTCODES,
    PhotoToCome,
    Shortcode,
)
from importer.reading import Metadata, Prepared
from importer.shortcodes import media_html
from people.linking import Linker
from people.models import (
    ExternalId,
    Person,
    Work,
    WorkExternalId,
    WorkKind,
    approved_q,
    numbered_slug,
)

# The columns written for each kind of row, besides the article's own.
VERSION_COLUMNS = (
    "article_id",
    "number",
    "headline",
    "dek",
    "body",
    "kind",
    "created_at",
)
BYLINE_COLUMNS = (
    "article_id",
    "person_id",
    "organisation",
    "role",
    "title",
    "position",
)
# The article's columns an import writes: the bulk writers' and the dateline.
IMPORT_ARTICLE_COLUMNS = (*ARTICLE_COLUMNS, "dateline")
# The kinds of work each work shortcode means, to choose between works of
# one title (the film and the book "Where the Wild Things Are").
SHORTCODE_KINDS = {
    "movie": (WorkKind.FILM, WorkKind.SHORT_FILM),
    "film": (WorkKind.FILM, WorkKind.SHORT_FILM),
    "album": (WorkKind.ALBUM,),
    "song": (WorkKind.SONG,),
}
# What a [link] shortcode may point at; anything else stays text.
LINK_SCHEMES = ("http://", "https://")
MAX_LINK = 2000
PERSON_TAG_COLUMNS = ("tag_id", "content_object_id", "found_by")
WORK_TAG_COLUMNS = PERSON_TAG_COLUMNS
TOPIC_TAG_COLUMNS = ("tag_id", "content_object_id")
# The article fields an import sets; the rest belong to the newsroom.
IMPORTED_FIELDS = (
    "headline",
    "headline_origin",
    "dek",
    "dateline",
    "body",
    "body_html",
    "body_text",
    "status",
    "published_at",
    "first_published_at",
    "source_name",
    "source_url",
    "source_digest",
    "updated_at",
)

Table = tuple[type[Model], tuple[str, ...], list[tuple]]


@dataclass
class ImportResult:
    path: Path
    action: str  # "created", "updated", "skipped"
    article: Article
    notes: list[str] = field(default_factory=list)
    plan: dict[str, list[str]] = field(default_factory=dict)
    # Why an article the sidecar marks published was imported as a draft.
    held_back: list[str] = field(default_factory=list)
    # (line, message): what the text had that the article does not keep as
    # written (page chrome, captions, unknown shortcodes), for the summary.
    warnings: list[tuple[int, str]] = field(default_factory=list)


class WouldWrite(Exception):
    """Planning with reads only met a row it would have to create or change."""


@dataclass(frozen=True)
class ChunkRows:
    """A chunk's results, and the rows that store them."""

    results: list[ImportResult]
    # (model, columns, rows) in the order they are written.
    tables: list[Table]
    keys: frozenset[str]
    # The new articles' slugs: a chunk planned beside this one must not take
    # them before this one commits.
    slugs: frozenset[str]


def write(rows: ChunkRows) -> None:
    """Store a planned chunk (in the caller's transaction)."""
    for model, columns, table_rows in rows.tables:
        write_rows(model, columns, table_rows)


class Writer:
    """Plans and writes chunks of prepared files; one instance per run.

    People, external ids and topics looked up by name are remembered for the
    run; ``forget`` drops that memory whenever a transaction is rolled back,
    so it never points at a row that was not kept.

    With ``reads_only`` set (planning a chunk ahead, outside a transaction,
    while another is being stored) nothing is written or locked: where a row
    would have to be created or changed first, ``WouldWrite`` is raised.
    """

    def __init__(self, *, linker: Linker, names: dict[Hashable, str]) -> None:
        self.linker = linker
        # Entity names by linker key, for the summary.
        self.names = dict(names)
        self.reads_only = False
        self._people: dict[str, Person] = {}
        self._external: dict[tuple[str, str], Person] = {}
        self._external_works: dict[tuple[str, str], Work | None] = {}
        self._topics: dict[str, Topic] = {}
        self._works: dict[tuple[str, tuple[str, ...]], Work | None] = {}
        # People a reporter added that no editor has approved yet, by pk: a
        # text crediting or naming one is imported as a draft.
        self._awaiting: dict[int, str] = {}

    def forget(self) -> None:
        """Drop what was looked up: a rollback may have removed some of it."""
        self._people.clear()
        self._external.clear()
        self._external_works.clear()
        self._topics.clear()
        self._works.clear()
        self._awaiting.clear()

    def plan(
        self, items: list[Prepared], *, reserved: frozenset[str] = frozenset()
    ) -> ChunkRows:
        """The outcome of each of ``items`` and the rows that store them.

        Keys must be unique within ``items`` (the pipeline sees to it). Inside
        the caller's transaction, which then writes the rows (``write``) and
        starts over file by file if the database refuses one; new slugs avoid
        ``reserved`` as well as the stored ones. New articles get ids from the
        sequence (``reserve_ids``), so every row can be built before any is
        stored; SQLite has no sequence, and its new articles are inserted here
        to learn their ids. An existing article that changes (rare) is
        updated here and its bylines, tags and topics are written anew.
        """
        existing_articles = Article.objects.exclude(source_key="").filter(
            source_key__in=[item.key for item in items]
        )
        if not self.reads_only:
            existing_articles = existing_articles.select_for_update()
        existing = {article.source_key: article for article in existing_articles}
        results: dict[str, ImportResult] = {}
        new: list[tuple[Prepared, Article]] = []
        changed: list[tuple[Prepared, Article]] = []
        for item in items:
            article = existing.get(item.key)
            if article is None:
                new.append((item, Article(source_key=item.key)))
                continue
            skipped = _skipped(item, article)
            if skipped is not None:
                results[item.key] = skipped
            elif self.reads_only:
                raise WouldWrite
            else:
                changed.append((item, article))

        self._look_up_external_ids([item for item, _ in new + changed])
        tables: dict[type[Model], list[tuple]] = {
            PublishedVersion: [],
            Byline: [],
            TaggedPerson: [],
            TaggedWork: [],
            TaggedTopic: [],
        }
        now = timezone.now()
        contents = {
            item.key: self._content(item, article, now=now)
            for item, article in new + changed
        }

        slugs = unique_article_slugs(
            [article.headline or item.key for item, article in new], reserved=reserved
        )
        for (_, article), slug in zip(new, slugs, strict=True):
            article.slug = slug
        first_tables = self._store_new([article for _, article in new])
        for _, article in changed:
            self._clear_imported_rows(article)
            Article.objects.filter(pk=article.pk).update(
                # A form opened before the change must not save over it.
                lock_version=F("lock_version") + 1,
                # A render of the old text running now must not store it.
                render_epoch=F("render_epoch") + 1,
                **{name: getattr(article, name) for name in IMPORTED_FIELDS},
            )
        numbers = _next_version_numbers([article for _, article in changed])

        outcomes = [(item, article, "created") for item, article in new]
        outcomes += [(item, article, "updated") for item, article in changed]
        for item, article, action in outcomes:
            content = contents[item.key]
            content.add_rows(article, tables, number=numbers.get(article.pk, 1))
            results[item.key] = ImportResult(
                item.path,
                action,
                article,
                notes=content.notes,
                plan=content.plan,
                held_back=content.held_back,
                # By line: the parser's and the shortcodes' together.
                warnings=sorted(content.warnings),
            )
        return ChunkRows(
            results=[results[item.key] for item in items],
            tables=first_tables
            + [
                (PublishedVersion, VERSION_COLUMNS, tables[PublishedVersion]),
                (Byline, BYLINE_COLUMNS, tables[Byline]),
                (TaggedPerson, PERSON_TAG_COLUMNS, tables[TaggedPerson]),
                (TaggedWork, WORK_TAG_COLUMNS, tables[TaggedWork]),
                (TaggedTopic, TOPIC_TAG_COLUMNS, tables[TaggedTopic]),
            ],
            keys=frozenset(item.key for item in items),
            slugs=frozenset(slugs),
        )

    # What one file becomes --------------------------------------------------

    def _content(self, item: Prepared, article: Article, *, now) -> _Content:
        """Fill ``article`` from ``item`` and gather its bylines, tags, topics."""
        content = _Content(item)
        content.warnings = list(item.parsed.warnings)
        content.bylines = self._bylines(item, content.plan)
        kept = _editor_tags(article) if article.pk else set()
        content.people, content.works = self._tags(item, kept, content)
        content.plan["people"] = sorted(
            self.names[("person", pk)] for pk, _ in content.people
        )
        content.plan["works"] = sorted(
            self.names[("work", pk)] for pk, _ in content.works
        )
        for photo in item.parsed.photos:
            # A caption and credit by a photo the text does not have.
            content.markup.append((photo.offset, photo.offset, _photo_html(photo)))
        content.topics = self._topics_named(item.meta.topics)
        content.plan["topics"] = list(item.meta.topics)
        _fill(article, item, now=now, markup=content.markup)
        if item.meta.status == Status.PUBLISHED:
            named = [pk for pk, *_ in content.bylines] + [
                pk for pk, _ in content.people
            ]
            problems = text_problems(
                headline=article.headline,
                dek=article.dek,
                body=article.body_text,
                has_byline=bool(content.bylines),
                awaiting_approval=sorted(
                    {self._awaiting[pk] for pk in named if pk in self._awaiting}
                ),
            )
            if problems:
                content.held_back = problems
                content.notes.append(
                    "imported as a draft, not published: " + " ".join(problems)
                )
            else:
                _publish(article, now=now)
        return content

    def _bylines(self, item: Prepared, plan: dict) -> list[tuple]:
        """``(person pk, organisation, role, title)`` per credit, in the
        text's order.

        One per person or organisation and role (the first keeps its title).
        A person is found by name whatever its case, or created; an
        organisation is credited by name. A text that names no writer credits
        the organisation its sidecar names (``credit``, else the publisher),
        if any, else the agency its dateline names.
        """
        credits: dict[tuple, tuple] = {}
        named = item.parsed.bylines
        if item.meta.organisation and all(c.role == "publisher" for c in named):
            # Only the dateline's agency: what the sidecar says to credit is
            # the newsroom's own word, and wins over what the parser inferred.
            named = ()
        for credit in named:
            role = credit.role if credit.role in BylineRole.values else "writer"
            if credit.organisation:
                key = ("organisation", credit.name.lower(), role)
                row = (None, credit.name, role, credit.title)
                shown = f"{credit.name} (organisation)"
            else:
                person = self._person_by_name(credit.name)
                key = ("person", person.pk, role)
                row = (person.pk, "", role, credit.title)
                shown = person.name
            if key in credits:
                continue
            credits[key] = row
            if credit.title:
                shown += f", {credit.title}"
            if role != BylineRole.WRITER:
                shown += f" ({BylineRole(role).label.lower()})"
            plan["bylines"].append(shown)
        if credits:
            return list(credits.values())
        organisation = item.meta.organisation
        if not organisation:
            return []
        plan["bylines"].append(f"{organisation} (organisation)")
        return [(None, organisation, BylineRole.PUBLISHER, "")]

    def _tags(
        self, item: Prepared, kept: set[tuple], content: _Content
    ) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        """``(pk, found_by)`` of the people and of the works the text names,
        leaving out those in ``kept``."""
        found: dict[tuple, str] = {}
        for shortcode in item.parsed.shortcodes:
            self._shortcode(shortcode, item, found, content)
        links = item.links if item.links is not None else self.linker.link(item.text)
        for entity_key, how in links.items():
            found.setdefault(entity_key, how)
        people, works = [], []
        for (kind, pk), how in found.items():
            if (kind, pk) not in kept:
                (people if kind == "person" else works).append((pk, how))
        return people, works

    def _shortcode(
        self, shortcode: Shortcode, item: Prepared, found: dict, content: _Content
    ) -> None:
        """What a shortcode becomes: the one place each name is mapped.

        Its text is in the body already (the parser unwrapped it); here it
        becomes a tag (``[artist]``, ``[movie]``), a link (``[link]``), or a
        warning saying it was only unwrapped.
        """
        name, text = shortcode.name, shortcode.text

        def warn(message: str) -> None:
            content.warnings.append((shortcode.line, message))

        if shortcode.inner:
            names = " ".join(f"[{inner}]" for inner in shortcode.inner)
            warn(f"shortcode {names} inside [{name}] unwrapped")

        if name == "artist":
            person = self._person_for_shortcode(shortcode.attr("id"), text, item.meta)
            found[("person", person.pk)] = FoundBy.SHORTCODE
        elif name in WORK_SHORTCODES:
            # By the publisher's id, else by title; never made up.
            work = self._work_for_shortcode(
                shortcode.attr("id"), text, item.meta, kinds=SHORTCODE_KINDS[name]
            )
            if work is None:
                warn(f"[{name}] {text!r}: no single work of that name; kept as text")
            else:
                found[("work", work.pk)] = FoundBy.SHORTCODE
                self.names[("work", work.pk)] = work.name
        elif name == "link":
            url = shortcode.attr("url").strip()
            if not (url.lower().startswith(LINK_SCHEMES) and len(url) <= MAX_LINK):
                warn(f"[link] to {url!r} is not an http(s) address; kept as text")
            elif shortcode.start < 0:
                warn(f"[link] {text!r} outside the body; kept as text")
            else:
                link = f'<a href="{escape(url)}">{escape(text, quote=False)}</a>'
                content.markup.append((shortcode.start, shortcode.end, link))
        elif name in MEDIA_SHORTCODES:
            # The same mapping as WordPress posts (importer.shortcodes): an
            # embed for a known provider's address, a caption as a paragraph,
            # a link to any other media file; what is lost is a warning.
            if shortcode.start < 0:
                warn(f"media shortcode [{name}] outside the body; kept as text")
                return
            notes: list[str] = []
            html = media_html(
                name, dict(shortcode.attrs), escape(text, quote=False), warnings=notes
            )
            for note in notes:
                warn(note)
            content.markup.append((shortcode.start, shortcode.end, html or ""))
        else:
            warn(f"unknown shortcode [{name}] unwrapped")

    # Storing ------------------------------------------------------------------

    def _store_new(self, articles: list[Article]) -> list[Table]:
        """Give new ``articles`` their ids; the table that stores them, if the
        ids came from the sequence (on SQLite they are inserted here)."""
        if not articles:
            return []
        now = timezone.now()
        for article in articles:
            # What auto_now_add and auto_now would have set.
            article.created_at = article.updated_at = now
        ids = reserve_ids(Article, len(articles))
        if ids is None:
            _insert_articles(articles)
            table = []
        else:
            for article, pk in zip(articles, ids, strict=True):
                article.pk = pk
            columns = ("id", *IMPORT_ARTICLE_COLUMNS)
            table = [(Article, columns, article_rows(articles, columns))]
        for article in articles:
            article._state.adding = False
            article._state.db = connection.alias
        return table

    def _clear_imported_rows(self, article: Article) -> None:
        """Before a changed file is written again: drop its bylines, topics and
        the tags the importer made (tags an editor added by hand stay)."""
        article.bylines.all().delete()
        article.person_tags.exclude(found_by=FoundBy.EDITOR).delete()
        article.work_tags.exclude(found_by=FoundBy.EDITOR).delete()
        article.topic_tags.all().delete()

    # Looking up people, topics and external ids ---------------------------------

    def _look_up_external_ids(self, items: list[Prepared]) -> None:
        """Remember the people and works behind the chunk's shortcode ids: a
        query a publisher and kind.

        ``_person_for_shortcode`` and ``_work_for_shortcode`` then find them
        without a query each.
        """
        wanted: dict[str, set[str]] = {}
        wanted_works: dict[str, set[str]] = {}
        for item in items:
            for shortcode in item.parsed.shortcodes:
                if shortcode.name == "artist":
                    wanting, known = wanted, self._external
                elif shortcode.name in WORK_SHORTCODES:
                    wanting, known = wanted_works, self._external_works
                else:
                    continue
                external_id = shortcode.attr("id")
                key = (item.meta.publisher, external_id)
                if external_id and item.meta.publisher and key not in known:
                    wanting.setdefault(item.meta.publisher, set()).add(external_id)
        for publisher, values in wanted_works.items():
            for value in values:
                self._external_works[(publisher, value)] = None
            matches = (
                WorkExternalId.objects.filter(
                    approved_q("work__"), publisher__iexact=publisher, value__in=values
                )
                .select_related("work")
                .order_by("pk")
            )
            for match in matches:
                key = (publisher, match.value)
                if self._external_works[key] is None:
                    self._external_works[key] = match.work
        for publisher, values in wanted.items():
            matches = (
                ExternalId.objects.filter(publisher__iexact=publisher, value__in=values)
                .select_related("person")
                .order_by("pk")
            )
            for match in matches:
                # The first by id wins, as .first() picks it one at a time.
                self._external.setdefault((publisher, match.value), match.person)

    def _topics_named(self, names: tuple[str, ...]) -> list[Topic]:
        """The topics called ``names`` (created if new), each once, as taggit does."""
        topics: dict[int, Topic] = {}
        for name in names:
            topic = self._topics.get(name)
            if topic is None:
                topic = Topic.objects.filter(name__iexact=name).order_by("pk").first()
                if topic is None:
                    if self.reads_only:
                        raise WouldWrite
                    topic = Topic.objects.create(name=name)
                self._topics[name] = topic
            topics.setdefault(topic.pk, topic)
        return list(topics.values())

    def _work_for_shortcode(
        self, external_id: str, text: str, meta: Metadata, *, kinds: tuple[str, ...]
    ) -> Work | None:
        """The work a publisher's id names, else the one work titled ``text``.

        An id no work carries is not recorded: a title is a weaker match
        than an editor's entry under the work's external identifiers.
        """
        work = None
        if external_id and meta.publisher:
            key = (meta.publisher, external_id)
            if key not in self._external_works:
                match = (
                    WorkExternalId.objects.filter(
                        approved_q("work__"),
                        publisher__iexact=meta.publisher,
                        value=external_id,
                    )
                    .select_related("work")
                    .order_by("pk")
                    .first()
                )
                self._external_works[key] = match.work if match else None
            work = self._external_works[key]
        return work or self._work_named(text, kinds=kinds)

    def _work_named(self, name: str, *, kinds: tuple[str, ...] = ()) -> Work | None:
        """The one work called ``name`` (any case), or None if none or several.

        Of several, the one of ``kinds`` if only one is: a ``[movie]`` called
        "Where the Wild Things Are" is the film, not the book.
        """
        key = (name, kinds)
        if key not in self._works:
            found = list(Work.objects.approved().filter(name__iexact=name.strip())[:10])
            if len(found) > 1 and kinds:
                found = [work for work in found if work.kind in kinds]
            self._works[key] = found[0] if len(found) == 1 else None
        return self._works[key]

    def _person_by_name(self, name: str) -> Person:
        person = self._people.get(name)
        if person is None:
            person = people_named(name).first()
            if person is None:
                if self.reads_only:
                    raise WouldWrite
                person = Person.objects.create(name=name)
            self._people[name] = person
        self._note_approval(person)
        self.names[("person", person.pk)] = person.name
        return person

    def _note_approval(self, person: Person) -> None:
        if not person.is_approved:
            self._awaiting[person.pk] = (
                f"{person.name} ({person.get_kind_display().lower()})"
            )

    def _person_for_shortcode(
        self, external_id: str, text: str, meta: Metadata
    ) -> Person:
        if not (external_id and meta.publisher):
            return self._person_by_name(text)
        key = (meta.publisher, external_id)
        person = self._external.get(key)
        if person is None:
            match = (
                ExternalId.objects.filter(
                    publisher__iexact=meta.publisher, value=external_id
                )
                .select_related("person")
                .first()
            )
            if match is not None:
                person = match.person
            else:
                if self.reads_only:
                    raise WouldWrite
                person = self._person_by_name(text)
                ExternalId.objects.get_or_create(
                    publisher=meta.publisher,
                    value=external_id,
                    defaults={"person": person},
                )
            self._external[key] = person
        self._note_approval(person)
        self.names[("person", person.pk)] = person.name
        return person


@dataclass
class _Content:
    """What a file gives its article besides the article's own row."""

    item: Prepared
    bylines: list[tuple] = field(default_factory=list)
    people: list[tuple[int, str]] = field(default_factory=list)
    works: list[tuple[int, str]] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    held_back: list[str] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    # (start, end, url) of the body's [link] shortcodes.
    # (start, end, html): body text a shortcode turns into markup (a link;
    # a figure once the media shortcodes are plugged in).
    markup: list[tuple[int, int, str]] = field(default_factory=list)
    plan: dict[str, list[str]] = field(
        default_factory=lambda: {"bylines": [], "people": [], "works": []}
    )

    def add_rows(self, article: Article, tables: dict, *, number: int) -> None:
        """Append the rows of ``article`` (which has its id now) to ``tables``."""
        pk = article.pk
        if self.item.meta.status == Status.PUBLISHED and not self.held_back:
            adapt = connection.ops.adapt_datetimefield_value
            tables[PublishedVersion].append(
                (
                    pk,
                    number,
                    article.headline,
                    article.dek,
                    article.body,
                    VersionKind.FIRST,
                    adapt(article.published_at),
                )
            )
        tables[Byline] += [
            (pk, person, organisation, role, title, position)
            for position, (person, organisation, role, title) in enumerate(self.bylines)
        ]
        tables[TaggedPerson] += [(tag, pk, how) for tag, how in self.people]
        tables[TaggedWork] += [(tag, pk, how) for tag, how in self.works]
        tables[TaggedTopic] += [(topic.pk, pk) for topic in self.topics]


def _fill(
    article: Article,
    item: Prepared,
    *,
    now,
    markup: list[tuple[int, int, str]] = (),
) -> None:
    """Set ``article``'s text and source from the file."""
    parsed, meta = item.parsed, item.meta
    article.headline = parsed.headline or meta.headline
    article.headline_origin = (
        HeadlineOrigin.SOURCE if parsed.headline else HeadlineOrigin.NEWSROOM
    )
    article.dek = parsed.dek
    article.dateline = parsed.dateline
    # The schema's HTML, the same as the migration of older bodies gives; it
    # is rendered for readers when first read (articles.rendering).
    article.body = (
        _body_with_markup(parsed.body, markup)
        if markup
        else body.from_plain_text(parsed.body)
    )
    article.body_text = body.text_of_plain_text(parsed.body)
    article.body_html = ""
    article.source_name = meta.publisher
    article.source_url = meta.url
    article.source_digest = item.digest
    article.updated_at = now


def _photo_html(photo: PhotoToCome) -> str:
    """A photo to come (``articles.body``) with ``photo``'s caption and credit."""
    attrs = ((body.PHOTO_CAPTION, photo.caption), (body.PHOTO_CREDIT, photo.credit))
    shown = "".join(f' {name}="{escape(value)}"' for name, value in attrs if value)
    return f"<figure{shown}></figure>"


def _body_with_markup(text: str, markup: list[tuple[int, int, str]]) -> str:
    """The plain-text body as ``from_plain_text`` gives it, with the text of
    each ``(start, end, html)`` replaced by ``html``, through the sanitiser
    like any body (which also moves a block out of its paragraph)."""
    pieces: list[str] = []
    pos = 0
    for start, end, html in sorted(markup):
        pieces += [escape(text[pos:start], quote=False), html]
        pos = end
    pieces.append(escape(text[pos:], quote=False))
    # Paragraphs are joined by exactly one blank line (importer.newstext),
    # and a shortcode never crosses one.
    paragraphs = (p.strip() for p in "".join(pieces).split("\n\n"))
    return body.clean("".join(f"<p>{p}</p>" for p in paragraphs if p))


def _publish(article: Article, *, now) -> None:
    """Make the imported ``article`` public (it passed the checks)."""
    article.status = Status.PUBLISHED
    article.published_at = article.published_at or now
    article.first_published_at = article.first_published_at or article.published_at


def _editor_tags(article: Article) -> set[tuple]:
    """The people and works an editor tagged by hand: a re-import keeps them."""
    by_hand = {"found_by": FoundBy.EDITOR}
    kept = {
        ("person", pk)
        for pk in article.person_tags.filter(**by_hand).values_list("tag_id", flat=True)
    }
    kept |= {
        ("work", pk)
        for pk in article.work_tags.filter(**by_hand).values_list("tag_id", flat=True)
    }
    return kept


def _next_version_numbers(articles: list[Article]) -> dict[int, int]:
    """The number the next published version of each of ``articles`` gets."""
    if not articles:
        return {}
    last = dict(
        PublishedVersion.objects.filter(article__in=articles)
        .values("article")
        .annotate(last=Max("number"))
        .values_list("article", "last")
    )
    return {article.pk: last.get(article.pk, 0) + 1 for article in articles}


def _insert_articles(articles: list[Article]) -> None:
    """Insert new ``articles`` and set their ids (SQLite: no ids to reserve).

    The ids come back with one query through the unique index on
    ``source_key``.
    """
    write_rows(
        Article,
        IMPORT_ARTICLE_COLUMNS,
        article_rows(articles, IMPORT_ARTICLE_COLUMNS),
    )
    ids = dict(
        Article.objects.exclude(source_key="")
        .filter(source_key__in=[article.source_key for article in articles])
        .values_list("source_key", "pk")
    )
    for article in articles:
        article.pk = ids[article.source_key]


def _skipped(item: Prepared, existing: Article) -> ImportResult | None:
    """The result for a file whose article must not change, or None.

    An article is the newsroom's once a person has touched it: published,
    edited, moved in the workflow, corrected or shared. A changed file never
    overrides that; the summary says why it was left alone.
    """
    if existing.source_digest == item.digest:
        return ImportResult(item.path, "skipped", existing)
    if existing.status in Status.public():
        reason = "already published: change it in the admin with a correction"
    elif touched_since_import(existing):
        reason = (
            "changed in the newsroom since it was imported (edited, moved in "
            "the workflow or corrected): not overwritten"
        )
    else:
        return None
    return ImportResult(item.path, "skipped", existing, notes=[reason])


def touched_since_import(article: Article) -> bool:
    """Whether a person has done anything to ``article`` since its import.

    The importer writes no activity entry, no revision and no "last changed
    by" for an article; every change a person makes (the admin's saves, the
    workflow's moves, notes, share links) leaves at least one of them.
    """
    return (
        article.updated_by_id is not None
        or Activity.objects.filter(article=article).exists()
        or Version.objects.get_for_object(article).exists()
    )


def people_named(name: str) -> QuerySet[Person]:
    """People whose name is ``name`` ignoring case, as the unique constraint sees it.

    Lower() on both sides is the expression the constraint's index is built
    on, so the lookup is an index search rather than a scan of every person.
    """
    return Person.objects.annotate(lowered=Lower("name")).filter(
        lowered=Lower(Value(name))
    )


def unique_article_slug(text: str, *, reserved: frozenset[str] = frozenset()) -> str:
    """A slug for a new article that no other article has (nor ``reserved``)."""
    base = numbered_slug(text, "article")[:190]
    # An old address of a published article is taken too (articles.addresses).
    taken = set(
        Article.objects.filter(slug__startswith=base)
        .order_by()
        .values_list("slug", flat=True)
        .union(
            SlugHistory.objects.filter(old_slug__startswith=base)
            .order_by()
            .values_list("old_slug", flat=True)
        )
    )
    taken |= {slug for slug in reserved if slug.startswith(base)}
    if base not in taken:
        return base
    i = 2
    while f"{base}-{i}" in taken:
        i += 1
    return f"{base}-{i}"


def unique_article_slugs(
    texts: list[str], *, reserved: frozenset[str] = frozenset()
) -> list[str]:
    """Slugs for new articles, in order, as ``unique_article_slug`` would give
    them one after another, with one query for the common case of no clash.

    ``reserved``: slugs to avoid as if they were taken (those of articles
    being stored but not committed yet, which the query cannot see).
    """
    bases = [numbered_slug(text, "article")[:190] for text in texts]
    # An exact lookup uses the slug's index; a prefix search may not (SQLite's
    # LIKE is case-insensitive), so it is kept for the bases already taken.
    taken = set(
        Article.objects.filter(slug__in=bases)
        .order_by()
        .values_list("slug", flat=True)
        .union(
            SlugHistory.objects.filter(old_slug__in=bases)
            .order_by()
            .values_list("old_slug", flat=True)
        )
    )
    taken |= reserved
    slugs: list[str] = []
    for text, base in zip(texts, bases, strict=True):
        if base in taken:
            slugs.append(
                unique_article_slug(text, reserved=reserved | frozenset(slugs))
            )
        else:
            slugs.append(base)
        taken.add(slugs[-1])
    return slugs
