"""NUL bytes, overlong fields and broken Unicode are refused cleanly.

PostgreSQL rejects a NUL in text and SQLite stores it; these tests run on
whichever database the suite uses (CI runs both) and expect the same clean
refusal, never a 500 or a database error.
"""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article, Correction, Topic
from importer.pipeline import Importer
from importer.reading import ImportRefused
from people.forms import PersonForm
from people.models import Person, Work
from tests.builders.articles import make_article

NUL_MESSAGE = (
    "Remove the NUL character (an invisible control character, usually "
    "pasted from a binary file)."
)


def article_form(**overrides) -> dict:
    data = {
        "headline": "A headline",
        "headline_origin": "newsroom",
        "slug": "a-headline",
        "dek": "",
        "body": "Text.",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "new_topics": "",
        "source_name": "",
        "source_url": "",
    }
    for prefix in ("bylines", "corrections"):
        data[f"{prefix}-TOTAL_FORMS"] = "0"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "field", ["headline", "dek", "body", "source_name", "new_topics"]
)
def test_admin_article_form_refuses_a_nul_byte(admin_client, field):
    response = admin_client.post(
        "/admin/articles/article/add/", article_form(**{field: "Bad\x00text"})
    )

    assert response.status_code == 200
    assert (
        "Null characters are not allowed."
        in response.context["adminform"].form.errors[field]
    )
    assert Article.objects.count() == 0


def test_admin_article_form_refuses_an_overlong_headline(admin_client):
    response = admin_client.post(
        "/admin/articles/article/add/", article_form(headline="H" * 301)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["headline"] == [
        "Ensure this value has at most 300 characters (it has 301)."
    ]
    assert Article.objects.count() == 0


def test_admin_correction_inline_refuses_a_nul_byte(admin_client):
    article = make_article(slug="with-correction")
    data = article_form(slug="with-correction", status="published")
    data.update(
        {
            "published_at_0": "2024-01-01",
            "published_at_1": "10:00:00",
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-text": "It was\x00 2008.",
            "corrections-0-created_at_0": "2024-01-02",
            "corrections-0-created_at_1": "10:00:00",
        }
    )

    response = admin_client.post(f"/admin/articles/article/{article.pk}/change/", data)

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][-1].formset.errors == [
        {"text": ["Null characters are not allowed."]}
    ]
    assert Correction.objects.count() == 0


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        ("/admin/people/person/add/", {"name": "Ka\x00nye", "kind": "person"}, "name"),
        (
            "/admin/people/person/add/",
            {"name": "X", "kind": "person", "bio": "\x00"},
            "bio",
        ),
        (
            "/admin/articles/topic/add/",
            {"name": "i\x00Tunes", "slug": "itunes"},
            "name",
        ),
    ],
)
def test_admin_people_and_topic_forms_refuse_a_nul_byte(admin_client, url, data, field):
    data = {
        "slug": "x",
        "aliases": "",
        "external_ids-TOTAL_FORMS": "0",
        "external_ids-INITIAL_FORMS": "0",
        **data,
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [
        "Null characters are not allowed."
    ]
    assert (Person.objects.count(), Topic.objects.count()) == (0, 0)


def test_admin_person_form_refuses_an_overlong_name(admin_client):
    response = admin_client.post(
        "/admin/people/person/add/",
        {
            "name": "N" * 201,
            "slug": "n",
            "kind": "person",
            "aliases": "",
            "external_ids-TOTAL_FORMS": "0",
            "external_ids-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        "Ensure this value has at most 200 characters (it has 201)."
    ]


def test_person_form_refuses_an_unpaired_surrogate(db):
    # Browsers cannot send one, but an API client or a script can.
    form = PersonForm(data={"name": "Beyonc\ud83d", "slug": "b", "kind": "person"})

    assert form.errors["name"] == [
        "Contains a broken character (U+D83D, half of an emoji or symbol) at "
        "position 7; type or paste it again."
    ]


@pytest.mark.parametrize(
    ("model", "fields", "field"),
    [
        (Article, {"headline": "x\x00", "slug": "a"}, "headline"),
        (Article, {"headline": "x", "slug": "a", "body": "\udc00"}, "body"),
        (Person, {"name": "P\x00", "slug": "p"}, "name"),
        (Work, {"name": "W\ud800", "slug": "w", "kind": "song"}, "name"),
        (Topic, {"name": "T\x00", "slug": "t"}, "name"),
    ],
)
def test_model_validation_refuses_nul_and_surrogates(db, model, fields, field):
    with pytest.raises(ValidationError) as caught:
        model(**fields).full_clean()

    assert list(caught.value.message_dict) == [field]


def test_correction_model_validation_refuses_a_nul(db):
    correction = Correction(article=make_article(), text="Oops\x00")

    with pytest.raises(ValidationError) as caught:
        correction.full_clean()

    assert caught.value.message_dict == {"text": [NUL_MESSAGE]}


def import_refusal(tmp_path: Path, text: bytes, sidecar: str | None = None) -> str:
    path = tmp_path / "hostile.txt"
    path.write_bytes(text)
    if sidecar is not None:
        path.with_suffix(".toml").write_text(sidecar, encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        Importer().import_file(path)
    return str(caught.value).removeprefix(str(tmp_path) + "/")


@pytest.mark.parametrize(
    ("text", "sidecar", "message"),
    [
        (
            b"Body\x00 text.",
            None,
            "hostile.txt:1: contains a NUL byte; this looks like a binary file",
        ),
        (
            b"Fine.\n\nBody \xed\xa0\x80 half an emoji.",
            None,
            "hostile.txt:3: not valid UTF-8 (byte 0xed)",
        ),
        (
            b"A body.",
            'headline = "Bad\\u0000head"\n',
            "hostile.toml:1: headline: " + NUL_MESSAGE,
        ),
        (
            b"A body.",
            'topics = ["i\\u0000Tunes"]\n',
            "hostile.toml:1: topics: " + NUL_MESSAGE,
        ),
        (
            b"A body.",
            'headline = "' + "H" * 301 + '"\n',
            "hostile.toml:1: headline is longer than 300 characters",
        ),
        (
            b"A body.",
            '[source]\npublisher = "' + "P" * 101 + '"\n',
            "hostile.toml:2: publisher is longer than 100 characters",
        ),
        (
            b"Text.\n\n[artist]" + b"N" * 201 + b"[/artist] sang.",
            None,
            "hostile.txt:3: shortcode [artist] wraps more than 200 characters",
        ),
        (
            b'Text.\n\n[artist id="' + b"9" * 101 + b'"]Kanye[/artist] sang.',
            None,
            "hostile.txt:3: shortcode [artist] has an attribute longer than 100 "
            "characters",
        ),
    ],
)
def test_import_refuses_hostile_input_cleanly(tmp_path, db, text, sidecar, message):
    refusal = import_refusal(tmp_path, text, sidecar)

    assert refusal == message
    assert (Article.objects.count(), Person.objects.count(), Topic.objects.count()) == (
        0,
        0,
        0,
    )


def test_import_keeps_topic_slugs_within_their_column(tmp_path, db):
    # "㎒" slugifies to "mhz": 100 of them would be a 300-character slug.
    path = tmp_path / "wide.txt"
    path.write_bytes(b"A body.")
    path.with_suffix(".toml").write_text('topics = ["' + "㎒" * 100 + '"]\n')

    Importer().import_file(path)

    assert Topic.objects.get().slug == "mhz" * 30
