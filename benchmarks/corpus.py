"""Synthetic content for benchmarks: people, works and articles at any scale.

Development only: ``benchmarks/generate_corpus.py`` runs it; the product never
imports it.

Everything is made up from a small generated vocabulary: names such as
"Mara Quill" belong to nobody, titles to no real work, and no sentence states
anything about the real world. The same seed gives the same content.

Rows are written in batches with the database's fastest bulk path (COPY on
PostgreSQL, ``executemany`` on SQLite), with primary keys chosen here, so
memory stays flat and a million articles take minutes rather than hours.
Popularity is skewed (Zipf-like): a few people and works are tagged on a
large share of articles, as the most-covered names are on a real news site.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils.text import slugify

from articles.body import from_plain_text, text_of_plain_text
from articles.bulk import ARTICLE_COLUMNS, article_rows, write_rows
from articles.models import (
    Article,
    Byline,
    Correction,
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
from people.models import Credit, CreditRole, ExternalId, Person, PersonKind, Work

# A fixed "now" keeps the content the same from run to run; every article
# is published before it, so all of them are public today.
CORPUS_END = datetime(2026, 1, 1, tzinfo=UTC)
CORPUS_YEARS = 12
WIRE = "Synthetic Wire"
DESK = "Synthetic Desk"
BATCH = 2_000

# Word lists read better as prose than as one quoted string per line.
PROSE = (  # noqa: SIM905
    "the a of and to in was it that for on with as at by from they this but "
    "had not are or have an were which one all there their been has would "
    "when who will more no if out so said what up about into than them can "
    "only other new some could time these two may then first any like now "
    "over such after also did many before must through back years where much "
    "well down because each just those how too little good very make still "
    "own see work long get here between both being under never day same "
    "another know while last might great old year off come since against go "
    "came right used take three album tour film studio premiere director "
    "release single stage season festival critics fans record label "
    "interview trailer episode producer band singer actor crowd show night "
    "week music video song series screen sound audience cast crew set "
    "schedule venue ticket chart review story scene camera script edit cut "
    "theatre stream radio press photo cover track verse chorus melody"
).split()
TITLE_WORDS = (  # noqa: SIM905
    "midnight harbor glass river summer static paper crown velvet echo "
    "silver lantern orchard winter signal hollow ember meadow thunder mirror "
    "neon garden copper tide falcon canyon violet shadow marble comet ferry "
    "prairie cobalt willow anchor atlas beacon cinder drift fable harvest "
    "ivory jasmine kestrel lagoon mosaic nomad opal quarry rumor saffron "
    "tundra umber vesper wander zephyr"
).split()
FIRST_SYLLABLES = "ma ra to bi ne li so da ve ka lo mi re sa ni ta co ri ja el".split()  # noqa: SIM905
ONSETS = "Qu V Th Br C D F G H K L M N P R S St T W".split()  # noqa: SIM905
VOWELS = "a e i o u ai ea ou".split()  # noqa: SIM905
CODAS = "ll n rd ck th ne sk ry m lt rn x".split()  # noqa: SIM905
ENDINGS = ("", "", "", "wood", "ton", "ley", "ford", "man", "ridge", "well")
TOPICS = (  # noqa: SIM905
    "Awards|Box Office|Festivals|Streaming|Tours|Television|Soundtracks|"
    "Casting|Premieres|Interviews|Reviews|Charts|Trailers|Documentaries|"
    "Animation|Comedy|Drama|Horror|Hip-Hop|Pop|Rock|Country|Jazz|Classical|"
    "Electronic|Indie|Musicals|Theatre|Podcasts|Video Games"
).split("|")
WORK_KINDS = ("film", "short_film", "album", "song", "music_video", "tv_series")
VERBS = (
    "announces",
    "returns with",
    "talks about",
    "opens up on",
    "teases",
    "finishes",
    "revisits",
    "shares first look at",
)


class ZipfPicker:
    """Picks indexes 0..n-1 with probability proportional to 1 / (rank ** s)."""

    def __init__(self, n: int, s: float = 1.0) -> None:
        self.cumulative = list(
            itertools.accumulate(1 / (r**s) for r in range(1, n + 1))
        )
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> int:
        return bisect.bisect(self.cumulative, rng.random() * self.total)

    def sample(self, rng: random.Random, k: int) -> list[int]:
        """``k`` distinct indexes (fewer if there are fewer than ``k``)."""
        k = min(k, len(self.cumulative))
        chosen: dict[int, None] = {}
        while len(chosen) < k:
            chosen[self.pick(rng)] = None
        return list(chosen)


@dataclass(frozen=True)
class SyntheticPerson:
    pk: int
    name: str
    external_id: str


@dataclass(frozen=True)
class SyntheticWork:
    pk: int
    title: str


@dataclass
class SyntheticArticle:
    """One article's text and tags, before it becomes rows or a text file."""

    number: int
    headline: str
    dek: str
    paragraphs: list[str]
    writers: list[SyntheticPerson]
    people: list[SyntheticPerson]
    works: list[SyntheticWork]
    topics: list[int]
    published: bool
    corrected: bool


class Corpus:
    """Generates and writes one corpus; see the module docstring."""

    def __init__(self, *, seed: int, people: int, works: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - content, not secrets
        self.people_count = max(people, 10)
        self.works_count = max(works, 1)
        # A newsroom has far fewer writers than people it writes about.
        self.writers_count = max(5, self.people_count // 50)
        self.people: list[SyntheticPerson] = []
        self.works: list[SyntheticWork] = []
        self.topic_ids: list[int] = []
        self.person_picker = ZipfPicker(self.people_count - self.writers_count)
        self.work_picker = ZipfPicker(self.works_count)
        self.topic_picker = ZipfPicker(len(TOPICS))

    # -- people, works, topics ------------------------------------------------

    @transaction.atomic
    def write_entities(self) -> None:
        """Insert the people (with external ids), works, credits and topics."""
        rng = self.rng
        now = CORPUS_END
        person_id = _next_id(Person)
        names = {n.lower() for n in Person.objects.values_list("name", flat=True)}
        person_rows, external_rows = [], []
        external_id = _next_id(ExternalId)
        while len(self.people) < self.people_count:
            group = rng.random() < 0.1 and len(self.people) >= self.writers_count
            name = self._group_name() if group else self._person_name()
            if name.lower() in names:
                continue
            names.add(name.lower())
            aliases = [name.split()[-1]] if not group and rng.random() < 0.5 else []
            slug = f"{slugify(name)}-{person_id}"
            kind = PersonKind.GROUP if group else PersonKind.PERSON
            person_rows.append(
                (
                    person_id,
                    name,
                    slug,
                    kind,
                    json.dumps(aliases),
                    "",
                    _dt(now),
                    _dt(now),
                )
            )
            value = str(5_000_000 + person_id)
            external_rows.append((external_id, person_id, WIRE, value))
            self.people.append(SyntheticPerson(person_id, name, value))
            person_id += 1
            external_id += 1
        # Approved when made, like anything imported (people.models).
        columns = (
            "id",
            "name",
            "slug",
            "kind",
            "aliases",
            "bio",
            "created_at",
            "approved_at",
        )
        write_rows(Person, columns, person_rows)
        write_rows(ExternalId, ("id", "person_id", "publisher", "value"), external_rows)

        work_id = _next_id(Work)
        titles = {(n.lower(), k) for n, k in Work.objects.values_list("name", "kind")}
        work_rows, credit_rows = [], []
        credit_id = _next_id(Credit)
        subjects = self.people[self.writers_count :]
        while len(self.works) < self.works_count:
            words = rng.sample(TITLE_WORDS, rng.randint(2, 4))
            title = " ".join(w.capitalize() for w in words)
            kind = rng.choice(WORK_KINDS)
            if (title.lower(), kind) in titles:
                continue
            titles.add((title.lower(), kind))
            slug = f"{slugify(title)}-{kind.replace('_', '-')}-{work_id}"
            year = rng.randint(1970, 2025)
            work_rows.append(
                (work_id, title, slug, kind, "", year, "[]", False, _dt(now), _dt(now))
            )
            for position, index in enumerate(rng.sample(range(len(subjects)), 2)):
                role = CreditRole.DIRECTOR if "film" in kind else CreditRole.PERFORMER
                role = role if position == 0 else CreditRole.PRODUCER
                credit_rows.append(
                    (credit_id, work_id, subjects[index].pk, role, position)
                )
                credit_id += 1
            self.works.append(SyntheticWork(work_id, title))
            work_id += 1
        columns = (
            "id",
            "name",
            "slug",
            "kind",
            "disambiguation",
            "year",
            "aliases",
            "link_only_when_quoted",
            "created_at",
            "approved_at",
        )
        write_rows(Work, columns, work_rows)
        columns = ("id", "work_id", "person_id", "role", "position")
        write_rows(Credit, columns, credit_rows)

        for name in TOPICS:
            topic, _ = Topic.objects.get_or_create(
                name=name, defaults={"slug": slugify(name)}
            )
            self.topic_ids.append(topic.pk)
        reset_sequences([Person, ExternalId, Work, Credit])

    def _person_name(self) -> str:
        rng = self.rng
        first = "".join(rng.choice(FIRST_SYLLABLES) for _ in range(2)).capitalize()
        last = rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)
        return f"{first} {last}{rng.choice(ENDINGS)}"

    def _group_name(self) -> str:
        first, second = self.rng.sample(TITLE_WORDS, 2)
        return f"The {first.capitalize()} {second.capitalize()}s"

    # -- articles ---------------------------------------------------------------

    def articles(self, count: int) -> Iterator[SyntheticArticle]:
        """``count`` articles, oldest first, generated one at a time."""
        rng = self.rng
        writers = self.people[: self.writers_count]
        subjects = self.people[self.writers_count :]
        for number in range(count):
            n_people = rng.randint(2, 5)
            n_works = rng.randint(1, 3)
            people = [subjects[i] for i in self.person_picker.sample(rng, n_people)]
            works = [self.works[i] for i in self.work_picker.sample(rng, n_works)]
            topics = [
                self.topic_ids[i]
                for i in self.topic_picker.sample(rng, rng.randint(0, 2))
            ]
            lead, work = people[0], works[0]
            headline = (
                f"{lead.name} {rng.choice(VERBS)} “{work.title}” "
                f"{self._words(rng.randint(2, 5))}"
            )
            dek = self._sentence(rng.randint(12, 22))
            yield SyntheticArticle(
                number=number,
                headline=headline,
                dek=dek,
                paragraphs=self._body(people, works),
                writers=rng.sample(writers, rng.choice((1, 1, 1, 2, 2, 3))),
                people=people,
                works=works,
                topics=topics,
                published=rng.random() < 0.95,
                corrected=rng.random() < 0.03,
            )

    def _words(self, count: int) -> str:
        return " ".join(self.rng.choices(PROSE, k=count))

    def _sentence(self, count: int, mention: str = "") -> str:
        words = self.rng.choices(PROSE, k=count)
        if mention:
            words.insert(self.rng.randrange(1, count), mention)
        sentence = " ".join(words)
        return sentence[0].upper() + sentence[1:] + "."

    def _body(self, people, works) -> list[str]:
        rng = self.rng
        # Whole sentences and the mentions overshoot the target by up to ~100 words.
        target = rng.randint(300, 780)
        # Every tagged name appears at least once, some of them twice.
        mentions = [p.name for p in people] + [f"“{w.title}”" for w in works]
        mentions += rng.sample(mentions, len(mentions) // 2)
        rng.shuffle(mentions)
        paragraphs: list[str] = []
        words = 0
        while words < target or mentions:
            sentences = []
            for _ in range(rng.randint(2, 5)):
                length = rng.randint(8, 22)
                sentences.append(
                    self._sentence(length, mentions.pop() if mentions else "")
                )
                words += length
            paragraphs.append(" ".join(sentences))
        return paragraphs

    def write_articles(self, count: int, *, progress=None) -> int:
        """Insert ``count`` articles with all their rows; return rows written."""
        step = timedelta(seconds=CORPUS_YEARS * 365 * 86400 / max(count, 1))
        start = CORPUS_END - timedelta(days=CORPUS_YEARS * 365)
        ids = {
            model: _next_id(model)
            for model in (
                Article,
                Byline,
                TaggedPerson,
                TaggedWork,
                TaggedTopic,
                Correction,
                PublishedVersion,
            )
        }
        rows_written = 0
        articles = self.articles(count)
        while batch := list(itertools.islice(articles, BATCH)):
            rows: dict[type[models.Model], list[tuple]] = {model: [] for model in ids}
            new_articles: list[Article] = []
            for article in batch:
                when = start + step * article.number
                self._article_rows(article, when, ids, rows, new_articles)
            rows[Article] = article_rows(new_articles, COLUMNS[Article])
            with transaction.atomic():
                for model, model_rows in rows.items():
                    write_rows(model, COLUMNS[model], model_rows)
                    rows_written += len(model_rows)
            if progress:
                progress(batch[-1].number + 1)
        reset_sequences(list(ids))
        return rows_written

    def _article_rows(self, article, when, ids, rows, articles: list) -> None:
        pk = ids[Article]
        ids[Article] += 1
        text = "\n\n".join(article.paragraphs)
        body = from_plain_text(text)
        published_at = when if article.published else None
        status = Status.PUBLISHED if article.published else Status.DRAFT
        slug = f"{slugify(article.headline)[:180]}-{pk}"
        public = _dt(published_at)
        articles.append(
            Article(
                pk=pk,
                headline=article.headline,
                headline_origin=HeadlineOrigin.NEWSROOM,
                slug=slug,
                dek=article.dek,
                body=body,
                body_text=text_of_plain_text(text),
                status=status,
                published_at=published_at,
                first_published_at=published_at,
                created_at=when,
                updated_at=when,
            )
        )
        for position, writer in enumerate(article.writers):
            rows[Byline].append((ids[Byline], pk, writer.pk, "", "writer", position))
            ids[Byline] += 1
        for person in article.people:
            rows[TaggedPerson].append((ids[TaggedPerson], person.pk, pk, FoundBy.NAME))
            ids[TaggedPerson] += 1
        for work in article.works:
            rows[TaggedWork].append((ids[TaggedWork], work.pk, pk, FoundBy.TITLE))
            ids[TaggedWork] += 1
        for topic in article.topics:
            rows[TaggedTopic].append((ids[TaggedTopic], topic, pk))
            ids[TaggedTopic] += 1
        if not article.published:
            return
        version = (article.headline, article.dek, body)
        rows[PublishedVersion].append(
            (ids[PublishedVersion], pk, 1) + version + (VersionKind.FIRST, None, public)
        )
        ids[PublishedVersion] += 1
        if article.corrected:
            corrected = _dt(when + timedelta(days=1))
            text = (
                "An earlier version of this article gave the wrong date for the "
                "premiere; it has been corrected."
            )
            correction_id = ids[Correction]
            ids[Correction] += 1
            rows[Correction].append((correction_id, pk, "correction", text, corrected))
            rows[PublishedVersion].append(
                (ids[PublishedVersion], pk, 2)
                + version
                + (VersionKind.CORRECTION, correction_id, corrected)
            )
            ids[PublishedVersion] += 1

    # -- text files ---------------------------------------------------------------

    def write_text_files(self, count: int, folder: Path, *, progress=None) -> None:
        """Write ``count`` news text files (and sidecars) in the seed formats.

        Four shapes take turns: a headline and dek in the text (credited to a
        desk in the sidecar, as it names no writer); no headline
        (the sidecar has one) with the byline glued to the last paragraph as
        ``  -Name``; a ``By Name`` line at the top; and names wrapped in
        ``[artist id="..."]`` shortcodes that the ExternalId rows resolve.
        """
        folder.mkdir(parents=True, exist_ok=True)
        topic_names = TOPICS
        for article in self.articles(count):
            shape = article.number % 4
            digest = hashlib.sha256(f"{article.number}".encode()).hexdigest()[:16]
            stem = f"{article.number:07d}_{digest}"
            paragraphs = list(article.paragraphs)
            names = [w.name for w in article.writers]
            sidecar = []
            head = [article.headline, article.dek]
            if shape == 0:
                # No writer named: a desk is credited, so it can be published.
                sidecar.append(f"credit = {json.dumps(DESK)}")
            elif shape == 1:
                head = []
                sidecar.append(f"headline = {json.dumps(article.headline)}")
                paragraphs[-1] += f"  -{names[0]}"
            elif shape == 2:
                head = [f"By {_join_names(names)}"]
                sidecar.append(f"headline = {json.dumps(article.headline)}")
            elif shape == 3:
                for person in article.people:
                    code = f'[artist id="{person.external_id}"]{person.name}[/artist]'
                    paragraphs = [p.replace(person.name, code, 1) for p in paragraphs]
            if article.published:
                sidecar.append('status = "published"')
            if article.topics:
                listed = ", ".join(
                    json.dumps(topic_names[self.topic_ids.index(t)])
                    for t in article.topics
                )
                sidecar.append(f"topics = [{listed}]")
            if shape == 3:
                sidecar.append(f'[source]\npublisher = "{WIRE}"')
            text = "\n\n".join(head + paragraphs) + "\n"
            (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
            if sidecar:
                (folder / f"{stem}.toml").write_text(
                    "\n".join(sidecar) + "\n", encoding="utf-8"
                )
            if progress and (article.number + 1) % BATCH == 0:
                progress(article.number + 1)


def _join_names(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


COLUMNS: dict[type[models.Model], tuple[str, ...]] = {
    Article: ("id", *ARTICLE_COLUMNS),
    Byline: ("id", "article_id", "person_id", "organisation", "role", "position"),
    TaggedPerson: ("id", "tag_id", "content_object_id", "found_by"),
    TaggedWork: ("id", "tag_id", "content_object_id", "found_by"),
    TaggedTopic: ("id", "tag_id", "content_object_id"),
    Correction: ("id", "article_id", "kind", "text", "created_at"),
    PublishedVersion: (
        "id",
        "article_id",
        "number",
        "headline",
        "dek",
        "body",
        "kind",
        "correction_id",
        "created_at",
    ),
}


def reset_sequences(model_list: list[type[models.Model]]) -> None:
    """Move id sequences past the ids written here (PostgreSQL needs it)."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _next_id(model: type[models.Model]) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _dt(value: datetime | None):
    """A datetime as the database driver wants it for a raw insert."""
    if value is None:
        return None
    return connection.ops.adapt_datetimefield_value(value)
