"""Articles for tests: plain, explicit, no hidden defaults that matter.

Articles in every state, published with their public versions, corrected,
tagged, walked through the workflow; and the admin form data an editor's
browser would post for one.
"""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from articles import rendering
from articles.body import as_html
from articles.models import (
    Article,
    Byline,
    Correction,
    CorrectionKind,
    Status,
    TaggedPerson,
    TaggedWork,
    VersionKind,
    record_published_version,
)
from articles.workflow import concurrency, transitions
from people.models import Person
from tests.builders.people import make_person, next_number

FIRST_AT = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
CORRECTED_AT = datetime(2026, 11, 2, 15, 30, tzinfo=UTC)
# When the workflow helpers below submit and approve.
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def make_article(
    headline: str | None = None,
    *,
    status: str = Status.PUBLISHED,
    body: str = "First paragraph.\n\nSecond paragraph.",
    published_at=None,
    byline: Person | None = None,
    **fields,
) -> Article:
    number = next_number()
    if published_at is None and status in Status.public():
        published_at = timezone.now() - timedelta(minutes=number)
    article = Article.objects.create(
        headline=headline or f"Headline {number}",
        slug=fields.pop("slug", f"headline-{number}"),
        # Plain text given here becomes paragraphs, as the importer makes them.
        body=as_html(body),
        status=status,
        published_at=published_at,
        **fields,
    )
    if byline is not None:
        Byline.objects.create(article=article, person=byline)
    # Rendered for readers, as every save in the newsroom does.
    return rendering.store(article)


# --- Published, corrected, tagged and hidden articles --------------------------


def published_article(headline: str = "A headline", **fields) -> Article:
    """A published article with its first public version recorded."""
    at = fields.pop("published_at", FIRST_AT)
    article = make_article(headline, published_at=at, first_published_at=at, **fields)
    record_published_version(article, kind=VersionKind.FIRST, at=at)
    return article


def corrected_article() -> tuple[Article, Correction]:
    """Published on FIRST_AT, corrected on CORRECTED_AT (two public versions)."""
    article = published_article(
        "Flashing Lights video premieres",
        dek="The video came out in 2007.",
        body="The video came out in 2007.\n\nIt stars Rita G.",
    )
    article.dek = "The video came out in 2008."
    article.body = "The video came out in 2008.\n\nIt stars Rita G."
    article.save()
    correction = Correction.objects.create(
        article=article,
        kind=CorrectionKind.CORRECTION,
        text="An earlier version said the video came out in 2007; it came out in 2008.",
        created_at=CORRECTED_AT,
    )
    record_published_version(
        article, kind=VersionKind.CORRECTION, correction=correction, at=CORRECTED_AT
    )
    return article, correction


def tag(article: Article, *, people=(), works=(), bylines=()) -> Article:
    for person in people:
        TaggedPerson.objects.create(content_object=article, tag=person)
    for work in works:
        TaggedWork.objects.create(content_object=article, tag=work)
    for position, person in enumerate(bylines):
        Byline.objects.create(article=article, person=person, position=position)
    # Its mentions are linked now, as saving it in the newsroom would do.
    return rendering.store(article)


def hidden_articles(**fields) -> list[Article]:
    """One article in each state the public must not see, all with ``fields``."""
    future = datetime.now(UTC) + timedelta(days=3)
    return [
        make_article("Secret draft", status=Status.DRAFT, **fields),
        make_article("Secret review", status=Status.IN_REVIEW, **fields),
        make_article(
            "Secret scheduled", status=Status.SCHEDULED, published_at=future, **fields
        ),
        make_article(
            "Secret unpublished",
            status=Status.UNPUBLISHED,
            published_at=FIRST_AT,
            **fields,
        ),
    ]


# --- Through the workflow --------------------------------------------------------


def draft_by(user, **fields) -> Article:
    """A draft ``user`` created, with a byline unless ``fields`` gives one."""
    fields.setdefault("byline", make_person("Sam Writer"))
    return make_article(status=Status.DRAFT, created_by=user, **fields)


def in_review(reporter, **fields) -> Article:
    """A draft by ``reporter``, submitted at T0."""
    article = draft_by(reporter, **fields)
    return transitions.submit(article, by=reporter, now=T0)


def approved(reporter, editor, **fields) -> Article:
    """A draft by ``reporter``, submitted and approved by ``editor`` at T0."""
    article = in_review(reporter, **fields)
    return transitions.approve(article, by=editor, now=T0)


# --- The admin's article form --------------------------------------------------

INLINES = {
    "bylines": ["position", "person", "organisation", "role"],
    "corrections": ["kind", "text", "created_at_0", "created_at_1"],
}


def article_form_data(article: Article, **overrides) -> dict[str, str | list[str]]:
    """The POST data the admin's article change form sends, built from the
    database; tests change a field or two and post it, as a browser would."""
    article.refresh_from_db()
    data = {
        "headline": article.headline,
        "headline_origin": article.headline_origin,
        "slug": article.slug,
        "dek": article.dek,
        "body": article.body,
        "seen_lock_version": str(article.lock_version),
        # What the form showed, signed, as the admin renders it.
        "merge_base": concurrency.sign_base(concurrency.content_of(article)),
        # Topics: the picker's ids, and new ones typed as names.
        "topics": [str(t.tag_id) for t in article.topic_tags.order_by("pk")],
        "new_topics": "",
        # The tag pickers: one multi-select per kind, by id.
        "tagged_people": [str(t.tag_id) for t in article.person_tags.order_by("pk")],
        "tagged_works": [str(t.tag_id) for t in article.work_tags.order_by("pk")],
        "source_name": article.source_name,
        "source_url": article.source_url,
        "_save": "Save",
    }
    rows = {
        "bylines": list(article.bylines.all()),
        "corrections": list(article.corrections.all()),
    }
    for prefix, objects in rows.items():
        data[f"{prefix}-TOTAL_FORMS"] = str(len(objects))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(objects))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for i, obj in enumerate(objects):
            data[f"{prefix}-{i}-id"] = str(obj.pk)
            data[f"{prefix}-{i}-article"] = str(article.pk)
            data[f"{prefix}-{i}-content_object"] = str(article.pk)
            for name in INLINES[prefix]:
                if name.startswith("created_at"):
                    value = obj.created_at
                    part = "%Y-%m-%d" if name.endswith("0") else "%H:%M:%S"
                    data[f"{prefix}-{i}-{name}"] = value.strftime(part)
                elif name in ("person", "tag"):
                    # A byline may credit an organisation instead of a person.
                    pk = getattr(obj, f"{name}_id")
                    data[f"{prefix}-{i}-{name}"] = "" if pk is None else str(pk)
                else:
                    data[f"{prefix}-{i}-{name}"] = str(getattr(obj, name))
    data.update(
        {
            key: value if isinstance(value, list) else str(value)
            for key, value in overrides.items()
        }
    )
    return data


def change_url(article: Article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


# --- Word diffs as pages show them ---------------------------------------------


def removed(text: str) -> str:
    """How articles.diffing marks removed words."""
    return (
        f'<del><span class="diff-marker">[−</span>{text}'
        '<span class="diff-marker">]</span></del>'
    )


def added(text: str) -> str:
    """How articles.diffing marks added words."""
    return (
        f'<ins><span class="diff-marker">[+</span>{text}'
        '<span class="diff-marker">]</span></ins>'
    )
