import pytest
from django.db import IntegrityError

from people.models import Credit, CreditRole, Person, Work, WorkKind
from tests.builders.people import make_person


def test_person_name_unique_ignoring_case(db):
    Person.objects.create(name="Kanye West")

    with pytest.raises(IntegrityError):
        Person.objects.create(name="kanye west", slug="kanye-west-2")


def test_person_slug_made_from_name(db):
    person = Person.objects.create(name="Beyoncé Knowles")

    assert person.slug == "beyonce-knowles"
    assert person.get_absolute_url() == "/people/beyonce-knowles/"


def test_person_slug_for_name_without_latin_letters(db):
    assert Person.objects.create(name="坂本龍一").slug == "person"


def test_person_long_name_kept_whole(db):
    name = "A" * 150 + " Orchestra"

    assert Person.objects.create(name=name).name == name


def test_work_same_title_different_kind_allowed(db):
    song = Work.objects.create(name="Flashing Lights", kind=WorkKind.SONG, year=2007)
    video = Work.objects.create(
        name="Flashing Lights", kind=WorkKind.MUSIC_VIDEO, year=2008
    )

    assert (song.slug, video.slug) == (
        "flashing-lights-song",
        "flashing-lights-music-video",
    )
    assert (str(song), str(video)) == (
        "Flashing Lights (song, 2007)",
        "Flashing Lights (music video, 2008)",
    )


def test_work_same_title_and_kind_needs_disambiguation(db):
    Work.objects.create(name="Amazing", kind=WorkKind.SONG)

    with pytest.raises(IntegrityError):
        Work.objects.create(name="amazing", kind=WorkKind.SONG, slug="amazing-2")


def test_work_disambiguation_tells_same_titles_apart(db):
    Work.objects.create(name="Amazing", kind=WorkKind.SONG)
    other = Work.objects.create(
        name="Amazing", kind=WorkKind.SONG, disambiguation="Aerosmith song", year=1993
    )

    assert str(other) == "Amazing (song, Aerosmith song, 1993)"
    assert other.slug == "amazing-song-2"


def test_credit_unique_per_work_person_role(db):
    work = Work.objects.create(name="Sabotage", kind=WorkKind.MUSIC_VIDEO)
    person = make_person("Spike Jonze")
    Credit.objects.create(work=work, person=person, role=CreditRole.DIRECTOR)

    with pytest.raises(IntegrityError):
        Credit.objects.create(work=work, person=person, role=CreditRole.DIRECTOR)


def test_fixture_credits_in_billing_order(people_and_works):
    work = Work.objects.get(slug="we-were-once-a-fairytale")

    credits = [(c.person.name, c.role) for c in work.credits.select_related("person")]

    assert credits == [
        ("Spike Jonze", "director"),
        ("Spike Jonze", "writer"),
        ("Kanye West", "cast"),
        ("Vincent Landay", "producer"),
    ]


def test_fixture_kanye_has_publisher_artist_id(people_and_works):
    ids = list(
        Person.objects.get(name="Kanye West").external_ids.values_list(
            "publisher", "value"
        )
    )

    assert ids == [("MTV News", "1230523")]


def test_import_work_titles_are_shared_by_two_works(people_and_works):
    kinds = sorted(
        Work.objects.filter(name="Flashing Lights").values_list("kind", flat=True)
    )

    assert kinds == ["music_video", "song"]
