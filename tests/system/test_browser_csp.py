"""The admin and the public pages work in a real browser under our CSP.

The server-side scan (test_headers.py) shows the HTML has no inline code;
this catches what only a browser sees: scripts that add inline styles or
evaluate strings at run time. Every CSP violation the page reports fails.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import sync_playwright

from articles.models import Article
from people.models import Person
from tests.builders.browser import CHROMIUM, CHROMIUM_ARGS

PASSWORD = "a long unguessable passphrase"

# Recorded before any page script runs; init scripts are not subject to CSP.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`);
});
"""


@pytest.mark.browser
def test_admin_and_public_pages_raise_no_csp_violation(live_server, seeded):
    get_user_model().objects.create_superuser("boss", "b@example.invalid", PASSWORD)
    article = Article.objects.published().first()
    person = Person.objects.first()
    pages = [
        "/",
        article.get_absolute_url(),
        person.get_absolute_url(),
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        f"/admin/people/person/{person.pk}/change/",
        "/admin/auth/user/1/change/",
        "/admin/auth/group/add/",
    ]
    violations: dict[str, list[str]] = {}
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "boss")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        for path in pages:
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            if path.endswith("/article/add/"):
                # Exercise the scripts: slug prepopulation and the tag widget.
                page.locator("#id_headline").press_sequentially(
                    "Typed by the browser test"
                )
                assert page.input_value("#id_slug") == "typed-by-the-browser-test"
            violations[path] = page.evaluate("window.__cspViolations")
        browser.close()

    assert {path: found for path, found in violations.items() if found} == {}
    assert errors == []
