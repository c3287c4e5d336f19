"""What the public pages ask the database: related coverage, a prolific
writer's articles, and exact query budgets for every page.

The budget tests build a small page, check its exact query count, add 30
more of whatever could make the count grow (bylines, tags, corrections,
related articles, list items), and check the count again.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import html as lxml_html

from articles.models import (
    Article,
    Byline,
    BylineRole,
    Correction,
    CorrectionKind,
    PublishedVersion,
    Status,
    Topic,
    VersionKind,
)
from images.models import Image, Rendition
from people.models import Credit, CreditRole, Person, Work, WorkKind
from public import queries, readmodel
from public.models import RenderedListPage
from tests.builders.articles import (
    CORRECTED_AT,
    corrected_article,
    hidden_articles,
    make_article,
    published_article,
    tag,
)
from tests.builders.images import bare_image
from tests.builders.pages import page_tree, texts
from tests.builders.people import make_person

# --- Related coverage ----------------------------------------------------------


def test_article_related_coverage_most_shared_first(client, db):
    kanye, spike, rita = (make_person(n) for n in ("Kanye", "Spike", "Rita"))
    song = Work.objects.create(name="Song", kind=WorkKind.SONG)
    article = tag(published_article("Main"), people=[kanye, spike], works=[song])
    one = tag(published_article("Shares one"), people=[spike])
    three = tag(published_article("Shares three"), people=[kanye, spike], works=[song])
    two = tag(published_article("Shares two"), people=[kanye], works=[song])
    tag(published_article("Shares none"), people=[rita])
    for hidden in hidden_articles():
        tag(hidden, people=[kanye, spike], works=[song])
    retracted = tag(
        make_article("Retracted", status=Status.RETRACTED), people=[kanye, spike]
    )

    response = client.get(article.get_absolute_url())
    tree = page_tree(response)

    assert response.context["related"] == [three, two, one]
    assert texts(tree, "//aside[@class='related']//li/a") == [
        "Shares three",
        "Shares two",
        "Shares one",
    ]
    assert b"Secret" not in response.content
    assert retracted.headline.encode() not in response.content


def test_article_related_coverage_looks_at_the_newest_of_each_tag(
    client, db, monkeypatch
):
    """Candidates are the RELATED_PER_TAG newest articles of each shared tag, so
    a popular person's old coverage gives way and a rare tag still counts."""
    monkeypatch.setattr(queries, "RELATED_PER_TAG", 2)
    star, rare = make_person("Star"), make_person("Rare")
    rare_match = tag(published_article("Rare match"), people=[rare])
    article = tag(published_article("Main"), people=[star, rare])
    oldest, older, newest = (
        tag(published_article(f"Star {n}"), people=[star]) for n in range(3)
    )

    related = client.get(article.get_absolute_url()).context["related"]

    assert set(related) == {rare_match, older, newest}
    assert oldest not in related


def test_article_related_coverage_by_works_alone(client, db):
    """An article that tags works and no people still gets related coverage,
    ranked by how many of its works each shares."""
    album, single = (
        Work.objects.create(name=name, kind=WorkKind.ALBUM) for name in ("LP", "EP")
    )
    article = tag(published_article("Main"), works=[album, single])
    both = tag(published_article("Both works"), works=[album, single])
    one = tag(published_article("One work"), works=[single])
    tag(published_article("A person only"), people=[make_person("Someone")])

    related = client.get(article.get_absolute_url()).context["related"]

    assert related == [both, one]


def test_article_without_tags_has_no_related_coverage(client, db):
    article = published_article()

    response = client.get(article.get_absolute_url())

    assert response.context["related"] == []
    assert b"Related coverage" not in response.content


# --- A person's articles -------------------------------------------------------


def test_person_page_lists_a_prolific_writer_the_same_way(client, db, monkeypatch):
    """Past WRITTEN_IDS_LIMIT bylines the page finds them another way (see
    ``_written_by``); readers must not see a difference."""
    person = make_person("Prolific")
    hidden = hidden_articles()
    for article in hidden:
        tag(article, bylines=[person])
    for n in range(23):
        tag(make_article(f"By {n}"), bylines=[person])
    url = person.get_absolute_url()
    short_list = [client.get(url, {"by_page": n}).context["written"] for n in (1, 2)]

    monkeypatch.setattr(queries, "WRITTEN_IDS_LIMIT", 2)
    # Rendered anew, not served from the read model, to see what it lists:
    # neither the table nor this process keeps the pages.
    RenderedListPage.objects.all().delete()
    readmodel.forget_checks()
    long_list = [client.get(url, {"by_page": n}).context["written"] for n in (1, 2)]

    assert [len(page) for page in short_list] == [20, 3]
    assert [list(page) for page in long_list] == [list(page) for page in short_list]
    assert not set(hidden) & {a for page in long_list for a in page}


# --- A tag's list, read either way (latest_rows, _walk_by_date) -----------------


@pytest.mark.parametrize("kind", ["topic", "person", "work"])
def test_a_tags_list_is_the_same_walked_by_date_or_sorted(db, monkeypatch, kind):
    person = make_person("Rita Gold")
    work = Work.objects.create(name="Amazing", kind=WorkKind.SONG)
    now = timezone.now()
    tagged = {"people": [person], "works": [work]}
    for number in range(45):
        article = tag(
            make_article(f"Story {number}", published_at=now - timedelta(hours=number)),
            **tagged,
        )
        article.topics.add("Music")
        # Untagged articles in between, as a walk by date meets them.
        other_at = now - timedelta(minutes=90 * number)
        make_article(f"Other {number}", published_at=other_at)
    for article in hidden_articles():
        tag(article, **tagged)
        article.topics.add("Music")
    # Same date: the id decides, as the model's order says.
    Article.objects.filter(headline__in=["Story 3", "Story 4"]).update(
        published_at=now - timedelta(hours=3)
    )
    tag_id = {
        "topic": Topic.objects.get(name="Music").pk,
        "person": person.pk,
        "work": work.pk,
    }[kind]

    def pages(walk: bool) -> list:
        monkeypatch.setattr(queries, "_walk_by_date", lambda *args: walk)
        return [
            queries.latest_rows(number, 20, now=now, **{kind: tag_id})
            for number in (1, 2, 3, 4)
        ]

    walked, sorted_ = pages(True), pages(False)

    assert walked == sorted_
    assert [len(page) for page in walked] == [21, 21, 5, 0]
    headlines = [row[1] for page in walked for row in page[:20]]
    assert not [h for h in headlines if h.startswith(("Secret", "Other"))]


def test_a_busy_tag_is_walked_by_date_and_a_rare_one_sorted(db):
    now = timezone.now()
    busy, rare = make_person("Busy"), make_person("Rare")
    for number in range(30):
        people = [busy, rare] if number == 0 else [busy]
        tag(make_article(f"Story {number}", published_at=now), people=people)

    # 30 articles: walking finds 21 of the busy one's in at most 30 rows.
    assert queries._walk_by_date("person", busy.pk, 21) is True
    assert queries._walk_by_date("person", rare.pk, 21) is False
    # Deeper pages need more of the walk.
    assert queries._walk_by_date("person", busy.pk, 41) is False


# --- Query budgets -------------------------------------------------------------


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
    """One query while nothing has changed since the stored page was found
    current: the article under the public rule with its stored page, the
    content version and when the next scheduled article or version is due.
    Otherwise its relations and related coverage too: three queries while
    its rows are unchanged; a fourth stores a page rendered anew, and a
    fifth looks for related coverage again when the article's people or
    works changed (``public.readmodel``)."""
    article, _ = corrected_article()
    grow_article(article, 1)

    with django_assert_num_queries(4):
        client.get(article.get_absolute_url())
    with django_assert_num_queries(1):
        client.get(article.get_absolute_url())
    grow_article(article, 30, start=1)
    with django_assert_num_queries(5):
        client.get(article.get_absolute_url())
    with django_assert_num_queries(1):
        client.get(article.get_absolute_url())
    # A change the page does not show: the page is checked, not rendered.
    make_article("Elsewhere", status=Status.DRAFT)
    with django_assert_num_queries(3):
        client.get(article.get_absolute_url())
    with django_assert_num_queries(1):
        client.get(article.get_absolute_url())


def test_article_page_queries_send_few_parameters(client, db):
    """psycopg converts a query's placeholders again at every execution
    once it has more than 50 parameters (it caches only smaller ones): the
    article's columns go into the SQL as JSON keys, not as parameters."""
    article, _ = corrected_article()
    grow_article(article, 3)
    sent = []

    def count(execute, sql, params, many, context):
        sent.append(len(params or ()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(article.get_absolute_url())
        client.get(article.get_absolute_url())

    assert len(sent) == 5
    assert max(sent) <= 50


def test_article_page_reads_versions_by_the_articles_key(client, db):
    """The versions of the page's article are checked against the publication
    rule article by article (EXISTS on its key): as ``article_id IN (SELECT
    ... published)`` SQLite listed every published article for each page
    view, a cost that grew with the archive."""
    article, _ = corrected_article()
    with CaptureQueriesContext(connection) as captured:
        client.get(article.get_absolute_url())
    # The versions are one part of the page's relations query
    # (``page_relation_rows``).
    versions = [
        part
        for q in captured.captured_queries
        for part in q["sql"].split(" UNION ALL ")
        if 'FROM "articles_publishedversion"' in part and "published_versions" in part
    ]
    assert len(versions) == 1
    assert "EXISTS" in versions[0]
    assert 'IN (SELECT U0."id"' not in versions[0]


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
    # The content version with the stored page, the page's articles, their
    # bylines, when the next scheduled article is due, storing the page
    # rendered anew; 1 when the stored page is served
    # (tests/public/test_readmodel.py).
    "home": ("/", 5),
    # The version and stored page, the person, their credits and headshot,
    # how to read their list (see queries._walk_by_date), the articles about
    # them, their byline ids then the articles they wrote (see
    # queries._written_by), the bylines of both lists, when the next
    # scheduled article is due, storing the page.
    "person": ("/people/{person}/", 10),
    # The version and stored page, the work, its credits, poster and album,
    # how to read its list, then as the home page.
    "work": ("/works/{work}/", 8),
    # The version and stored page, the topic, how to read its list, then as
    # the home page.
    "topic": ("/topics/music/", 7),
    # The version with the stored search, the matches, their bylines (one
    # more per filter's name looked up), when the next scheduled article is
    # due, storing the page; 1 when the stored search is served
    # (tests/public/test_readmodel.py).
    "search for a word": ("/search/?q=listed", 5),
    "search": ("/search/?q=listed&person={person}&work={work}&topic=music", 8),
    "search without query": ("/search/?author={person}&published_after=2000-01-01", 6),
    "corrections": ("/corrections/", 1),
    # The content version with the stored feed, the articles, their bylines,
    # when the next scheduled article is due, storing the feed; one query
    # when the stored feed is served (tests/public/test_readmodel.py).
    "latest feed": ("/feed/", 5),
    # The person, work or topic first.
    "person feed": ("/people/{person}/feed/", 6),
    "work feed": ("/works/{work}/feed/atom/", 6),
    "topic feed": ("/topics/music/feed/", 6),
    "corrections feed": ("/corrections/feed/", 1),
    "sitemap index": ("/sitemap.xml", 4),
    # A section page: the content version with the stored page, its slice
    # of rows (no count), when the next scheduled article is due, storing
    # the page; one query when the stored page is served.
    "articles sitemap": ("/sitemap-articles.xml", 4),
    "people sitemap": ("/sitemap-people.xml", 4),
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


@pytest.mark.parametrize(
    ("prefix", "name"),
    [("people", "person"), ("works", "work"), ("topics", "topic")],
)
def test_draft_only_names_have_no_page_or_feed(client, only_on_a_draft, prefix, name):
    slug = only_on_a_draft[name]

    answers = [
        client.get(f"/{prefix}/{slug}/").status_code,
        client.get(f"/{prefix}/{slug}/feed/").status_code,
    ]
    sitemap = client.get(f"/sitemap-{prefix}.xml").content.decode()

    assert answers == [404, 404]
    assert slug not in sitemap


def test_work_with_credits_is_public_before_any_article(client, db):
    work = Work.objects.create(name="Credited Film", kind=WorkKind.FILM)
    work.credits.create(person=make_person("A Director"), role="director")

    assert client.get(f"/works/{work.slug}/").status_code == 200


# --- The article page's relations in one query (page_relation_rows) --------------


def load_page_relations(article: Article, *, now=None) -> None:
    """The article's relations in its prefetch caches, as the article page
    reads them (``ArticleDetailView.render_page``)."""
    rows = queries.page_relation_rows(article.pk, article.lead_image_id, now=now)
    queries.apply_page_relations(article, rows)


def related_articles(article: Article, *, now=None) -> list[Article]:
    """Related coverage of ``article`` as its page finds it."""
    people = [item.tag_id for item in article.person_tags.all()]
    works = [item.tag_id for item in article.work_tags.all()]
    return queries.articles_from_rows(
        queries.related_to(article.pk, people, works, now=now)
    )


def rich_article() -> Article:
    """An article with something in every relation the page shows, and rows
    each rule leaves out (an unapproved person, a version not visible yet)."""
    article, _ = corrected_article()
    writer, zoe, ann = (make_person(n) for n in ("Writer", "Zoe Kravitz", "ann Lee"))
    hidden = make_person("Not Approved Yet")
    Person.objects.filter(pk=hidden.pk).update(approved_at=None)
    song = Work.objects.create(name="Song", kind=WorkKind.SONG)
    tag(article, people=[zoe, ann, hidden], works=[song], bylines=[writer])
    Byline.objects.create(
        article=article, organisation="Wire Desk", role=BylineRole.EDITOR, position=1
    )
    Byline.objects.filter(person=writer).update(title="Music writer")
    article.topics.add("videos", "Awards", "2008")
    Correction.objects.create(
        article=article,
        kind=CorrectionKind.UPDATE,
        text="Added the director.",
        created_at=CORRECTED_AT + timedelta(days=1),
    )
    later = timezone.now() + timedelta(days=2)
    PublishedVersion.objects.create(
        article=article,
        number=9,
        kind=VersionKind.UPDATE,
        created_at=later,
        headline=article.headline,
    )
    image = bare_image(caption="On set.", credit="Photo: Agency")
    image.save()
    for name, width in (("jpeg-640", 640), ("webp-640", 640), ("jpeg-320", 320)):
        Rendition.objects.create(
            image=image,
            name=name,
            file=f"images/renditions/{name}.jpg",
            width=width,
            height=width // 2,
            format=name[:4].upper(),
        )
    Article.objects.filter(pk=article.pk).update(lead_image=image)
    return article


def columns(item) -> tuple | None:
    if item is None:
        return None
    deferred = item.get_deferred_fields()
    fields = [f for f in item._meta.concrete_fields if f.attname not in deferred]
    return (type(item), {f.attname: getattr(item, f.attname) for f in fields})


def as_rows(items) -> list[tuple]:
    """Each item's columns and those of the object joined to it (a byline's
    person, a tag row's tag), which must be there without a query."""
    rows = []
    for item in items:
        joined = [
            columns(field.get_cached_value(item))
            for field in item._meta.concrete_fields
            if field.name in ("person", "tag") and field.is_cached(item)
        ]
        rows.append((columns(item), joined))
    return rows


def test_page_relations_are_those_prefetching_finds(db, django_assert_num_queries):
    """The one query finds the same rows, in the same order, with the same
    values and joined objects, as one query per relation."""
    article = rich_article()
    expected = queries.with_page_relations(Article.objects.all()).get(pk=article.pk)

    found = Article.objects.select_related("lead_image").get(pk=article.pk)
    with django_assert_num_queries(1):
        load_page_relations(found)
        relations = {
            name: as_rows(getattr(found, name).all())
            for name in (
                "bylines",
                "person_tags",
                "work_tags",
                "topics",
                "corrections",
                "published_versions",
            )
        }
        renditions = as_rows(found.lead_image.renditions.all())

    for name, rows in relations.items():
        assert rows == as_rows(getattr(expected, name).all()), name
    assert renditions == as_rows(expected.lead_image.renditions.all())
    assert [joined for _, joined in relations["bylines"]][1] == [None]
    assert len(relations["person_tags"]) == 2  # the approved two
    assert len(relations["published_versions"]) == 2  # not the one to come
    assert len(renditions) == 3


def test_page_relations_of_an_article_with_none(db, django_assert_num_queries):
    article = published_article("Bare")
    found = Article.objects.select_related("lead_image").get(pk=article.pk)

    with django_assert_num_queries(1):
        load_page_relations(found)
        assert list(found.bylines.all()) == []
        assert list(found.topics.all()) == []
        assert len(found.published_versions.all()) == 1


# Each thing the page shows comes from the page view's own queries: a change
# shows on the next view, with nothing stored to bring up to date.


def changed_page(client, article: Article, change) -> str:
    before = client.get(article.get_absolute_url()).content.decode()
    change()
    after = client.get(article.get_absolute_url()).content.decode()
    assert after != before
    return after


def test_article_page_shows_a_new_correction_at_once(client, db):
    article = rich_article()

    html = changed_page(
        client,
        article,
        lambda: Correction.objects.create(article=article, text="A third fix."),
    )

    assert "A third fix." in html


def test_article_page_shows_a_renamed_writer_and_tag_at_once(client, db):
    article = rich_article()

    def rename():
        Person.objects.filter(name="Writer").update(name="Renamed Writer")
        Person.objects.filter(name="Zoe Kravitz").update(name="Zoë Kravitz")
        Topic.objects.filter(name="Awards").update(name="Prizes")

    html = changed_page(client, article, rename)

    tree = lxml_html.fromstring(html)
    assert texts(tree, "//p[@class='byline']/a") == ["Renamed Writer"]
    assert "Zoë Kravitz" in texts(tree, "//ul[@class='people']//a")
    assert "Prizes" in texts(tree, "//ul[@class='topics']//a")


def test_article_page_drops_a_person_no_longer_approved_at_once(client, db):
    article = rich_article()

    html = changed_page(
        client,
        article,
        lambda: Person.objects.filter(name="ann Lee").update(approved_at=None),
    )

    assert texts(lxml_html.fromstring(html), "//ul[@class='people']//a") == [
        "Zoe Kravitz"
    ]


def test_article_page_follows_related_articles_at_once(client, db):
    article = rich_article()
    zoe = Person.objects.get(name="Zoe Kravitz")
    other = tag(published_article("Zoe on tour"), people=[zoe])

    html = changed_page(
        client,
        article,
        lambda: Article.objects.filter(pk=other.pk).update(status=Status.UNPUBLISHED),
    )
    assert "Zoe on tour" not in html

    html = changed_page(
        client,
        article,
        lambda: Article.objects.filter(pk=other.pk).update(status=Status.PUBLISHED),
    )
    assert "Zoe on tour" in html


def test_article_page_shows_a_new_caption_and_headline_at_once(client, db):
    article = rich_article()

    def edit():
        Image.objects.filter(lead_image_articles=article).update(caption="New caption.")
        Article.objects.filter(pk=article.pk).update(headline="A new headline")

    html = changed_page(client, article, edit)

    assert "New caption." in html
    assert "<h1>A new headline</h1>" in html


def test_compiled_queries_take_each_views_article_and_time(client, db):
    """The relations and related coverage are compiled once per shape
    (``queries._compiled_once``): each view still gets its own article's
    rows, at its own time."""
    kanye, spike = make_person("Kanye"), make_person("Spike")
    first = tag(published_article("First"), people=[kanye])
    second = tag(published_article("Second"), people=[spike])
    about_kanye = tag(published_article("About Kanye"), people=[kanye])
    about_spike = tag(published_article("About Spike"), people=[spike])
    Correction.objects.create(article=first, text="Fixed the first.")
    soon = timezone.now() + timedelta(days=1)
    scheduled = tag(
        make_article("Kanye soon", status=Status.SCHEDULED, published_at=soon),
        people=[kanye],
    )

    first_page = client.get(first.get_absolute_url())
    second_page = client.get(second.get_absolute_url())

    assert first_page.context["related"] == [about_kanye]
    assert second_page.context["related"] == [about_spike]
    assert b"Fixed the first." in first_page.content
    assert b"Fixed the first." not in second_page.content
    later = soon + timedelta(hours=1)
    assert related_articles(first, now=later) == [scheduled, about_kanye]
    found = Article.objects.select_related("lead_image").get(pk=first.pk)
    load_page_relations(found, now=first.published_at - timedelta(days=1))
    assert list(found.published_versions.all()) == []


def test_a_topic_s_rule_walks_its_index_without_sorting_its_articles(db):
    """The rule asks for the topic's newest tag row on a listed article
    (``public_topics``): read from the (topic, article) index newest first,
    it stops at the first listed one. Ordered by the article instead of its
    id, Django joined the articles and sorted all of the topic's rows."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan; PostgreSQL's depends on the table's size")
    published_article("Listed").topics.add("Awards")
    query = queries.public_topics().filter(slug="awards").query
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = [row[-1] for row in cursor.fetchall()]

    assert any("taggedtopic_tag_article_idx" in step for step in plan)
    assert not any("TEMP B-TREE" in step for step in plan)
    assert [topic.name for topic in queries.public_topics()] == ["Awards"]


@pytest.mark.parametrize("model", [Person, Work, Topic])
def test_public_by_slug_is_the_public_rule_for_each_slug_and_time(db, model):
    """Compiled once per model (``queries._compiled_once``), the lookup gives
    each slug what the rule (``public_people()`` and the others) gives it, at
    the time it is asked for."""
    rule = queries.PUBLIC_RULES[model]
    soon = timezone.now() + timedelta(days=1)
    later = soon + timedelta(hours=1)
    names = {}
    for name, article in [
        ("Listed", published_article("Listed")),
        ("Only on a draft", hidden_articles()[0]),
        ("Soon", make_article("Soon", status=Status.SCHEDULED, published_at=soon)),
    ]:
        if model is Topic:
            article.topics.add(name)
            names[name] = Topic.objects.get(name=name)
        elif model is Person:
            names[name] = make_person(name)
            tag(article, people=[names[name]])
        else:
            names[name] = Work.objects.create(name=name, kind=WorkKind.FILM)
            tag(article, works=[names[name]])

    for now in (None, later):
        for entity in names.values():
            expected = rule(now=now).filter(slug=entity.slug).first()
            found = queries.public_by_slug(model, entity.slug, now=now)
            assert (entity.slug, now, found) == (entity.slug, now, expected)
        assert queries.public_by_slug(model, "nobody", now=now) is None
    assert queries.public_by_slug(model, names["Listed"].slug) == names["Listed"]
    assert queries.public_by_slug(model, names["Only on a draft"].slug) is None
    assert queries.public_by_slug(model, names["Soon"].slug) is None
    assert queries.public_by_slug(model, names["Soon"].slug, now=later).name == "Soon"
