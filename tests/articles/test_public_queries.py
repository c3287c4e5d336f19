"""Exact query budgets for every public page, unchanged as content grows.

Each test builds a small page, checks its exact query count, adds 30 more of
whatever could make the count grow (bylines, tags, corrections, related
articles, list items), and checks the count again.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction
from people.models import Credit, CreditRole, Work, WorkKind
from tests.builders.articles import corrected_article, make_article, tag
from tests.builders.people import make_person


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def grow_article(article, number: int, *, start: int = 0) -> None:
    """Add ``number`` bylines, people, works, topics, corrections and related."""
    for n in range(start, start + number):
        person = make_person(f"Grown person {article.pk}-{n}")
        work = Work.objects.create(
            name=f"Grown work {article.pk}-{n}", kind=WorkKind.SONG
        )
        tag(article, people=[person], works=[work], bylines=[person])
        article.topics.add(f"Grown topic {n}")
        Correction.objects.create(article=article, text=f"Fix {n}.")
        tag(
            make_article(f"Related {article.pk}-{n}"), people=[person], bylines=[person]
        )


def test_article_page_query_budget(client, django_assert_num_queries, db):
    article, _ = corrected_article()
    grow_article(article, 1)

    with django_assert_num_queries(8):
        client.get(article.get_absolute_url())
    grow_article(article, 30, start=1)
    with django_assert_num_queries(8):
        client.get(article.get_absolute_url())


def test_what_changed_page_query_budget(client, django_assert_num_queries, db):
    article, _ = corrected_article()

    with django_assert_num_queries(2):
        client.get(f"{article.get_absolute_url()}changes/")


def grow_list(number: int, *, person=None, work=None, topic=None) -> None:
    for n in range(number):
        writer = make_person()
        article = tag(
            make_article(f"Listed {n}", first_published_at=timezone.now()),
            bylines=[writer, make_person()],
        )
        if person:
            tag(article, people=[person])
            tag(make_article(f"By {n}"), bylines=[person, writer])
        if work:
            tag(article, works=[work])
        if topic:
            article.topics.add(topic)


LISTS = {
    "home": ("/", 2),
    # The person writes: byline ids, then their articles (see views.written_by).
    "person": ("/people/{person}/", 7),
    "work": ("/works/{work}/", 4),
    "topic": ("/topics/music/", 3),
    "search": ("/search/?q=listed&person={person}&work={work}&topic=music", 5),
    "search without query": ("/search/?author={person}&published_after=2000-01-01", 3),
    "corrections": ("/corrections/", 1),
    "latest feed": ("/feed/", 2),
    "person feed": ("/people/{person}/feed/", 3),
    "work feed": ("/works/{work}/feed/atom/", 3),
    "topic feed": ("/topics/music/feed/", 3),
    "corrections feed": ("/corrections/feed/", 1),
    "sitemap index": ("/sitemap.xml", 4),
    "articles sitemap": ("/sitemap-articles.xml", 2),
    "people sitemap": ("/sitemap-people.xml", 2),
    "news sitemap": ("/sitemap-news.xml", 2),
}


@pytest.mark.parametrize("name", LISTS)
def test_list_page_query_budget(client, db, name):
    url, budget = LISTS[name]
    person = make_person("Kanye West")
    work = Work.objects.create(name="Amazing", kind=WorkKind.SONG)
    Credit.objects.create(work=work, person=person, role=CreditRole.PERFORMER)
    grow_list(3, person=person, work=work, topic="Music")
    for article in list(Article.objects.filter(person_tags__tag=person))[:3]:
        Correction.objects.create(article=article, text="A fix.")
    url = url.format(person=person.slug, work=work.slug)

    before = queries_for(client, url)
    grow_list(30, person=person, work=work, topic="Music")
    for article in list(Article.objects.filter(person_tags__tag=person))[:30]:
        Correction.objects.create(article=article, text="Another fix.")
    after = queries_for(client, url)

    assert (before, after) == (budget, budget)
