"""Cache-Tag headers: each page names what it shows, so a change purges it."""

from django.urls import reverse

from public import cachetags
from tests.builders.articles import corrected_article, make_article, tag
from tests.builders.people import make_person


def test_cache_tag_header_value_is_sorted_and_unique():
    assert cachetags.header_value(["work-2", "list", "work-2", "article-1"]) == (
        "article-1 list work-2"
    )


def test_article_page_cache_tags_name_what_it_shows(client, db):
    writer = make_person("Writer")
    subject = make_person("Subject")
    article, _ = corrected_article()
    tag(article, people=[subject], bylines=[writer])
    article.topics.add("Music")
    related = tag(make_article("Related"), people=[subject])
    topic = article.topics.get()

    response = client.get(article.get_absolute_url())

    assert response.headers["Cache-Tag"] == " ".join(
        sorted(
            [
                f"article-{article.pk}",
                f"article-{related.pk}",
                f"person-{writer.pk}",
                f"person-{subject.pk}",
                f"topic-{topic.pk}",
            ]
        )
    )


def test_home_cache_tags_are_list_articles_and_bylines(client, db):
    writer = make_person("Writer")
    one = tag(make_article("One"), bylines=[writer])
    two = make_article("Two")

    response = client.get("/")

    assert response.headers["Cache-Tag"] == (
        f"article-{one.pk} article-{two.pk} list person-{writer.pk}"
    )


def test_person_page_cache_tags(client, people_and_works):
    response = client.get("/people/rita-g/")

    assert response.headers["Cache-Tag"].split() == sorted(
        ["list", "person-5", "work-7"]
    )


def test_corrections_log_cache_tags(client, db):
    article, _ = corrected_article()

    response = client.get(reverse("public:corrections"))

    assert response.headers["Cache-Tag"] == f"article-{article.pk} corrections"
