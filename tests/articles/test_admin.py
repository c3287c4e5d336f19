import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from articles.models import Article, Status
from tests.builders.articles import make_article


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser(
        "boss", "boss@example.invalid", "pw-123456789"
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/",
        "/admin/articles/correction/",
        "/admin/articles/byline/",
        "/admin/articles/topic/",
        "/admin/people/person/",
        "/admin/people/work/",
    ],
)
def test_admin_list_pages_load(admin_client, seeded, url):
    response = admin_client.get(url)

    assert response.status_code == 200


def test_admin_article_change_has_inlines(admin_client, seeded):
    article = Article.objects.get(source_key="002_a9bcb9ffb146848a")

    response = admin_client.get(f"/admin/articles/article/{article.pk}/change/")
    html = response.content.decode()

    assert response.status_code == 200
    for prefix in ("bylines", "person_tags", "work_tags", "corrections"):
        assert f'name="{prefix}-TOTAL_FORMS"' in html


def test_admin_person_page_shows_articles_mentioning_them(admin_client, seeded):
    from people.models import Person

    kanye = Person.objects.get(name="Kanye West")
    html = admin_client.get(f"/admin/people/person/{kanye.pk}/change/").content.decode()

    for article in Article.objects.all():
        assert f'href="/admin/articles/article/{article.pk}/change/"' in html


def test_admin_person_autocomplete_finds_by_name(admin_client, seeded):
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "jonze",
            "app_label": "articles",
            "model_name": "byline",
            "field_name": "person",
        },
    )

    assert [r["text"] for r in response.json()["results"]] == ["Spike Jonze"]


def test_admin_aliases_edited_one_per_line(admin_client, people_and_works):
    from people.models import Person

    response = admin_client.post(
        "/admin/people/person/add/",
        {
            "name": "Donda West",
            "slug": "donda-west",
            "kind": "person",
            "aliases": "Donda\n\n Donda \n",
            "bio": "",
            "external_ids-TOTAL_FORMS": "0",
            "external_ids-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert Person.objects.get(name="Donda West").aliases == ["Donda"]


def test_admin_article_list_stops_counting_past_the_cap(
    admin_client, seeded, monkeypatch
):
    from articles.admin import CappedCountPaginator

    total = Article.objects.count()
    monkeypatch.setattr(CappedCountPaginator, "cap", total - 1)

    response = admin_client.get("/admin/articles/article/")

    assert response.status_code == 200
    assert f"more than {total - 1} articles" in response.content.decode()


def test_admin_article_list_counts_exactly_under_the_cap(admin_client, seeded):
    total = Article.objects.count()

    response = admin_client.get("/admin/articles/article/")

    assert f"\n{total} articles\n" in response.content.decode()


def test_admin_article_list_makes_no_full_count_or_date_scan(
    admin_client, seeded, django_assert_num_queries
):
    admin_client.get("/admin/articles/article/")

    # session, user, savepoint pair, capped count, the page of articles
    with django_assert_num_queries(6) as captured:
        response = admin_client.get("/admin/articles/article/")

    sql = [query["sql"] for query in captured.captured_queries]
    assert response.status_code == 200
    assert [q for q in sql if "COUNT(*)" in q and "LIMIT" not in q] == []
    assert [q for q in sql if "DISTINCT" in q] == []


def test_admin_article_list_does_not_read_the_bodies(admin_client, seeded):
    with CaptureQueriesContext(connection) as captured:
        response = admin_client.get("/admin/articles/article/")

    listed = [q["sql"] for q in captured.captured_queries if "headline" in q["sql"]]
    assert response.status_code == 200
    assert escape(Article.objects.first().headline) in response.content.decode()
    assert len(listed) == 1
    assert '"body"' not in listed[0]


def test_admin_action_still_gets_whole_articles(admin_client, db):
    """The list defers the body; the actions must not save an article with
    its body missing."""
    article = make_article("Draft to submit", status=Status.DRAFT, body="Every word.")

    admin_client.post(
        "/admin/articles/article/",
        {"action": "submit_selected", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert article.body == "Every word."
