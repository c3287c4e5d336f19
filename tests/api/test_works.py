from people.models import Credit, CreditRole, Work
from tests.builders.api import body, credited_image, get, ids, problem_fields, walk
from tests.builders.articles import hidden_articles, make_article, tag
from tests.builders.people import make_person

BASE = "http://127.0.0.1:8000"


def credited_work(title: str, **fields) -> Work:
    work = Work.objects.create(name=title, **fields)
    Credit.objects.create(work=work, person=make_person(), role=CreditRole.PERFORMER)
    return work


def test_list_shows_public_works_by_title(client, db):
    song = credited_work("Flashing Lights", kind="song")
    album = credited_work("Graduation", kind="album", year=2007)

    data = body(get(client, "/works"))

    assert [item["id"] for item in data["items"]] == [song.pk, album.pk]
    assert data["items"][1] == {
        "id": album.pk,
        "slug": album.slug,
        "title": "Graduation",
        "kind": "album",
        "year": 2007,
        "url": f"{BASE}/works/{album.slug}/",
        "api_url": f"{BASE}/api/v1/works/{album.slug}",
        "articles": f"{BASE}/api/v1/articles?work={album.slug}",
    }


def test_a_work_only_drafts_name_is_absent_and_404(client, db):
    shown = credited_work("Graduation", kind="album")
    secret = Work.objects.create(name="Secret Album", kind="album")
    for article in hidden_articles():
        tag(article, works=[secret])

    assert ids(get(client, "/works")) == [shown.pk]
    assert problem_fields(get(client, f"/works/{secret.slug}"), 404) == []


def test_a_work_with_a_listed_article_is_public(client, db):
    work = Work.objects.create(name="Runaway", kind="song")
    tag(make_article("About Runaway"), works=[work])

    assert ids(get(client, "/works")) == [work.pk]


def test_works_list_pages(client, db):
    works = [credited_work(f"Song {n}", kind="song") for n in range(3)]

    assert walk(client, "/works", {"size": 2}) == [
        [works[0].pk, works[1].pk],
        [works[2].pk],
    ]


def test_detail_shows_credits_in_billing_order_and_the_album(client, db):
    album = credited_work("Graduation", kind="album", year=2007)
    song = Work.objects.create(
        name="Flashing Lights",
        kind="song",
        year=2007,
        part_of=album,
        poster=credited_image(),
        disambiguation="Kanye West song",
    )
    kanye = make_person("Kanye West")
    dwele = make_person("Dwele")
    Credit.objects.create(work=song, person=dwele, role=CreditRole.FEATURED, position=2)
    Credit.objects.create(
        work=song, person=kanye, role=CreditRole.PERFORMER, position=1
    )

    data = body(get(client, f"/works/{song.pk}"))

    assert data["disambiguation"] == "Kanye West song"
    assert data["released_on"] is None
    assert data["part_of"]["id"] == album.pk
    assert data["poster"]["credit"] == "Photo: Jane Doe / Agency"
    assert [(c["role"], c["person"]["name"]) for c in data["credits"]] == [
        ("performer", "Kanye West"),
        ("featured_artist", "Dwele"),
    ]
    assert data["credits"][0]["person"]["api_url"] == (
        f"{BASE}/api/v1/people/kanye-west"
    )


def test_query_counts_do_not_grow_with_credits(client, db, django_assert_num_queries):
    work = credited_work("Graduation", kind="album", poster=credited_image())
    for n in range(3):
        Credit.objects.create(work=work, person=make_person(), role=CreditRole.PRODUCER)
        credited_work(f"Another {n}", kind="song")

    # work with album and poster, poster renditions, credits with people.
    with django_assert_num_queries(3):
        assert get(client, f"/works/{work.slug}").status_code == 200
    with django_assert_num_queries(1):
        assert len(ids(get(client, "/works"))) == 4
