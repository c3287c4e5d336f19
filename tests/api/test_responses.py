from datetime import UTC, datetime

from django.utils.http import http_date

from articles.models import Article
from tests.builders.api import credited_image, get
from tests.builders.articles import corrected_article, make_article, tag
from tests.builders.people import make_person
from tests.builders.users import make_user


def test_anonymous_answers_are_public_with_tags_etag_and_last_modified(client, db):
    article = make_article("Story")
    Article.objects.filter(pk=article.pk).update(
        updated_at=datetime(2026, 10, 1, 12, 0, 30, tzinfo=UTC)
    )

    response = get(client, "/articles")

    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Cache-Tag"] == f"article-{article.pk} list"
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"] == "Thu, 01 Oct 2026 12:00:30 GMT"


def test_max_age_follows_the_setting(client, db, settings):
    settings.NEWSROOM_PUBLIC_MAX_AGE = 60
    make_article("Story")

    assert get(client, "/articles")["Cache-Control"] == "public, max-age=60"


def test_if_none_match_gets_a_304_and_a_change_a_200(client, db):
    article = make_article("Story")
    etag = get(client, f"/articles/{article.slug}")["ETag"]

    unchanged = get(client, f"/articles/{article.slug}", If_None_Match=etag)
    article.headline = "Story, updated"
    article.save()
    changed = get(client, f"/articles/{article.slug}", If_None_Match=etag)

    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag
    assert changed.status_code == 200


def test_if_modified_since_gets_a_304_until_the_article_changes(client, db):
    article = make_article("Story")
    Article.objects.filter(pk=article.pk).update(
        updated_at=datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
    )
    since = http_date(datetime(2026, 10, 1, 12, 0, tzinfo=UTC).timestamp())

    unchanged = get(client, f"/articles/{article.pk}", If_Modified_Since=since)
    Article.objects.filter(pk=article.pk).update(
        updated_at=datetime(2026, 10, 2, 12, 0, tzinfo=UTC)
    )
    changed = get(client, f"/articles/{article.pk}", If_Modified_Since=since)

    assert unchanged.status_code == 304
    assert changed.status_code == 200


def test_detail_last_modified_counts_corrections(client, db):
    article, _ = corrected_article()
    Article.objects.filter(pk=article.pk).update(
        updated_at=datetime(2026, 10, 1, tzinfo=UTC)
    )

    response = get(client, f"/articles/{article.slug}")

    # The correction (2 November) is newer than the article's row.
    assert response["Last-Modified"] == "Mon, 02 Nov 2026 15:30:00 GMT"


def test_detail_cache_tags_name_everything_it_shows(client, db):
    article = make_article("Story", lead_image=credited_image())
    rita, writer = make_person("Rita G"), make_person("Sam Writer")
    tag(article, people=[rita], bylines=[writer])

    response = get(client, f"/articles/{article.slug}")

    assert response["Cache-Tag"].split() == sorted(
        [
            f"article-{article.pk}",
            f"image-{article.lead_image_id}",
            f"person-{rita.pk}",
            f"person-{writer.pk}",
        ]
    )


def test_list_cache_tags_name_articles_and_bylines(client, db):
    writer = make_person("Sam Writer")
    article = tag(make_article("Story"), bylines=[writer])

    assert get(client, "/articles")["Cache-Tag"].split() == sorted(
        [f"article-{article.pk}", "list", f"person-{writer.pk}"]
    )


def test_people_list_tags_include_list_and_each_person(client, db):
    person = make_person("Rita G", bio="Model.")

    assert get(client, "/people")["Cache-Tag"] == f"list person-{person.pk}"


def test_logged_in_answers_are_private_and_untagged(client, db):
    make_article("Story")
    client.force_login(make_user("edna", "Editor"))

    response = get(client, "/articles")

    assert response["Cache-Control"] == "private, no-store"
    assert "Cache-Tag" not in response


def test_errors_are_never_cached(client, db):
    response = get(client, "/articles/missing")

    assert response["Cache-Control"] == "no-store"
    assert "Cache-Tag" not in response
