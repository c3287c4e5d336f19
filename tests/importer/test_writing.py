"""Writing imported articles: slugs that avoid each other and those reserved."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles.body import from_plain_text as paragraphs
from articles.models import Article, Byline, Status
from articles.workflow import transitions
from importer.writing import unique_article_slugs
from tests.builders.articles import make_article
from tests.builders.people import make_person


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
