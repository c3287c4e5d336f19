"""The public pages: article, what changed, corrections log, person, work,
topic; JSON-LD, meta tags and 404s."""

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.views.defaults import server_error

from articles.models import Correction, Status
from people.models import Person, PersonKind, Work, WorkKind
from public import queries
from tests.builders.articles import (
    CORRECTED_AT,
    FIRST_AT,
    corrected_article,
    hidden_articles,
    make_article,
    published_article,
    tag,
)
from tests.builders.pages import expanded_json_ld, page_tree, texts, values
from tests.builders.people import make_person

# --- Article page ------------------------------------------------------------


def test_article_shows_published_and_updated_dates(client, db):
    article, _correction = corrected_article()

    tree = page_tree(client.get(article.get_absolute_url()))

    assert tree.xpath("//time[@class='published']/@datetime") == [
        "2026-11-01T09:00:00+00:00"
    ]
    assert tree.xpath("//time[@class='updated']/@datetime") == [
        "2026-11-02T15:30:00+00:00"
    ]
    assert texts(tree, "//time[@class='updated']") == ["2 November 2026, 15:30 UTC"]


def test_article_with_one_version_has_no_updated_date(client, db):
    article = published_article()

    tree = page_tree(client.get(article.get_absolute_url()))

    assert tree.xpath("//time[@class='published']/@datetime") == [
        "2026-11-01T09:00:00+00:00"
    ]
    assert tree.xpath("//time[@class='updated']") == []
    assert tree.xpath("//a[text()='What changed']") == []


def test_article_shows_corrections_and_links_what_changed(client, db):
    article, correction = corrected_article()

    tree = page_tree(client.get(article.get_absolute_url()))

    assert texts(tree, f"//p[@id='correction-{correction.pk}']") == [
        "Correction, 2 November 2026: An earlier version said the video came "
        "out in 2007; it came out in 2008."
    ]
    assert tree.xpath("//a[text()='What changed']/@href") == [
        f"/articles/{article.slug}/changes/"
    ]


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


def test_retracted_article_stays_at_its_address(client, db):
    article = make_article("Withdrawn story", status=Status.RETRACTED)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "<strong>Retracted.</strong>" in response.content.decode()


# --- Same 404 for everything the public may not see ----------------------------


def test_hidden_articles_are_the_same_404_as_a_missing_one(client, db):
    missing = client.get("/articles/no-such-article/")

    for article in hidden_articles():
        for url in (
            article.get_absolute_url(),
            reverse("public:article_changes", kwargs={"slug": article.slug}),
        ):
            response = client.get(url)
            assert (url, response.status_code) == (url, 404)
            assert response.content == missing.content
            assert "Cache-Tag" not in response.headers
    assert missing.status_code == 404
    assert b"Page not found" in missing.content


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/corrections/",
        "/people/kanye-west/",
        "/works/flashing-lights-music-video/",
        "/topics/itunes/",
        "/search/?q=kanye",
        "/people/kanye-west/?by_page={}",
    ],
)
@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999999999999999999", "last"])
def test_bad_page_numbers_are_404(client, seeded, url, page):
    if "{}" in url:
        address = url.format(page)
    else:
        joiner = "&" if "?" in url else "?"
        address = f"{url}{joiner}page={page}"

    response = client.get(address)

    assert response.status_code == 404
    assert response.content == client.get("/articles/no-such-article/").content


def test_page_past_the_end_is_404_and_page_two_works(client, db):
    for number in range(21):
        make_article(f"Story {number}")

    assert client.get("/?page=2").status_code == 200
    assert [a.headline for a in client.get("/?page=2").context["articles"]] == [
        "Story 20"
    ]
    assert client.get("/?page=3").status_code == 404


def test_server_error_page_needs_no_database(django_assert_num_queries, db):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert '<link rel="stylesheet" href="/static/newsroom/site.css">' in html


# --- What changed ------------------------------------------------------------


def test_what_changed_shows_word_diff_between_versions(client, db):
    article, correction = corrected_article()

    response = client.get(
        reverse("public:article_changes", kwargs={"slug": article.slug})
    )
    tree = page_tree(response)

    assert response.status_code == 200
    assert texts(tree, "//section[@class='change']/h2") == [
        "Version 2: Correction, 2 November 2026, 15:30 UTC"
    ]
    assert texts(tree, "//section[@class='change']//del") == ["[−2007]", "[−2007]"]
    assert texts(tree, "//section[@class='change']//ins") == ["[+2008]", "[+2008]"]
    assert correction.text in texts(tree, "//section[@class='change']/p")[1]


def test_what_changed_never_shows_unpublished_edits(client, db):
    article, _correction = corrected_article()
    # An editor's draft change that was never published.
    article.body = "A secret draft sentence nobody has approved."
    article.save()

    response = client.get(
        reverse("public:article_changes", kwargs={"slug": article.slug})
    )

    assert response.status_code == 200
    assert b"secret draft" not in response.content


def test_what_changed_for_a_single_version_is_404(client, db):
    article = published_article()

    response = client.get(
        reverse("public:article_changes", kwargs={"slug": article.slug})
    )

    assert response.status_code == 404


# --- Corrections log -----------------------------------------------------------


def test_corrections_log_newest_first_linking_to_articles(client, db):
    first = published_article("First story")
    second = published_article("Second story")
    older = Correction.objects.create(
        article=first, text="Older fix.", created_at=FIRST_AT
    )
    newer = Correction.objects.create(
        article=second, text="Newer fix.", created_at=CORRECTED_AT
    )

    response = client.get(reverse("public:corrections"))
    tree = page_tree(response)

    assert list(response.context["corrections"]) == [newer, older]
    assert tree.xpath("//ul[@class='corrections-log']//h2/a/@href") == [
        f"{second.get_absolute_url()}#correction-{newer.pk}",
        f"{first.get_absolute_url()}#correction-{older.pk}",
    ]


def test_corrections_log_hides_corrections_of_hidden_articles(client, db):
    for article in hidden_articles():
        Correction.objects.create(article=article, text="Secret fix.")
    retracted = make_article("Gone", status=Status.RETRACTED)
    shown = Correction.objects.create(article=retracted, text="Why we retracted.")

    response = client.get(reverse("public:corrections"))

    assert list(response.context["corrections"]) == [shown]
    assert b"Secret" not in response.content


# --- Person, work and topic pages ---------------------------------------------


def test_person_page_paginates_about_and_by_separately(client, db):
    person = make_person("Elan Mancini")
    about = [tag(make_article(f"About {n}"), people=[person]) for n in range(22)]
    by = [tag(make_article(f"By {n}"), bylines=[person]) for n in range(3)]

    first = client.get(person.get_absolute_url())
    second = client.get(person.get_absolute_url(), {"page": 2})
    tree = page_tree(first)

    assert list(first.context["articles"]) == about[:20]
    assert list(first.context["written"]) == by
    assert list(second.context["articles"]) == about[20:]
    assert list(second.context["written"]) == by
    assert tree.xpath("//nav[@aria-label='Pages of articles about']//a/@href") == [
        "?page=2"
    ]
    assert tree.xpath("//nav[@aria-label='Pages of articles by']") == []


def test_person_page_by_page_keeps_the_about_page(client, db):
    person = make_person("Prolific")
    for n in range(21):
        tag(make_article(f"By {n}"), bylines=[person])
        tag(make_article(f"About {n}"), people=[person])

    tree = page_tree(client.get(person.get_absolute_url(), {"page": 2}))

    assert tree.xpath("//nav[@aria-label='Pages of articles by']//a/@href") == [
        "?page=2&by_page=2"
    ]


def test_person_page_lists_a_prolific_writer_the_same_way(client, db, monkeypatch):
    """Past WRITTEN_IDS_LIMIT bylines the page finds them another way (see
    ``written_by``); readers must not see a difference."""
    person = make_person("Prolific")
    hidden = hidden_articles()
    for article in hidden:
        tag(article, bylines=[person])
    for n in range(23):
        tag(make_article(f"By {n}"), bylines=[person])
    url = person.get_absolute_url()
    short_list = [client.get(url, {"by_page": n}).context["written"] for n in (1, 2)]

    monkeypatch.setattr(queries, "WRITTEN_IDS_LIMIT", 2)
    long_list = [client.get(url, {"by_page": n}).context["written"] for n in (1, 2)]

    assert [len(page) for page in short_list] == [20, 3]
    assert [list(page) for page in long_list] == [list(page) for page in short_list]
    assert not set(hidden) & {a for page in long_list for a in page}


def test_person_page_without_bylines_asks_for_no_written_articles(
    client, db, django_assert_num_queries
):
    person = make_person("Rita G", bio="Model.")
    tag(make_article("About her"), people=[person])

    # person, articles about, their bylines, credits, byline ids (none).
    with django_assert_num_queries(5):
        response = client.get(person.get_absolute_url())

    assert list(response.context["written"]) == []
    assert b"No articles by them." in response.content


def test_person_page_hides_hidden_articles_about_and_by(client, db):
    person = make_person("Rita G", bio="Model.")
    for article in hidden_articles():
        tag(article, people=[person], bylines=[person])

    response = client.get(person.get_absolute_url())

    assert response.status_code == 200
    assert list(response.context["articles"]) == []
    assert list(response.context["written"]) == []
    assert b"Secret" not in response.content


def test_person_page_with_credits_only_is_shown(client, people_and_works):
    response = client.get("/people/lil-wayne/")

    assert response.status_code == 200
    assert "Credits" in response.content.decode()


def test_topic_with_only_hidden_articles_is_404(client, db):
    for article in hidden_articles():
        article.topics.add("Secret topic")

    response = client.get("/topics/secret-topic/")

    assert response.status_code == 404
    assert response.content == client.get("/topics/nothing/").content


# --- JSON-LD and meta tags -----------------------------------------------------


def test_article_json_ld_is_news_article_matching_the_page(client, db):
    writer = make_person("Elan Mancini")
    group = make_person("Beastie Boys", kind=PersonKind.GROUP)
    video = Work.objects.create(name="Sabotage", kind=WorkKind.MUSIC_VIDEO, year=1994)
    article, correction = corrected_article()
    tag(article, people=[group], works=[video], bylines=[writer])

    response = client.get(article.get_absolute_url())
    tree = page_tree(response)
    (node,) = expanded_json_ld(response)

    url = f"http://127.0.0.1:8000{article.get_absolute_url()}"
    assert node["@type"] == ["https://schema.org/NewsArticle"]
    assert node["@id"] == url
    assert values(node, "headline") == texts(tree, "//h1")
    assert values(node, "description") == texts(tree, "//p[@class='dek']")
    assert values(node, "datePublished") == ["2026-11-01T09:00:00+00:00"]
    assert values(node, "dateModified") == ["2026-11-02T15:30:00+00:00"]
    (author,) = values(node, "author")
    assert author["@type"] == ["https://schema.org/Person"]
    assert values(author, "name") == texts(tree, "//p[@class='byline']/a")
    assert values(author, "url") == [
        f"http://127.0.0.1:8000{writer.get_absolute_url()}"
    ]
    (entity_page,) = values(node, "mainEntityOfPage")
    assert entity_page["@id"] == url
    (publisher,) = values(node, "publisher")
    assert values(publisher, "name") == ["newsroom"]
    mentioned = values(node, "about") + values(node, "mentions")
    assert sorted(values(m, "name")[0] for m in mentioned) == sorted(
        texts(tree, "//ul[@class='people']/li") + ["Sabotage"]
    )
    assert {values(m, "name")[0]: m["@type"] for m in mentioned} == {
        "Beastie Boys": ["https://schema.org/MusicGroup"],
        "Sabotage": ["https://schema.org/MusicVideoObject"],
    }
    (fix,) = values(node, "correction")
    assert fix["@type"] == ["https://schema.org/CorrectionComment"]
    assert values(fix, "text") == [correction.text]
    assert values(fix, "datePublished") == ["2026-11-02T15:30:00+00:00"]


def test_article_json_ld_about_is_what_the_headline_names(client, seeded):
    response = client.get("/articles/kanye-west-spike-jonze-collaborate-on-short-film/")
    (node,) = expanded_json_ld(response)

    about = [values(n, "name")[0] for n in values(node, "about")]
    assert about == ["Kanye West", "Spike Jonze", "See You in My Nightmares"]


def test_hostile_headline_cannot_break_out_of_json_ld(client, db):
    hostile = '</script><script>alert("x")</script> & <!-- Tom'
    article = published_article(hostile, dek="<b>bold</b>")

    response = client.get(article.get_absolute_url())
    html = response.content.decode()

    start = html.index('<script type="application/ld+json">')
    script = html[start : html.index("</script>", start)]
    assert "<" not in script[len('<script type="application/ld+json">') :]
    assert "\\u003c/script\\u003e" in script
    assert "\\u0026" in script
    assert html.count("<script") == 1
    (node,) = expanded_json_ld(response)
    assert values(node, "headline") == [hostile]
    assert values(node, "description") == ["<b>bold</b>"]


def test_person_page_json_ld_is_person_or_music_group(client, people_and_works):
    person = Person.objects.get(slug="beastie-boys")
    person.bio = "A band."
    person.save()

    (node,) = expanded_json_ld(client.get("/people/beastie-boys/"))

    assert node["@type"] == ["https://schema.org/MusicGroup"]
    assert values(node, "name") == ["Beastie Boys"]
    assert values(node, "description") == ["A band."]
    (kanye,) = expanded_json_ld(client.get("/people/lil-wayne/"))
    assert kanye["@type"] == ["https://schema.org/Person"]


@pytest.mark.parametrize(
    ("slug", "schema_type"),
    [
        ("we-were-once-a-fairytale", "Movie"),
        ("where-the-wild-things-are-film", "Movie"),
        ("where-the-wild-things-are-book", "Book"),
        ("808s-heartbreak-album", "MusicAlbum"),
        ("flashing-lights-song", "MusicRecording"),
        ("flashing-lights-music-video", "MusicVideoObject"),
    ],
)
def test_work_page_json_ld_type_and_credits(
    client, people_and_works, slug, schema_type
):
    response = client.get(f"/works/{slug}/")
    tree = page_tree(response)
    (node,) = expanded_json_ld(response)

    assert node["@type"] == [f"https://schema.org/{schema_type}"]
    assert values(node, "name") == texts(tree, "//h1")
    credited = []
    for prop in ("director", "author", "producer", "actor", "byArtist", "creator"):
        credited += [values(p, "name")[0] for p in values(node, prop)]
    assert sorted(credited) == sorted(texts(tree, "//ul[@class='credits']/li/a"))


def test_work_page_json_ld_directors_of_flashing_lights_video(client, people_and_works):
    (node,) = expanded_json_ld(client.get("/works/flashing-lights-music-video/"))

    assert [values(p, "name")[0] for p in values(node, "director")] == [
        "Spike Jonze",
        "Kanye West",
    ]
    assert [values(p, "name")[0] for p in values(node, "actor")] == ["Rita G"]
    assert values(node, "datePublished") == ["2008"]


def test_article_meta_tags_canonical_open_graph_and_twitter(client, db):
    article = published_article("Big news", dek="One sentence & more.")

    tree = page_tree(client.get(article.get_absolute_url(), HTTP_HOST="localhost"))

    url = f"http://127.0.0.1:8000{article.get_absolute_url()}"

    def meta(attr, name):
        return tree.xpath(f"//meta[@{attr}='{name}']/@content")

    assert tree.xpath("//link[@rel='canonical']/@href") == [url]
    assert meta("name", "description") == ["One sentence & more."]
    assert meta("property", "og:title") == ["Big news"]
    assert meta("property", "og:type") == ["article"]
    assert meta("property", "og:url") == [url]
    assert meta("property", "og:description") == ["One sentence & more."]
    assert meta("name", "twitter:card") == ["summary"]
    assert meta("name", "twitter:title") == ["Big news"]
    assert meta("name", "twitter:description") == ["One sentence & more."]
    assert meta("property", "article:published_time") == ["2026-11-01T09:00:00+00:00"]


@override_settings(NEWSROOM_BASE_URL="https://news.example.com")
def test_canonical_uses_the_base_url_not_the_host(client, db):
    article = published_article()

    tree = page_tree(client.get(article.get_absolute_url()))

    assert tree.xpath("//link[@rel='canonical']/@href") == [
        f"https://news.example.com{article.get_absolute_url()}"
    ]


@pytest.mark.parametrize(
    ("url", "feed"),
    [
        ("/", "/feed/"),
        ("/people/kanye-west/", "/people/kanye-west/feed/"),
        ("/works/amazing-song/", "/works/amazing-song/feed/"),
        ("/topics/itunes/", "/topics/itunes/feed/"),
        ("/corrections/", "/corrections/feed/"),
    ],
)
def test_pages_link_their_feeds_as_alternates(client, seeded, url, feed):
    tree = page_tree(client.get(url))

    assert tree.xpath("//link[@rel='alternate']/@href") == [feed, f"{feed}atom/"]
    assert tree.xpath("//link[@rel='alternate']/@type") == [
        "application/rss+xml",
        "application/atom+xml",
    ]
