"""Entity suggestions while writing: the importer's linker on the form's text."""

import pytest

from articles.models import FoundBy, Status, TaggedWork
from articles.suggestions import Suggestion, TooLong, suggest
from people.models import Person, Work
from tests.builders.articles import make_article

pytestmark = pytest.mark.django_db

KANYE = "Kanye West"
WILD = "Where the Wild Things Are"


def names(suggestions: list[Suggestion]) -> list[tuple[str, str, str]]:
    return [(s.kind, s.name, s.label) for s in suggestions]


def test_suggest_finds_the_person_not_the_place(people_and_works):
    suggestions = suggest(
        headline="",
        dek="",
        body="<p>Kanye West filmed in West Hollywood. West was tired.</p>",
    )

    kanye = Person.objects.get(name=KANYE)
    assert suggestions == [
        Suggestion(
            kind="person",
            id=kanye.pk,
            name=KANYE,
            label="person",
            year=None,
            disambiguation="",
            mentions=2,  # "Kanye West" and the later "West", not "West Hollywood"
            tagged=False,
        )
    ]


def test_suggest_west_hollywood_alone_is_nobody(people_and_works):
    assert suggest(headline="", dek="", body="<p>A club in West Hollywood.</p>") == []


def test_suggest_lowercase_amazing_is_not_the_song(people_and_works):
    body = '<p>It was amazing. Then Kanye West played "Amazing," live.</p>'

    suggestions = suggest(headline="", dek="", body=body)

    assert names(suggestions) == [
        ("person", KANYE, "person"),
        ("work", "Amazing", "song"),
    ]
    assert [s.mentions for s in suggestions] == [1, 1]


def test_suggest_tells_the_film_from_the_book_by_who_the_text_names(
    people_and_works,
):
    film = suggest(
        headline="",
        dek="",
        body=f"<p>Spike Jonze directed {WILD}, a hit.</p>",
    )
    book = suggest(
        headline="",
        dek="",
        body=f"<p>Maurice Sendak wrote {WILD} in 1963.</p>",
    )

    assert names(film) == [
        ("person", "Spike Jonze", "person"),
        ("work", WILD, "film"),
    ]
    assert film[1].year == 2009
    assert names(book) == [
        ("person", "Maurice Sendak", "person"),
        ("work", WILD, "book"),
    ]
    assert book[1].year == 1963


def test_suggest_leaves_out_a_title_nothing_tells_apart(people_and_works):
    # Film or book? The text does not say; the reporter picks in the tag field.
    assert suggest(headline="", dek="", body=f"<p>{WILD} is famous.</p>") == []


def test_suggest_counts_mentions_in_headline_dek_and_body(people_and_works):
    suggestions = suggest(
        headline="Kanye West returns",
        dek="Kanye West, again",
        body="<p>Kanye West spoke; then Kanye left.</p>",
    )

    assert [(s.name, s.mentions) for s in suggestions] == [(KANYE, 4)]


def test_suggest_a_name_does_not_run_from_headline_into_dek(people_and_works):
    # Read as one line, "Kanye West" would be found.
    assert suggest(headline="Interview: Kanye", dek="West on tour", body="") == []


def test_suggest_says_what_the_article_is_already_tagged_with(people_and_works):
    article = make_article(status=Status.DRAFT)
    film = Work.objects.get(name=WILD, kind="film")
    TaggedWork.objects.create(content_object=article, tag=film, found_by=FoundBy.NAME)

    suggestions = suggest(
        headline="",
        dek="",
        body=f"<p>Kanye West met Spike Jonze, who made {WILD}.</p>",
        article=article,
    )

    assert [(s.name, s.tagged) for s in suggestions] == [
        (KANYE, False),
        ("Spike Jonze", False),
        (WILD, True),
    ]


def test_suggest_describes_a_work_for_the_reporter(people_and_works):
    [fairytale] = suggest(
        headline="", dek="", body='<p>We Were Once a Fairytale, or "Fairytale".</p>'
    )

    assert fairytale.label == "short film"
    assert fairytale.description == "short film, 2009, 2 mentions"


def test_suggest_queries_once_per_kind_of_row(
    people_and_works, django_assert_num_queries
):
    article = make_article(status=Status.DRAFT)
    body = f"<p>Kanye West met Spike Jonze, who made {WILD}.</p>"

    # People, credits, works (the linker); the people and works found; the
    # article's person tags and work tags.
    with django_assert_num_queries(7):
        suggest(headline="", dek="", body=body, article=article)


def test_suggest_refuses_a_text_longer_than_an_article(people_and_works):
    with pytest.raises(TooLong):
        suggest(headline="x" * 301, dek="", body="")
    with pytest.raises(TooLong):
        suggest(headline="", dek="", body="<p>" + "word " * 200_000 + "</p>")


def test_suggest_reads_a_body_the_form_will_refuse(people_and_works):
    # The form says what is wrong with the embed; the names are still there.
    body = (
        "<p>Kanye West on video:</p>"
        '<figure data-embed-url="https://www.youtube.com/@kanyewest"></figure>'
        "<p>Spike &amp; friends.</p>"
    )

    suggestions = suggest(headline="", dek="", body=body)

    assert names(suggestions) == [("person", KANYE, "person")]
