import io

import pytest
from django.core.management import call_command

from articles.models import (
    Article,
    Byline,
    Correction,
    PublishedVersion,
    Status,
    TaggedPerson,
    TaggedWork,
)
from benchmarks import generate_corpus
from people.models import Credit, ExternalId, Person, Work


def generate(*args: str) -> str:
    out = io.StringIO()
    generate_corpus.generate(generate_corpus.parse_args(list(args)), out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    """The articles' text and tags by name: what the seed decides."""
    return [
        (
            article.headline,
            article.dek,
            article.body,
            article.status,
            sorted(article.person_tags.values_list("tag__name", flat=True)),
            sorted(article.work_tags.values_list("tag__name", flat=True)),
            list(article.bylines.values_list("person__name", flat=True)),
        )
        for article in Article.objects.order_by("pk")
    ]


SMALL = ["--articles=40", "--people=60", "--works=30", "--seed=7"]


def test_generate_corpus_same_seed_gives_same_content(db):
    generate(*SMALL)
    first = snapshot()
    for model in (Article, Credit, ExternalId, Work):
        model.objects.all().delete()
    Person.objects.all().delete()

    generate(*SMALL)

    assert snapshot() == first
    assert len(first) == 40


def test_generate_corpus_other_seed_gives_other_content(db):
    generate(*SMALL)
    first = snapshot()
    for model in (Article, Credit, ExternalId, Work):
        model.objects.all().delete()
    Person.objects.all().delete()

    generate("--articles=40", "--people=60", "--works=30", "--seed=8")

    assert snapshot() != first


def test_generate_corpus_articles_have_the_documented_shape(db):
    generate("--articles=200", "--people=100", "--works=50", "--seed=3")

    for article in Article.objects.all():
        words = len(article.body.split())
        tags = article.person_tags.count() + article.work_tags.count()
        assert 300 <= words <= 900, article.pk
        assert 1 <= article.bylines.count() <= 3
        assert 3 <= tags <= 8
        # Every tagged person is named in the text they are tagged from.
        for name in article.person_tags.values_list("tag__name", flat=True):
            assert name in article.body
    published = Article.objects.filter(status=Status.PUBLISHED)
    assert Article.objects.count() == 200
    assert (
        published.count() + Article.objects.filter(status=Status.DRAFT).count() == 200
    )
    assert PublishedVersion.objects.filter(number=1).count() == published.count()
    assert (
        PublishedVersion.objects.filter(number=2).count() == Correction.objects.count()
    )
    assert Article.objects.published().count() == published.count()
    assert Credit.objects.count() == 2 * Work.objects.count()
    assert ExternalId.objects.count() == Person.objects.count() == 100
    # Like anything imported, the corpus's people and works are approved.
    assert Person.objects.approved().count() == 100
    assert Work.objects.approved().count() == 50


def test_generate_corpus_popularity_is_skewed(db):
    generate("--articles=300", "--people=200", "--works=100", "--seed=11")
    counts = sorted(
        (
            TaggedPerson.objects.filter(tag=person).count()
            for person in Person.objects.all()
        ),
        reverse=True,
    )

    # The most-tagged person is on a large share of articles; most are on few.
    assert counts[0] >= 300 // 5
    assert counts[len(counts) // 2] <= 5


def test_generate_corpus_ids_continue_after_existing_rows(db):
    generate("--articles=5", "--people=20", "--works=10", "--seed=1")

    generate("--articles=5", "--people=20", "--works=10", "--seed=2")

    assert Article.objects.count() == 10
    assert Byline.objects.filter(article__isnull=True).count() == 0
    # New rows made through the ORM get ids after the generated ones.
    assert Person.objects.create(name="Nobody Generated").pk > max(
        Person.objects.exclude(name="Nobody Generated").values_list("pk", flat=True)
    )


def test_generate_corpus_text_files_import_cleanly(db, tmp_path):
    generate(
        "--articles=12",
        "--people=40",
        "--works=20",
        "--seed=5",
        f"--text-files={tmp_path}",
    )
    assert Article.objects.count() == 0

    out = io.StringIO()
    call_command("import_articles", str(tmp_path), stdout=out)

    assert out.getvalue().splitlines()[-1] == (
        "12 created, 0 updated, 0 skipped, 0 failed."
    )
    shortcode = TaggedPerson.objects.filter(found_by="shortcode")
    assert shortcode.exists()

    # Files 1, 5, 9 glue "-Name" to the end, files 2, 6, 10 start "By Name";
    # files 3, 7, 11 name no writer and credit their publisher, the wire;
    # files 0, 4, 8 name no writer either and their sidecar credits a desk.
    def keys(bylines):
        articles = Article.objects.filter(pk__in=bylines.values("article"))
        return sorted(articles.values_list("source_key", flat=True))

    def shaped(*shapes):
        stems = (path.stem for path in tmp_path.glob("*.txt"))
        return sorted(stem for stem in stems if int(stem[:7]) % 4 in shapes)

    assert keys(Byline.objects.filter(person__isnull=False)) == shaped(1, 2)
    assert keys(Byline.objects.filter(organisation="Synthetic Wire")) == shaped(3)
    assert keys(Byline.objects.filter(organisation="Synthetic Desk")) == shaped(0)
    assert TaggedWork.objects.filter(found_by="title").exists()
    # The byline people were already there: importing created nobody.
    assert Person.objects.count() == 40


def test_generate_corpus_rejects_negative_counts(db, capsys):
    with pytest.raises(SystemExit):
        generate("--articles=-1")

    assert "must be 0 or more" in capsys.readouterr().err


def test_generate_corpus_writes_every_required_article_column():
    # Raw writes bypass the model: a column added later without a default
    # would break the generator on one database and not the other. A column
    # with a database default (db_default) is filled in by the database.
    from django.db.models import NOT_PROVIDED

    from benchmarks.corpus import COLUMNS

    for model, columns in COLUMNS.items():
        required = [
            field.column
            for field in model._meta.concrete_fields
            if not field.null
            and field.db_default is NOT_PROVIDED
            and field.column not in columns
        ]
        assert required == [], model.__name__
