"""JSON-LD: the builders and the safe serializer (no database needed), and the
JSON-LD of the article, person and work pages, read by a JSON-LD processor."""

import json

import pytest

from people.models import Person, PersonKind, Work, WorkKind
from public.structured_data import json_ld, person_ref, work_ref
from tests.builders.articles import corrected_article, published_article, tag
from tests.builders.pages import expanded_json_ld, page_tree, texts, values
from tests.builders.people import make_person


def test_json_ld_escapes_what_could_end_a_script_element():
    text = json_ld({"headline": "</script><!-- & -->"})

    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text) == {"headline": "</script><!-- & -->"}


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        (WorkKind.FILM, "Movie"),
        (WorkKind.SHORT_FILM, "Movie"),
        (WorkKind.ALBUM, "MusicAlbum"),
        (WorkKind.SONG, "MusicRecording"),
        (WorkKind.MUSIC_VIDEO, "MusicVideoObject"),
        (WorkKind.TV_SERIES, "TVSeries"),
        (WorkKind.BOOK, "Book"),
        ("something_new", "CreativeWork"),
    ],
)
def test_work_ref_type_for_each_kind(kind, schema_type):
    work = Work(name="Title", slug="title", kind=kind, year=2009)

    assert work_ref(work) == {
        "@type": schema_type,
        "name": "Title",
        "url": "http://127.0.0.1:8000/works/title/",
        "datePublished": "2009",
    }


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [(PersonKind.PERSON, "Person"), (PersonKind.GROUP, "MusicGroup")],
)
def test_person_ref_type_for_each_kind(kind, schema_type):
    person = Person(name="Weezer", slug="weezer", kind=kind)

    assert person_ref(person) == {
        "@type": schema_type,
        "name": "Weezer",
        "url": "http://127.0.0.1:8000/people/weezer/",
    }


# --- On the pages --------------------------------------------------------------


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
