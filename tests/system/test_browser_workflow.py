"""The whole editorial story, clicked through the admin in headless Chromium.

A reporter writes and submits a draft; an editor sends it back with a reason;
the reporter fixes it and resubmits; the editor sees the difference, approves
and publishes; a reader sees it; the editor corrects a fact; the reader sees
the correction note and the earlier version.
"""

import re

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.builders.browser import CHROMIUM, CHROMIUM_ARGS
from tests.builders.people import make_person
from tests.builders.users import PASSWORD, make_user


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_workflow_browser_whole_story(live_server, roles, monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test only
    # touches the database before the browser starts.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    make_user("rita", "Reporter")
    make_user("edna", "Editor")
    make_person("Sam Writer")
    base = live_server.url

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        reporter = browser.new_context().new_page()
        editor = browser.new_context().new_page()
        reader = browser.new_context().new_page()

        # The reporter writes a draft with a byline and submits it.
        log_in(reporter, base, "rita")
        reporter.goto(f"{base}/admin/articles/article/add/")
        reporter.fill("#id_headline", "Spike Jonze directs Flashing Lights video")
        reporter.locator(".ProseMirror").fill("The video came out in 2007.")
        reporter.click("#bylines-group .add-row a")
        reporter.click("#bylines-group .select2-selection")
        reporter.keyboard.type("Writer")
        reporter.locator(".select2-results__option", has_text="Sam Writer").click()
        reporter.click("input[name=_continue]")
        expect(reporter.locator(".messagelist")).to_contain_text("was added")
        change_url = reporter.url
        reporter.click("button:has-text('Submit for review')")
        expect(reporter.locator(".messagelist")).to_contain_text(
            "Submitted for review."
        )
        expect(reporter.locator("#workflow-heading")).to_have_text(
            "Workflow: In review"
        )

        # The editor finds it in the queue and asks for a change.
        log_in(editor, base, "edna")
        editor.goto(f"{base}/admin/articles/article/?queue=waiting")
        editor.click("text=Spike Jonze directs Flashing Lights video")
        editor.fill("#id_reason", "Which year? Check the release date.")
        editor.click("button:has-text('Request changes')")
        expect(editor.locator(".messagelist")).to_contain_text(
            "Sent back to the reporter."
        )

        # The reporter sees the reason, fixes the text and resubmits.
        reporter.goto(change_url)
        expect(reporter.locator(".review-note")).to_contain_text(
            "Which year? Check the release date."
        )
        reporter.locator(".ProseMirror").fill("The video came out in 2008.")
        reporter.click("input[name=_continue]")
        expect(reporter.locator(".messagelist")).to_contain_text("was changed")
        reporter.click("button:has-text('Submit for review')")
        expect(reporter.locator(".messagelist")).to_contain_text(
            "Submitted for review."
        )

        # The editor sees what changed, approves and publishes.
        editor.goto(change_url)
        diff = editor.locator(".changes-since-previous-submission")
        expect(diff.locator("del")).to_have_text("[−2007]")
        expect(diff.locator("ins")).to_have_text("[+2008]")
        editor.click("button:has-text('Approve')")
        expect(editor.locator(".messagelist")).to_contain_text("Approved.")
        editor.click("button:has-text('Publish now')")
        expect(editor.locator(".messagelist")).to_contain_text("Published.")
        slug = editor.input_value("#id_slug")

        # A reader sees the article.
        reader.goto(f"{base}/articles/{slug}/")
        expect(reader.locator("h1")).to_have_text(
            "Spike Jonze directs Flashing Lights video"
        )
        expect(reader.locator("article")).to_contain_text("came out in 2008.")

        # The editor corrects a fact, saying what was wrong.
        editor.goto(change_url)
        editor.locator(".ProseMirror").fill("The video came out in February 2008.")
        editor.select_option("#id_change_kind", "correction")
        editor.fill(
            "#id_change_note",
            "An earlier version did not give the month of release.",
        )
        editor.click("input[name=_continue]")
        expect(editor.locator(".messagelist")).to_contain_text("was changed")

        # The reader sees the note, and the earlier version.
        reader.reload()
        expect(reader.locator(".corrections")).to_contain_text(
            "An earlier version did not give the month of release."
        )
        expect(reader.locator("article")).to_contain_text("February 2008.")
        reader.click("text=See earlier versions")
        expect(reader).to_have_url(re.compile(rf"/articles/{slug}/changes/$"))
        change = reader.locator(".change").first
        expect(change).to_contain_text(
            "An earlier version did not give the month of release."
        )
        expect(change.locator("ins")).to_have_text(re.compile(r"^\[\+February\s*\]$"))
        browser.close()
