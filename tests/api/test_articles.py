from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from api.endpoints.articles import public_article
from articles.models import (
    Article,
    Byline,
    BylineRole,
    FoundBy,
    Status,
    TaggedPerson,
    Topic,
)
from people.models import Work
from tests.builders.api import (
    body,
    credited_image,
    get,
    ids,
    problem_fields,
    walk,
)
from tests.builders.articles import (
    CORRECTED_AT,
    FIRST_AT,
    corrected_article,
    hidden_articles,
    make_article,
    published_article,
    tag,
)
from tests.builders.people import make_person

BASE = "http://127.0.0.1:8000"


def retracted(**fields) -> Article:
    return make_article("Retracted story", status=Status.RETRACTED, **fields)


def at(days: int) -> datetime:
    return datetime(2026, 10, 1, 12, 0, tzinfo=UTC) + timedelta(days=days)


def make_work(title: str = "Flashing Lights", kind: str = "song") -> Work:
    return Work.objects.create(name=title, kind=kind)


# --- The list ------------------------------------------------------------------


def test_list_is_newest_first_with_the_item_shape(client, db):
    older = make_article("Older", published_at=at(1), dek="Before.")
    newer = make_article("Newer", published_at=at(2), dek="After.")
    writer = make_person("Sam Writer")
    Byline.objects.create(article=newer, person=writer, position=1)
    Byline.objects.create(
        article=newer,
        organisation="The Associated Press",
        role=BylineRole.PUBLISHER,
        position=2,
    )

    data = body(get(client, "/articles"))

    assert [item["id"] for item in data["items"]] == [newer.pk, older.pk]
    assert data["next"] is None
    assert data["cursor"] is None
    newer.refresh_from_db()
    assert data["items"][0] == {
        "id": newer.pk,
        "slug": newer.slug,
        "headline": "Newer",
        "url": f"{BASE}/articles/{newer.slug}/",
        "api_url": f"{BASE}/api/v1/articles/{newer.slug}",
        "dek": "After.",
        "published_at": "2026-10-03T12:00:00+00:00",
        "first_published_at": "2026-10-03T12:00:00+00:00",
        "updated_at": newer.updated_at.isoformat(),
        "bylines": [
            {
                "name": "Sam Writer",
                "role": "writer",
                "person": {
                    "id": writer.pk,
                    "slug": "sam-writer",
                    "name": "Sam Writer",
                    "kind": "person",
                    "url": f"{BASE}/people/sam-writer/",
                    "api_url": f"{BASE}/api/v1/people/sam-writer",
                },
            },
            {"name": "The Associated Press", "role": "publisher", "person": None},
        ],
        "lead_image": None,
    }


def test_list_leaves_out_every_hidden_state_and_retractions(client, db):
    shown = make_article("Shown")
    hidden_articles()
    retracted()

    assert ids(get(client, "/articles")) == [shown.pk]


def test_list_shows_a_scheduled_article_once_its_time_has_come(client, db):
    due = make_article(
        "Was scheduled",
        status=Status.SCHEDULED,
        published_at=timezone.now() - timedelta(minutes=1),
    )

    assert ids(get(client, "/articles")) == [due.pk]


def test_list_shows_the_lead_image_with_renditions_narrowest_first(client, db):
    article = make_article("Pictured", lead_image=credited_image())

    image = body(get(client, "/articles"))["items"][0]["lead_image"]

    assert image == {
        "id": article.lead_image_id,
        "alt": "A director behind a camera",
        "decorative": False,
        "caption": "On set in Los Angeles",
        "credit": "Photo: Jane Doe / Agency",
        "width": 1600,
        "height": 1000,
        "renditions": [
            {
                "name": "jpeg-320",
                "url": f"{BASE}/media/images/renditions/00/jpeg-320.img",
                "width": 320,
                "height": 200,
                "format": "JPEG",
            },
            {
                "name": "webp-640",
                "url": f"{BASE}/media/images/renditions/00/webp-640.img",
                "width": 640,
                "height": 400,
                "format": "WEBP",
            },
        ],
    }


def test_list_query_count_does_not_grow_with_items(
    client, db, django_assert_num_queries
):
    topic = Topic.objects.create(name="Music videos")
    for n in range(5):
        article = make_article(f"Story {n}", lead_image=credited_image())
        tag(article, bylines=[make_person(), make_person()])
        article.topics.add(topic)

    # articles (every filter as subqueries), bylines with people, lead
    # images, renditions. (Lead images are not joined: on SQLite the join
    # made the sort of every listed row three times slower.)
    with django_assert_num_queries(4):
        response = get(client, "/articles", {"topic": "music-videos", "q": "Story"})
    assert len(ids(response)) == 5
    with django_assert_num_queries(4):
        assert len(ids(get(client, "/articles"))) == 5
    # Nothing found: nothing to prefetch.
    with django_assert_num_queries(1):
        assert ids(get(client, "/articles", {"person": "nobody"})) == []


# --- Cursor pagination -----------------------------------------------------------


def test_pages_follow_next_until_null(client, db):
    articles = [make_article(f"Story {n}", published_at=at(n)) for n in range(5)]

    pages = walk(client, "/articles", {"size": 2})

    assert pages == [
        [articles[4].pk, articles[3].pk],
        [articles[2].pk, articles[1].pk],
        [articles[0].pk],
    ]


def test_next_keeps_the_filters_and_carries_the_cursor(client, db):
    topic = Topic.objects.create(name="Music videos")
    for n in range(3):
        make_article(f"Story {n}", published_at=at(n)).topics.add(topic)

    data = body(get(client, "/articles", {"size": 2, "topic": "music-videos"}))

    assert data["next"] == (
        f"{BASE}/api/v1/articles?size=2&topic=music-videos&cursor={data['cursor']}"
    )


def test_same_publication_time_pages_by_id(client, db):
    same = [make_article(f"Story {n}", published_at=at(1)) for n in range(3)]

    pages = walk(client, "/articles", {"size": 1})

    assert pages == [[same[2].pk], [same[1].pk], [same[0].pk]]


def test_cursor_is_stable_when_an_article_is_published_between_pages(client, db):
    articles = [make_article(f"Story {n}", published_at=at(n)) for n in range(4)]
    first = body(get(client, "/articles", {"size": 2}))

    make_article("Breaking", published_at=timezone.now())
    second = body(client.get(first["next"]))

    assert [item["id"] for item in first["items"]] == [articles[3].pk, articles[2].pk]
    assert [item["id"] for item in second["items"]] == [
        articles[1].pk,
        articles[0].pk,
    ]


def test_order_updated_is_oldest_change_first_and_stable_for_sync(client, db):
    articles = [make_article(f"Story {n}") for n in range(3)]
    for n, article in enumerate(articles):
        Article.objects.filter(pk=article.pk).update(updated_at=at(10 - n))
    first = body(get(client, "/articles", {"order": "updated", "size": 2}))

    # Changed after the first page was read: it moves to the end.
    Article.objects.filter(pk=articles[2].pk).update(updated_at=at(20))
    second = body(client.get(first["next"]))

    assert [item["id"] for item in first["items"]] == [articles[2].pk, articles[1].pk]
    assert [item["id"] for item in second["items"]] == [
        articles[0].pk,
        articles[2].pk,
    ]


def test_a_cursor_of_one_order_is_refused_in_another(client, db):
    for n in range(3):
        make_article(f"Story {n}")
    cursor = body(get(client, "/articles", {"size": 1}))["cursor"]

    response = get(client, "/articles", {"order": "updated", "cursor": cursor})

    assert problem_fields(response) == ["cursor"]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        "e30",  # {}
        "WyJwdWJsaXNoZWQiXQ",  # ["published"]
        "WyJwdWJsaXNoZWQiLCJub3QgYSBkYXRlIiwxXQ",  # ["published","not a date",1]
        "WyJwdWJsaXNoZWQiLCIyMDI2LTAxLTAxVDAwOjAwOjAwIiwxXQ",  # no offset
        "WyJwdWJsaXNoZWQiLCIwMDAxLTAxLTAxVDAwOjAwOjAwKzE0OjAwIiwxXQ",  # year 0
        "WyJwdWJsaXNoZWQiLCIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwiMSJd",  # "1"
        "WyJwdWJsaXNoZWQiLCIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwxZTMwMF0",  # 1e300
    ],
)
def test_a_tampered_cursor_is_a_400_naming_cursor(client, db, cursor):
    make_article("Story")

    assert problem_fields(get(client, "/articles", {"cursor": cursor})) == ["cursor"]


@pytest.mark.parametrize("size", ["0", "101", "-1", "ten", "1e3"])
def test_size_out_of_range_is_a_400_naming_size(client, db, size):
    assert problem_fields(get(client, "/articles", {"size": size})) == ["size"]


def test_size_100_is_allowed(client, db):
    make_article("Story")

    assert get(client, "/articles", {"size": "100"}).status_code == 200


# --- Filters ---------------------------------------------------------------------


def test_person_filter_by_slug_or_id(client, db):
    person = make_person("Rita G", bio="Model.")
    about = tag(make_article("About her"), people=[person])
    make_article("Not about her")

    assert ids(get(client, "/articles", {"person": "rita-g"})) == [about.pk]
    assert ids(get(client, "/articles", {"person": str(person.pk)})) == [about.pk]


def test_a_person_only_drafts_name_filters_to_an_empty_list_like_a_missing_one(
    client, db
):
    secret = make_person("Secret Person")
    for article in hidden_articles():
        tag(article, people=[secret])

    hidden = get(client, "/articles", {"person": "secret-person"})
    missing = get(client, "/articles", {"person": "no-such-person"})

    assert body(hidden) == body(missing) == {"items": [], "next": None, "cursor": None}


def test_filters_never_bring_back_hidden_articles(client, db):
    person = make_person("Rita G", bio="Model.")
    work = make_work()
    topic = Topic.objects.create(name="Music videos")
    shown = tag(make_article("Shown"), people=[person], works=[work])
    shown.topics.add(topic)
    Byline.objects.create(article=shown, person=person, role=BylineRole.REPORTER)
    for article in [*hidden_articles(), retracted()]:
        tag(article, people=[person], works=[work])
        article.topics.add(topic)
        Byline.objects.create(article=article, person=person)

    for name, value in [
        ("person", "rita-g"),
        ("work", work.slug),
        ("topic", "music-videos"),
        ("author", "rita-g"),
    ]:
        assert ids(get(client, "/articles", {name: value})) == [shown.pk], name


def test_work_and_topic_filters_by_id(client, db):
    work = make_work()
    topic = Topic.objects.create(name="Music videos")
    about_work = tag(make_article("About the song"), works=[work])
    on_topic = make_article("On the topic")
    on_topic.topics.add(topic)

    assert ids(get(client, "/articles", {"work": str(work.pk)})) == [about_work.pk]
    assert ids(get(client, "/articles", {"topic": str(topic.pk)})) == [on_topic.pk]


def test_author_filter_is_the_byline_not_the_tags(client, db):
    writer = make_person("Sam Writer")
    written = tag(make_article("By Sam"), bylines=[writer])
    tag(make_article("About Sam"), people=[writer])

    assert ids(get(client, "/articles", {"author": "sam-writer"})) == [written.pk]


def test_an_article_with_two_bylines_by_one_author_comes_back_once(client, db):
    writer = make_person("Sam Writer")
    article = make_article("Twice")
    Byline.objects.create(article=article, person=writer, role=BylineRole.WRITER)
    Byline.objects.create(article=article, person=writer, role=BylineRole.REPORTER)

    assert ids(get(client, "/articles", {"author": "sam-writer"})) == [article.pk]


def test_published_range_filters(client, db):
    early = make_article("Early", published_at=at(1))
    middle = make_article("Middle", published_at=at(5))
    make_article("Late", published_at=at(9))

    response = get(
        client,
        "/articles",
        {
            "published_after": at(0).isoformat(),
            "published_before": "2026-10-07T12:00:00Z",
        },
    )

    assert ids(response) == [middle.pk, early.pk]


def test_updated_filters_and_updated_since_includes_the_moment(client, db):
    articles = [make_article(f"Story {n}") for n in range(3)]
    for n, article in enumerate(articles):
        Article.objects.filter(pk=article.pk).update(updated_at=at(n))

    since = get(client, "/articles", {"updated_since": at(1).isoformat()})
    after = get(client, "/articles", {"updated_after": at(1).isoformat()})
    before = get(client, "/articles", {"updated_before": at(1).isoformat()})

    assert sorted(ids(since)) == [articles[1].pk, articles[2].pk]
    assert ids(after) == [articles[2].pk]
    assert ids(before) == [articles[0].pk]


def test_a_datetime_without_offset_is_utc(client, db):
    article = make_article("Story", published_at=at(1))

    assert ids(
        get(client, "/articles", {"published_after": "2026-10-02T11:59:59"})
    ) == [article.pk]
    assert (
        ids(get(client, "/articles", {"published_after": "2026-10-02T12:00:00"}))[:1]
        == []
    )


@pytest.mark.parametrize(
    "name",
    [
        "published_after",
        "published_before",
        "updated_after",
        "updated_before",
        "updated_since",
    ],
)
@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "2026-13-01",
        "9999-12-31T23:59:59-14:00",
        # Not read as seconds since 1970, as pydantic would: the schema says
        # ISO 8601, and 32 is far likelier a typo than 1970-01-01T00:00:32.
        "32",
        "-1",
        "1733500000",
        "1.5e9",
    ],
)
def test_a_malformed_datetime_is_a_400_naming_it(client, db, name, value):
    assert problem_fields(get(client, "/articles", {name: value})) == [name]


def test_search_finds_and_ranks_headline_matches_first(client, db):
    in_body = make_article("Other", body="The director spoke.", published_at=at(2))
    in_headline = make_article("The director speaks", published_at=at(1))
    make_article("Unrelated", body="Nothing here.")

    assert ids(get(client, "/articles", {"q": "director"})) == [
        in_headline.pk,
        in_body.pk,
    ]


def test_search_pages_by_rank_with_a_cursor(client, db):
    in_headline = make_article("The director speaks", published_at=at(1))
    in_body = [
        make_article(f"Other {n}", body="The director spoke.", published_at=at(n + 2))
        for n in range(3)
    ]

    pages = walk(client, "/articles", {"q": "director", "size": 2})

    assert pages == [
        [in_headline.pk, in_body[2].pk],
        [in_body[1].pk, in_body[0].pk],
    ]


def test_search_leaves_out_hidden_articles(client, db):
    shown = make_article("The director speaks")
    for article in hidden_articles(body="The director spoke."):
        article.headline = "The director speaks"
        article.save()

    assert ids(get(client, "/articles", {"q": "director"})) == [shown.pk]


@pytest.mark.parametrize("text", ["%%%", "(((", "-", '"', "*", "?!"])
def test_search_for_no_word_at_all_finds_nothing(client, db, text):
    make_article("Director speaks")

    response = get(client, "/articles", {"q": text})

    assert response.status_code == 200
    assert body(response)["items"] == []


def test_search_with_an_order_is_a_400_naming_order(client, db):
    response = get(client, "/articles", {"q": "director", "order": "updated"})

    assert problem_fields(response) == ["order"]


def test_fields_selects_the_fields_of_each_item(client, db):
    article = make_article("Story")

    data = body(get(client, "/articles", {"fields": "id,headline"}))

    assert data["items"] == [{"id": article.pk, "headline": "Story"}]


@pytest.mark.parametrize("value", ["id,body_html", "nope", ",", ""])
def test_unknown_or_no_fields_is_a_400_naming_fields(client, db, value):
    response = get(client, "/articles", {"fields": value})

    assert problem_fields(response) == ["fields"]


def test_an_unknown_field_is_named_in_the_message(client, db):
    response = get(client, "/articles", {"fields": "id,body_html"})

    assert "body_html" in response.json()["errors"][0]["message"]


def test_unknown_parameters_are_a_400_naming_each(client, db):
    response = get(client, "/articles", {"udpated_since": "x", "page": "2"})

    assert problem_fields(response) == ["page", "udpated_since"]


def test_format_json_is_accepted_and_other_formats_are_a_400(client, db):
    assert get(client, "/articles", {"format": "json"}).status_code == 200
    assert problem_fields(get(client, "/articles", {"format": "xml"})) == ["format"]


def test_a_nul_character_is_a_400_not_a_database_error(client, db):
    assert problem_fields(get(client, "/articles", {"person": "a\x00b"})) == ["person"]
    assert get(client, "/articles/a%00b").status_code == 404


# --- The detail ------------------------------------------------------------------


def test_detail_shows_everything_an_article_page_shows(client, db):
    article, correction = corrected_article()
    rita = make_person("Rita G", bio="Model.")
    writer = make_person("Sam Writer")
    work = make_work()
    topic = Topic.objects.create(name="Music videos")
    article.topics.add(topic)
    article.lead_image = credited_image()
    article.headline = "Flashing Lights video premieres"
    article.save()
    tag(article, people=[rita], works=[work], bylines=[writer])
    TaggedPerson.objects.filter(tag=rita).update(found_by=FoundBy.NAME)
    article.refresh_from_db()

    data = body(get(client, f"/articles/{article.slug}"))

    assert data["id"] == article.pk
    assert data["headline"] == "Flashing Lights video premieres"
    assert data["dek"] == "The video came out in 2008."
    assert data["url"] == f"{BASE}/articles/{article.slug}/"
    assert data["api_url"] == f"{BASE}/api/v1/articles/{article.slug}"
    assert data["retracted"] is False
    assert data["body_html"] == article.body_html
    assert "came out in 2008" in data["body_html"]
    assert data["body_text"] == article.body_text
    assert data["published_at"] == FIRST_AT.isoformat()
    assert data["first_published_at"] == FIRST_AT.isoformat()
    assert data["updated_at"] == article.updated_at.isoformat()
    assert data["bylines"] == [
        {
            "name": "Sam Writer",
            "role": "writer",
            "person": {
                "id": writer.pk,
                "slug": "sam-writer",
                "name": "Sam Writer",
                "kind": "person",
                "url": f"{BASE}/people/sam-writer/",
                "api_url": f"{BASE}/api/v1/people/sam-writer",
            },
        }
    ]
    assert data["people"] == [
        {
            "id": rita.pk,
            "slug": "rita-g",
            "name": "Rita G",
            "kind": "person",
            "url": f"{BASE}/people/rita-g/",
            "api_url": f"{BASE}/api/v1/people/rita-g",
            "role": "mention",
            "found_by": "name",
        }
    ]
    assert data["works"] == [
        {
            "id": work.pk,
            "slug": work.slug,
            "title": "Flashing Lights",
            "kind": "song",
            "year": None,
            "url": f"{BASE}/works/{work.slug}/",
            "api_url": f"{BASE}/api/v1/works/{work.slug}",
            "role": "about",
            "found_by": "editor",
        }
    ]
    assert data["topics"] == [
        {
            "id": topic.pk,
            "slug": "music-videos",
            "name": "Music videos",
            "url": f"{BASE}/topics/music-videos/",
            "api_url": f"{BASE}/api/v1/topics/music-videos",
        }
    ]
    assert data["corrections"] == [
        {
            "id": correction.pk,
            "kind": "correction",
            "text": correction.text,
            "date": CORRECTED_AT.isoformat(),
        }
    ]
    changes = f"{BASE}/articles/{article.slug}/changes/"
    assert data["versions"] == [
        {
            "number": 1,
            "kind": "first",
            "date": FIRST_AT.isoformat(),
            "changes_url": None,
        },
        {
            "number": 2,
            "kind": "correction",
            "date": CORRECTED_AT.isoformat(),
            "changes_url": f"{changes}#change-2",
        },
    ]
    assert data["lead_image"]["credit"] == "Photo: Jane Doe / Agency"
    assert [r["name"] for r in data["lead_image"]["renditions"]] == [
        "jpeg-320",
        "webp-640",
    ]


def test_detail_by_id_is_the_same_as_by_slug(client, db):
    article = published_article("Story")

    by_id = get(client, f"/articles/{article.pk}")
    by_slug = get(client, f"/articles/{article.slug}")

    assert by_id.content == by_slug.content


def test_an_id_wins_over_a_slug_of_the_same_digits(client, db):
    first = make_article("First")
    make_article("Digits", slug=str(first.pk))

    assert body(get(client, f"/articles/{first.pk}"))["headline"] == "First"


def test_a_slug_of_digits_still_finds_its_article(client, db):
    article = make_article("Digits", slug="99999")

    assert body(get(client, "/articles/99999"))["id"] == article.pk


def test_every_hidden_article_is_a_404_exactly_like_a_missing_one(client, db):
    missing = get(client, "/articles/no-such-article")

    for article in hidden_articles():
        for ref in (article.slug, str(article.pk)):
            response = get(client, f"/articles/{ref}")
            assert problem_fields(response, 404) == []
            assert response.json() == {
                **missing.json(),
                "instance": f"/api/v1/articles/{ref}",
            }
            assert response["Cache-Control"] == missing["Cache-Control"]


def test_the_404_shape(client, db):
    response = get(client, "/articles/no-such-article")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Not found",
        "status": 404,
        "detail": "Nothing public has this address.",
        "instance": "/api/v1/articles/no-such-article",
    }


def test_a_retracted_article_keeps_its_detail_and_says_so(client, db):
    article = retracted()

    assert body(get(client, f"/articles/{article.slug}"))["retracted"] is True


def test_detail_renders_a_stale_body_like_the_page(client, db):
    article = make_article("Story", body="Fresh words.")
    Article.objects.filter(pk=article.pk).update(body_html="")

    data = body(get(client, f"/articles/{article.slug}"))

    assert "Fresh words." in data["body_html"]


def test_detail_unknown_parameter_is_a_400(client, db):
    article = make_article("Story")

    response = get(client, f"/articles/{article.slug}", {"fields": "id"})

    assert problem_fields(response) == ["fields"]


def test_detail_query_count_does_not_grow_with_tags(
    client, db, django_assert_num_queries
):
    article, _ = corrected_article()
    article.lead_image = credited_image()
    article.save()
    tag(
        article,
        people=[make_person() for _ in range(4)],
        works=[make_work(f"Song {n}") for n in range(3)],
        bylines=[make_person() for _ in range(3)],
    )
    for n in range(3):
        article.topics.add(Topic.objects.create(name=f"Topic {n}"))

    # article with lead image, renditions, bylines, people, works, topics,
    # corrections, versions.
    with django_assert_num_queries(8):
        response = get(client, f"/articles/{article.slug}")

    assert response.status_code == 200


def test_detail_varies_by_accept(client, db):
    article = make_article("Story")

    response = get(client, f"/articles/{article.slug}")

    assert "Accept" in [v.strip() for v in response["Vary"].split(",")]


def test_public_article_is_none_for_what_readers_cannot_see(db):
    shown = make_article("Shown")
    hidden = hidden_articles()

    assert public_article(shown.slug) == shown
    assert [public_article(a.slug) for a in hidden] == [None] * len(hidden)
    assert public_article(str(hidden[0].pk)) is None


def test_sync_with_updated_since_reads_changes_oldest_first(client, db):
    articles = [make_article(f"Story {n}") for n in range(4)]
    for n, article in enumerate(articles):
        Article.objects.filter(pk=article.pk).update(updated_at=at(n))
    last_sync = at(1)

    pages = walk(
        client,
        "/articles",
        {"order": "updated", "updated_since": last_sync.isoformat(), "size": 2},
    )

    assert pages == [[articles[1].pk, articles[2].pk], [articles[3].pk]]
