"""The import parser and the importer under hostile input (Hypothesis).

Any input either parses/imports or is refused with the documented error
(``NewsTextError`` with a line; ``ImportRefused`` as ``file:line: message``),
never another exception, and a refused file writes nothing. Newline styles,
a BOM and Unicode normalisation forms do not change the article.
"""

import re
import tempfile
import unicodedata
from pathlib import Path

from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importer.newstext import NewsTextError, ParsedText, parse_news_text
from importer.pipeline import Importer
from importer.reading import ImportRefused

# No example database in the work tree, no flaky deadlines on a shared machine.
FUZZ = settings(max_examples=300, deadline=None, database=None)
FUZZ_DB = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Pieces real and broken news texts are made of, so that generated files get
# past UTF-8 decoding and exercise the headline, byline and shortcode rules.
PIECES = [
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    "Kanye West",
    "Spike Jonze",
    "By Jane Doe",
    "By Jane Doe and John Roe",
    "  -Jane Doe",
    "-Jane Doe",
    "[artist]",
    "[/artist]",
    '[artist id="1230523"]',
    "[artist id='x']",
    "[unknown]",
    "[/unknown]",
    "[artist",
    "[",
    "]",
    '"',
    "“Flashing Lights”",
    "We Were Once a Fairytale",
    ".",
    "?",
    "…",
    "é",
    "e\u0301",
    "ﬀ",
    "\u00a0",
    "\ufeff",
    "\x00",
    "\x07",
    "\x7f",
    "😀",
]
news_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=60
).map("".join)

SIDECARS = [
    None,
    "",
    'status = "published"\n',
    'status = "draft"\ntopics = ["iTunes", "MTV News"]\n',
    'headline = "A headline the newsroom wrote"\n',
    '[source]\npublisher = "MTV News"\nurl = "https://www.mtv.com/news/1"\n',
    'status = "live"\n',
    "topics = 3\n",
    'headline = "\\u0000"\n',
    "not toml at all [\n",
    'unknown = "key"\n',
]


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


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count() for model in apps.get_models()
    }


@FUZZ_DB
@given(
    body=st.one_of(news_text.map(str.encode), st.binary(max_size=500)),
    sidecar=st.sampled_from(SIDECARS),
)
def test_import_any_file_imports_or_refuses_without_a_trace(
    people_and_works, body, sidecar
):
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        path = Path(folder) / "fuzzed.txt"
        path.write_bytes(body)
        if sidecar is not None:
            path.with_suffix(".toml").write_text(sidecar, encoding="utf-8")
        before = row_counts()
        try:
            result = Importer().import_file(path)
        except ImportRefused as exc:
            assert re.fullmatch(
                rf"{re.escape(folder)}/fuzzed\.(txt|toml):[1-9][0-9]*: .+",
                str(exc),
                flags=re.DOTALL,
            )
            assert row_counts() == before
        else:
            assert result.action == "created"
            assert result.article.pk is not None
        # Each example starts from the same database.
        transaction.set_rollback(True)
