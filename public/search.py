"""Search over listed articles: a ranked query plus declared filters.

On PostgreSQL the query uses full-text search (``websearch_to_tsquery``, so
any input is valid syntax) over a weighted vector: headline (A) above dek (B)
above body (C), stored by the database in a generated column with a GIN index
(migration ``articles/0008_search_document``). On SQLite
(local development and the quick test run) a simpler ranking stands in: every
word must appear somewhere (found through a trigram word index,
``articles.fulltext``), and a word in the headline counts more than one in
the dek or body.

Bad input is a form error, never a 500: the view answers 400 and shows the
errors. Unknown people, works, topics or kinds and malformed dates are errors,
so a typo in a link does not pass for "no results". "Unknown" follows the
public rules (``public.queries``): a person, work or topic that only a draft
names is as unknown as one that does not exist, so search is no oracle for
drafts.
"""

from __future__ import annotations

import re
from datetime import date

import django_filters
from django import forms
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Expression, RawSQL
from django.forms.boundfield import BoundField

from articles import fulltext
from articles.models import (
    Article,
    Byline,
    TaggedPerson,
    TaggedTopic,
    TaggedWork,
)
from people.models import WorkKind
from public.queries import public_people, public_topics, public_works

MAX_QUERY_LENGTH = 500
SEARCH_CONFIG = "english"
# SQLite: more words than this are ignored (each is ranked with LIKE).
MAX_SQLITE_WORDS = 20
# PostgreSQL ranks only this many newest matches (ten pages): ranking needs
# each match's headline and dek vector built from the text, and a popular name
# matches a third of the articles.
RANK_WINDOW = 200


class StoredDocument(Expression):
    """The article's stored search vector, ``search_document`` (PostgreSQL).

    A generated column the model does not declare (migration 0008): the
    database computes it on every write. Compiled against the query's own
    alias for the article table, so it stays right inside a subquery.
    """

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.search_document", []


def title_vector() -> SearchVector:
    """Headline (A) and dek (B): what ranks the matches.

    The body is matched (through the GIN index) but not ranked: rebuilding a
    300-900 word body's vector costs ~2 ms per match under load, and a word
    in the headline or dek is what makes a match the best one.
    """
    return SearchVector("headline", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "dek", weight="B", config=SEARCH_CONFIG
    )


def ranked(queryset: QuerySet[Article], text: str) -> QuerySet[Article]:
    """``queryset`` narrowed to articles matching ``text``, best match first.

    On PostgreSQL: the ``RANK_WINDOW`` newest matches, ranked on the headline
    and dek (``title_vector``), newest first among equals.
    Apply it after every other filter, so the window is taken from the
    articles those filters leave.
    """
    if connection.vendor == "postgresql":
        query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
        # The stored vector (migration 0008) lets the planner choose: walk
        # the newest-first index testing each row until the window is full (a
        # common word), or find the matches in the GIN index and sort them (a
        # rare one).
        newest = (
            queryset.alias(document=StoredDocument())
            .filter(document=query)
            .order_by("-published_at", "-pk")
            .values("pk")[:RANK_WINDOW]
        )
        return (
            queryset.filter(pk__in=newest)
            .annotate(rank=SearchRank(title_vector(), query))
            .order_by("-rank", "-published_at", "-pk")
        )
    return _ranked_on_sqlite(queryset, text)


def _ranked_on_sqlite(queryset: QuerySet[Article], text: str) -> QuerySet[Article]:
    words = re.findall(r"\w+", text)[:MAX_SQLITE_WORDS]
    if not words:
        # Still ranked, as every result of ``ranked`` is: callers order and
        # page by ``rank`` (the API's search cursor does).
        return queryset.annotate(rank=Value(0, output_field=IntegerField())).none()
    indexed = []
    if fulltext.in_use(connection):
        indexed = [word for word in words if len(word) >= fulltext.MIN_WORD_LENGTH]
    if indexed:
        # The word index finds the articles with every indexed word: no
        # article's text is read (``articles.fulltext``). The words are a
        # parameter, not SQL.
        matching = RawSQL(*fulltext.match_all(indexed))  # noqa: S611
        queryset = queryset.filter(pk__in=matching)
    rank = Value(0)
    for word in words:
        if word not in indexed:
            queryset = queryset.filter(
                Q(headline__icontains=word)
                | Q(dek__icontains=word)
                | Q(body_text__icontains=word)
            )
        # Ranked on the matches only: the headline and dek, never the body.
        rank = rank + Case(
            When(headline__icontains=word, then=Value(3)),
            When(dek__icontains=word, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    return queryset.annotate(rank=rank).order_by("-rank", "-published_at", "-pk")


class PublicSlugField(forms.CharField):
    """A public person, work or topic, typed or linked by its web address.

    Unlike ``ModelChoiceField`` it builds its queryset only when a value is
    given: every search page shows four of these fields, and building their
    public rules cost more than the rest of a search for a rare word.
    """

    default_error_messages = {
        "invalid_choice": "Nothing has this web address; check the spelling.",
    }

    def __init__(self, *, queryset, **kwargs):
        # ``queryset``: a callable, called per search ("public" depends on
        # the time: scheduled articles).
        self.queryset = queryset
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        try:
            return self.queryset().get(slug=value)
        except ObjectDoesNotExist:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from None


class SlugChoiceFilter(django_filters.Filter):
    """A person/work/topic given by its web address, typed or linked.

    A text box rather than a select: a select would list every person on
    every search page (one more query, and tens of thousands of options).
    """

    field_class = PublicSlugField

    def __init__(self, *args, rows, column: str, **kwargs):
        # ``rows``: the through model linking articles to the entity;
        # ``column``: its foreign key to the entity.
        self.rows = rows
        self.column = column
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 20}))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        # A subquery, not a join: a person with two byline roles on one
        # article must not bring the article back twice.
        ids = self.rows.objects.filter(**{self.column: value})
        return qs.filter(pk__in=ids.values(self.article_column))

    @property
    def article_column(self) -> str:
        return "article" if self.rows is Byline else "content_object"


class DateInput(forms.DateInput):
    """A native date picker that never echoes a malformed date.

    ``<input type="date">`` must hold a real ISO date; the field's error
    message says what was wrong with the value instead.
    """

    input_type = "date"

    def format_value(self, value):
        if isinstance(value, str):
            try:
                date.fromisoformat(value)
            except ValueError:
                return None
        return super().format_value(value)


class SearchField(BoundField):
    """A search filter's field, whose HTML is kept once it is empty.

    Every search page shows the eight filter fields, and most of them are
    empty: through Django's form templates they cost about 4 ms a page, a
    third of a first search. An empty field without errors has the same
    HTML on every search page: it depends on the field's declaration alone,
    which does not change while the process runs. So it is rendered once
    per form, bound-or-not and empty value, and kept; a field with a value
    or an error is rendered as usual. This holds while no field takes its
    choices from the database (``WorkKind`` is fixed): such a field would
    have to be rendered each time.
    """

    def as_field_group(self):
        value = self.value()
        if self.errors or value not in (None, ""):
            return super().as_field_group()
        # Left out (None) and sent empty ("") are kept apart: a widget may
        # render them differently.
        key = (type(self.form).__name__, self.name, self.form.is_bound, value)
        kept = self.form.empty_fields
        html = kept.get(key)
        if html is None:
            html = kept[key] = super().as_field_group()
        return html


class SearchForm(forms.Form):
    """The search filters' form (``ArticleSearch.form``)."""

    bound_field_class = SearchField
    # Each empty field's HTML, by form, field name, bound or not, and empty
    # value (None or ""): at most four per field (``SearchField``).
    empty_fields: dict[tuple[str, str, bool, str | None], str] = {}


class ArticleSearch(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search for",
        method="filter_query",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "size": 30}),
    )
    person = SlugChoiceFilter(
        label="About (person)",
        rows=TaggedPerson,
        column="tag",
        queryset=public_people,
        help_text="The person’s web address, for example kanye-west.",
    )
    work = SlugChoiceFilter(
        label="About (work)",
        rows=TaggedWork,
        column="tag",
        queryset=public_works,
        help_text="The work’s web address, for example flashing-lights-song.",
    )
    topic = SlugChoiceFilter(
        label="Topic",
        rows=TaggedTopic,
        column="tag",
        queryset=public_topics,
        help_text="The topic’s web address, for example itunes.",
    )
    author = SlugChoiceFilter(
        label="Byline",
        rows=Byline,
        column="person",
        queryset=public_people,
        help_text="The writer’s web address, for example elan-mancini.",
    )
    published_after = django_filters.DateFilter(
        label="Published on or after",
        field_name="published_at",
        lookup_expr="date__gte",
        widget=DateInput,
    )
    published_before = django_filters.DateFilter(
        label="Published on or before",
        field_name="published_at",
        lookup_expr="date__lte",
        widget=DateInput,
    )
    work_kind = django_filters.ChoiceFilter(
        label="Kind of work",
        choices=WorkKind.choices,
        method="filter_work_kind",
        empty_label="Any",
    )

    class Meta:
        model = Article
        fields: list[str] = []
        form = SearchForm

    def filter_query(self, queryset, name, value):
        # Ranked in filter_queryset, after the other filters: the window of
        # newest matches must come from the articles they leave.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        text = (self.form.cleaned_data.get("q") or "").strip()
        return ranked(queryset, text) if text else queryset

    def filter_work_kind(self, queryset, name, value):
        # A subquery, not a join: an article tagged with two songs must not
        # come back twice.
        tagged = TaggedWork.objects.filter(tag__kind=value).values("content_object")
        return queryset.filter(pk__in=tagged)

    def chosen_entities(self) -> list:
        """The people, works and topics the (valid) form filters on."""
        data = self.form.cleaned_data
        return [
            data[name]
            for name in ("person", "work", "topic", "author")
            if data.get(name)
        ]
