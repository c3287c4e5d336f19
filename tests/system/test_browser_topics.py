"""The article form's topics, in headless Chromium: the search picks what
the keyboard highlights, a new topic is typed beside it, and both are saved.

Needs /usr/bin/chromium; missing it is a failure, not a skip.
"""

import pytest
from playwright.sync_api import expect

from articles.models import TaggedTopic, Topic
from tests.system.test_browser_editor import ARTIFACTS, logged_in_page, open_editor
from tests.system.test_browser_suggestions import (  # noqa: F401 (fixtures)
    WAIT_MS,
    browser,
    change_url,
    chips,
    rita_draft,
)


@pytest.mark.browser
def test_topics_picker_enter_picks_the_highlighted_topic_and_new_ones_are_made(
    live_server,
    rita_draft,  # noqa: F811
    browser,  # noqa: F811
):
    Topic.objects.create(name="Music festivals", slug="music-festivals")
    Topic.objects.create(name="Music videos", slug="music-videos")
    page, problems = logged_in_page(browser, live_server.url)
    open_editor(page, change_url(live_server.url, rita_draft))

    search = page.locator("#id_topics + .select2 .select2-search__field")
    search.click()
    page.keyboard.type("Music")
    options = page.locator(".select2-results__option")
    expect(options).to_have_text(["Music festivals", "Music videos"], timeout=WAIT_MS)
    page.keyboard.press("ArrowDown")
    highlighted = page.locator(".select2-results__option--highlighted")
    expect(highlighted).to_have_text("Music videos")
    # Announced to a screen reader, as in the people and works pickers.
    expect(search).to_have_attribute(
        "aria-activedescendant", highlighted.get_attribute("id")
    )
    page.keyboard.press("Enter")
    expect(chips(page, "id_topics")).to_have_text(["×Music videos"])
    page.keyboard.press("Escape")

    # A topic nobody has made yet: typed beside the picker.
    page.locator("#id_new_topics").fill("Skate videos, Los Angeles")
    page.screenshot(path=ARTIFACTS / "topics-picked.png", full_page=True)
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed")

    rita = rita_draft.created_by
    assert sorted(
        (row.tag.name, row.added_by)
        for row in TaggedTopic.objects.filter(content_object=rita_draft)
    ) == [("Los Angeles", rita), ("Music videos", rita), ("Skate videos", rita)]
    # Shown again: all three in the picker (by name), the text field empty.
    expect(chips(page, "id_topics")).to_have_text(
        ["×Los Angeles", "×Music videos", "×Skate videos"], timeout=WAIT_MS
    )
    expect(page.locator("#id_new_topics")).to_have_value("")
    page.screenshot(path=ARTIFACTS / "topics-saved.png", full_page=True)
    assert problems.errors == []
    assert problems.csp_violations() == []
