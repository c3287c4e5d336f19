"""Writing imported articles: slugs that avoid each other and those reserved."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles import rendering
from articles.body import from_plain_text as paragraphs
from articles.models import Article, Byline, Status
from articles.workflow import transitions
from importer.writing import unique_article_slugs
from people.models import Person, Work, WorkExternalId
from tests.builders.articles import make_article
from tests.builders.people import make_person
from tests.builders.users import logged_in, make_user


def test_unique_article_slugs_avoid_reserved_slugs(db):
    make_article("Taken", slug="taken")

    slugs = unique_article_slugs(
        ["Taken", "Reserved", "Free", "Reserved"], reserved=frozenset({"reserved"})
    )

    assert slugs == ["taken-2", "reserved-2", "free", "reserved-3"]


def editor():
    user = get_user_model().objects.create_user("edna", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return get_user_model().objects.get(pk=user.pk)


def run_import(path) -> list[str]:
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def story(db, tmp_path):
    """A draft imported from a file, and the file, to be changed and re-run."""
    path = tmp_path / "story.txt"
    path.write_text("Jonze speaks\n\nSpike Jonze spoke about a new film.\n")
    path.with_suffix(".toml").write_text('credit = "The desk"\n')
    run_import(path)
    return path


def change_file(path, *, publish: bool = False) -> None:
    path.write_text("Jonze speaks\n\nThe source's new text.\n")
    if publish:
        path.with_suffix(".toml").write_text(
            'credit = "The desk"\nstatus = "published"\n'
        )


def test_reimport_updates_an_untouched_draft_and_outdates_open_forms(story):
    before = Article.objects.get(source_key="story")

    lines = run_import(change_file(story) or story)

    article = Article.objects.get(source_key="story")
    assert lines[-1] == "0 created, 1 updated, 0 skipped, 0 failed."
    assert article.body == paragraphs("The source's new text.")
    assert article.lock_version == before.lock_version + 1


def test_reimport_leaves_an_unpublished_article_unpublished(story):
    edna = editor()
    article = Article.objects.get(source_key="story")
    transitions.submit(article, by=edna)
    transitions.approve(article, by=edna)
    transitions.publish_now(article, by=edna)
    transitions.unpublish(article, by=edna, note="Legal asked us to.")
    change_file(story, publish=True)

    lines = run_import(story)

    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED
    assert article.body == paragraphs("Spike Jonze spoke about a new film.")
    assert lines[-1] == "0 created, 0 updated, 1 skipped, 0 failed."
    assert lines[1].startswith("  note: changed in the newsroom since it was imported")


def test_reimport_does_not_publish_an_article_sent_back(story):
    edna = editor()
    article = Article.objects.get(source_key="story")
    article.created_by = edna
    article.save()
    transitions.submit(article, by=edna)
    transitions.request_changes(article, by=edna, reason="Needs a source.")
    change_file(story, publish=True)

    run_import(story)

    article.refresh_from_db()
    assert (article.status, article.published_at) == (Status.CHANGES_REQUESTED, None)


def test_reimport_keeps_an_editors_text_and_bylines(story, client):
    edna = editor()
    client.force_login(edna)
    article = Article.objects.get(source_key="story")
    added = make_person("Added Byline")
    client.post(
        "/admin/articles/byline/add/",
        {"article": article.pk, "person": added.pk, "role": "writer", "position": 1},
    )
    change_file(story)

    run_import(story)

    article.refresh_from_db()
    assert article.body == paragraphs("Spike Jonze spoke about a new film.")
    assert [b.name for b in Byline.objects.filter(article=article)] == [
        "The desk",
        "Added Byline",
    ]


# What the text's shapes become (issue 17, "Any text")

WIRE_STORY = (
    "MUSIC\n\n"
    "Singer Cancels Three Shows\n\n"
    "Share this\n\n"
    "By JANE DOE, AP Music Writer\n\n"
    "NEW YORK (AP) — A singer cancelled three shows on Sunday.\n\n"
    "Her representative gave no reason.\n\n"
    "Additional reporting by Omar Reyes.\n"
)


def import_text(tmp_path, name: str, text: str, sidecar: str = "") -> list[str]:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    if sidecar:
        path.with_suffix(".toml").write_text(sidecar)
    return run_import(path)


def bylines_of(key: str) -> list[tuple]:
    return [
        (b.person.name if b.person else "", b.organisation, b.title, b.role)
        for b in Byline.objects.filter(article__source_key=key).select_related("person")
    ]


def test_import_wire_story_keeps_dateline_title_and_roles(db, tmp_path):
    out = import_text(tmp_path, "wire", WIRE_STORY)

    article = Article.objects.get(source_key="wire")
    assert (article.headline, article.dateline, article.body) == (
        "Singer Cancels Three Shows",
        "NEW YORK (AP)",
        paragraphs(
            "A singer cancelled three shows on Sunday.\n\n"
            "Her representative gave no reason."
        ),
    )
    assert bylines_of("wire") == [
        ("Jane Doe", "", "AP Music Writer", "writer"),
        ("Omar Reyes", "", "", "additional_reporting"),
    ]
    assert out[1:] == [
        "  bylines: Jane Doe, AP Music Writer, Omar Reyes (additional reporting)",
        f"  warning: {tmp_path / 'wire.txt'}:1: kicker or section label dropped: "
        "'MUSIC'",
        f"  warning: {tmp_path / 'wire.txt'}:5: page chrome dropped: 'Share this'",
        "1 created, 0 updated, 0 skipped, 0 failed; 2 warning(s) (see above).",
    ]


def test_import_organisation_byline_is_not_a_person(db, tmp_path):
    import_text(tmp_path, "agency", "By The Associated Press\n\nA singer sang.\n")

    assert bylines_of("agency") == [("", "The Associated Press", "", "writer")]
    assert not Person.objects.filter(name__icontains="associated").exists()


def test_import_dateline_agency_credits_it_when_no_one_signs(db, tmp_path):
    import_text(tmp_path, "afp", "PARIS (AFP) — A concert hall closed.\n")

    assert bylines_of("afp") == [("", "Agence France-Presse", "", "publisher")]
    assert Article.objects.get(source_key="afp").dateline == "PARIS (AFP)"


def test_import_caps_byline_finds_the_existing_person_as_spelled(db, tmp_path):
    make_person("Rosalind McAllister")

    import_text(tmp_path, "caps", "By ROSALIND MCALLISTER\n\nA singer sang.\n")

    assert bylines_of("caps") == [("Rosalind McAllister", "", "", "writer")]


def test_import_movie_shortcode_tags_the_work_by_name(people_and_works, tmp_path):
    text = '[movie id="9"]Sabotage[/movie] was directed by Spike Jonze.\n'

    out = import_text(tmp_path, "movie", text)

    article = Article.objects.get(source_key="movie")
    assert sorted(article.work_tags.values_list("tag__name", "found_by")) == [
        ("Sabotage", "shortcode")
    ]
    assert not [line for line in out if "warning" in line]


def test_import_movie_shortcode_of_two_works_tags_neither_and_warns(
    people_and_works, tmp_path
):
    text = '[movie id="9"]Flashing Lights[/movie] came out.\n'

    out = import_text(tmp_path, "two", text)

    assert out[1] == (
        f"  warning: {tmp_path / 'two.txt'}:1: [movie] 'Flashing Lights': no "
        "single work of that name; kept as text"
    )
    assert Article.objects.get(source_key="two").body == paragraphs(
        "Flashing Lights came out."
    )


def test_import_link_shortcode_becomes_a_sanitised_link(db, tmp_path):
    text = (
        'See [link url="https://example.com/a?b=1&c=2"]the film[/link] and '
        '[link url="javascript:alert(1)"]this[/link].\n'
    )

    out = import_text(tmp_path, "link", text)

    assert Article.objects.get(source_key="link").body == (
        '<p>See <a href="https://example.com/a?b=1&amp;c=2">the film</a> and this.</p>'
    )
    assert out[1] == (
        f"  warning: {tmp_path / 'link.txt'}:1: [link] to 'javascript:alert(1)' "
        "is not an http(s) address; kept as text"
    )


def test_import_unknown_shortcodes_are_unwrapped_and_media_mapped_with_warnings(
    db, tmp_path
):
    text = (
        "Intro [highlight]loud[/highlight].\n\n"
        '[caption id="1"]The band on stage[/caption]\n\n'
        '[gallery ids="1,2"]\n\n'
        "[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]\n\n"
        '[audio src="https://example.com/demo.mp3"]\n'
    )

    out = import_text(tmp_path, "codes", text)

    path = tmp_path / "codes.txt"
    # The same mapping as a WordPress post's (importer.shortcodes): a caption
    # keeps its words as a photo to come, a known provider's address is an
    # embed, another media file a link; images and galleries cannot come (not
    # in the library).
    assert Article.objects.get(source_key="codes").body == (
        "<p>Intro loud.</p>"
        '<figure data-photo-caption="The band on stage"></figure>'
        '<figure data-embed-id="dQw4w9WgXcQ" data-embed-provider="youtube">'
        "</figure>"
        '<p><a href="https://example.com/demo.mp3">'
        "https://example.com/demo.mp3</a></p>"
    )
    assert out[1:5] == [
        f"  warning: {path}:1: unknown shortcode [highlight] unwrapped",
        f"  warning: {path}:3: image not imported (no address): add it to the "
        "image library; its caption is kept as a photo to come",
        f"  warning: {path}:5: [gallery] of attachments 1,2 not imported: "
        "attachments are not in the image library",
        f"  warning: {path}:9: [audio] https://example.com/demo.mp3 is not from "
        "a known embed provider: linked",
    ]


def test_import_public_page_shows_dateline_and_byline_title(db, client, tmp_path):
    import_text(
        tmp_path,
        "page",
        "Singer Cancels Three Shows\n\nBy Jane Doe, AP Music Writer\n\n"
        "NEW YORK (AP) — A singer cancelled three shows on Sunday. She did.\n",
        sidecar='status = "published"\n',
    )
    article = Article.objects.get(source_key="page")
    assert article.status == Status.PUBLISHED

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<p class="dateline">NEW YORK (AP)</p>' in html
    assert "Jane Doe</a>, AP Music Writer" in html


def test_import_dateline_and_byline_title_are_editable_in_the_admin(db, tmp_path):
    import_text(tmp_path, "admin", WIRE_STORY)
    article = Article.objects.get(source_key="admin")
    client = logged_in(make_user("edna", "Editor"))

    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()

    assert 'name="dateline" value="NEW YORK (AP)"' in html
    assert 'name="bylines-0-title" value="AP Music Writer"' in html


def test_import_nested_shortcodes_are_listed_in_the_summary(db, tmp_path):
    text = '[quote by="x"]She said [b]yes[/b].[/quote]\n'

    out = import_text(tmp_path, "nested", text)

    path = tmp_path / "nested.txt"
    assert Article.objects.get(source_key="nested").body == paragraphs("She said yes.")
    assert out[1:3] == [
        f"  warning: {path}:1: shortcode [b] inside [quote] unwrapped",
        f"  warning: {path}:1: unknown shortcode [quote] unwrapped",
    ]


def test_import_sidecar_credit_wins_over_the_dateline_agency(db, tmp_path):
    import_text(
        tmp_path,
        "desk",
        "PARIS (AFP) — A concert hall closed.\n",
        sidecar='credit = "The desk"\n',
    )

    assert bylines_of("desk") == [("", "The desk", "", "publisher")]


def work_tags_of(key: str) -> list[tuple[str, str]]:
    article = Article.objects.get(source_key=key)
    return sorted(article.work_tags.values_list("tag__name", "found_by"))


MTV = '[source]\npublisher = "MTV News"\n'


def test_import_movie_shortcode_finds_the_work_by_external_id(
    people_and_works, tmp_path
):
    fairytale = Work.objects.get(name="We Were Once a Fairytale")
    WorkExternalId.objects.create(work=fairytale, publisher="MTV News", value="501")
    # The shortcode's text is no title of the work: only the id can find it.
    text = '[movie id="501"]the Jonze short[/movie] premiered online.\n'

    out = import_text(tmp_path, "short", text, sidecar=MTV)

    assert work_tags_of("short") == [("We Were Once a Fairytale", "shortcode")]
    assert not [line for line in out if "warning" in line]
    assert Article.objects.get(source_key="short").body == paragraphs(
        "the Jonze short premiered online."
    )


def test_import_work_shortcode_of_an_unknown_id_falls_back_to_the_title(
    people_and_works, tmp_path
):
    sabotage = Work.objects.get(name="Sabotage")
    WorkExternalId.objects.create(work=sabotage, publisher="MTV News", value="9")
    text = '[movie id="10"]Where the Wild Things Are[/movie] opened.\n'

    import_text(tmp_path, "wild", text, sidecar=MTV)

    assert work_tags_of("wild") == [("Where the Wild Things Are", "shortcode")]
    # The title found the work; the unknown id is not pinned to it.
    assert not WorkExternalId.objects.filter(value="10").exists()


def test_import_work_shortcode_id_of_another_publisher_links_nothing_false(
    people_and_works, tmp_path
):
    sabotage = Work.objects.get(name="Sabotage")
    WorkExternalId.objects.create(work=sabotage, publisher="Pitchfork", value="501")
    # MTV's 501 is not Pitchfork's 501, and no work has this title.
    text = '[album id="501"]An Untitled Record[/album] is due in May.\n'

    out = import_text(tmp_path, "untitled", text, sidecar=MTV)

    assert work_tags_of("untitled") == []
    assert (
        f"  warning: {tmp_path / 'untitled.txt'}:1: [album] 'An Untitled Record': "
        "no single work of that name; kept as text"
    ) in out


PHOTO_STORY = (
    "Singer Returns to Her Home Town\n\n"
    "By Priya Natarajan\n\n"
    "The singer played to 4,000 people in the square where she grew up.\n\n"
    "[Photo: the singer on stage]\n"
    "The singer on stage in her home town on Saturday.\n"
    'Credit: Jane Doe for "Music Weekly"\n\n'
    "She thanked her first teacher by name.\n"
)


def test_import_keeps_a_caption_and_credit_by_a_photo_as_a_photo_to_come(db, tmp_path):
    out = import_text(tmp_path, "photo", PHOTO_STORY, sidecar='status = "published"')

    article = Article.objects.get(source_key="photo")
    assert article.body == (
        "<p>The singer played to 4,000 people in the square where she grew up.</p>"
        '<figure data-photo-caption="The singer on stage in her home town on '
        'Saturday." data-photo-credit="Credit: Jane Doe for &quot;Music '
        'Weekly&quot;"></figure>'
        "<p>She thanked her first teacher by name.</p>"
    )
    assert (
        f"  warning: {tmp_path / 'photo.txt'}:7: photo to come kept in the body "
        "(shown to readers only once an image is attached): 'The singer on stage "
        "in her home town on Saturday.', 'Credit: Jane Doe for \"Music Weekly\"'"
    ) in out
    # Published: the reader sees the story and no broken picture.
    assert article.status == Status.PUBLISHED
    html = article.body_html or rendering.store(article).body_html
    assert "<figure" not in html and "<img" not in html
    assert "Saturday" not in html
    assert html.startswith("<p>The singer played")
