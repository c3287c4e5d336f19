"""The public pages: home, article, what changed, corrections log, person,
work and topic pages; meta tags, feed links, 404s and the error page.

Query budgets are in test_queries.py, JSON-LD in test_structured_data.py,
page numbers in test_pagination.py and caching headers in test_responses.py.
"""

import json
import re

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.views.defaults import server_error

from articles.models import Article, Correction, CorrectionKind, Status, VersionKind
from articles.workflow import transitions
from tests.builders.articles import (
    CORRECTED_AT,
    FIRST_AT,
    added,
    corrected_article,
    hidden_articles,
    make_article,
    published_article,
    removed,
    tag,
)
from tests.builders.pages import page_tree, texts
from tests.builders.people import make_person
from tests.builders.seeds import SEED_001, SEED_002


def json_ld_of(html: str) -> dict:
    script = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    return json.loads(script.group(1))


def article_url(key: str) -> str:
    return Article.objects.get(source_key=key).get_absolute_url()


# --- Home page -----------------------------------------------------------------


def test_home_lists_the_three_seeds_newest_first(client, seeded):
    response = client.get(reverse("public:home"))

    assert response.status_code == 200
    expected = list(Article.objects.order_by("-published_at", "-pk"))
    assert list(response.context["articles"]) == expected
    assert len(expected) == 3


def test_home_omits_drafts(client, db):
    make_article("A draft nobody may see", status=Status.DRAFT)
    live = make_article("Live story")

    response = client.get(reverse("public:home"))

    assert list(response.context["articles"]) == [live]
    assert b"A draft nobody may see" not in response.content


# --- Article page --------------------------------------------------------------


def test_article_credited_to_an_organisation_says_so_and_links_nowhere(client, seeded):
    url = article_url(SEED_002)
    html = client.get(url).content.decode()
    listed = client.get(reverse("public:home")).content.decode()

    assert '<p class="byline">By MTV News (publisher)</p>' in html
    assert "By MTV News (publisher) · " in listed
    data = json_ld_of(html)
    assert data["author"] == [{"@type": "Organization", "name": "MTV News"}]


def test_article_seed_001_shows_byline_linked_not_in_body(client, seeded):
    response = client.get(article_url(SEED_001))
    html = response.content.decode()

    assert response.status_code == 200
    assert (
        '<p class="byline">By <a href="/people/elan-mancini/">Elan Mancini</a></p>'
        in html
    )
    assert "-Elan Mancini" not in html


def test_article_seed_002_headline_dek_and_kanye_linked(client, seeded):
    response = client.get(article_url(SEED_002))
    html = response.content.decode()

    assert (
        "<h1>Kanye West/ Spike Jonze Collaborate On &#x27;Short Film&#x27;</h1>" in html
    )
    assert (
        '<p class="dek">Producer reveals exclusive details on project featuring '
        "Kanye&#x27;s &#x27;See You in My Nightmares.&#x27;</p>"
    ) in html
    assert "[artist" not in html
    # The first mention in the body links to his page.
    assert (
        'The last time <a href="/people/spike-jonze/">Spike Jonze</a> and '
        '<a href="/people/kanye-west/">Kanye West</a> collaborated' in html
    )


def test_article_lists_people_and_works_it_mentions(client, seeded):
    response = client.get(article_url(SEED_002))
    html = response.content.decode()

    assert '<a href="/people/vincent-landay/">Vincent Landay</a>' in html
    assert '<a href="/works/amazing-song/">Amazing (song, 2008)</a>' in html


def test_article_body_is_escaped(client, db):
    article = make_article(body="<script>alert(1)</script>\n\nSecond & last.")

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in html
    assert "<p>Second &amp; last.</p>" in html
    assert "<script>alert" not in html


def test_article_shows_corrections_oldest_first(client, db):
    article = make_article()
    first = Correction.objects.create(article=article, text="First fix.")
    second = Correction.objects.create(
        article=article, text="Second fix.", kind=CorrectionKind.CLARIFICATION
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert html.index(f'id="correction-{first.pk}"') < html.index(
        f'id="correction-{second.pk}"'
    )
    assert "<strong>Clarification</strong>" in html


def test_article_shows_published_and_updated_dates(client, db):
    article, _correction = corrected_article()

    tree = page_tree(client.get(article.get_absolute_url()))

    assert tree.xpath("//time[@class='published']/@datetime") == [
        "2026-11-01T09:00:00+00:00"
    ]
    assert tree.xpath("//time[@class='updated']/@datetime") == [
        "2026-11-02T15:30:00+00:00"
    ]
    # Shown in the newsroom's zone (America/New_York, on standard time from
    # 1 November 2026), with its name; the machine-readable time stays UTC.
    assert texts(tree, "//time[@class='published']") == ["1 November 2026, 04:00 EST"]
    assert texts(tree, "//time[@class='updated']") == ["2 November 2026, 10:30 EST"]


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


def test_retracted_article_stays_at_its_address(client, db):
    article = make_article("Withdrawn story", status=Status.RETRACTED)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert "<strong>Retracted.</strong>" in response.content.decode()


# --- Same 404 for everything the public may not see ----------------------------


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.UNPUBLISHED])
def test_article_not_public_is_404_like_a_missing_page(client, db, status):
    article = make_article(status=status)

    hidden = client.get(article.get_absolute_url())
    missing = client.get("/articles/no-such-article/")

    assert hidden.status_code == 404
    assert missing.status_code == 404
    assert hidden.content == missing.content


@pytest.mark.parametrize("url", ["/people/nobody/", "/works/nothing/", "/topics/none/"])
def test_unknown_entity_pages_are_404(client, db, url):
    assert client.get(url).status_code == 404


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


def test_topic_with_only_hidden_articles_is_404(client, db):
    for article in hidden_articles():
        article.topics.add("Secret topic")

    response = client.get("/topics/secret-topic/")

    assert response.status_code == 404
    assert response.content == client.get("/topics/nothing/").content


# --- What changed --------------------------------------------------------------


def test_what_changed_shows_word_diff_between_versions(client, db):
    article, correction = corrected_article()

    response = client.get(
        reverse("public:article_changes", kwargs={"slug": article.slug})
    )
    tree = page_tree(response)

    assert response.status_code == 200
    assert texts(tree, "//section[@class='change']/h2") == [
        "Version 2: Correction, 2 November 2026, 10:30 EST"
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


def test_versions_page_lists_only_what_readers_saw(editor):
    article = make_article(body="Old text.")
    transitions.add_correction(article, by=editor, kind=VersionKind.MINOR)
    Article.objects.filter(pk=article.pk).update(body="New text.")
    article.refresh_from_db()
    transitions.add_correction(
        article, by=editor, kind=VersionKind.CORRECTION, text="It said old."
    )
    draft = make_article(status=Status.DRAFT)

    listing = Client().get(f"/articles/{article.slug}/changes/")

    assert listing.status_code == 200
    pairs = [(c["older"].number, c["newer"].number) for c in listing.context["changes"]]
    assert pairs == [(1, 2)]
    assert f"{removed('Old')}{added('New')} text." in listing.content.decode()
    assert Client().get(f"/articles/{draft.slug}/changes/").status_code == 404


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


# --- Person, work and topic pages ----------------------------------------------


def test_person_page_kanye_lists_all_three(client, seeded):
    response = client.get("/people/kanye-west/")

    assert response.status_code == 200
    assert {a.source_key for a in response.context["articles"]} == {
        "000_abe5955fdd561f21",
        "001_b0fedd82ad9e3230",
        "002_a9bcb9ffb146848a",
    }


def test_person_page_jonze_lists_all_three_and_credits(client, seeded):
    response = client.get("/people/spike-jonze/")
    html = response.content.decode()

    assert len(response.context["articles"]) == 3
    assert (
        '<a href="/works/sabotage-music-video/">Sabotage</a> '
        "(music video, 1994): director" in html
    )


def test_person_page_splits_articles_by_and_about(client, seeded):
    response = client.get("/people/elan-mancini/")

    assert [a.source_key for a in response.context["written"]] == [SEED_001]
    assert list(response.context["articles"]) == []


def test_person_page_hides_drafts(client, db):
    person = make_person("Rita G")
    draft = make_article(status=Status.DRAFT)
    draft.person_tags.create(tag=person)

    response = client.get(person.get_absolute_url())

    # Nothing public about them: the page is the same 404 as a missing one.
    assert response.status_code == 404
    assert response.content == client.get("/people/nobody/").content


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


def test_person_page_without_bylines_asks_for_no_written_articles(
    client, db, django_assert_num_queries
):
    person = make_person("Rita G", bio="Model.")
    tag(make_article("About her"), people=[person])

    # The content version with the stored page (none), the person, credits
    # and headshot, how to read the articles about, those articles, byline
    # ids (none), the bylines, when the next scheduled article is due,
    # storing the page.
    with django_assert_num_queries(9):
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


def test_work_page_lists_credits_in_order_and_coverage(client, seeded):
    response = client.get("/works/flashing-lights-music-video/")
    html = response.content.decode()

    roles = re.findall(r"<li>(\w+): <a href=\"/people/([\w-]+)/\">", html)
    assert roles == [
        ("Director", "spike-jonze"),
        ("Director", "kanye-west"),
        ("Starring", "rita-g"),
    ]
    assert len(response.context["articles"]) == 3


def test_topic_page_lists_tagged_articles(client, seeded):
    response = client.get("/topics/mtv-news/")

    assert [a.source_key for a in response.context["articles"]] == [SEED_002]


# --- Meta tags and feed links --------------------------------------------------


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


# --- The server error page -----------------------------------------------------


def test_server_error_page_needs_no_database(django_assert_num_queries, db):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert '<link rel="stylesheet" href="/static/newsroom/site.css">' in html
