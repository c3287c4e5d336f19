"""The API's documentation page (/api/v1/docs) in headless Chromium.

The page is django-ninja's Swagger UI. It must work under the site's CSP with
its assets served by the site itself (from the installed package, no CDN), show
every operation of /api/v1/openapi.json (read here, so the test follows the
schema as endpoints are added), and run a request with "Try it out".

Needs /usr/bin/chromium; missing it is a failure, not a skip.
"""

import json
from urllib.request import urlopen

import pytest
from django.db import connections
from playwright.sync_api import Page, expect, sync_playwright

from tests.builders.articles import published_article
from tests.builders.browser import CHROMIUM, CHROMIUM_ARGS
from tests.builders.seeds import ROOT

ARTIFACTS = ROOT / "test-artifacts"
DOCS = "/api/v1/docs"
SCHEMA = "/api/v1/openapi.json"

# Recorded before any page script runs; init scripts are not subject to CSP.
RECORD_PROBLEMS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`);
});
"""


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the test only
    # touches the database before the browser starts.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
        # Django keeps connections of its own in Playwright's greenlet: close
        # them, or PostgreSQL cannot drop the test database at the end.
        connections.close_all()


def operations(base: str) -> list[tuple[str, str]]:
    """(method, path) of every operation the schema describes, in its order."""
    with urlopen(f"{base}{SCHEMA}") as response:  # noqa: S310 (the live server)
        schema = json.load(response)
    return [
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if method != "parameters"
    ]


def foreign(requests: list[str], base: str) -> list[str]:
    return [url for url in requests if not url.startswith((f"{base}/", "data:"))]


def try_it_out(page: Page, path: str) -> None:
    """Open the GET operation at ``path``, run it, and see a 200 with a body."""
    operation = page.locator(
        f'.opblock-get:has(.opblock-summary-path[data-path="{path}"])'
    )
    operation.locator(".opblock-summary").first.click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    live = operation.locator(".live-responses-table")
    expect(live.locator("tr.response .response-col_status")).to_have_text("200")
    expect(live.locator("tr.response .highlight-code")).not_to_be_empty()


@pytest.mark.browser
def test_the_docs_page_shows_the_schema_under_the_csp_from_the_site_alone(
    live_server, transactional_db, browser
):
    published_article("Shown through the API")
    base = live_server.url
    described = operations(base)
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and errors.append(f"{message.text} {message.location.get('url', '')}")
        ),
    )
    page.add_init_script(RECORD_PROBLEMS)

    response = page.goto(f"{base}{DOCS}")
    assert response.status == 200
    assert "content-security-policy" in response.headers
    page.wait_for_load_state("networkidle")
    # Swagger UI's own files, not a CDN's: "ninja" in INSTALLED_APPS makes
    # django-ninja render its template with {% static %} (without it, it
    # renders a copy that loads Swagger UI from cdn.jsdelivr.net).
    assert foreign(requests, base) == []

    # Swagger UI has read the schema: its title, then every operation.
    expect(page.locator(".information-container .title")).to_contain_text(
        "newsroom content API"
    )
    if described:
        for method, path in described:
            expect(
                page.locator(
                    f'.opblock-{method}:has(.opblock-summary-path[data-path="{path}"])'
                )
            ).to_have_count(1)
        listing = [
            path for method, path in described if method == "get" and "{" not in path
        ]
        assert listing, "no GET operation without parameters in the path to try"
        try_it_out(page, listing[0])
    else:
        expect(page.get_by_text("No operations defined in spec!")).to_be_visible()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=True)

    assert page.evaluate("window.__cspViolations") == []
    assert errors == []
    # Scripts, styles, fonts, the schema and the requests "Try it out" makes:
    # all from the site itself, nothing from a CDN.
    assert requests
    assert foreign(requests, base) == []
    assert f"{base}{SCHEMA}" in requests
    assert any("/static/ninja/swagger-ui-bundle" in url for url in requests)
