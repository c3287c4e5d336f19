"""JSON-LD builders and the safe serializer (no database needed)."""

import json

import pytest

from people.models import Person, PersonKind, Work, WorkKind
from public.structured_data import json_ld, person_ref, work_ref


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
