"""The completed workflow in headless Chromium: the reporter's notices and
their unread count, and an editor unpublishing with a reason and a
confirmation, by keyboard alone."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from articles.models import Action, Activity, Article, Status
from articles.workflow import transitions
from tests.builders.articles import draft_by
from tests.builders.browser import CHROMIUM, CHROMIUM_ARGS
from tests.builders.users import make_user
from tests.system.test_browser_workflow import log_in

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_flow_browser_notices_and_unpublish_by_keyboard(
    live_server, roles, monkeypatch
):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(exist_ok=True)
    rita = make_user("rita", "Reporter")
    make_user("edna", "Editor")
    article = draft_by(rita, headline="Spike Jonze directs Flashing Lights video")
    transitions.submit(article, by=rita)
    change_url = f"{live_server.url}/admin/articles/article/{article.pk}/change/"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        editor = browser.new_context().new_page()
        reporter = browser.new_context().new_page()

        # The editor approves and publishes the reporter's article.
        log_in(editor, live_server.url, "edna")
        editor.goto(change_url)
        editor.click("button:has-text('Approve')")
        expect(editor.locator(".messagelist")).to_contain_text("Approved.")
        editor.click("button:has-text('Publish now')")
        expect(editor.locator(".messagelist")).to_contain_text("Published.")
        expect(editor.locator("#notifications-link")).to_have_text("Notifications")

        # The reporter sees two unread notices in the header, and the list.
        log_in(reporter, live_server.url, "rita")
        link = reporter.locator("#notifications-link")
        expect(link).to_have_text("Notifications (2 unread)")
        link.focus()
        reporter.keyboard.press("Enter")
        rows = reporter.locator("#result_list tbody tr")
        expect(rows).to_have_count(2)
        expect(rows.first).to_contain_text(
            "edna published “Spike Jonze directs Flashing Lights video”."
        )
        expect(rows.nth(1)).to_contain_text("edna approved")
        reporter.screenshot(path=str(ARTIFACTS / "flow-notifications.png"))

        # Opening one marks it read and shows the article.
        rows.first.locator("a").click()
        expect(reporter).to_have_url(change_url)
        expect(reporter.locator("#notifications-link")).to_have_text(
            "Notifications (1 unread)"
        )
        reporter.goto(f"{live_server.url}/admin/notifications/notification/")
        reporter.click("button:has-text('Mark all read')")
        expect(reporter.locator(".messagelist")).to_contain_text(
            "1 notice(s) marked read."
        )
        expect(reporter.locator("#notifications-link")).to_have_text("Notifications")

        # The editor unpublishes, by keyboard: the reason, then the box.
        editor.goto(change_url)
        reason = editor.locator("#id_unpublish_note")
        reason.focus()
        editor.keyboard.type("Held for legal review.")
        editor.keyboard.press("Tab")
        expect(editor.locator("#id_unpublish_confirm")).to_be_focused()
        editor.keyboard.press("Tab")
        unpublish = editor.locator("button:has-text('Unpublish')")
        expect(unpublish).to_be_focused()
        # Without the box ticked, the browser keeps the form back.
        editor.keyboard.press("Enter")
        assert editor.evaluate(
            "document.querySelector('#id_unpublish_confirm').validity.valueMissing"
        )
        editor.locator("#id_unpublish_confirm").focus()
        editor.keyboard.press("Space")
        expect(editor.locator("#id_unpublish_confirm")).to_be_checked()
        editor.screenshot(path=str(ARTIFACTS / "flow-unpublish.png"))
        editor.keyboard.press("Tab")
        editor.keyboard.press("Enter")
        expect(editor.locator(".messagelist")).to_contain_text("Unpublished.")
        expect(editor.locator("#workflow-heading")).to_have_text(
            re.compile("Workflow: Unpublished")
        )
        browser.close()

    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED
    assert Activity.objects.get(action=Action.UNPUBLISHED).note == (
        "Held for legal review."
    )
    assert Article.objects.count() == 1
