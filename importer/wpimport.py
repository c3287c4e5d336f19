"""Writing a WordPress export: posts become articles.

The stages are those of the text importer: read (``importer.wordpress``,
streamed), convert the content (``importer.wpcontent``), link (the run's
``people.linking.Linker``), write (here). What each WordPress thing becomes:

- a post (``post_type`` "post") becomes an article; its GUID is the article's
  ``source_key``, so a second run finds it again. Pages, attachments, menu
  items, revisions and other types are counted and skipped; so are posts in
  the trash and WordPress's auto-drafts.
- status: ``publish`` keeps its date (``post_date_gmt``) and is published if
  it passes the pre-publication checks (``articles.workflow.checks``), else
  it is a draft and the result says why; ``future`` is scheduled for its
  date, on the same condition; ``draft`` stays a draft, ``pending`` is in
  review; ``private`` becomes a draft with a note (never public).
- the author's display name is the byline (an existing person of that name,
  else a new one); the login and e-mail address are never stored.
- categories and tags: one that names a person or work (entity linking)
  tags the article with it, the others become topics; "Uncategorized", the
  category WordPress gives a post that has none, is left out.
- the excerpt is the standfirst; the old permalink's path is kept
  (``importer.models.OldAddress``) and answers with a redirect.

An article is never overwritten once the newsroom has it: a post that
changed since the last run updates its article only if the article is not
public and no person has touched it (``importer.writing.touched_since_import``,
the text importer's own test), else the result says why it was left alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlsplit

from django.db import DataError, IntegrityError, transaction
from django.utils import timezone

from articles import body
from articles.models import (
    Article,
    Byline,
    BylineRole,
    FoundBy,
    HeadlineOrigin,
    PublishedVersion,
    Status,
    TaggedPerson,
    TaggedTopic,
    TaggedWork,
    Topic,
    VersionKind,
)
from articles.workflow.checks import text_problems
from importer import wpcontent
from importer.models import OldAddress
from importer.wordpress import Post, WXRReader
from importer.writing import people_named, touched_since_import, unique_article_slugs
from people.entities import all_entities
from people.linking import Linker
from people.models import Person

MAX_HEADLINE = Article._meta.get_field("headline").max_length
MAX_DEK = Article._meta.get_field("dek").max_length
MAX_NAME = Person._meta.get_field("name").max_length
MAX_TOPIC = Topic._meta.get_field("name").max_length
MAX_KEY = Article._meta.get_field("source_key").max_length
MAX_OLD_PATH = OldAddress._meta.get_field("path").max_length
# WordPress's default category, given to every post filed nowhere.
UNCATEGORIZED = "uncategorized"
TAXONOMIES = ("category", "post_tag")
SKIPPED_STATUSES = ("trash", "auto-draft")
STATUSES = {
    "publish": Status.PUBLISHED,
    "future": Status.SCHEDULED,
    "draft": Status.DRAFT,
    "pending": Status.IN_REVIEW,
    "private": Status.DRAFT,
}


@dataclass
class PostResult:
    """What became of one item of the export."""

    post: Post
    # "created", "updated", "unchanged", "skipped" or "refused"
    action: str
    article: Article | None = None
    # Why it was skipped ("page", "status trash", ...), for the summary's
    # counts; empty for posts that were written.
    reason: str = ""
    # Why a post WordPress published is a draft here.
    held_back: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class WordPressImporter:
    """Imports one or more exports; reuse one instance for a run."""

    def __init__(self, *, dry_run: bool = False) -> None:
        self.dry_run = dry_run
        self._linker: Linker | None = None
        self._topics: dict[str, Topic] = {}
        self._people: dict[str, Person] = {}

    @property
    def linker(self) -> Linker:
        if self._linker is None:
            self._linker = Linker(all_entities())
        return self._linker

    def import_file(
        self, reader: WXRReader, *, report: Callable[[PostResult], None]
    ) -> None:
        """Import every item of ``reader``'s file, calling ``report`` with each
        result as it comes.

        All in one transaction: a file that turns out malformed halfway
        (``WXRError``) leaves nothing written, and a dry run is rolled back
        at the end. A post the database refuses is rolled back on its own and
        reported as refused.
        """
        try:
            with transaction.atomic():
                for post in reader:
                    report(self.import_post(post, reader))
                if self.dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            self.forget()
            raise
        if self.dry_run:
            self.forget()

    def forget(self) -> None:
        """Drop the people and topics looked up: a rollback removed some."""
        self._topics.clear()
        self._people.clear()

    def import_post(self, post: Post, reader: WXRReader) -> PostResult:
        """Create, update or skip the article for ``post`` (in a savepoint)."""
        if post.post_type != "post":
            return PostResult(post, "skipped", reason=post.post_type)
        if post.status in SKIPPED_STATUSES:
            return PostResult(post, "skipped", reason=f"status {post.status}")
        if post.status not in STATUSES:
            return PostResult(post, "skipped", reason=f"status {post.status}")
        try:
            with transaction.atomic():
                return self._write(post, reader)
        except (IntegrityError, DataError, body.BodyError) as exc:
            self.forget()
            return PostResult(post, "refused", notes=[f"could not be saved: {exc}"])

    # One post -------------------------------------------------------------

    def _write(self, post: Post, reader: WXRReader) -> PostResult:
        warnings: list[str] = []
        key = source_key(post, reader.base_site_url)
        byline = byline_name(post, reader)
        digest = post.digest(byline)
        # exclude(""): the unique index on source_key is partial (not "").
        article = (
            Article.objects.select_for_update()
            .exclude(source_key="")
            .filter(source_key=key)
            .first()
        )
        action = "created" if article is None else "updated"
        if article is not None:
            kept = _left_alone(post, article, digest)
            if kept is not None:
                return kept
        else:
            article = Article(source_key=key)

        converted = wpcontent.to_body(post.content)
        warnings += converted.warnings
        headline, dek, text = _headline_and_dek(post, converted.body, warnings)
        article.headline = headline
        article.headline_origin = HeadlineOrigin.SOURCE
        article.dek = dek
        article.body = text
        article.source_digest = digest
        if "_thumbnail_id" in post.meta:
            warnings.append(
                f"featured image (attachment {post.meta['_thumbnail_id']}) not "
                "imported: set a lead image from the image library"
            )
        if len(byline) > MAX_NAME:
            warnings.append(
                f"no byline: the author's display name is longer than {MAX_NAME} "
                "characters"
            )
            byline = ""
        elif not byline:
            # Not the login: it is half of what opens the old site's admin.
            warnings.append(
                "no byline: the post's author has no display name in the export"
                if post.creator
                else "no byline: the post names no author"
            )
        person = self._person(byline) if byline else None
        held_back, notes = self._set_status(
            article, post, has_byline=person is not None
        )
        new = article.pk is None
        if new:
            article.slug = unique_article_slugs([post.post_name or headline or key])[0]
        else:
            article.lock_version += 1
            _clear_imported_rows(article)
        article.save()
        if person is not None:
            Byline.objects.create(
                article=article, person=person, role=BylineRole.WRITER, position=0
            )
        self._tag(article, post, warnings, new=new)
        if article.status in (Status.PUBLISHED, Status.SCHEDULED):
            _record_first_version(article, new=new)
        self._remember_address(article, post, warnings)
        return PostResult(
            post,
            action,
            article,
            held_back=held_back,
            notes=notes,
            warnings=warnings,
        )

    def _set_status(
        self, article: Article, post: Post, *, has_byline: bool
    ) -> tuple[list[str], list[str]]:
        """Set the article's status and dates from the post's; the reasons a
        post WordPress published (or scheduled) is a draft, and notes."""
        wanted = STATUSES[post.status]
        article.status = Status.DRAFT
        article.published_at = None
        article.first_published_at = None
        article.submitted_at = None
        notes: list[str] = []
        if post.status == "private":
            notes.append("private in WordPress: imported as a draft, never public")
            return [], notes
        if wanted == Status.IN_REVIEW:
            article.status = Status.IN_REVIEW
            article.submitted_at = timezone.now()
            return [], notes
        if wanted == Status.DRAFT:
            return [], notes
        problems = text_problems(
            headline=article.headline,
            dek=article.dek,
            body=body.text_of(article.body),
            has_byline=has_byline,
        )
        if post.date_gmt is None:
            problems.append("The post has no publication date (post_date_gmt).")
        if problems:
            verb = "published" if wanted == Status.PUBLISHED else "scheduled"
            notes.append(f"imported as a draft, not {verb}: " + " ".join(problems))
            return problems, notes
        article.status = wanted
        article.published_at = post.date_gmt
        article.first_published_at = post.date_gmt
        return [], notes

    def _person(self, name: str) -> Person:
        person = self._people.get(name)
        if person is None:
            person = people_named(name).order_by("pk").first()
            if person is None:
                person = Person.objects.create(name=name)
            self._people[name] = person
        return person

    def _tag(
        self, article: Article, post: Post, warnings: list[str], *, new: bool
    ) -> None:
        """Tag the article with the people, works and topics of its terms and
        with the people and works its text names (an editor's tags on an
        article imported before stay as they are)."""
        kept = (
            (set(), set())
            if new
            else (
                set(
                    article.person_tags.filter(found_by=FoundBy.EDITOR).values_list(
                        "tag_id", flat=True
                    )
                ),
                set(
                    article.work_tags.filter(found_by=FoundBy.EDITOR).values_list(
                        "tag_id", flat=True
                    )
                ),
            )
        )
        found: dict[tuple, str] = {}
        topics: dict[int, Topic] = {}
        for term in post.terms:
            if term.domain not in TAXONOMIES:
                continue
            if term.domain == "category" and term.nicename == UNCATEGORIZED:
                continue
            entity = self._entity_named(term.name)
            if entity is not None:
                found.setdefault(entity[0], entity[1])
                continue
            topic = self._topic(term.name, warnings)
            if topic is not None:
                topics.setdefault(topic.pk, topic)
        text = "\n\n".join(
            part for part in (article.headline, article.dek, article.body_text) if part
        )
        for entity_key, how in self.linker.link(text).items():
            found.setdefault(entity_key, how)
        people = [
            TaggedPerson(tag_id=pk, content_object=article, found_by=how)
            for (kind, pk), how in found.items()
            if kind == "person" and pk not in kept[0]
        ]
        works = [
            TaggedWork(tag_id=pk, content_object=article, found_by=how)
            for (kind, pk), how in found.items()
            if kind == "work" and pk not in kept[1]
        ]
        TaggedPerson.objects.bulk_create(people)
        TaggedWork.objects.bulk_create(works)
        TaggedTopic.objects.bulk_create(
            TaggedTopic(tag=topic, content_object=article) for topic in topics.values()
        )

    def _entity_named(self, name: str) -> tuple[tuple, str] | None:
        """The person or work a term's whole name names, and how it was found."""
        mentions = self.linker.mentions(name.strip())
        if len(mentions) == 1:
            mention = mentions[0]
            if mention.start == 0 and mention.end == len(name.strip()):
                return mention.key, mention.found_by
        return None

    def _topic(self, name: str, warnings: list[str]) -> Topic | None:
        name = " ".join(name.split())
        if len(name) > MAX_TOPIC:
            warnings.append(
                f"topic “{name}” left out: longer than {MAX_TOPIC} characters"
            )
            return None
        topic = self._topics.get(name.lower())
        if topic is None:
            topic = Topic.objects.filter(name__iexact=name).order_by("pk").first()
            if topic is None:
                topic = Topic.objects.create(name=name)
            self._topics[name.lower()] = topic
        return topic

    def _remember_address(
        self, article: Article, post: Post, warnings: list[str]
    ) -> None:
        path = old_path(post.link)
        if not path:
            return
        if path == "/" or len(path) > MAX_OLD_PATH:
            warnings.append(f"old address {post.link} cannot be redirected")
            return
        # Another post of the export may have had the address first: the
        # latest one in the export wins.
        if not OldAddress.objects.filter(path=path).update(article=article):
            OldAddress.objects.create(path=path, article=article)


# Helpers ------------------------------------------------------------------


def byline_name(post: Post, reader: WXRReader) -> str:
    """The name to credit: the author's display name. WXR 1.1 and later name
    the author by login and list the authors in the channel; WXR 1.0 has no
    such list and names the author by display name (WordPress 2.x wrote
    ``the_author()`` there)."""
    author = reader.authors.get(post.creator)
    if author is not None:
        return author.byline_name
    if reader.version == "1.0":
        return " ".join(post.creator.split())
    return ""


def source_key(post: Post, base_site_url: str) -> str:
    """The article's ``source_key``: the post's GUID (WordPress never changes
    it), else the site's address and the post's id."""
    key = post.guid or f"{base_site_url.rstrip('/')}/?p={post.post_id}"
    if len(key) > MAX_KEY:
        key = "wordpress:sha256:" + hashlib.sha256(key.encode()).hexdigest()
    return key


def old_path(link: str) -> str:
    """The path (and query, for ``/?p=12`` links) of an old permalink."""
    parts = urlsplit(link.strip())
    if parts.scheme not in ("http", "https", ""):
        return ""
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def _left_alone(post: Post, article: Article, digest: str) -> PostResult | None:
    """The result for a post whose article must not change, or None."""
    if article.source_digest == digest:
        return PostResult(post, "unchanged", article)
    if article.status in Status.public():
        reason = "already published: change it in the admin with a correction"
    elif touched_since_import(article):
        reason = (
            "changed in the newsroom since it was imported (edited, moved in "
            "the workflow or corrected): not overwritten"
        )
    else:
        return None
    return PostResult(
        post, "skipped", article, reason="kept newsroom's changes", notes=[reason]
    )


def _headline_and_dek(
    post: Post, text: str, warnings: list[str]
) -> tuple[str, str, str]:
    """The headline, standfirst and body. Nothing is cut: a title too long
    for a headline, or an excerpt too long for a standfirst, opens the body
    instead (an editor shortens it), and a warning says so."""
    title = " ".join(post.title.split())
    opening: list[str] = []
    headline = title
    if len(title) > MAX_HEADLINE:
        headline = ""
        opening.append(f"<h2>{escape(title, quote=False)}</h2>")
        warnings.append(
            f"title longer than {MAX_HEADLINE} characters: kept as the body's "
            "first heading, the headline is empty"
        )
    dek = ""
    if post.excerpt.strip():
        excerpt = body.clean(wpcontent.autop(post.excerpt))
        dek = " ".join(body.text_of(excerpt).split())
        if len(dek) > MAX_DEK:
            warnings.append(
                f"excerpt longer than {MAX_DEK} characters: kept as the body's "
                "first paragraph, the standfirst is empty"
            )
            opening.append(excerpt)
            dek = ""
    if opening:
        text = body.clean("".join(opening) + text)
    return headline, dek, text


def _clear_imported_rows(article: Article) -> None:
    """Before an updated post is written again: drop its bylines, topics and
    the tags the importer made (tags an editor added by hand stay)."""
    article.bylines.all().delete()
    article.person_tags.exclude(found_by=FoundBy.EDITOR).delete()
    article.work_tags.exclude(found_by=FoundBy.EDITOR).delete()
    article.topic_tags.all().delete()


def _record_first_version(article: Article, *, new: bool) -> None:
    """The text readers see from the post's date on (published or scheduled)."""
    if not new and article.published_versions.exists():
        return
    PublishedVersion.objects.create(
        article=article,
        number=1,
        headline=article.headline,
        dek=article.dek,
        body=article.body,
        kind=VersionKind.FIRST,
        created_at=article.published_at,
    )
