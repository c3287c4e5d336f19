"""Two people editing one article, and workflow buttons pressed with unsaved
edits, in headless Chromium: nothing either of them typed is lost.

A reporter and an editor (two browser contexts, two logins) open the same
draft; each saves a change; the second save is merged with the first, field
by field, or, where both changed the same field, the reporter sees both
versions and chooses. "Save and submit for review" submits what is in the
form, never the older saved text.
"""

import pytest
from playwright.sync_api import Page, expect

from articles.body import from_plain_text as paragraphs
from articles.body import readable
from articles.models import Article, Status
from tests.builders.articles import make_article
from tests.builders.people import make_person
from tests.builders.seeds import ROOT
from tests.builders.users import PASSWORD, make_user
from tests.system.test_browser_editor import DESKTOP, Problems, browser, write

ARTIFACTS = ROOT / "test-artifacts"
# The fixture is imported for the tests below to ask for by name.
__all__ = ["browser"]


@pytest.fixture
def desk(roles, monkeypatch):
    """A reporter (rita), an editor (edna) and rita's draft."""
    # Playwright's sync API runs an event loop in this thread; the tests only
    # touch the database before the browser starts, and read it after.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    rita = make_user("rita", "Reporter")
    make_user("edna", "Editor")
    return make_article(
        "Spike Jonze films the video",
        status=Status.DRAFT,
        created_by=rita,
        byline=make_person("Sam Writer"),
        body="The video came out in 2007.",
    )


def open_as(browser, base: str, username: str, url: str) -> tuple[Page, Problems]:
    page = browser.new_context(viewport=DESKTOP).new_page()
    problems = Problems(page)
    page.goto(f"{base}/admin/login/?next={url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator(".ProseMirror")).to_be_visible(timeout=30_000)
    return page, problems


def replace_body(page: Page, text: str) -> None:
    page.locator(".ProseMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    write(page, text)


def save(page: Page) -> None:
    page.click("input[name=_continue]")


def article(pk: int) -> Article:
    return Article.objects.get(pk=pk)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_two_people_edit_one_article_and_nothing_is_lost(live_server, desk, browser):
    url = f"/admin/articles/article/{desk.pk}/change/"
    base = live_server.url
    reporter, reporter_problems = open_as(browser, base, "rita", url)
    editor, editor_problems = open_as(browser, base, "edna", url)

    # Different fields: the editor's headline, then the reporter's body.
    editor.fill("#id_headline", "Spike Jonze films the Flashing Lights video")
    save(editor)
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    replace_body(reporter, "The video came out in 2008.")
    save(reporter)
    expect(reporter.locator(".messagelist")).to_contain_text(
        "was changed successfully", timeout=30_000
    )
    # The reporter's page now shows both changes.
    expect(reporter.locator("#id_headline")).to_have_value(
        "Spike Jonze films the Flashing Lights video"
    )
    expect(reporter.locator(".ProseMirror")).to_have_text("The video came out in 2008.")
    merged = article(desk.pk)
    assert merged.headline == "Spike Jonze films the Flashing Lights video"
    assert merged.body == paragraphs("The video came out in 2008.")

    # The same field: both rewrite the body, the editor saves first.
    editor.reload()
    expect(editor.locator(".ProseMirror")).to_have_text("The video came out in 2008.")
    replace_body(editor, "The video came out in 2008, the director said.")
    editor.fill("#id_dek", "A video and its year.")
    save(editor)
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    replace_body(reporter, "The video came out in 2008, the label said.")
    save(reporter)

    conflicts = reporter.locator(".merge-conflicts")
    expect(conflicts).to_be_visible(timeout=30_000)
    expect(reporter.locator("ul.errorlist.nonfield")).to_contain_text(
        "edna saved this article"
    )
    body_conflict = reporter.locator("#conflict-body")
    expect(body_conflict.locator(".merge-theirs")).to_contain_text(
        "The video came out in 2008, the director said."
    )
    expect(body_conflict.locator(".merge-mine")).to_contain_text(
        "The video came out in 2008, the label said."
    )
    # Only the body is asked about; the editor's standfirst is already in.
    expect(reporter.locator(".merge-conflict")).to_have_count(1)
    expect(reporter.locator("#id_dek")).to_have_value("A video and its year.")
    ARTIFACTS.mkdir(exist_ok=True)
    reporter.screenshot(path=str(ARTIFACTS / "merge-conflict.png"), full_page=True)
    # Nothing was saved over the editor's text yet.
    assert readable(article(desk.pk).body) == (
        "The video came out in 2008, the director said."
    )

    # The reporter keeps their body, edited once more in the editor.
    reporter.get_by_label("Keep mine (as edited below)").check()
    reporter.locator(".ProseMirror").click()
    reporter.keyboard.press("Control+End")
    write(reporter, " Both agree on the year.")
    save(reporter)
    expect(reporter.locator(".messagelist")).to_contain_text(
        "was changed successfully", timeout=30_000
    )
    final = article(desk.pk)
    assert readable(final.body) == (
        "The video came out in 2008, the label said. Both agree on the year."
    )
    assert final.dek == "A video and its year."
    assert final.headline == "Spike Jonze films the Flashing Lights video"
    for problems in (reporter_problems, editor_problems):
        assert problems.errors == []
        assert problems.csp_violations() == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_submit_with_unsaved_edits_submits_the_new_text(live_server, desk, browser):
    url = f"/admin/articles/article/{desk.pk}/change/"
    reporter, problems = open_as(browser, live_server.url, "rita", url)

    # Enter in a field saves the form, and submits nothing.
    reporter.fill("#id_dek", "A video, and the year it came out.")
    reporter.press("#id_dek", "Enter")
    expect(reporter.locator(".messagelist")).to_contain_text(
        "was changed successfully", timeout=30_000
    )
    assert article(desk.pk).status == Status.DRAFT
    reporter.goto(f"{live_server.url}{url}")
    expect(reporter.locator(".ProseMirror")).to_be_visible(timeout=30_000)

    # A save that fails: the address is not a valid slug.
    replace_body(reporter, "The video came out in 2008.")
    reporter.fill("#id_slug", "not a slug!")
    save(reporter)
    expect(reporter.locator(".errornote")).to_be_visible(timeout=30_000)
    expect(reporter.locator(".ProseMirror")).to_have_text("The video came out in 2008.")

    # Submitting with the form still broken submits nothing.
    reporter.click("button:has-text('Save and submit for review')")
    expect(reporter.locator(".errornote")).to_be_visible(timeout=30_000)
    expect(reporter.locator("#workflow-heading")).to_have_text("Workflow: Draft")
    assert article(desk.pk).status == Status.DRAFT

    # Fixed, and submitted in one click: the new text is what was submitted.
    reporter.fill("#id_slug", "spike-jonze-films-the-video")
    reporter.click("button:has-text('Save and submit for review')")
    expect(reporter.locator(".messagelist")).to_contain_text(
        "Submitted for review.", timeout=30_000
    )
    expect(reporter.locator("#workflow-heading")).to_have_text("Workflow: In review")
    submitted = article(desk.pk)
    assert submitted.status == Status.IN_REVIEW
    assert submitted.body == paragraphs("The video came out in 2008.")
    assert submitted.submitted_version.field_dict["body"] == submitted.body
    assert problems.errors == []
    assert problems.csp_violations() == []
