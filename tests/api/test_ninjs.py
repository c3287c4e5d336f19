"""An article as IPTC ninjs 2.1: valid against the schema for every seed
article and a generated corpus, and mapping what newsroom knows."""

import io
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.utils import timezone as django_timezone

from api.ninjs import MEDIA_TYPE, to_ninjs
from articles import rendering
from articles.models import (
    Article,
    Byline,
    BylineRole,
    Correction,
    CorrectionKind,
    Status,
    TaggedPerson,
    TaggedTopic,
    Topic,
)
from articles.workflow import transitions
from benchmarks import generate_corpus
from images.services import store_image
from people.models import Person, PersonKind, Work, WorkKind
from public.queries import with_page_relations
from tests.builders.articles import (
    corrected_article,
    hidden_articles,
    published_article,
    tag,
)
from tests.builders.images import jpeg, upload
from tests.builders.ninjs import InvalidNinjs, is_date_time, is_uri, validate_ninjs
from tests.builders.people import make_person

BASE = "https://news.example"
RETRACTED_AT = datetime(2026, 11, 3, 8, 15, tzinfo=UTC)
HOSTILE = '<script>alert("x")</script> & <b>Tom</b>'


@pytest.fixture(autouse=True)
def _base_url(settings):
    # The endpoint passes NEWSROOM_BASE_URL, which the body's links use too.
    settings.NEWSROOM_BASE_URL = BASE


def loaded(article: Article) -> Article:
    """``article`` as the API loads it: public, with the page's relations."""
    return with_page_relations(Article.objects.published()).get(pk=article.pk)


def ninjs(article: Article) -> dict:
    return to_ninjs(loaded(article), base_url=BASE)


@pytest.fixture
def photo(editor, media_root):
    return store_image(
        upload(jpeg((1600, 1000))),
        by=editor,
        alt_text="Spike Jonze & Kanye West on set",
        caption="On set in 2009.",
        credit="Photo: Jane Doe / Agency",
    )


@pytest.fixture
def full_article(photo):
    """Bylines of a writer, an agency and a reporter; people, a group, a work
    and a topic tagged; corrected once; a lead image."""
    article, _correction = corrected_article()
    kanye = make_person("Kanye West", slug="kanye-west")
    band = make_person("Weezer", slug="weezer", kind=PersonKind.GROUP)
    work = Work.objects.create(
        name="Flashing Lights", kind=WorkKind.MUSIC_VIDEO, slug="flashing-lights"
    )
    writer = make_person("Sam Writer", slug="sam-writer")
    reporter = make_person("Rita Reporter", slug="rita-reporter")
    article.headline = "Kanye West's Flashing Lights video premieres"
    article.lead_image = photo
    article.save()
    Byline.objects.create(article=article, person=writer, position=0)
    Byline.objects.create(
        article=article,
        organisation="The Associated Press",
        role=BylineRole.PUBLISHER,
        position=1,
    )
    Byline.objects.create(
        article=article, person=reporter, role=BylineRole.REPORTER, position=2
    )
    TaggedTopic.objects.create(
        content_object=article,
        tag=Topic.objects.create(name="Music videos", slug="music-videos"),
    )
    return tag(article, people=[kanye, band], works=[work])


# --- The validator cannot pass vacuously ----------------------------------------


def test_validator_accepts_the_smallest_document():
    validate_ninjs({"uri": "https://news.example/api/v1/articles/1"})


@pytest.mark.parametrize(
    ("document", "complaint"),
    [
        ({"type": "text"}, "'uri' is a required property"),
        ({"uri": "x:1", "pubstatus": "retracted"}, "$.pubstatus"),
        ({"uri": "x:1", "representationtype": "complete"}, "$.representationtype"),
        ({"uri": "x:1", "contenttype": "text/html"}, "contenttype"),
        ({"uri": "x:1", "firstcreated": "2026-11-01 09:00:00"}, "date-time"),
        ({"uri": "x:1", "versioncreated": "2026-02-30T09:00:00Z"}, "date-time"),
        ({"uri": "/api/v1/articles/1"}, "is not a 'uri'"),
        ({"uri": "https://news example/1"}, "is not a 'uri'"),
        ({"uri": "x:1", "headlines": [{"role": "main"}]}, "'value' is a required"),
        ({"uri": "x:1", "people": [{"name": "A", "roles": ["x"]}]}, "roles"),
        ({"uri": "x:1", "by": ["A", "B"]}, "$.by"),
        (
            {"uri": "x:1", "associations": [{"uri": "x:2", "type": "picture"}]},
            "'name' is a required property",
        ),
        (
            {
                "uri": "x:1",
                "associations": [
                    {"uri": "x:2", "name": "a", "renditions": [{"href": "/a.jpg"}]}
                ],
            },
            "is not a 'uri'",
        ),
    ],
)
def test_validator_rejects_what_the_schema_forbids(document, complaint):
    with pytest.raises(InvalidNinjs) as raised:
        validate_ninjs(document)

    assert complaint in str(raised.value)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2026-11-01T09:00:00Z", True),
        ("2026-11-01T09:00:00.123456+01:00", True),
        ("2026-11-01t09:00:00z", True),
        ("2026-11-01T09:00:00", False),
        ("2026-11-01", False),
        ("2026-13-01T09:00:00Z", False),
        ("2026-11-01T24:00:00Z", False),
    ],
)
def test_date_time_format_is_rfc_3339(value, valid):
    assert is_date_time(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("https://news.example/people/kanye-west/", True),
        ("https://news.example/media/a%20b.jpg", True),
        ("urn:ninjs:1", True),
        ("news.example/x", False),
        ("https://news.example/a b", False),
        ("https:///no-host", False),
        ("https://news.example/%zz", False),
        ("https://news.example/é", False),
        ("1http://news.example/", False),
    ],
)
def test_uri_format_is_rfc_3986(value, valid):
    assert is_uri(value) is valid


# --- Validity: every seed article and a generated corpus -------------------------


def test_every_seed_article_is_valid_ninjs(seeded):
    articles = list(with_page_relations(Article.objects.published()))

    documents = [to_ninjs(article, base_url=BASE) for article in articles]

    assert len(documents) == 3
    for document in documents:
        validate_ninjs(document)
    # One seed signs off "-Elan Mancini"; the others name no writer and
    # credit an organisation (MTV News, the newsroom's desk).
    assert sorted(document["by"] for document in documents) == [
        "Elan Mancini",
        "MTV News (publisher)",
        "newsroom desk (publisher)",
    ]


def vary(articles: list[Article], *, editor, photo) -> None:
    """Give a generated corpus what the generator leaves out: organisations in
    bylines, notes of every kind, lead images and retractions."""
    kinds = list(CorrectionKind)
    for number, article in enumerate(articles):
        if number % 5 == 0:
            Byline.objects.create(
                article=article,
                organisation="Synthetic Wire",
                role=BylineRole.PUBLISHER,
                position=9,
            )
        if number % 7 == 0:
            Correction.objects.create(
                article=article,
                kind=kinds[number % len(kinds)],
                text=f"Note {number} with <angle> & ampersand.",
                created_at=article.published_at + timedelta(hours=3),
            )
        if number % 3 == 0:
            Article.objects.filter(pk=article.pk).update(lead_image=photo)
        if number % 11 == 0:
            transitions.retract(article, by=editor, note=f"Retracted {number}.")


def test_generated_corpus_is_valid_ninjs(db, editor, photo):
    generate_corpus.generate(
        generate_corpus.parse_args(
            ["--articles=200", "--people=120", "--works=60", "--seed=18"]
        ),
        io.StringIO(),
    )
    public = list(Article.objects.published().order_by("pk"))
    vary(public, editor=editor, photo=photo)
    articles = list(with_page_relations(Article.objects.published()).order_by("pk"))

    documents = [to_ninjs(article, base_url=BASE) for article in articles]

    for document in documents:
        validate_ninjs(document)
    # Every feature was exercised, so the validity above means something.
    assert len(documents) == len(public) > 150
    assert sum(d["pubstatus"] == "canceled" for d in documents) == len(public[::11])
    assert sum("associations" in d for d in documents) == len(public[::3])
    assert sum("descriptions" in d for d in documents) >= len(public[::7])
    assert sum(bool(d.get("organisations")) for d in documents) >= len(public[::5])
    assert all(d["people"] and d["subjects"] and d["bodies"] for d in documents)
    drafts = Article.objects.exclude(pk__in=[article.pk for article in articles])
    assert drafts.exists()
    for draft in drafts:
        with pytest.raises(ValueError, match="Only a public article"):
            to_ninjs(draft, base_url=BASE)


# --- What each field holds -------------------------------------------------------


def test_full_article_maps_identity_text_and_dates(full_article):
    document = ninjs(full_article)

    validate_ninjs(document)
    page = f"{BASE}/articles/{full_article.slug}/"
    assert document["uri"] == f"{BASE}/api/v1/articles/{full_article.pk}"
    assert document["altids"] == [{"role": "canonical-url", "value": page}]
    assert document["renditions"] == [
        {"name": "web", "href": page, "contenttype": "text/html"}
    ]
    assert document["slugline"] == full_article.slug
    assert document["standard"]["version"] == "2.1"
    assert document["type"] == "text"
    assert document["representationtype"] == "full"
    assert document["pubstatus"] == "usable"
    assert document["language"] == "en-us"
    assert document["headlines"] == [
        {
            "role": "main",
            "contenttype": "text/plain",
            "value": "Kanye West's Flashing Lights video premieres",
        },
        {
            "role": "sub",
            "contenttype": "text/plain",
            "value": "The video came out in 2008.",
        },
    ]
    assert document["firstcreated"] == "2026-11-01T09:00:00Z"
    assert document["versioncreated"] == "2026-11-02T15:30:00Z"
    assert document["version"] == "2"
    assert "ednote" not in document


def test_bodies_are_the_readers_html_and_the_plain_text(full_article):
    article = loaded(full_article)

    html, text = to_ninjs(article, base_url=BASE)["bodies"]

    assert html["contenttype"] == "text/html"
    assert html["value"] == rendering.for_feeds(article.body_html)
    assert "<p>The video came out in 2008.</p>" in html["value"]
    assert text == {
        "role": "main",
        "contenttype": "text/plain",
        "value": "The video came out in 2008.\n\nIt stars Rita G.",
        "charcount": 45,
        "wordcount": 10,
    }
    assert html["wordcount"] == text["wordcount"]


def test_body_links_to_the_site_are_absolute(db):
    kanye = make_person("Kanye West", slug="kanye-west")
    article = tag(published_article(body="Kanye West made a film."), people=[kanye])

    (html, _text) = ninjs(article)["bodies"]

    assert f'href="{BASE}/people/kanye-west/"' in html["value"]
    assert 'href="/' not in html["value"]


def test_byline_keeps_its_order_with_an_organisation(full_article):
    document = ninjs(full_article)

    assert document["by"] == (
        "Sam Writer, The Associated Press (publisher), Rita Reporter (reporter)"
    )
    assert document["people"][:2] == [
        {"name": "Sam Writer", "rel": "writer", "uri": f"{BASE}/people/sam-writer/"},
        {
            "name": "Rita Reporter",
            "rel": "reporter",
            "uri": f"{BASE}/people/rita-reporter/",
        },
    ]
    assert document["organisations"][0] == {
        "name": "The Associated Press",
        "rel": "publisher",
    }


def test_tagged_people_groups_works_and_topics_have_uris_and_names(full_article):
    document = ninjs(full_article)

    # Named in the headline: "about"; only in the body: "mentioned".
    assert document["people"][2:] == [
        {"name": "Kanye West", "rel": "about", "uri": f"{BASE}/people/kanye-west/"},
    ]
    assert document["organisations"][1:] == [
        {"name": "Weezer", "rel": "mentioned", "uri": f"{BASE}/people/weezer/"},
    ]
    assert document["subjects"] == [
        {
            "name": "Flashing Lights",
            "rel": "about",
            "uri": f"{BASE}/works/flashing-lights/",
        },
        {"name": "Music videos", "uri": f"{BASE}/topics/music-videos/"},
    ]


def test_corrections_are_descriptions_with_kind_and_date(full_article):
    document = ninjs(full_article)

    assert document["descriptions"] == [
        {
            "role": "correction",
            "contenttype": "text/plain",
            "value": (
                "Correction (2026-11-02T15:30:00Z): An earlier version said the "
                "video came out in 2007; it came out in 2008."
            ),
        }
    ]


def test_lead_image_is_a_picture_association_with_renditions(full_article, photo):
    (picture,) = ninjs(full_article)["associations"]

    assert picture["name"] == "lead image"
    assert picture["type"] == "picture"
    assert picture["uri"] == f"{BASE}{photo.file.url}"
    assert picture["by"] == "Photo: Jane Doe / Agency"
    assert picture["descriptions"] == [
        {
            "role": "alt",
            "contenttype": "text/plain",
            "value": "Spike Jonze & Kanye West on set",
        },
        {"role": "caption", "contenttype": "text/plain", "value": "On set in 2009."},
    ]
    renditions = {rendition["name"]: rendition for rendition in picture["renditions"]}
    stored = {rendition.name: rendition for rendition in photo.renditions.all()}
    assert set(renditions) == {"original", *stored}
    assert renditions["original"] == {
        "name": "original",
        "href": f"{BASE}{photo.file.url}",
        "contenttype": "image/jpeg",
        "width": 1600,
        "height": 1000,
    }
    for name, rendition in stored.items():
        assert renditions[name] == {
            "name": name,
            "href": f"{BASE}{rendition.file.url}",
            "contenttype": {"JPEG": "image/jpeg", "WEBP": "image/webp"}[
                rendition.format
            ],
            "width": rendition.width,
            "height": rendition.height,
        }


def test_decorative_lead_image_has_no_alt_text(editor, media_root):
    image = store_image(
        upload(jpeg((400, 300))), by=editor, decorative=True, credit="Photo: Desk"
    )
    article = published_article(lead_image=image)

    (picture,) = ninjs(article)["associations"]

    assert "descriptions" not in picture
    assert picture["by"] == "Photo: Desk"


def test_retracted_article_is_canceled_with_the_editors_note(editor):
    article = published_article("Interview that did not happen")

    transitions.retract(
        article, by=editor, note="The interview did not happen.", now=RETRACTED_AT
    )
    document = ninjs(article)

    validate_ninjs(document)
    assert document["pubstatus"] == "canceled"
    assert document["ednote"] == (
        "This article has been retracted; see the editor’s note in descriptions."
    )
    assert document["descriptions"] == [
        {
            "role": "correction",
            "contenttype": "text/plain",
            "value": "Editor’s note (2026-11-03T08:15:00Z): The interview did not "
            "happen.",
        }
    ]
    # The retraction is news to a partner: the item changed then.
    assert document["versioncreated"] == "2026-11-03T08:15:00Z"
    assert document["firstcreated"] == "2026-11-01T09:00:00Z"
    assert document["version"] == "1"


def test_scheduled_article_whose_time_has_come_is_usable(db):
    article = published_article(status=Status.SCHEDULED)

    assert ninjs(article)["pubstatus"] == "usable"


def test_image_files_on_another_host_keep_their_address(full_article, settings):
    settings.MEDIA_URL = "https://cdn.example/media/"

    (picture,) = ninjs(full_article)["associations"]

    assert picture["uri"].startswith("https://cdn.example/media/")
    assert all(
        rendition["href"].startswith("https://cdn.example/media/")
        for rendition in picture["renditions"]
    )


def test_dates_are_utc_rfc_3339(db):
    paris = timezone(timedelta(hours=1))
    at = datetime(2026, 11, 1, 10, 0, 30, 123456, tzinfo=paris)
    article = published_article(published_at=at)

    document = ninjs(article)

    assert document["firstcreated"] == "2026-11-01T09:00:30Z"
    assert document["versioncreated"] == "2026-11-01T09:00:30Z"


def test_minimal_article_leaves_out_what_it_does_not_have(db):
    article = published_article("Just a headline", body="")

    document = ninjs(article)

    validate_ninjs(document)
    assert sorted(document) == [
        "altids",
        "firstcreated",
        "headlines",
        "language",
        "pubstatus",
        "renditions",
        "representationtype",
        "slugline",
        "standard",
        "type",
        "uri",
        "version",
        "versioncreated",
    ]


def test_original_publisher_is_an_infosource(db):
    article = published_article(source_name="MTV News")

    assert ninjs(article)["infosources"] == [
        {"name": "MTV News", "role": "original publisher"}
    ]


# --- Only public articles, with no queries, text kept as text ------------------------


def test_articles_the_public_may_not_see_have_no_document(db):
    for article in hidden_articles():
        with pytest.raises(ValueError, match="Only a public article"):
            to_ninjs(article, base_url=BASE)


def test_article_scheduled_for_later_has_no_document_even_when_loaded(db):
    later = django_timezone.now() + timedelta(hours=1)
    article = published_article(published_at=later, status=Status.SCHEDULED)
    article = with_page_relations(Article.objects.all()).get(pk=article.pk)

    with pytest.raises(ValueError, match="Only a public article"):
        to_ninjs(article, base_url=BASE)


def test_mapping_makes_no_query_beyond_the_page_relations(
    full_article, django_assert_num_queries
):
    article = loaded(full_article)

    with django_assert_num_queries(0):
        to_ninjs(article, base_url=BASE)


def test_out_of_date_html_is_rendered_as_the_page_would(db):
    kanye = make_person("Kanye West", slug="kanye-west")
    article = tag(published_article(body="Kanye West made a film."), people=[kanye])
    rendering.mark_stale([article.pk])

    (html, _text) = ninjs(article)["bodies"]

    assert html["value"].startswith("<p>")
    assert f'href="{BASE}/people/kanye-west/"' in html["value"]
    assert Article.objects.get(pk=article.pk).body_html != ""


def test_hostile_text_stays_text(db):
    person = make_person(HOSTILE, slug="hostile")
    article = published_article(HOSTILE, dek=HOSTILE)
    Byline.objects.create(article=article, person=person)
    TaggedPerson.objects.create(content_object=article, tag=person)

    document = ninjs(article)
    again = json.loads(json.dumps(document))

    validate_ninjs(document)
    assert again["headlines"][0]["value"] == HOSTILE
    assert again["headlines"][1]["value"] == HOSTILE
    assert again["by"] == HOSTILE
    assert [p["name"] for p in again["people"]] == [HOSTILE, HOSTILE]
    assert "&lt;" not in json.dumps(document)


def test_media_type_is_the_one_the_issue_names():
    assert MEDIA_TYPE == "application/ninjs+json"


def test_seed_people_keep_their_slugs_in_uris(seeded):
    document = ninjs(
        Article.objects.get(slug="kanye-west-spike-jonze-collaborate-on-short-film")
    )

    kanye = Person.objects.get(name="Kanye West")
    assert {
        "name": "Kanye West",
        "rel": "about",
        "uri": f"{BASE}{kanye.get_absolute_url()}",
    } in document["people"]
