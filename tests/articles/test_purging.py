"""The page cache on the real site: every way a page can go stale is purged.

Each test fills the cache with anonymous requests, changes something through
the same code editors use, and checks that the next reader gets a fresh page.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, Status, VersionKind
from articles.workflow import transitions
from people.models import Person
from tests.builders.articles import make_article
from tests.builders.importer import NullOutput
from tests.builders.pagecache import cached, freeze, read
from tests.builders.people import make_person
from tests.builders.seeds import SEED_002
from tests.builders.users import PASSWORD


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300


def approved_article(reporter, editor, headline: str) -> Article:
    article = make_article(
        headline,
        status=Status.DRAFT,
        created_by=reporter,
        byline=make_person("Sam Writer"),
    )
    article.person_tags.create(tag=Person.objects.get(name="Kanye West"))
    transitions.submit(article, by=reporter)
    return transitions.approve(article, by=editor)


def test_page_cache_serves_a_correction_at_once(
    seeded, editor, django_capture_on_commit_callbacks
):
    article = Article.objects.get(source_key=SEED_002)
    cached(article.get_absolute_url())
    cached("/corrections/")

    with django_capture_on_commit_callbacks(execute=True):
        transitions.add_correction(
            article, by=editor, kind=VersionKind.CORRECTION, text="It was 2008."
        )

    page = read(article.get_absolute_url())
    log = read("/corrections/")
    assert page["X-Page-Cache"] == "miss"
    assert "It was 2008." in page.content.decode()
    assert "It was 2008." in log.content.decode()


def test_page_cache_publishing_reaches_home_and_person_pages(
    seeded, reporter, editor, django_capture_on_commit_callbacks
):
    article = approved_article(reporter, editor, "A new verse arrives")
    assert "A new verse arrives" not in cached("/")
    assert "A new verse arrives" not in cached("/people/kanye-west/")

    with django_capture_on_commit_callbacks(execute=True):
        transitions.publish_now(article, by=editor)

    assert "A new verse arrives" in read("/").content.decode()
    assert "A new verse arrives" in read("/people/kanye-west/").content.decode()


def test_page_cache_retraction_leaves_lists_and_marks_the_page(
    seeded, editor, django_capture_on_commit_callbacks
):
    article = Article.objects.get(source_key=SEED_002)
    url = article.get_absolute_url()
    assert article.headline in _unescaped(cached("/"))
    cached(url)

    with django_capture_on_commit_callbacks(execute=True):
        transitions.retract(article, by=editor, note="The interview did not happen.")

    assert article.headline not in _unescaped(read("/").content.decode())
    assert "The interview did not happen." in read(url).content.decode()


def test_page_cache_unpublished_article_is_404_at_once(
    seeded, editor, django_capture_on_commit_callbacks
):
    article = Article.objects.get(source_key=SEED_002)
    cached(article.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        transitions.unpublish(article, by=editor, note="Held for legal review.")

    assert read(article.get_absolute_url()).status_code == 404


def test_page_cache_editing_a_person_reaches_articles_that_name_them(
    seeded, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    article = Article.objects.get(source_key=SEED_002)
    cached(article.get_absolute_url())
    cached("/people/vincent-landay/")
    landay = Person.objects.get(name="Vincent Landay")
    boss = get_user_model().objects.create_superuser(
        "boss", "boss@example.invalid", PASSWORD
    )
    admin = Client()
    admin.force_login(boss)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            f"/admin/people/person/{landay.pk}/change/",
            {
                "name": "Vincent Landay",
                "slug": "vincent-landay",
                "kind": "person",
                "aliases": "Landay",
                "bio": "Producer; Spike Jonze’s longtime producing partner.",
                "external_ids-TOTAL_FORMS": "0",
                "external_ids-INITIAL_FORMS": "0",
            },
        )

    assert response.status_code == 302
    assert "Producer; Spike Jonze" in read("/people/vincent-landay/").content.decode()
    assert read(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_page_cache_scheduled_article_appears_on_time_without_a_worker(
    seeded, reporter, editor, django_capture_on_commit_callbacks
):
    at = timezone.now() + timedelta(hours=1)
    article = approved_article(reporter, editor, "Tonight at nine")
    with django_capture_on_commit_callbacks(execute=True):
        transitions.schedule(article, by=editor, at=at)

    assert "Tonight at nine" not in cached("/")
    with freeze(at + timedelta(seconds=1)):
        home = read("/").content.decode()

    assert "Tonight at nine" in home


def test_page_cache_never_serves_staff(seeded, editor):
    staff = Client()
    staff.force_login(editor)

    staff.get("/")
    response = staff.get("/")

    assert response.has_header("X-Page-Cache") is False
    assert "no-store" in response["Cache-Control"]


def _unescaped(html: str) -> str:
    return html.replace("&#x27;", "'")


def test_page_cache_import_run_reaches_the_home_page(
    people_and_works, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    text = tmp_path / "fresh.txt"
    text.write_text("Spike Jonze spoke about a new film.\n")
    text.with_suffix(".toml").write_text(
        'headline = "Jonze speaks"\nstatus = "published"\ncredit = "The desk"\n'
    )
    cached("/")

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_articles", text, verbosity=0, stdout=NullOutput())

    assert "Jonze speaks" in read("/").content.decode()
