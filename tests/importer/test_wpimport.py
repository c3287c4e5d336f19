"""Writing a WordPress export: what each WordPress thing becomes."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from reversion.models import Version

from articles.models import (
    Article,
    Byline,
    FoundBy,
    PublishedVersion,
    Status,
    TaggedPerson,
    Topic,
)
from importer.models import OldAddress
from importer.wordpress import WXRReader
from importer.wpimport import WordPressImporter, old_path
from people.models import Person
from tests.builders.people import make_person
from tests.builders.wordpress import WXR, write_wxr, wxr_item

pytestmark = pytest.mark.django_db

FULL_SITE = WXR / "full-site.xml"
TOUR_KEY = "https://lantern.example/?p=10"


def import_results(path, *, dry_run=False):
    results = []
    WordPressImporter(dry_run=dry_run).import_file(
        WXRReader(path), report=results.append
    )
    return results


def test_full_site_posts_become_articles_and_other_types_are_skipped(
    people_and_works,
):
    results = import_results(FULL_SITE)

    assert [(r.post.post_type, r.action, r.reason) for r in results] == [
        ("post", "created", ""),
        ("post", "created", ""),
        ("attachment", "skipped", "attachment"),
        ("page", "skipped", "page"),
        ("nav_menu_item", "skipped", "nav_menu_item"),
        ("review", "skipped", "review"),
        ("post", "skipped", "status trash"),
        ("revision", "skipped", "revision"),
    ]
    assert sorted(Article.objects.values_list("source_key", flat=True)) == [
        TOUR_KEY,
        "https://lantern.example/?p=11",
    ]


def test_published_post_keeps_its_date_byline_dek_and_safe_body(people_and_works):
    import_results(FULL_SITE)

    article = Article.objects.get(source_key=TOUR_KEY)
    assert (article.headline, article.dek, article.slug, article.status) == (
        "The Paper Lanterns announce a winter tour",
        "Twelve cities, new songs, tickets on Friday.",
        "paper-lanterns-winter-tour",
        Status.PUBLISHED,
    )
    assert article.published_at == datetime(2024, 1, 10, 12, 0, tzinfo=UTC)
    assert article.first_published_at == article.published_at
    assert article.body == (
        "<p>The Paper Lanterns will play twelve cities this winter, the band said "
        "on Tuesday.</p>"
        "<p>Singer Mara Lindqvist said the new songs were written on the road.</p>"
        '<figure data-photo-caption="The band on stage in Leeds"></figure>'
        '<figure data-embed-id="dQw4w9WgXcQ" data-embed-provider="youtube"></figure>'
        "<p>Tickets go on sale on Friday. Share</p>"
        "<p>Kanye West was not among the guests named.</p>"
    )
    assert [b.person.name for b in article.bylines.all()] == ["Nadia Okafor"]
    assert list(
        PublishedVersion.objects.filter(article=article).values_list(
            "number", "created_at"
        )
    ) == [(1, article.published_at)]


def test_logins_and_email_addresses_are_never_stored(people_and_works):
    import_results(FULL_SITE)

    stored = " ".join(
        str(value)
        for model in (Person, Article, Byline, Topic)
        for row in model.objects.values_list()
        for value in row
    )
    assert "jdoe" not in stored
    assert "lantern.example/wp-content" not in stored
    assert "@lantern.example" not in stored
    assert "tbrenner" not in stored


def test_author_without_display_name_is_credited_by_first_and_last_name(
    people_and_works,
):
    import_results(FULL_SITE)

    draft = Article.objects.get(source_key="https://lantern.example/?p=11")
    assert [b.person.name for b in draft.bylines.all()] == ["Tomas Brenner"]
    assert draft.status == Status.DRAFT
    assert draft.published_at is None


def test_tags_naming_a_person_tag_the_person_and_the_rest_become_topics(
    people_and_works,
):
    import_results(FULL_SITE)

    article = Article.objects.get(source_key=TOUR_KEY)
    assert sorted(article.topics.values_list("name", flat=True)) == ["Music", "Tours"]
    assert list(
        TaggedPerson.objects.filter(content_object=article).values_list(
            "tag__name", "found_by"
        )
    ) == [("Kanye West", FoundBy.NAME)]


def test_warnings_name_what_was_not_brought_over(people_and_works):
    results = import_results(FULL_SITE)

    assert results[0].warnings == [
        "image not imported (https://lantern.example/wp-content/uploads/2024/01/"
        "stage.jpg): add it to the image library; its caption is kept as a "
        "photo to come",
        "[gallery] of attachments 12,13 not imported: attachments are not in the "
        "image library",
        "unknown shortcode [sharebutton] unwrapped, its text kept",
        "featured image (attachment 12) not imported: set a lead image from the "
        "image library",
    ]


def test_existing_person_is_reused_by_name(people_and_works):
    person = make_person("Nadia Okafor")

    import_results(FULL_SITE)

    assert Person.objects.filter(name__iexact="nadia okafor").count() == 1
    assert Article.objects.get(source_key=TOUR_KEY).bylines.get().person == person


def test_old_permalink_is_kept_for_the_redirect(people_and_works):
    import_results(FULL_SITE)

    assert list(OldAddress.objects.values_list("path", "article__source_key")) == [
        ("/2024/01/10/paper-lanterns-winter-tour/", TOUR_KEY),
        ("/?p=11", "https://lantern.example/?p=11"),
    ]


def test_old_path_keeps_the_query_of_plain_permalinks():
    assert old_path("https://site.example/?p=12") == "/?p=12"
    assert old_path("https://site.example/2024/01/a/") == "/2024/01/a/"
    assert old_path("javascript:alert(1)") == ""


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_every_wxr_version_is_read_the_same(version):
    results = import_results(WXR / f"wxr-{version}.xml")

    article = results[0].article
    assert [r.action for r in results] == ["created"]
    assert article.status == Status.PUBLISHED
    assert [b.person.name for b in article.bylines.all()] == ["Marta Lopez"]
    assert article.published_at == datetime(2024, 2, 1, 9, 30, tzinfo=UTC)


def test_wxr_1_0_tags_and_categories():
    import_results(WXR / "wxr-1.0.xml")

    article = Article.objects.get()
    assert sorted(article.topics.values_list("name", flat=True)) == [
        "Festivals",
        "Film",
    ]
    assert article.dek == "Umbrellas at the premiere."


def test_statuses(settings):
    results = import_results(WXR / "statuses.xml")

    outcome = {
        r.post.title: (
            r.action,
            r.article.status if r.article else None,
            r.article.published_at if r.article else None,
            r.notes,
        )
        for r in results
    }
    assert outcome == {
        "Published and ready": (
            "created",
            Status.PUBLISHED,
            datetime(2024, 2, 1, 9, 30, tzinfo=UTC),
            [],
        ),
        "Published without a body": (
            "created",
            Status.DRAFT,
            None,
            ["imported as a draft, not published: The body is empty."],
        ),
        "Scheduled for later": (
            "created",
            Status.SCHEDULED,
            datetime(2031, 6, 1, 8, 0, tzinfo=UTC),
            [],
        ),
        "Still a draft": ("created", Status.DRAFT, None, []),
        "Waiting for an editor": ("created", Status.IN_REVIEW, None, []),
        "Private notes": (
            "created",
            Status.DRAFT,
            None,
            ["private in WordPress: imported as a draft, never public"],
        ),
        "Thrown away": ("skipped", None, None, []),
        "Published by nobody known": (
            "created",
            Status.DRAFT,
            None,
            ["imported as a draft, not published: There is no byline."],
        ),
    }
    assert [r.held_back for r in results if r.held_back] == [
        ["The body is empty."],
        ["There is no byline."],
    ]
    assert set(Article.objects.published().values_list("headline", flat=True)) == {
        "Published and ready"
    }


def test_running_the_same_export_again_changes_nothing(people_and_works):
    import_results(FULL_SITE)
    before = list(Article.objects.order_by("pk").values())

    results = import_results(FULL_SITE)

    assert [r.action for r in results if r.post.post_type == "post"] == [
        "unchanged",
        "unchanged",
        "skipped",
    ]
    assert list(Article.objects.order_by("pk").values()) == before
    assert Person.objects.filter(name="Nadia Okafor").count() == 1
    assert Topic.objects.filter(name="Music").count() == 1


def test_changed_post_updates_an_untouched_draft(tmp_path):
    export = write_wxr(tmp_path / "a.xml", [wxr_item(1, "First", status="draft")])
    import_results(export)
    write_wxr(export, [wxr_item(1, "First, revised", status="draft")])

    results = import_results(export)

    assert [r.action for r in results] == ["updated"]
    assert Article.objects.get().headline == "First, revised"
    assert Byline.objects.count() == 1


def test_changed_post_never_overwrites_an_article_a_person_edited(tmp_path):
    export = write_wxr(tmp_path / "a.xml", [wxr_item(1, "First", status="draft")])
    import_results(export)
    article = Article.objects.get()
    article.headline = "Our own headline"
    article.updated_by = get_user_model().objects.create_user("ed")
    article.save()
    write_wxr(export, [wxr_item(1, "First, revised", status="draft")])

    results = import_results(export)

    assert [(r.action, r.notes) for r in results] == [
        (
            "skipped",
            [
                "changed in the newsroom since it was imported (edited, moved in "
                "the workflow or corrected): not overwritten"
            ],
        )
    ]
    assert Article.objects.get().headline == "Our own headline"


def test_changed_post_never_overwrites_a_published_article(tmp_path):
    export = write_wxr(tmp_path / "a.xml", [wxr_item(1, "First")])
    import_results(export)
    write_wxr(export, [wxr_item(1, "First, revised")])

    results = import_results(export)

    assert [r.action for r in results] == ["skipped"]
    assert Article.objects.get().headline == "First"
    assert Version.objects.count() == 0


def test_dry_run_writes_nothing_and_says_what_it_would_do(people_and_works):
    people = Person.objects.count()

    results = import_results(FULL_SITE, dry_run=True)

    assert [r.action for r in results][:2] == ["created", "created"]
    assert Article.objects.count() == 0
    assert OldAddress.objects.count() == 0
    assert Person.objects.count() == people
    assert Topic.objects.count() == 0


def test_long_excerpt_and_title_are_kept_in_the_body_not_cut(tmp_path):
    item = wxr_item(1, "T" * 301).replace(
        "<excerpt:encoded><![CDATA[]]>", f"<excerpt:encoded><![CDATA[{'e ' * 400}]]>"
    )
    export = write_wxr(tmp_path / "a.xml", [item])

    results = import_results(export)

    article = Article.objects.get()
    assert (article.headline, article.dek, article.status) == ("", "", Status.DRAFT)
    assert article.body == (
        f"<h2>{'T' * 301}</h2><p>{'e ' * 399}e</p><p>A paragraph of the post.</p>"
    )
    assert results[0].warnings == [
        "title longer than 300 characters: kept as the body's first heading, the "
        "headline is empty",
        "excerpt longer than 600 characters: kept as the body's first paragraph, "
        "the standfirst is empty",
    ]


def test_a_post_the_body_schema_refuses_is_refused_alone(tmp_path):
    export = write_wxr(
        tmp_path / "a.xml",
        [wxr_item(1, "Huge", content="x" * 600_000), wxr_item(2, "Fine")],
    )

    results = import_results(export)

    assert [r.action for r in results] == ["refused", "created"]
    assert list(Article.objects.values_list("headline", flat=True)) == ["Fine"]


def test_leftover_shortcode_text_keeps_a_published_post_a_draft(tmp_path):
    export = write_wxr(
        tmp_path / "a.xml",
        [wxr_item(1, "Open tag", content="Text [/orphan] more")],
    )

    results = import_results(export)

    assert results[0].held_back == ["The body still has shortcode text: “[/orphan]”."]
    assert Article.objects.get().status == Status.DRAFT


def test_author_name_too_long_for_a_person_gives_no_byline(tmp_path):
    export = write_wxr(tmp_path / "a.xml", [wxr_item(1, "Long name")])
    export.write_text(export.read_text().replace("Ada Quill", "A" * 201))

    results = import_results(export)

    assert results[0].warnings == [
        "no byline: the author's display name is longer than 200 characters"
    ]
    assert (results[0].action, Person.objects.count()) == ("created", 0)
    assert Article.objects.get().status == Status.DRAFT


def test_published_post_without_a_date_is_kept_as_a_draft(tmp_path):
    item = wxr_item(1, "Dateless").replace("2024-03-01 10:00:00", "0000-00-00 00:00:00")
    export = write_wxr(tmp_path / "a.xml", [item])

    results = import_results(export)

    assert results[0].notes == [
        "imported as a draft, not published: The post has no publication date "
        "(post_date_gmt)."
    ]
    assert (Article.objects.get().status, Article.objects.get().published_at) == (
        Status.DRAFT,
        None,
    )
