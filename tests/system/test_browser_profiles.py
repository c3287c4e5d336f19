"""A reporter's new article in headless Chromium: it starts with their own
byline, and the artist they write about, who is not in the database yet, is
added from the article form's "+" beside the tag field, with the keyboard.
The new person waits for an editor's approval before readers can see it."""

import pytest
from playwright.sync_api import expect, sync_playwright

from articles.models import Article
from people.models import Person, StaffProfile
from tests.builders.browser import CHROMIUM, CHROMIUM_ARGS
from tests.builders.people import make_person
from tests.builders.seeds import ROOT
from tests.builders.users import make_user
from tests.system.test_browser_editor import Problems, logged_in_page

ARTIFACTS = ROOT / "test-artifacts"
# The machine may be busy: wait for what a reporter would see, generously.
WAIT = 20_000


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reporter_starts_with_their_byline_and_adds_a_new_person(
    live_server, roles, monkeypatch
):
    # Playwright's sync API runs an event loop in this thread; the test only
    # touches the database before the browser starts and after it closed.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    rita = make_user("rita", "Reporter")
    StaffProfile.objects.create(user=rita, person=make_person("Rita Reporter"))
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page, problems = logged_in_page(browser, base)
        page.goto(f"{base}/admin/articles/article/add/")

        # The byline is there before the reporter does anything.
        byline = page.locator("#bylines-group tr.form-row").first
        expect(byline.locator(".select2-selection__rendered")).to_have_attribute(
            "title", "Rita Reporter", timeout=WAIT
        )
        page.fill("#id_headline", "Kanye West and Spike Jonze make a short film")
        page.locator(".ProseMirror").fill("Kanye West stars in the film.")

        # "+" beside the people picker, from the keyboard.
        add = page.locator("#add_id_tagged_people")
        expect(add).to_be_visible()
        add.focus()
        with page.expect_popup() as opened:
            page.keyboard.press("Enter")
        popup = opened.value
        popup_problems = Problems(popup)
        name = popup.locator("#id_name")
        expect(name).to_be_visible()
        name.focus()
        popup.keyboard.type("Kanye West")
        expect(popup.locator("#id_slug")).to_have_value("kanye-west", timeout=WAIT)
        with popup.expect_event("close"):
            popup.keyboard.press("Enter")

        chosen = page.locator(".field-tagged_people .select2-selection__choice")
        expect(chosen).to_contain_text("Kanye West", timeout=WAIT)
        page.screenshot(path=ARTIFACTS / "profiles-new-article.png", full_page=True)
        page.click("input[name=_continue]")
        expect(page.locator(".messagelist")).to_contain_text("was added", timeout=WAIT)
        page.screenshot(path=ARTIFACTS / "profiles-saved.png", full_page=True)
        expect(page.locator(".publication-problems")).to_contain_text(
            "Kanye West (person) awaits an editor’s approval.", timeout=WAIT
        )
        errors = problems.errors + popup_problems.errors
        violations = problems.csp_violations()
        reader = browser.new_context().new_page()
        person_page = reader.goto(f"{base}/people/kanye-west/")
        browser.close()

    article = Article.objects.get()
    kanye = Person.objects.get(name="Kanye West")
    assert [(b.person.name, b.role) for b in article.bylines.all()] == [
        ("Rita Reporter", "writer")
    ]
    assert [item.tag for item in article.person_tags.all()] == [kanye]
    assert (kanye.added_by, kanye.is_approved) == (rita, False)
    assert person_page.status == 404
    assert errors == []
    assert violations == []
