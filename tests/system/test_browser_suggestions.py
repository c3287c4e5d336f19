"""Help while writing, in headless Chromium: the people and works the text
names are suggested beside the form as it is typed, and the tag pickers
pick what the keyboard highlights.

Needs /usr/bin/chromium; missing it is a failure, not a skip.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import Page, expect, sync_playwright

from articles.models import FoundBy, Status, TaggedPerson, TaggedWork
from people.models import Person, Work
from tests.builders.articles import make_article
from tests.builders.browser import CHROMIUM, CHROMIUM_ARGS
from tests.builders.seeds import PEOPLE_JSON
from tests.builders.users import make_user
from tests.system.test_browser_editor import (
    ARTIFACTS,
    logged_in_page,
    open_editor,
)

WILD = "Where the Wild Things Are"
# Generous: the machine that runs these is often busy.
WAIT_MS = 20_000


@pytest.fixture
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        # Django's connections in Playwright's greenlet (see test_browser_editor).
        connections.close_all()


@pytest.fixture
def rita_draft(roles, monkeypatch):
    """Rita's empty draft, and the people and works of the fixtures (the
    film and the book of Where the Wild Things Are among them)."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    call_command("loaddata", PEOPLE_JSON, verbosity=0)
    reporter = make_user("rita", "Reporter")
    return make_article(
        "Notes from the night",
        status=Status.DRAFT,
        created_by=reporter,
        body="Draft.",
    )


def change_url(base: str, article) -> str:
    return f"{base}/admin/articles/article/{article.pk}/change/"


def chips(page: Page, picker: str):
    return page.locator(f"#{picker} + .select2 .select2-selection__choice")


@pytest.mark.browser
def test_suggestions_follow_the_text_and_accepting_tags_the_article(
    live_server, rita_draft, browser
):
    page, problems = logged_in_page(browser, live_server.url)
    editor = open_editor(page, change_url(live_server.url, rita_draft))
    panel = page.locator(".tag-suggestions")
    # The saved text names nobody.
    expect(panel.locator(".tag-suggestions-status")).to_have_text(
        "No known person or work in the text that is not tagged yet.",
        timeout=WAIT_MS,
    )

    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(
        " Kanye West partied in West Hollywood with Spike Jonze, whose film "
        f"{WILD} opened that week. Kanye West left early."
    )

    # Two seconds after the typing stops, without a reload.
    items = panel.locator(".tag-suggestions-list li")
    expect(items).to_have_count(3, timeout=WAIT_MS)
    expect(items).to_have_text(
        [
            re.compile(r"^Kanye West \(person, 2 mentions\) Add Not this$"),
            re.compile(r"^Spike Jonze \(person, 1 mention\) Add Not this$"),
            re.compile(rf"^{WILD} \(film, 2009, 1 mention\) Add Not this$"),
        ]
    )
    page.screenshot(path=ARTIFACTS / "suggestions-listed.png", full_page=True)

    # With the keyboard: Enter on "Add" for Kanye West, then for the film;
    # "Not this" for Spike Jonze. The focus stays in the list.
    page.get_by_role("button", name="Add Kanye West (person)").focus()
    page.keyboard.press("Enter")
    expect(chips(page, "id_tagged_people")).to_have_text(["×Kanye West"])
    expect(page.get_by_role("button", name="Add Spike Jonze (person)")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Not Spike Jonze (person)")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name=f"Add {WILD} (film, 2009)")).to_be_focused()
    page.keyboard.press("Enter")
    expect(chips(page, "id_tagged_works")).to_have_text([f"×{WILD} (film, 2009)"])
    expect(items).to_have_count(0)
    expect(panel.locator(".tag-suggestions-status")).to_have_text(
        "Nothing more to suggest (1 passed over with “Not this”)."
    )
    page.screenshot(path=ARTIFACTS / "suggestions-accepted.png", full_page=True)

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed")

    rita = rita_draft.created_by
    assert [
        (t.tag.name, t.found_by, t.added_by)
        for t in TaggedPerson.objects.filter(content_object=rita_draft)
    ] == [("Kanye West", FoundBy.SUGGESTED, rita)]
    assert [
        (str(t.tag), t.found_by, t.added_by)
        for t in TaggedWork.objects.filter(content_object=rita_draft)
    ] == [(f"{WILD} (film, 2009)", FoundBy.SUGGESTED, rita)]
    # After the save: the tags say how they were found and by whom, and
    # only the person passed over is still suggested.
    expect(page.locator(".tags-added li")).to_have_text(
        [
            "Kanye West — suggested while writing, added by rita",
            f"{WILD} (film, 2009) — suggested while writing, added by rita",
        ]
    )
    # "Not this" holds for this article while the tab is open.
    expect(panel.locator(".tag-suggestions-status")).to_have_text(
        "Nothing more to suggest (1 passed over with “Not this”).", timeout=WAIT_MS
    )
    expect(items).to_have_count(0)
    assert problems.errors == []
    assert problems.csp_violations() == []


@pytest.mark.browser
def test_tag_picker_enter_picks_the_highlighted_work(live_server, rita_draft, browser):
    page, problems = logged_in_page(browser, live_server.url)
    open_editor(page, change_url(live_server.url, rita_draft))

    page.click("#id_tagged_works + .select2 .select2-search__field")
    page.keyboard.type("Wild Things")
    options = page.locator(".select2-results__option")
    # Film and book told apart by kind and year; the book comes first.
    expect(options).to_have_text(
        [f"{WILD} (book, 1963)", f"{WILD} (film, 2009)"], timeout=WAIT_MS
    )
    search = page.locator("#id_tagged_works + .select2 .select2-search__field")
    expect(search).to_have_attribute("aria-controls", re.compile("select2-"))
    page.keyboard.press("ArrowDown")
    highlighted = page.locator(".select2-results__option--highlighted")
    expect(highlighted).to_have_text(f"{WILD} (film, 2009)")
    # Announced to a screen reader as the combobox's active option.
    expect(highlighted).to_have_attribute("role", "option")
    expect(highlighted).to_have_attribute("id", re.compile(r"\S"))
    expect(page.locator(".select2-results__options")).to_have_attribute(
        "role", "listbox"
    )
    expect(search).to_have_attribute(
        "aria-activedescendant", highlighted.get_attribute("id")
    )
    page.screenshot(path=ARTIFACTS / "tag-picker-highlighted.png", full_page=True)
    page.keyboard.press("Enter")

    # Enter picked the highlighted film, not the first result.
    expect(chips(page, "id_tagged_works")).to_have_text([f"×{WILD} (film, 2009)"])

    # A second pick, then Escape closes the list and Backspace removes it.
    page.keyboard.type("Sabotage")
    expect(page.locator(".select2-results__option--highlighted")).to_contain_text(
        "Sabotage", timeout=WAIT_MS
    )
    page.keyboard.press("Enter")
    expect(chips(page, "id_tagged_works")).to_have_count(2)
    page.keyboard.press("Escape")
    expect(page.locator(".select2-results__option")).to_have_count(0)
    page.keyboard.press("Backspace")
    expect(chips(page, "id_tagged_works")).to_have_text([f"×{WILD} (film, 2009)"])
    page.keyboard.press("Escape")
    page.screenshot(path=ARTIFACTS / "tag-picker-backspace.png", full_page=True)

    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed")
    film = Work.objects.get(name=WILD, kind="film")
    assert [
        (t.tag_id, t.found_by, t.added_by)
        for t in TaggedWork.objects.filter(content_object=rita_draft)
    ] == [(film.pk, FoundBy.EDITOR, rita_draft.created_by)]
    assert Person.objects.count() > 0
    assert problems.errors == []
    assert problems.csp_violations() == []
