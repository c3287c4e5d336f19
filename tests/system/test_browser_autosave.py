"""Nothing a reporter types is lost, driven in headless Chromium.

A closed tab and an ended session both bring the text back when the form is
opened again; leaving with changes not yet kept asks first; the session warns
before it ends and is extended from the form. All under the site's CSP, with
the keyboard.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import Page, expect

from articles.models import Article, AutosaveDraft
from tests.builders.articles import draft_by
from tests.builders.users import PASSWORD
from tests.system.test_browser_editor import (  # noqa: F401 (fixtures)
    ARTIFACTS,
    Problems,
    browser,
    logged_in_page,
    newsroom,
    open_editor,
    write,
)

# Generous: the machine running the tests may be busy.
WAIT = 30_000
SAVED = re.compile(r"^Saved draft at \d\d:\d\d$")


def change_url(base: str, article: Article) -> str:
    return f"{base}/admin/articles/article/{article.pk}/change/"


def a_draft(newsroom) -> Article:  # noqa: F811
    return draft_by(
        newsroom["reporter"],
        headline="Spike Jonze films the video",
        body="<p>The video came out in 2007.</p>",
    )


def type_at_the_end(page: Page, text: str) -> None:
    page.locator(".ProseMirror").click()
    page.keyboard.press("Control+End")
    write(page, text)


def restore_with_the_keyboard(page: Page) -> None:
    page.get_by_role("link", name="Restore").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".autosave-restored")).to_be_visible()


def save_and_continue(page: Page) -> None:
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")


@pytest.mark.browser
def test_autosave_brings_the_text_back_after_the_tab_is_closed(
    live_server,
    newsroom,  # noqa: F811
    browser,  # noqa: F811
):
    article = a_draft(newsroom)
    url = change_url(live_server.url, article)
    page, problems = logged_in_page(browser, live_server.url)
    context = page.context
    open_editor(page, url)

    type_at_the_end(page, " It was shot in Los Angeles.")
    expect(page.locator(".autosave-status")).to_have_text(SAVED, timeout=WAIT)
    first_violations = problems.csp_violations()
    page.close()

    reopened = context.new_page()
    problems_after = Problems(reopened)
    open_editor(reopened, url)
    offer = reopened.locator(".autosave-offer")
    expect(offer).to_contain_text("You have unsaved changes from")
    expect(offer.locator("ins")).to_have_text("[+ It was shot in Los Angeles.]")
    reopened.screenshot(path=ARTIFACTS / "autosave-offer.png", full_page=True)
    restore_with_the_keyboard(reopened)
    expect(reopened.locator(".ProseMirror")).to_have_text(
        "The video came out in 2007. It was shot in Los Angeles."
    )
    reopened.screenshot(path=ARTIFACTS / "autosave-restored.png", full_page=True)
    save_and_continue(reopened)

    article.refresh_from_db()
    assert article.body == (
        "<p>The video came out in 2007. It was shot in Los Angeles.</p>"
    )
    assert AutosaveDraft.objects.count() == 0
    assert (first_violations, problems_after.csp_violations()) == ([], [])
    assert problems.errors + problems_after.errors == []


@pytest.mark.browser
def test_text_typed_after_the_session_ended_comes_back_after_logging_in(
    live_server,
    newsroom,  # noqa: F811
    browser,  # noqa: F811
):
    article = a_draft(newsroom)
    url = change_url(live_server.url, article)
    # The autosave refused for the ended session is expected (a 401).
    page, problems = logged_in_page(
        browser,
        live_server.url,
        expected=(f"/editorial/articles/{article.pk}/autosave/",),
    )
    open_editor(page, url)
    type_at_the_end(page, " Shot in Los Angeles.")
    expect(page.locator(".autosave-status")).to_have_text(SAVED, timeout=WAIT)

    Session.objects.all().delete()
    write(page, " Typed after the end.")
    ended = page.locator(".autosave-ended")
    expect(ended).to_be_visible(timeout=WAIT)
    expect(ended).to_contain_text("Your session has ended — log in again.")
    page.screenshot(path=ARTIFACTS / "autosave-session-ended.png", full_page=True)
    page.get_by_role("link", name="log in again").focus()
    page.keyboard.press("Enter")
    page.fill("#id_username", "rita")
    page.fill("#id_password", PASSWORD)
    page.keyboard.press("Enter")

    # Back at the form, the text kept in the browser reached the server and
    # is offered back.
    expect(page).to_have_url(url, timeout=WAIT)
    offer = page.locator(".autosave-offer")
    expect(offer.locator("ins")).to_have_text(
        "[+ Shot in Los Angeles. Typed after the end.]", timeout=WAIT
    )
    restore_with_the_keyboard(page)
    expect(page.locator(".ProseMirror")).to_have_text(
        "The video came out in 2007. Shot in Los Angeles. Typed after the end."
    )
    save_and_continue(page)

    article.refresh_from_db()
    assert article.body == (
        "<p>The video came out in 2007. Shot in Los Angeles. Typed after the end.</p>"
    )
    assert AutosaveDraft.objects.count() == 0
    assert problems.csp_violations() == []
    assert problems.errors == []


@pytest.mark.browser
def test_leaving_with_changes_not_yet_kept_asks_first(
    live_server,
    newsroom,  # noqa: F811
    browser,  # noqa: F811
    settings,
):
    # No autosave during the test: the changes stay unkept.
    settings.NEWSROOM_AUTOSAVE_SECONDS = 600
    article = a_draft(newsroom)
    url = change_url(live_server.url, article)
    page, problems = logged_in_page(browser, live_server.url)
    dialogs = []

    def answer(dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    open_editor(page, url)
    page.get_by_role("link", name="Revisions").click()
    expect(page).to_have_url(re.compile(r"/revisions/$"))
    untouched = list(dialogs)

    open_editor(page, url)
    type_at_the_end(page, " Not kept yet.")
    page.get_by_role("link", name="Revisions").click()
    expect(page.locator(".ProseMirror")).to_contain_text("Not kept yet.")
    expect(page).to_have_url(url)
    asked = list(dialogs)
    # Saving the form itself does not ask.
    save_and_continue(page)

    assert untouched == []
    assert asked == ["beforeunload"]
    assert dialogs == ["beforeunload"]
    article.refresh_from_db()
    assert article.body == "<p>The video came out in 2007. Not kept yet.</p>"
    assert problems.csp_violations() == []
    assert problems.errors == []


@pytest.mark.browser
def test_form_warns_before_the_session_ends_and_extends_it(
    live_server,
    newsroom,  # noqa: F811
    browser,  # noqa: F811
    settings,
):
    article = a_draft(newsroom)
    page, problems = logged_in_page(browser, live_server.url)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=3))

    open_editor(page, change_url(live_server.url, article))
    warning = page.locator(".autosave-warning")
    expect(warning).to_be_visible(timeout=WAIT)
    expect(warning).to_contain_text(re.compile(r"Your session ends in [23] minutes"))
    page.screenshot(path=ARTIFACTS / "autosave-session-warning.png", full_page=True)
    page.get_by_role("button", name="Stay logged in").focus()
    page.keyboard.press("Enter")
    expect(warning).to_be_hidden(timeout=WAIT)
    expect(page.locator(".autosave-status")).to_have_text("You stay logged in.")

    left = Session.objects.get().expire_date - timezone.now()
    assert left > timedelta(seconds=settings.SESSION_COOKIE_AGE - 120)
    assert problems.csp_violations() == []
    assert problems.errors == []


@pytest.mark.browser
def test_a_new_articles_text_comes_back_after_the_tab_is_closed(
    live_server,
    newsroom,  # noqa: F811
    browser,  # noqa: F811
):
    add_url = f"{live_server.url}/admin/articles/article/add/"
    page, problems = logged_in_page(browser, live_server.url)
    context = page.context
    open_editor(page, add_url)
    page.locator("#id_headline").fill("Spike Jonze films the video")
    type_at_the_end(page, "The video came out in 2007.")
    expect(page.locator(".autosave-status")).to_have_text(SAVED, timeout=WAIT)
    first_violations = problems.csp_violations()
    page.close()

    reopened = context.new_page()
    problems_after = Problems(reopened)
    open_editor(reopened, add_url)
    offer = reopened.locator(".autosave-offer")
    expect(offer).to_contain_text("for a new article")
    restore_with_the_keyboard(reopened)
    expect(reopened.locator("#id_headline")).to_have_value(
        "Spike Jonze films the video"
    )
    expect(reopened.locator(".ProseMirror")).to_have_text("The video came out in 2007.")
    reopened.locator("input[name=_continue]").click()
    expect(reopened.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(headline="Spike Jonze films the video")
    assert article.body == "<p>The video came out in 2007.</p>"
    assert AutosaveDraft.objects.count() == 0
    assert (first_violations, problems_after.csp_violations()) == ([], [])
    assert problems.errors + problems_after.errors == []
