"""The news-text parser: headline, dek, bylines, shortcodes and refusals.

The fuzz tests at the end (Hypothesis) show any input either parses or is
refused with the documented error (``NewsTextError`` with a line), never
another exception; newline styles, a BOM and Unicode normalisation forms do
not change the article.
"""

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.newstext import (
    MAX_HEADLINE,
    Credit,
    NewsTextError,
    ParsedText,
    PhotoToCome,
    Shortcode,
    is_organisation,
    parse_byline,
    parse_news_text,
)
from tests.builders import seeds
from tests.builders.importer import news_text

SEED_000 = seeds.SEED_TEXTS / f"{seeds.SEED_000}.txt"
SEED_001 = seeds.SEED_TEXTS / f"{seeds.SEED_001}.txt"
SEED_002 = seeds.SEED_TEXTS / f"{seeds.SEED_002}.txt"
OPEN_TAG = '[artist id="1230523"]'
# No example database in the work tree, no flaky deadlines on a shared machine.
FUZZ = settings(max_examples=300, deadline=None, database=None)


def seed_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def parse_error(data: bytes) -> tuple[int, str]:
    with pytest.raises(NewsTextError) as caught:
        parse_news_text(data)
    return caught.value.line, caught.value.message


# The seeds


def test_seed_000_body_is_the_whole_file():
    parsed = parse_news_text(SEED_000.read_bytes())

    assert parsed == ParsedText(
        headline="",
        dek="",
        body=seed_text(SEED_000).rstrip(),
        bylines=(),
        shortcodes=(),
    )


def test_seed_000_bracketed_aside_stays_text():
    parsed = parse_news_text(SEED_000.read_bytes())

    assert parsed.body.count("I told him [Kanye], the more") == 1


def test_seed_001_glued_byline_is_removed():
    parsed = parse_news_text(SEED_001.read_bytes())

    assert parsed == ParsedText(
        headline="",
        dek="",
        body=seed_text(SEED_001).removesuffix(" \u00a0-Elan Mancini"),
        bylines=(Credit("Elan Mancini"),),
        shortcodes=(),
    )
    assert parsed.body.endswith('"Flashing Lights" music video.')
    assert "Elan" not in parsed.body


def test_seed_001_keeps_nbsp_and_curly_quotes():
    body = parse_news_text(SEED_001.read_bytes()).body

    assert body.count("short film\u00a0We Were Once a Fairytale\u00a0spoke") == 1
    assert body.count("out there.\u201d\u00a0\n\nThis is not") == 1
    assert body.count("\u201cSee You in my Nightmares,\u201d from Kanye\u2019s") == 1


def test_seed_002_headline_dek_and_shortcode():
    parsed = parse_news_text(SEED_002.read_bytes())
    paragraphs = seed_text(SEED_002).split("\n\n")
    body = "\n\n".join(paragraphs[2:]).replace(OPEN_TAG, "").replace("[/artist]", "")

    assert parsed == ParsedText(
        headline="Kanye West/ Spike Jonze Collaborate On 'Short Film'",
        dek=(
            "Producer reveals exclusive details on project featuring"
            " Kanye's 'See You in My Nightmares.'"
        ),
        body=body,
        bylines=(),
        shortcodes=(
            Shortcode(
                name="artist",
                attrs=(("id", "1230523"),),
                text="Kanye West",
                start=30,
                end=40,
            ),
        ),
    )


def test_seed_002_shortcode_offsets_point_into_body():
    parsed = parse_news_text(SEED_002.read_bytes())
    [shortcode] = parsed.shortcodes

    assert shortcode.attr("id") == "1230523"
    assert parsed.body[shortcode.start : shortcode.end] == "Kanye West"
    assert "[artist" not in parsed.body
    assert parsed.body.count("[a video for 'Nightmares']") == 1
    assert parsed.body.count("Jonze \u2014 who teamed up") == 1


# Decoding and normalisation


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.replace("\n", "\r\n").encode(),
        lambda text: text.replace("\n", "\r").encode(),
        lambda text: b"\xef\xbb\xbf" + text.encode(),
    ],
    ids=["crlf", "lone-cr", "bom"],
)
def test_parse_news_text_newlines_and_bom_change_nothing(encode):
    text = seed_text(SEED_002)

    assert parse_news_text(encode(text)) == parse_news_text(text.encode())


def test_parse_news_text_nfd_is_normalised_to_nfc():
    nfc = "Beyonc\u00e9 met Ry\u016bichi Sakamoto.\n\nCaf\u00e9 talk."
    nfd = unicodedata.normalize("NFD", nfc)

    assert nfd != nfc
    assert parse_news_text(nfd.encode()) == parse_news_text(nfc.encode())
    assert parse_news_text(nfd.encode()).body == nfc


def test_parse_news_text_keeps_nbsp_curly_quotes_and_dashes():
    text = "\u201cHi,\u201d she said\u00a0\u2014 it\u2019s \ufb01ne\u2026 really."

    assert parse_news_text(text.encode()).body == text


def test_parse_news_text_blank_lines_become_one_paragraph_break():
    data = b'Intro.\n \n\n\t\nThen [artist id="7"]Rita G[/artist] spoke.\n\n\n'

    parsed = parse_news_text(data)

    assert parsed.body == "Intro.\n\nThen Rita G spoke."
    assert parsed.shortcodes == (Shortcode("artist", (("id", "7"),), "Rita G", 13, 19),)


def test_parse_news_text_lines_inside_a_paragraph_are_kept():
    data = b"  First line\nsecond line.  \n\nNext."

    assert parse_news_text(data).body == "  First line\nsecond line.  \n\nNext."


# Headline, dek and bylines


def test_parse_news_text_dek_must_be_one_sentence():
    data = b"A Headline\n\nFirst sentence. Second sentence.\n\nBody."

    parsed = parse_news_text(data)

    assert (parsed.headline, parsed.dek) == ("A Headline", "")
    assert parsed.body == "First sentence. Second sentence.\n\nBody."


def test_parse_news_text_dek_needs_a_body_after_it():
    parsed = parse_news_text(b"A Headline\n\nA single sentence.")

    assert (parsed.headline, parsed.dek, parsed.body) == (
        "A Headline",
        "",
        "A single sentence.",
    )


def test_parse_news_text_lone_headline_is_body():
    parsed = parse_news_text(b"Kanye West Returns\n")

    assert (parsed.headline, parsed.body) == ("", "Kanye West Returns")


def test_parse_news_text_long_first_line_is_body():
    line = "Word " * (MAX_HEADLINE // 5) + "end"

    parsed = parse_news_text(f"{line}\n\nMore.".encode())

    assert (parsed.headline, parsed.body) == ("", f"{line}\n\nMore.")


def test_parse_news_text_shortcode_in_headline_has_no_body_offsets():
    data = b'[artist id="1"]Kanye West[/artist] Returns\n\nBody text.'

    parsed = parse_news_text(data)

    assert parsed.headline == "Kanye West Returns"
    assert parsed.body == "Body text."
    assert parsed.shortcodes == (
        Shortcode("artist", (("id", "1"),), "Kanye West", -1, -1),
    )


def test_parse_news_text_top_byline():
    parsed = parse_news_text(b"By Jane Doe\n\nBody text here.")

    assert parsed == ParsedText(
        headline="",
        dek="",
        body="Body text here.",
        bylines=(Credit("Jane Doe"),),
        shortcodes=(),
    )


def test_parse_news_text_top_byline_after_headline_and_dek_lists_names():
    data = (
        b"Spike Jonze Talks\n\nThe director explains.\n\n"
        b"by Jane Doe, Jean-Luc O'Brien and J. R. Smith\n\nBody."
    )

    parsed = parse_news_text(data)

    assert (parsed.headline, parsed.dek, parsed.bylines, parsed.body) == (
        "Spike Jonze Talks",
        "The director explains.",
        (Credit("Jane Doe"), Credit("Jean-Luc O'Brien"), Credit("J. R. Smith")),
        "Body.",
    )


def test_parse_news_text_byline_alone_at_the_end():
    parsed = parse_news_text("Body text.\n\n\u2014 Elan Mancini\n".encode())

    assert (parsed.body, parsed.bylines) == ("Body text.", (Credit("Elan Mancini"),))


def test_parse_news_text_glued_text_that_is_not_a_name_stays():
    data = b"Intro.\n\nThe score was 3  - 2, and it ended  -badly."

    parsed = parse_news_text(data)

    assert (parsed.body, parsed.bylines) == (data.decode(), ())


def test_parse_news_text_shortcode_in_trailing_byline_has_no_body_offsets():
    data = b'Body text.  -[artist id="3"]Elan Mancini[/artist]'

    parsed = parse_news_text(data)

    assert (parsed.body, parsed.bylines) == ("Body text.", (Credit("Elan Mancini"),))
    assert parsed.shortcodes == (
        Shortcode("artist", (("id", "3"),), "Elan Mancini", -1, -1),
    )


def test_parse_news_text_byline_that_would_split_a_shortcode_stays():
    data = b'[artist id="3"]Body text.  -Elan[/artist] Mancini'

    parsed = parse_news_text(data)

    assert (parsed.body, parsed.bylines) == ("Body text.  -Elan Mancini", ())
    assert parsed.shortcodes == (
        Shortcode("artist", (("id", "3"),), "Body text.  -Elan", 0, 17),
    )


# Shortcodes


def test_parse_news_text_bare_shortcode_with_closing_tag():
    parsed = parse_news_text(b"Hello [artist]Rita G[/artist].")

    assert parsed.body == "Hello Rita G."
    assert parsed.shortcodes == (Shortcode("artist", (), "Rita G", 6, 12),)


def test_parse_news_text_single_quoted_attributes():
    parsed = parse_news_text(b"[artist id='5' role=\"star\"]Rita G[/artist] stars.")

    assert parsed.shortcodes == (
        Shortcode("artist", (("id", "5"), ("role", "star")), "Rita G", 0, 6),
    )


# Errors


def test_news_text_error_str_is_line_and_message():
    error = NewsTextError(3, "file is empty")

    assert (str(error), error.line, error.message) == (
        "3: file is empty",
        3,
        "file is empty",
    )


@pytest.mark.parametrize("data", [b"", b"\n\n", b" \t\r\n\xc2\xa0\n", b"\xef\xbb\xbf"])
def test_parse_news_text_empty_file(data):
    assert parse_error(data) == (1, "file is empty")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff at the start", (1, "not valid UTF-8 (byte 0xff)")),
        (b"one\ntwo\r\nthree \xff", (3, "not valid UTF-8 (byte 0xff)")),
        (b"one\rtwo\r\rfour \xfe", (4, "not valid UTF-8 (byte 0xfe)")),
        (b"one\n\ncut short \xe2\x80", (3, "not valid UTF-8 (byte 0xe2)")),
    ],
    ids=["first-line", "crlf", "lone-cr", "truncated"],
)
def test_parse_news_text_invalid_utf8(data, expected):
    assert parse_error(data) == expected


def test_parse_news_text_nul_byte():
    assert parse_error(b"one\r\ntwo\n\x00three") == (
        3,
        "contains a NUL byte; this looks like a binary file",
    )


def test_parse_news_text_nul_byte_reported_before_other_controls():
    assert parse_error(b"bell \x07\nnul \x00") == (
        2,
        "contains a NUL byte; this looks like a binary file",
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"one\n\ntwo \x07", (3, "contains control character U+0007")),
        (b"form\x0cfeed", (1, "contains control character U+000C")),
        (b"a\nb\nc\x1f", (3, "contains control character U+001F")),
        (b"del \x7f", (1, "contains control character U+007F")),
    ],
)
def test_parse_news_text_control_character(data, expected):
    assert parse_error(data) == expected


def test_parse_news_text_unclosed_shortcode():
    data = b'Intro.\n\nSee [artist id="1"]Kanye West and more.'

    assert parse_error(data) == (3, "shortcode [artist] opened here is never closed")


def test_parse_news_text_stray_closing_tag():
    data = b"Intro.\nKanye West[/artist] said."

    assert parse_error(data) == (
        2,
        "[/artist] closes a shortcode that was never opened",
    )


def test_parse_news_text_nested_shortcodes():
    data = b'Intro.\n[artist id="1"]Kanye\n[artist id="2"]West[/artist][/artist]'

    assert parse_error(data) == (3, "shortcode [artist] inside another shortcode")


def test_parse_news_text_unknown_shortcode_keeps_its_text():
    data = b'Intro.\n\nWatch [video id="9"]the clip[/video] now.'

    parsed = parse_news_text(data)

    assert parsed.body == "Intro.\n\nWatch the clip now."
    assert parsed.shortcodes == (
        Shortcode("video", (("id", "9"),), "the clip", 14, 22),
    )
    assert parsed.shortcodes[0].line == 3


def test_parse_news_text_unknown_bare_shortcode_with_closing_tag_is_unwrapped():
    parsed = parse_news_text(b"A\nB [sarcasm]great[/sarcasm]")

    assert parsed.body == "A\nB great"
    assert parsed.shortcodes == (Shortcode("sarcasm", (), "great", 4, 9),)


def test_parse_news_text_unknown_shortcode_never_closed_is_refused():
    data = b'Intro.\n\nWatch [clip id="9"]the clip now.'

    assert parse_error(data) == (3, "shortcode [clip] opened here is never closed")


def test_parse_news_text_wordpress_gallery_stands_alone():
    data = b'Intro.\n\n[gallery ids="1,2"]\n\nMore [foo x="1"/] text.'

    parsed = parse_news_text(data)

    assert parsed.body == "Intro.\n\n\n\nMore  text."
    assert [(sc.name, sc.text, sc.line) for sc in parsed.shortcodes] == [
        ("gallery", "", 3),
        ("foo", "", 5),
    ]


def test_parse_news_text_shortcode_across_paragraph_break():
    data = b'Intro.\n[artist id="1"]Kanye\n\nWest[/artist] said.'

    assert parse_error(data) == (
        2,
        "shortcode [artist] opened here is not closed before its paragraph ends",
    )


def test_parse_news_text_shortcode_without_text():
    assert parse_error(b'Hi\n[artist id="1"] [/artist] there.') == (
        2,
        "shortcode [artist] wraps no text",
    )


def test_parse_news_text_many_unclosed_openings_fail():
    assert parse_error(b'[artist id="1"]\n' * 50_000) == (
        2,
        "shortcode [artist] inside another shortcode",
    )


def test_parse_news_text_deep_nesting_fails():
    data = b'[artist id="1"]' * 50_000 + b"x" + b"[/artist]" * 50_000

    assert parse_error(data) == (1, "shortcode [artist] inside another shortcode")


# Hostile input (Hypothesis)


def outcome(data: bytes) -> ParsedText | tuple[int, str]:
    try:
        return parse_news_text(data)
    except NewsTextError as exc:
        return (exc.line, exc.message)


@FUZZ
@given(st.binary(max_size=3000))
def test_parse_any_bytes_parses_or_refuses_with_a_line(data):
    try:
        parse_news_text(data)
    except NewsTextError as exc:
        lines = 1 + data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")
        assert 1 <= exc.line <= lines
        assert exc.message
        assert str(exc) == f"{exc.line}: {exc.message}"


# Lines of a pasted page with photos in it, in any order and grouping.
PHOTO_PAGE_LINES = st.sampled_from(
    [
        "Singer Returns Home",
        "By Jane Doe",
        "LONDON (AP) — She sang.",
        "The crowd sang back.",
        "[Photo: the singer]",
        "[Image]",
        "The singer on stage.",
        "Credit: Sam Roe",
        "Photo: Sam Roe/Getty Images",
        "Fans in the rain. (AP Photo/Jo Li)",
        "-Omar Reyes",
        "",
    ]
)


@FUZZ
@given(st.lists(PHOTO_PAGE_LINES, min_size=1, max_size=14))
def test_parse_photos_to_come_sit_in_the_body_in_order(lines):
    result = outcome("\n".join(lines).encode())

    if isinstance(result, ParsedText):
        offsets = [photo.offset for photo in result.photos]
        assert offsets == sorted(offsets)
        assert all(0 <= at <= len(result.body) for at in offsets)
        # At a paragraph's or a line's edge, never inside a word.
        assert all(
            at in (0, len(result.body)) or "\n" in result.body[at - 1 : at + 1]
            for at in offsets
        )
        assert all(photo.caption or photo.credit for photo in result.photos)


@FUZZ
@given(news_text)
def test_parse_any_text_parses_or_refuses_with_a_line(text):
    result = outcome(text.encode("utf-8", "surrogatepass"))

    assert isinstance(result, ParsedText) or result[0] >= 1


@FUZZ
# A U+FEFF the file itself starts with is content, not the one BOM dropped.
@given(news_text.map(lambda t: t.replace("\r", "").lstrip("\ufeff")))
def test_parse_newline_styles_and_bom_give_the_same_article(text):
    lf = outcome(text.encode())

    assert outcome(text.replace("\n", "\r\n").encode()) == lf
    assert outcome(text.replace("\n", "\r").encode()) == lf
    assert outcome(b"\xef\xbb\xbf" + text.encode()) == lf


@FUZZ
@given(news_text)
def test_parse_normalisation_forms_give_the_same_article(text):
    nfc = outcome(unicodedata.normalize("NFC", text).encode())

    assert outcome(unicodedata.normalize("NFD", text).encode()) == nfc


def test_parse_survives_thousands_of_nested_and_unclosed_shortcodes():
    # Timings are in benchmarks/bench_newstext_hostile.py; here it must end.
    hostile = [
        "[artist]" * 20_000 + "Kanye" + "[/artist]" * 20_000,
        '[artist id="1"]' * 20_000,
        "[artist]Kanye" * 20_000,
        "[/artist]" * 20_000,
        "[" * 100_000,
        "[artist " * 20_000,
        '[artist id="' * 20_000,
        ("x " * 50 + "\n\n") * 5_000 + "[artist]" * 5_000,
        " " * 200_000 + "-Jane Doe",
        "By " + "Jane, " * 20_000,
    ]
    outcomes = [outcome(text.encode()) for text in hostile]

    nested = (1, "shortcode [artist] inside another shortcode")
    stray_close = (1, "[/artist] closes a shortcode that was never opened")
    # A bare [artist] never closed later is ordinary bracketed text.
    assert [o if isinstance(o, tuple) else "parsed" for o in outcomes] == [
        nested,
        nested,
        "parsed",
        stray_close,
        "parsed",
        "parsed",
        "parsed",
        "parsed",
        "parsed",
        "parsed",
    ]


# Bylines in the shapes wires and sites use


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe", (Credit("Jane Doe"),)),
        ("By Jane Doe and Omar Reyes", (Credit("Jane Doe"), Credit("Omar Reyes"))),
        (
            "By Jane Doe, Omar Reyes and Priya Natarajan",
            (Credit("Jane Doe"), Credit("Omar Reyes"), Credit("Priya Natarajan")),
        ),
        ("By Jane Doe, Music Editor", (Credit("Jane Doe", title="Music Editor"),)),
        (
            "By Jane Doe and Omar Reyes, Associated Press Writers",
            (
                Credit("Jane Doe", title="Associated Press Writers"),
                Credit("Omar Reyes", title="Associated Press Writers"),
            ),
        ),
        (
            "By JANE DOE, AP Music Writer",
            (Credit("Jane Doe", title="AP Music Writer"),),
        ),
        ("By JEAN-LUC O'BRIEN", (Credit("Jean-Luc O'Brien"),)),
        ("By PAUL MCCARTNEY", (Credit("PAUL MCCARTNEY"),)),
        ("By The Associated Press", (Credit("The Associated Press", True),)),
        ("By Reuters", (Credit("Reuters", True),)),
        ("By AFP", (Credit("AFP", True),)),
        ("By Music Weekly Staff", (Credit("Music Weekly Staff", True),)),
        ("Jane Doe | Music Weekly", (Credit("Jane Doe", title="Music Weekly"),)),
        ("By Jane Doe | Music Weekly", (Credit("Jane Doe", title="Music Weekly"),)),
        ("By Anna van der Berg", (Credit("Anna van der Berg"),)),
        ("Home | Music | Movies", ()),
        ("Bye for now", ()),
        ("By the way, this is a sentence.", ()),
        ("Stand by me", ()),
        ("By the crowd at the press night", ()),
    ],
)
def test_parse_byline_shapes(line, expected):
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("The Associated Press", True),
        ("Associated Press", True),
        ("AP", True),
        ("The Hollywood Desk", True),
        ("Northside Records", True),
        ("BBC", True),
        ("Jane Doe", False),
        ("Spike Jonze", False),
        ("Jo", False),
        ("the crowd at the press night went home happy", False),
        ("Photo by any stage this time", False),
    ],
)
def test_is_organisation_rule(name, expected):
    assert is_organisation(name) is expected


def test_parse_news_text_credits_line_at_the_end():
    data = (
        b"Body text.\n\n"
        b"(Reporting by Jane Doe; Additional reporting by Omar Reyes; "
        b"Editing by Priya Natarajan)\n"
    )

    parsed = parse_news_text(data)

    assert (parsed.body, parsed.bylines) == (
        "Body text.",
        (
            Credit("Jane Doe", role="reporter"),
            Credit("Omar Reyes", role="additional_reporting"),
            Credit("Priya Natarajan", role="editor"),
        ),
    )


def test_parse_news_text_additional_reporting_glued_to_the_last_sentence():
    data = b"By Jane Doe\n\nFirst.\n\nIt ended. Additional reporting by Omar Reyes."

    parsed = parse_news_text(data)

    assert (parsed.body, parsed.bylines) == (
        "First.\n\nIt ended.",
        (Credit("Jane Doe"), Credit("Omar Reyes", role="additional_reporting")),
    )


def test_parse_news_text_byline_line_is_never_a_paragraph_or_headline():
    parsed = parse_news_text(b"By The Associated Press\n\nBody text here.")

    assert (parsed.headline, parsed.body, parsed.bylines) == (
        "",
        "Body text here.",
        (Credit("The Associated Press", True),),
    )


# Datelines


@pytest.mark.parametrize(
    ("opening", "dateline"),
    [
        ("NEW YORK (AP) — A", "NEW YORK (AP)"),
        ("LOS ANGELES, Oct. 22 (Reuters) - A", "LOS ANGELES, Oct. 22 (Reuters)"),
        ("LONDON — A", "LONDON"),
        ("PARIS, France -- A", "PARIS, France"),
        ("ST. LOUIS (AP) — A", "ST. LOUIS (AP)"),
    ],
)
def test_parse_news_text_dateline_is_kept_apart_from_the_body(opening, dateline):
    parsed = parse_news_text(f"Intro headline\n\n{opening} singer sang.".encode())

    assert (parsed.dateline, parsed.body) == (dateline, "A singer sang.")


@pytest.mark.parametrize(
    "opening",
    ["OK — so it begins.", "UPDATE — The band said.", "TV - what a week.", "A — b."],
)
def test_parse_news_text_capitals_and_a_dash_are_not_always_a_dateline(opening):
    parsed = parse_news_text(opening.encode())

    assert (parsed.dateline, parsed.body) == ("", opening)


def test_parse_news_text_dateline_agency_credited_only_without_a_byline():
    alone = parse_news_text("NEW YORK (AP) — A singer sang.".encode())
    signed = parse_news_text("By Jane Doe\n\nNEW YORK (AP) — A singer sang.".encode())

    assert alone.bylines == (
        Credit("The Associated Press", organisation=True, role="publisher"),
    )
    assert signed.bylines == (Credit("Jane Doe"),)


def test_parse_news_text_dateline_keeps_shortcode_offsets():
    data = 'LONDON — [artist id="1"]Rita G[/artist] sang.'.encode()

    parsed = parse_news_text(data)

    assert parsed.body == "Rita G sang."
    assert (parsed.shortcodes[0].start, parsed.shortcodes[0].end) == (0, 6)


# Kickers, page chrome and photo captions


def test_parse_news_text_kicker_is_not_the_headline():
    parsed = parse_news_text(b"MUSIC\n\nA Real Headline\n\nBody text here.")

    assert (parsed.headline, parsed.body) == ("A Real Headline", "Body text here.")
    assert parsed.warnings == ((1, "kicker or section label dropped: 'MUSIC'"),)


def test_parse_news_text_navigation_row_is_not_the_headline():
    data = b"Home | Music | Movies | TV\n\nA Real Headline\n\nBody text here."

    parsed = parse_news_text(data)

    assert (parsed.headline, parsed.body) == ("A Real Headline", "Body text here.")
    assert parsed.warnings == (
        (1, "page chrome dropped: 'Home | Music | Movies | TV'"),
    )


@pytest.mark.parametrize(
    "chrome",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Share this",
        "Share on Facebook",
        "Related: Another Story",
        "Read more: Another Story",
        "Sign up for our newsletter",
        "Skip to content",
        "Getty Images",
    ],
)
def test_parse_news_text_page_chrome_is_dropped_with_a_warning(chrome):
    data = f"First paragraph.\n\n{chrome}\n\nLast paragraph.".encode()

    parsed = parse_news_text(data)

    assert parsed.body == "First paragraph.\n\nLast paragraph."
    assert parsed.warnings == ((3, f"page chrome dropped: {chrome!r}"),)


def test_parse_news_text_caption_and_credit_by_a_photo_are_a_photo_to_come():
    data = (
        b"First paragraph.\n\n"
        b"[Photo: the band]\nThe band on stage.\nCredit: Jane Doe\n\n"
        b"Last paragraph."
    )

    parsed = parse_news_text(data)

    assert parsed.body == "First paragraph.\n\nLast paragraph."
    # Where the photo was: before the last paragraph.
    assert parsed.photos == (
        PhotoToCome("The band on stage.", "Credit: Jane Doe", offset=18, line=3),
    )
    assert parsed.body[parsed.photos[0].offset :] == "Last paragraph."
    assert parsed.warnings == (
        (
            3,
            "photo to come kept in the body (shown to readers only once an "
            "image is attached): 'The band on stage.', 'Credit: Jane Doe'",
        ),
    )


def test_parse_news_text_photo_inside_a_paragraph_stays_between_its_lines():
    data = (
        b"Headline Here\n\nThe band played.\n"
        b"The crowd sang along. (AP Photo/Jane Doe)\n"
        b"Then it rained."
    )

    parsed = parse_news_text(data)

    assert parsed.body == "The band played.\nThen it rained."
    assert parsed.photos == (
        PhotoToCome("The crowd sang along. (AP Photo/Jane Doe)", "", offset=16, line=4),
    )


def test_parse_news_text_photo_above_the_headline_opens_the_body():
    data = (
        b"[Image]\nThe singer in 2019.\nPhoto: Sam Roe\n\n"
        b"Singer Returns\n\nBy Jane Doe\n\nShe sang."
    )

    parsed = parse_news_text(data)

    assert (parsed.headline, parsed.body) == ("Singer Returns", "She sang.")
    assert parsed.photos == (
        PhotoToCome("The singer in 2019.", "Photo: Sam Roe", offset=0, line=1),
    )


def test_parse_news_text_photo_after_the_trailing_byline_closes_the_body():
    data = b"Headline Here\n\nBy Jane Doe\n\nShe sang.\n\n-Sam Roe\n\nPhoto: Sam Roe"

    parsed = parse_news_text(data)

    assert parsed.body == "She sang."
    assert parsed.photos == (PhotoToCome("", "Photo: Sam Roe", offset=9, line=9),)


def test_parse_news_text_lone_photo_reference_is_dropped_not_kept():
    parsed = parse_news_text(b"First.\n\n[Photo]\n\nLast.")

    assert (parsed.body, parsed.photos) == ("First.\n\nLast.", ())
    assert parsed.warnings == (
        (3, "photo reference dropped (the text has no image to show): '[Photo]'"),
    )


def test_parse_news_text_chrome_line_before_a_shortcode_keeps_its_offsets():
    data = b'Intro.\n\nAdvertisement\nHi [artist id="1"]Rita G[/artist].'

    parsed = parse_news_text(data)

    assert parsed.body == "Intro.\n\nHi Rita G."
    sc = parsed.shortcodes[0]
    assert parsed.body[sc.start : sc.end] == "Rita G"


def test_parse_news_text_only_chrome_is_refused():
    assert parse_error(b"Advertisement\n\nShare this") == (
        1,
        "nothing but page chrome (see the warnings)",
    )


def test_parse_news_text_short_question_is_a_headline_a_long_one_is_not():
    short = parse_news_text(b"Is This the Best Album?\n\nBody text here.")
    long = "Why would anyone ever think that this long a question is a headline?"

    parsed = parse_news_text(f"{long}\n\nBody text here.".encode())

    assert (short.headline, short.body) == (
        "Is This the Best Album?",
        "Body text here.",
    )
    assert (parsed.headline, parsed.body) == ("", f"{long}\n\nBody text here.")


def test_parse_news_text_byline_title_on_the_next_line():
    parsed = parse_news_text(b"By Jane Doe\nMusic Editor\n\nBody text here.")

    assert (parsed.bylines, parsed.body) == (
        (Credit("Jane Doe", title="Music Editor"),),
        "Body text here.",
    )


def test_parse_survives_many_chrome_lines_between_shortcodes():
    # Each dropped line moves every shortcode after it: done in one sweep.
    data = ('Advertisement\nSee [foo x="1"/] here.\n' * 20_000).encode()

    parsed = parse_news_text(data)

    assert len(parsed.shortcodes) == 20_000
    assert len(parsed.warnings) == 20_000
    last = parsed.shortcodes[-1]
    assert parsed.body[last.start - 4 : last.end + 6] == "See  here."


def test_parse_news_text_repeated_line_away_from_a_photo_is_kept():
    data = b"Intro.\n\nShe sang:\nNa na na\nNa na na\n\nThe end."

    parsed = parse_news_text(data)

    assert (parsed.body, parsed.warnings) == (data.decode(), ())


@pytest.mark.parametrize(
    "stamp",
    [
        "October 22, 2026",
        "Oct. 22, 2026 10:15 a.m. ET",
        "Thursday 22 October 2026",
        "2026-10-22 10:15",
    ],
)
def test_parse_news_text_date_stamp_line_is_dropped_with_a_warning(stamp):
    data = f"By Jane Doe\n{stamp}\n\nBody text here.".encode()

    parsed = parse_news_text(data)

    assert (parsed.bylines, parsed.body) == ((Credit("Jane Doe"),), "Body text here.")
    assert parsed.warnings == (
        (2, f"date stamp dropped (an import takes no date from the text): {stamp!r}"),
    )


@pytest.mark.parametrize("separator", [" · ", " | ", " on ", ", ", " — "])
def test_parse_news_text_byline_with_a_date_after_it(separator):
    data = f"A Headline\n\nBy Jane Doe{separator}Oct. 22, 2026\n\nBody.".encode()

    parsed = parse_news_text(data)

    assert (parsed.headline, parsed.bylines, parsed.body) == (
        "A Headline",
        (Credit("Jane Doe"),),
        "Body.",
    )
    assert parsed.warnings == (
        (
            3,
            "date stamp dropped (an import takes no date from the text): "
            "'Oct. 22, 2026'",
        ),
    )


def test_parse_news_text_shortcodes_nested_in_another_are_unwrapped_into_it():
    data = (
        b'Intro.\n\n[caption id="1"][link url="https://example.com"]The band'
        b'[/link] with [artist id="2"]Rita G[/artist][gallery ids="3"][/caption]'
    )

    parsed = parse_news_text(data)

    assert parsed.body == "Intro.\n\nThe band with Rita G"
    assert parsed.shortcodes == (
        Shortcode("caption", (("id", "1"),), "The band with Rita G", 8, 28),
    )
    assert parsed.shortcodes[0].inner == ("link", "artist", "gallery")


def test_parse_news_text_nested_shortcode_never_closed_is_refused():
    data = b'Intro.\n\n[caption id="1"]The [b x="1"]band[/caption]'

    assert parse_error(data) == (3, "shortcode [b] opened here is never closed")


def test_parse_news_text_shortcodes_nested_too_deep_are_refused():
    data = b'[q x="1"]' * 20 + b"deep" + b"[/q]" * 20

    assert parse_error(data) == (
        1,
        "shortcode [q] inside another shortcode",
    )


def test_parse_news_text_headline_and_dek_pasted_on_two_lines():
    data = (
        b"Kanye West Revisits 808s & Heartbreak\n"
        b"A decade on, the album's heirs are everywhere\n\n"
        b"By Priya Natarajan\n\nThe album still sounds new."
    )

    parsed = parse_news_text(data)

    assert (parsed.headline, parsed.dek, parsed.body) == (
        "Kanye West Revisits 808s & Heartbreak",
        "A decade on, the album's heirs are everywhere",
        "The album still sounds new.",
    )
    assert parsed.bylines == (Credit("Priya Natarajan"),)


@pytest.mark.parametrize(
    "opening",
    [
        # A first paragraph wrapped by hand is no headline.
        "Kanye West said on\nTuesday that the album would be his last.",
        "The band said on Tuesday\nThat it would play one last show.",
    ],
)
def test_parse_news_text_wrapped_first_paragraph_is_not_headline_and_dek(opening):
    parsed = parse_news_text(f"{opening}\n\nNext paragraph.".encode())

    assert (parsed.headline, parsed.dek) == ("", "")
    assert parsed.body.startswith(opening)


def test_parse_news_text_courtesy_of_line_is_a_photo_credit():
    data = b"First.\n\nRita G on set on Monday.\nCourtesy of the artist\n\nLast."

    parsed = parse_news_text(data)

    assert parsed.body == "First.\n\nLast."
    assert parsed.photos == (
        PhotoToCome(
            "Rita G on set on Monday.", "Courtesy of the artist", offset=8, line=3
        ),
    )


def test_parse_news_text_courtesy_of_in_prose_stays():
    data = b"First.\n\nCourtesy of the label, the band got a new van.\n\nLast."

    assert parse_news_text(data).photos == ()


def test_parse_survives_many_photos_in_one_paragraph():
    # Each photo's place is the length kept so far: counted, not summed anew.
    data = "Intro.\n\n" + "The story goes on.\nA caption.\nPhoto: Sam Roe\n" * 20_000

    parsed = parse_news_text(data.encode())

    assert len(parsed.photos) == 20_000
    assert parsed.photos[-1] == PhotoToCome(
        "A caption.", "Photo: Sam Roe", offset=len(parsed.body), line=60_001
    )


def test_parse_a_page_of_credit_lines_makes_photos_of_a_captions_length():
    parsed = parse_news_text(("Intro.\n\n" + "Photo: Sam Roe\n" * 5_000).encode())

    assert parsed.body == "Intro."
    assert all(len(photo.credit) <= 600 for photo in parsed.photos)
    assert sum(photo.credit.count("Sam Roe") for photo in parsed.photos) == 5_000
