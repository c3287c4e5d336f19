import json
import re

import pytest
from django.urls import reverse

from articles.models import Article, Correction, CorrectionKind, Status
from tests.builders.articles import make_article
from tests.builders.people import make_person
from tests.builders.seeds import SEED_001, SEED_002


def json_ld_of(html: str) -> dict:
    script = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    )
    return json.loads(script.group(1))


def article_url(key: str) -> str:
    return Article.objects.get(source_key=key).get_absolute_url()


def test_home_lists_the_three_seeds_newest_first(client, seeded):
    response = client.get(reverse("public:home"))

    assert response.status_code == 200
    expected = list(Article.objects.order_by("-published_at", "-pk"))
    assert list(response.context["articles"]) == expected
    assert len(expected) == 3


def test_article_credited_to_an_organisation_says_so_and_links_nowhere(client, seeded):
    url = article_url(SEED_002)
    html = client.get(url).content.decode()
    listed = client.get(reverse("public:home")).content.decode()

    assert '<p class="byline">By MTV News (publisher)</p>' in html
    assert "By MTV News (publisher) · " in listed
    data = json_ld_of(html)
    assert data["author"] == [{"@type": "Organization", "name": "MTV News"}]


def test_home_omits_drafts(client, db):
    make_article("A draft nobody may see", status=Status.DRAFT)
    live = make_article("Live story")

    response = client.get(reverse("public:home"))

    assert list(response.context["articles"]) == [live]
    assert b"A draft nobody may see" not in response.content


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


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.UNPUBLISHED])
def test_article_not_public_is_404_like_a_missing_page(client, db, status):
    article = make_article(status=status)

    hidden = client.get(article.get_absolute_url())
    missing = client.get("/articles/no-such-article/")

    assert hidden.status_code == 404
    assert missing.status_code == 404
    assert hidden.content == missing.content


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


@pytest.mark.parametrize("url", ["/people/nobody/", "/works/nothing/", "/topics/none/"])
def test_unknown_entity_pages_are_404(client, db, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["abc", "-1", "99999999999999999999", "0"])
def test_home_bad_page_number_is_404_not_500(client, db, page):
    make_article()

    assert client.get(reverse("public:home"), {"page": page}).status_code == 404
