from articles.models import Byline
from people.models import Credit, CreditRole, Work
from tests.builders.api import body, credited_image, get, ids, problem_fields, walk
from tests.builders.articles import hidden_articles, make_article, tag
from tests.builders.people import make_person

BASE = "http://127.0.0.1:8000"


def test_list_shows_public_people_by_name_with_their_article_lists(client, db):
    zoe = make_person("Zoe Tagged")
    tag(make_article("About Zoe"), people=[zoe])
    amy = make_person("Amy Bio", bio="Singer.")

    data = body(get(client, "/people"))

    assert [item["id"] for item in data["items"]] == [amy.pk, zoe.pk]
    assert data["items"][1] == {
        "id": zoe.pk,
        "slug": "zoe-tagged",
        "name": "Zoe Tagged",
        "kind": "person",
        "url": f"{BASE}/people/zoe-tagged/",
        "api_url": f"{BASE}/api/v1/people/zoe-tagged",
        "articles": f"{BASE}/api/v1/articles?person=zoe-tagged",
        "written": f"{BASE}/api/v1/articles?author=zoe-tagged",
    }


def test_people_only_drafts_name_are_absent_from_the_list_and_404(client, db):
    shown = make_person("Shown Person", bio="Actor.")
    secret = make_person("Secret Person")
    for article in hidden_articles():
        tag(article, people=[secret])
        Byline.objects.create(article=article, person=secret, role="reporter")

    assert ids(get(client, "/people")) == [shown.pk]
    assert problem_fields(get(client, "/people/secret-person"), 404) == []
    assert problem_fields(get(client, f"/people/{secret.pk}"), 404) == []


def test_people_list_pages_by_name(client, db):
    people = [make_person(f"Person {n}", bio="Known.") for n in range(5)]

    pages = walk(client, "/people", {"size": 2})

    assert pages == [
        [people[0].pk, people[1].pk],
        [people[2].pk, people[3].pk],
        [people[4].pk],
    ]


def test_detail_shows_bio_headshot_and_credited_works(client, db):
    person = make_person("Spike Jonze", bio="Director.", headshot=credited_image())
    film = Work.objects.create(name="Her", kind="film", year=2013)
    video = Work.objects.create(name="Flashing Lights", kind="music_video", year=2008)
    Credit.objects.create(work=film, person=person, role=CreditRole.DIRECTOR)
    Credit.objects.create(work=video, person=person, role=CreditRole.DIRECTOR)

    data = body(get(client, "/people/spike-jonze"))

    assert data["bio"] == "Director."
    assert data["headshot"]["alt"] == "A director behind a camera"
    assert data["articles"] == f"{BASE}/api/v1/articles?person=spike-jonze"
    assert data["credits"] == [
        {
            "role": "director",
            "work": {
                "id": video.pk,
                "slug": video.slug,
                "title": "Flashing Lights",
                "kind": "music_video",
                "year": 2008,
                "url": f"{BASE}/works/{video.slug}/",
                "api_url": f"{BASE}/api/v1/works/{video.slug}",
            },
        },
        {
            "role": "director",
            "work": {
                "id": film.pk,
                "slug": film.slug,
                "title": "Her",
                "kind": "film",
                "year": 2013,
                "url": f"{BASE}/works/{film.slug}/",
                "api_url": f"{BASE}/api/v1/works/{film.slug}",
            },
        },
    ]


def test_detail_by_id(client, db):
    person = make_person("Spike Jonze", bio="Director.")

    assert body(get(client, f"/people/{person.pk}"))["slug"] == "spike-jonze"


def test_the_articles_link_lists_the_persons_articles(client, db):
    person = make_person("Rita G")
    about = tag(make_article("About Rita"), people=[person])
    make_article("Other")

    link = body(get(client, "/people/rita-g"))["articles"]

    assert ids(client.get(link)) == [about.pk]


def test_query_counts_do_not_grow_with_credits_or_people(
    client, db, django_assert_num_queries
):
    person = make_person("Spike Jonze", bio="Director.", headshot=credited_image())
    for n in range(3):
        work = Work.objects.create(name=f"Film {n}", kind="film")
        Credit.objects.create(work=work, person=person, role=CreditRole.DIRECTOR)
        make_person(f"Other {n}", bio="Known.")

    # person with headshot, renditions, credits with works.
    with django_assert_num_queries(3):
        assert get(client, "/people/spike-jonze").status_code == 200
    with django_assert_num_queries(1):
        assert len(ids(get(client, "/people"))) == 4
