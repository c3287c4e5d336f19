from articles.models import Topic
from tests.builders.api import body, get, ids, problem_fields, walk
from tests.builders.articles import hidden_articles, make_article, published_article

BASE = "http://127.0.0.1:8000"


def topic_on(name: str, article) -> Topic:
    topic = Topic.objects.create(name=name)
    article.topics.add(topic)
    return topic


def test_list_and_detail_show_topics_with_listed_articles(client, db):
    topic = topic_on("Music videos", make_article("Listed"))

    data = body(get(client, "/topics"))
    detail = body(get(client, "/topics/music-videos"))

    assert data["items"] == [detail]
    assert detail == {
        "id": topic.pk,
        "slug": "music-videos",
        "name": "Music videos",
        "url": f"{BASE}/topics/music-videos/",
        "api_url": f"{BASE}/api/v1/topics/music-videos",
        "articles": f"{BASE}/api/v1/articles?topic=music-videos",
    }


def test_a_topic_only_hidden_or_retracted_articles_have_is_absent_and_404(client, db):
    shown = topic_on("Shown", published_article())
    secret = Topic.objects.create(name="Secret")
    for article in hidden_articles():
        article.topics.add(secret)
    make_article("Retracted", status="retracted").topics.add(secret)

    assert ids(get(client, "/topics")) == [shown.pk]
    assert problem_fields(get(client, "/topics/secret"), 404) == []
    assert problem_fields(get(client, f"/topics/{secret.pk}"), 404) == []


def test_topics_list_pages_by_name(client, db):
    topics = [topic_on(f"Topic {n}", make_article()) for n in range(3)]

    assert walk(client, "/topics", {"size": 2}) == [
        [topics[0].pk, topics[1].pk],
        [topics[2].pk],
    ]


def test_query_counts(client, db, django_assert_num_queries):
    for n in range(3):
        topic_on(f"Topic {n}", make_article())

    with django_assert_num_queries(1):
        assert len(ids(get(client, "/topics"))) == 3
    with django_assert_num_queries(1):
        assert get(client, "/topics/topic-1").status_code == 200
