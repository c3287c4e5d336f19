from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from importer.newstext import parse_news_text
from people.linking import (
    _LINE_BREAKS,
    _TOKEN_SPLIT,
    ALIAS,
    NAME,
    TITLE,
    Entity,
    Linker,
    Mention,
    _tokenize,
)
from tests.builders.seeds import SEED_TEXTS

KANYE = ("person", "Kanye West")
JONZE = ("person", "Spike Jonze")
LANDAY = ("person", "Vincent Landay")
WAYNE = ("person", "Lil Wayne")
RITA = ("person", "Rita G")
MANCINI = ("person", "Elan Mancini")
EGGERS = ("person", "Dave Eggers")
SENDAK = ("person", "Maurice Sendak")
BEASTIES = ("person", "Beastie Boys")
WEEZER = ("person", "Weezer")

FAIRYTALE = ("work", "We Were Once a Fairytale")
WILD_FILM = ("work", "Where the Wild Things Are", "film")
WILD_BOOK = ("work", "Where the Wild Things Are", "book")
HEARTBREAK_ALBUM = ("work", "808s & Heartbreak")
NIGHTMARES = ("work", "See You in My Nightmares")
LIGHTS_SONG = ("work", "Flashing Lights", "song")
LIGHTS_VIDEO = ("work", "Flashing Lights", "music_video")
SABOTAGE = ("work", "Sabotage")
BUDDY_HOLLY = ("work", "Buddy Holly")
AMAZING = ("work", "Amazing")
PARANOID = ("work", "Paranoid")
WELCOME = ("work", "Welcome to Heartbreak")


def person(key, *aliases):
    return Entity(key=key, name=key[1], aliases=aliases)


def work(key, kind, credited, *aliases, quoted_only=False):
    return Entity(
        key=key,
        name=key[1],
        aliases=aliases,
        is_work=True,
        kind=kind,
        quoted_only=quoted_only,
        credited=frozenset(credited),
    )


def seed_entities():
    """The people and works of /work/shared/FACTS.md."""
    return [
        person(KANYE, "Kanye", "West", "Ye", "'Ye", "Yeezy"),
        person(JONZE, "Jonze", "Spike"),
        person(LANDAY, "Landay"),
        person(WAYNE, "Weezy"),
        person(RITA),
        person(MANCINI),
        person(EGGERS),
        person(SENDAK),
        person(BEASTIES, "the Beasties"),
        person(WEEZER),
        work(
            FAIRYTALE,
            "short_film",
            {JONZE, KANYE, LANDAY},
            "We Were Once A Fairytale",
            "We Were Once a Fairy Tale",
            "WE WERE ONCE A FAIRY TALE",
            "Fairytale",
        ),
        work(WILD_FILM, "film", {JONZE, EGGERS, LANDAY}, "Wild Things"),
        work(WILD_BOOK, "book", {SENDAK}),
        work(HEARTBREAK_ALBUM, "album", {KANYE}, "808s and Heartbreak"),
        work(NIGHTMARES, "song", {KANYE, WAYNE}, "Nightmares"),
        work(LIGHTS_SONG, "song", {KANYE}),
        work(LIGHTS_VIDEO, "music_video", {JONZE, KANYE, RITA}, quoted_only=True),
        work(SABOTAGE, "music_video", {BEASTIES, JONZE}),
        work(BUDDY_HOLLY, "music_video", {WEEZER, JONZE}, quoted_only=True),
        work(AMAZING, "song", {KANYE}),
        work(PARANOID, "song", {KANYE}),
        work(WELCOME, "song", {KANYE}),
    ]


@pytest.fixture(scope="module")
def linker():
    return Linker(seed_entities())


def seed_text(name):
    parsed = parse_news_text((SEED_TEXTS / name).read_bytes())
    return f"{parsed.headline}\n\n{parsed.dek}\n\n{parsed.body}"


def keys(linker, text):
    return {mention.key for mention in linker.mentions(text)}


# The seeds


def test_seed_000_links(linker):
    text = seed_text("000_abe5955fdd561f21.txt")

    assert set(linker.link(text)) == {
        KANYE,
        JONZE,
        RITA,
        BEASTIES,
        WEEZER,
        SABOTAGE,
        BUDDY_HOLLY,
        LIGHTS_VIDEO,
        FAIRYTALE,
        WILD_FILM,
        NIGHTMARES,
        HEARTBREAK_ALBUM,
    }


def test_seed_001_links(linker):
    text = seed_text("001_b0fedd82ad9e3230.txt")

    assert set(linker.link(text)) == {
        KANYE,
        JONZE,
        WAYNE,
        FAIRYTALE,
        NIGHTMARES,
        HEARTBREAK_ALBUM,
        LIGHTS_VIDEO,
        WILD_FILM,
    }


def test_seed_001_west_hollywood_is_not_kanye(linker):
    text = seed_text("001_b0fedd82ad9e3230.txt")
    offset = text.index("West Hollywood\u2019s")

    assert [m for m in linker.mentions(text) if m.start == offset] == []


def test_seed_002_links(linker):
    text = seed_text("002_a9bcb9ffb146848a.txt")

    assert set(linker.link(text)) == {
        KANYE,
        JONZE,
        LANDAY,
        NIGHTMARES,
        LIGHTS_VIDEO,
        WILD_FILM,
        HEARTBREAK_ALBUM,
        AMAZING,
        PARANOID,
        WELCOME,
    }


@pytest.mark.parametrize(
    "name",
    [
        "000_abe5955fdd561f21.txt",
        "001_b0fedd82ad9e3230.txt",
        "002_a9bcb9ffb146848a.txt",
    ],
)
def test_seed_mentions_are_ordered_and_point_at_their_surface(linker, name):
    text = seed_text(name)

    mentions = linker.mentions(text)

    assert [text[m.start : m.end] for m in mentions] == [m.surface for m in mentions]
    assert all(a.end <= b.start for a, b in pairwise(mentions))


# People


def test_mentions_full_name_beats_its_parts(linker):
    assert linker.mentions("Kanye West spoke.") == [
        Mention(KANYE, 0, 10, "Kanye West", NAME)
    ]


def test_mentions_quoted_alias_beats_shorter_alias(linker):
    assert linker.mentions("Then 'Ye left.") == [Mention(KANYE, 5, 8, "'Ye", ALIAS)]


def test_mentions_curly_apostrophe_alias(linker):
    assert linker.mentions("Then \u2019Ye left.") == [
        Mention(KANYE, 5, 8, "\u2019Ye", ALIAS)
    ]


def test_mentions_possessive_is_a_whole_word(linker):
    assert linker.mentions("Weezer\u2019s hit and Weezers.") == [
        Mention(WEEZER, 0, 6, "Weezer", NAME)
    ]


def test_mentions_people_match_case_sensitively(linker):
    assert linker.mentions("kanye west and the beasties and yeezy") == []


def test_mentions_alias_inside_a_longer_word_is_not_found(linker):
    assert linker.mentions("Yes, Yeezyfied.") == []


def test_mentions_name_may_not_span_a_line_break(linker):
    assert linker.mentions("Kanye\nWest") == []


def test_mentions_name_may_span_a_no_break_space(linker):
    assert linker.mentions("Kanye\u00a0West") == [
        Mention(KANYE, 0, 10, "Kanye\u00a0West", NAME)
    ]


def test_mentions_west_hollywood_is_a_place():
    linker = Linker([person(KANYE, "Kanye", "West")])

    assert linker.mentions("She lives in West Hollywood.") == []
    assert linker.mentions("Kanye West moved to West Hollywood.") == [
        Mention(KANYE, 0, 10, "Kanye West", NAME)
    ]


@pytest.mark.parametrize(
    "text", ["Kanye West met Donda West.", "Kanye West met Kim Kardashian West."]
)
def test_mentions_name_part_beside_another_name_is_someone_else(text):
    linker = Linker([person(KANYE, "Kanye", "West")])

    assert linker.mentions(text) == [Mention(KANYE, 0, 10, "Kanye West", NAME)]


def test_mentions_name_part_needs_the_full_name_first():
    linker = Linker([person(KANYE, "Kanye", "West")])

    assert linker.mentions("West said hello.") == []
    assert linker.mentions("West said it. Kanye West agreed, and West left.") == [
        Mention(KANYE, 14, 24, "Kanye West", NAME),
        Mention(KANYE, 37, 41, "West", ALIAS),
    ]


def test_mentions_other_aliases_count_anywhere(linker):
    assert linker.mentions("Yeezy and the Beasties met Weezy.") == [
        Mention(KANYE, 0, 5, "Yeezy", ALIAS),
        Mention(BEASTIES, 10, 22, "the Beasties", ALIAS),
        Mention(WAYNE, 27, 32, "Weezy", ALIAS),
    ]


def test_mentions_same_alias_for_two_people_links_neither():
    linker = Linker(
        [person(("person", "Ann Lee"), "Annie"), person(("person", "Ann Ray"), "Annie")]
    )

    assert linker.mentions("Annie sang.") == []


# Works


def test_mentions_one_word_title_as_a_word_is_not_linked(linker):
    assert linker.mentions("an amazing night, a Paranoid fan, Amazing work") == []


def test_mentions_quoted_one_word_title(linker):
    assert linker.mentions('the song "Amazing," played') == [
        Mention(AMAZING, 10, 17, "Amazing", TITLE)
    ]


def test_mentions_single_quoted_title(linker):
    assert linker.mentions("and 'Paranoid' too") == [
        Mention(PARANOID, 5, 13, "Paranoid", TITLE)
    ]


def test_mentions_quoted_title_ignores_case(linker):
    text = "his song - 'See you in my Nightmares' off"

    assert linker.mentions(text) == [
        Mention(NIGHTMARES, 12, 36, "See you in my Nightmares", TITLE)
    ]


def test_mentions_curly_quoted_title_with_comma(linker):
    text = "the \u201cSee You in my Nightmares,\u201d from"

    assert linker.mentions(text) == [
        Mention(NIGHTMARES, 5, 29, "See You in my Nightmares", TITLE)
    ]


def test_mentions_quoted_alias_inside_brackets(linker):
    assert linker.mentions("[a video for 'Nightmares']") == [
        Mention(NIGHTMARES, 14, 24, "Nightmares", ALIAS)
    ]


def test_mentions_multi_word_title_unquoted(linker):
    assert linker.mentions("from 808s and Heartbreak, then 808s & Heartbreak") == [
        Mention(HEARTBREAK_ALBUM, 5, 24, "808s and Heartbreak", ALIAS),
        Mention(HEARTBREAK_ALBUM, 31, 48, "808s & Heartbreak", TITLE),
    ]


def test_mentions_unquoted_title_matches_case_sensitively(linker):
    assert linker.mentions("we were once a fairytale") == []


def test_mentions_short_form_must_match_whole(linker):
    assert linker.mentions("a tiny Wild Thing") == []


def test_mentions_short_form_of_a_title(linker):
    assert linker.mentions("Jonze and the Wild Things crew") == [
        Mention(WILD_FILM, 14, 25, "Wild Things", ALIAS)
    ]


def test_mentions_title_that_is_a_pronoun():
    her = work(("work", "Her"), "film", {JONZE})
    linker = Linker([her])

    assert linker.mentions("Her eyes. I saw her.") == []
    assert linker.mentions("Jonze's 'Her' won.") == [
        Mention(her.key, 9, 12, "Her", TITLE)
    ]


def test_mentions_apostrophe_after_a_letter_opens_no_quote():
    roll = work(("work", "Roll"), "song", set())
    linker = Linker([roll])

    assert linker.mentions("Rock'Roll' night") == []
    assert linker.mentions("Rock 'Roll' night") == [
        Mention(roll.key, 6, 10, "Roll", TITLE)
    ]


def test_mentions_apostrophe_before_a_letter_closes_no_quote():
    it = work(("work", "It"), "book", set())
    linker = Linker([it])

    assert linker.mentions("He said, 'It's late.'") == []
    assert linker.mentions("He read 'It' twice.") == [
        Mention(it.key, 9, 11, "It", TITLE)
    ]


def test_mentions_name_that_begins_with_a_quote_mark_beside_quoted_titles():
    # The apostrophe is both the first token of the name and a quote mark
    # that may open a title: the matcher must try both from that token.
    band = person(("person", "'Til Tuesday"))
    voices = work(("work", "Voices"), "song", set())
    linker = Linker([band, voices])

    assert linker.mentions("Fans of 'Til Tuesday sang 'Voices' and ''Voices''.") == [
        Mention(band.key, 8, 20, "'Til Tuesday", NAME),
        Mention(voices.key, 27, 33, "Voices", TITLE),
        Mention(voices.key, 41, 47, "Voices", TITLE),
    ]
    assert linker.mentions("'Til Tuesday") == [
        Mention(band.key, 0, 12, "'Til Tuesday", NAME)
    ]
    assert linker.mentions("a quote mark at the end '") == []


def test_mentions_quoted_only_work_needs_quotes(linker):
    assert linker.mentions("Weezer made Buddy Holly.") == [
        Mention(WEEZER, 0, 6, "Weezer", NAME)
    ]


def test_mentions_person_unquoted_work_quoted():
    singer = person(("person", "Buddy Holly"))
    video = work(BUDDY_HOLLY, "music_video", {WEEZER})
    linker = Linker([singer, video])

    assert linker.mentions("Buddy Holly sang 'Buddy Holly'") == [
        Mention(singer.key, 0, 11, "Buddy Holly", NAME),
        Mention(video.key, 18, 29, "Buddy Holly", TITLE),
    ]


# Works that share a title


def test_mentions_shared_title_goes_to_the_most_credited_work(linker):
    assert keys(linker, "Maurice Sendak wrote Where the Wild Things Are.") == {
        SENDAK,
        WILD_BOOK,
    }
    assert keys(linker, "Spike Jonze filmed Where the Wild Things Are.") == {
        JONZE,
        WILD_FILM,
    }


def test_mentions_shared_title_tie_is_left_to_an_editor(linker):
    assert linker.mentions("Where the Wild Things Are is great.") == []
    assert keys(linker, "Kanye West sang 'Flashing Lights' live.") == {KANYE}


def test_mentions_shared_title_tie_broken_by_video_cue(linker):
    text = "Kanye West made the 'Flashing Lights' music video."

    assert linker.mentions(text) == [
        Mention(KANYE, 0, 10, "Kanye West", NAME),
        Mention(LIGHTS_VIDEO, 21, 36, "Flashing Lights", TITLE),
    ]


def test_mentions_video_cue_only_looks_three_words_ahead(linker):
    text = "Kanye West sang 'Flashing Lights' on the radio, not a video."

    assert keys(linker, text) == {KANYE}


# link()


def test_link_keeps_the_strongest_way_found(linker):
    text = "Ye sang 'Nightmares'. Kanye West sang 'See You in My Nightmares'."

    assert linker.link(text) == {KANYE: NAME, NIGHTMARES: TITLE}


def test_link_of_text_without_entities_is_empty(linker):
    assert linker.link("Nothing to see here.") == {}


# Tokens: the fast path must cut exactly where the regular expression does.


def _tokens_by_the_regex(text):
    """Tokens and separators as the one regular expression defines them."""
    pieces = _TOKEN_SPLIT.split(text)
    separators = [
        "" if not gap else (" " if _LINE_BREAKS.isdisjoint(gap) else None)
        for gap in pieces[0:-1:2]
    ]
    return pieces[1::2], separators


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\n\nKanye West",
        " \u00a0Kanye",
        "Kanye\u00a0West",
        "Kanye\u2028West\x1cYe\x1fsaid\u2029it",
        "snake_case _x_ 1_000",
        "\"Ye,\"\r\n'Flashing Lights'\u2014live.",
        "Beyonce\u0301 Mo\u0308tley Cr\u00fce \u00bd \u00b2 \u0663\u0664",
        "emoji 🎬🎬 and ‘curly’ quotes…",
        "trailing space \t\n",
    ],
)
def test_tokens_are_those_of_the_regular_expression(text):
    assert _tokenize(text) == _tokens_by_the_regex(text)


@given(
    st.text(
        alphabet=st.sampled_from(
            list("aZ9_'\"’.,-—")
            + list(" \t\n\r\v\f\x1c\x1f\x85\u00a0\u2028\u3000")
            + ["\u0301", "\u00bd", "🎬", "\u0663"]
        ),
        max_size=40,
    )
)
def test_tokens_are_those_of_the_regular_expression_for_any_text(text):
    assert _tokenize(text) == _tokens_by_the_regex(text)


def test_seed_tokens_are_those_of_the_regular_expression():
    for path in sorted(SEED_TEXTS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert _tokenize(text) == _tokens_by_the_regex(text)
