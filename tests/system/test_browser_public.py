"""The public pages in a real headless Chromium, checked by axe-core.

Needs /usr/bin/chromium (Debian's package; CI installs it) and axe-core's
``axe.min.js``, which ``make test`` installs from npm into the git-ignored
``var/npm/``. Missing either is a failure, not a skip.
"""

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from tests.builders.articles import corrected_article
from tests.builders.browser import CHROMIUM, CHROMIUM_ARGS
from tests.builders.importer import NullOutput
from tests.builders.seeds import PEOPLE_JSON, ROOT, SEED_TEXTS

AXE = ROOT / "var" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
SEED_ARTICLE = "/articles/kanye-west-spike-jonze-collaborate-on-short-film/"


@pytest.fixture
def site(transactional_db) -> dict[str, str]:
    """The seeds plus a corrected article, committed so the live server sees them."""
    call_command("loaddata", PEOPLE_JSON, verbosity=0)
    call_command("import_articles", SEED_TEXTS, verbosity=0, stdout=NullOutput())
    corrected, _ = corrected_article()
    return {
        "home": "/",
        "article": SEED_ARTICLE,
        "corrected article": corrected.get_absolute_url(),
        "person": "/people/kanye-west/",
        "work": "/works/flashing-lights-music-video/",
        "search with a filter": "/search/?q=film&person=spike-jonze",
        "corrections log": "/corrections/",
        "what changed": f"{corrected.get_absolute_url()}changes/",
    }


def serious_violations(page) -> list[str]:
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {len(v['nodes'])} node(s), {v['help']}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.browser
def test_public_pages_have_no_serious_accessibility_violations(live_server, site):
    assert AXE.exists(), f"{AXE} is missing: run `make test` to install axe-core"
    ARTIFACTS.mkdir(exist_ok=True)
    found: dict[str, list[str]] = {}
    headings: dict[str, str] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        # The site's CSP will not allow axe's injected script; the test's
        # own tooling may bypass it, the pages themselves run no script.
        context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
        page = context.new_page()
        for name, path in site.items():
            response = page.goto(f"{live_server.url}{path}")
            assert (name, response.status) == (name, 200)
            page.add_script_tag(path=str(AXE))
            found[name] = serious_violations(page)
            headings[name] = page.locator("h1").first.inner_text()

        page.goto(f"{live_server.url}{SEED_ARTICLE}")
        page.screenshot(path=str(ARTIFACTS / "article-desktop.png"), full_page=True)
        page.set_viewport_size(PHONE)
        page.screenshot(path=str(ARTIFACTS / "article-phone.png"), full_page=True)
        # Readable on a phone: nothing wider than the screen.
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        browser.close()

    assert found == {name: [] for name in site}
    assert headings["article"] == "Kanye West/ Spike Jonze Collaborate On 'Short Film'"
    assert headings["what changed"] == "What changed: Flashing Lights video premieres"
    assert scroll_width == PHONE["width"]
    assert (ARTIFACTS / "article-phone.png").stat().st_size > 0
    assert (ARTIFACTS / "article-desktop.png").stat().st_size > 0
