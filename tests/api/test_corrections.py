from articles.models import Correction, CorrectionKind
from tests.builders.api import body, get, ids, problem_fields, walk
from tests.builders.articles import (
    CORRECTED_AT,
    corrected_article,
    hidden_articles,
    make_article,
)

BASE = "http://127.0.0.1:8000"


def test_list_and_detail_show_a_correction_with_its_article(client, db):
    article, correction = corrected_article()

    data = body(get(client, "/corrections"))
    detail = body(get(client, f"/corrections/{correction.pk}"))

    assert data["items"] == [detail]
    assert detail == {
        "id": correction.pk,
        "kind": "correction",
        "text": correction.text,
        "date": CORRECTED_AT.isoformat(),
        "url": f"{BASE}/articles/{article.slug}/#correction-{correction.pk}",
        "api_url": f"{BASE}/api/v1/corrections/{correction.pk}",
        "article": {
            "id": article.pk,
            "slug": article.slug,
            "headline": article.headline,
            "url": f"{BASE}/articles/{article.slug}/",
            "api_url": f"{BASE}/api/v1/articles/{article.slug}",
        },
    }


def test_corrections_of_hidden_articles_are_absent_and_404(client, db):
    _, shown = corrected_article()
    secret = [
        Correction.objects.create(article=article, text="Secret note.")
        for article in hidden_articles()
    ]

    assert ids(get(client, "/corrections")) == [shown.pk]
    for note in secret:
        assert problem_fields(get(client, f"/corrections/{note.pk}"), 404) == []


def test_a_retracted_articles_note_is_listed(client, db):
    article = make_article("Retracted", status="retracted")
    note = Correction.objects.create(
        article=article, kind=CorrectionKind.EDITORS_NOTE, text="Retracted: why."
    )

    assert ids(get(client, "/corrections")) == [note.pk]


def test_corrections_page_newest_first(client, db):
    article = make_article("Story")
    notes = [
        Correction.objects.create(article=article, text=f"Note {n}.") for n in range(3)
    ]

    assert walk(client, "/corrections", {"size": 2}) == [
        [notes[2].pk, notes[1].pk],
        [notes[0].pk],
    ]


def test_a_bad_id_is_a_400_naming_it(client, db):
    assert problem_fields(get(client, "/corrections/abc")) == ["id"]
    assert problem_fields(get(client, "/corrections/0")) == ["id"]
    assert problem_fields(get(client, f"/corrections/{2**63}")) == ["id"]


def test_query_counts(client, db, django_assert_num_queries):
    article = make_article("Story")
    for n in range(3):
        Correction.objects.create(article=article, text=f"Note {n}.")

    with django_assert_num_queries(1):
        assert len(ids(get(client, "/corrections"))) == 3
    note = article.corrections.first()
    with django_assert_num_queries(1):
        assert get(client, f"/corrections/{note.pk}").status_code == 200
