"""Hostile story bodies run nothing in a real browser.

tests/system/test_xss.py shows that no executable markup is left in the HTML
of any surface; this loads the reader's surfaces of those bodies in headless
Chromium and provokes them: every element hovered and focused, every link
clicked. No dialog may open and no payload's global may be set.

Each page is loaded twice: as it is served, with the CSP (where any CSP
violation means injected code was there to block), and with the CSP bypassed,
which tests the sanitiser alone, as a feed reader or a partner that shows the
same HTML without our headers would. Only the live server is reachable; every
other request is aborted and recorded, and the only one allowed is the frame
of the legitimate YouTube embed.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from playwright.sync_api import Page, expect, sync_playwright

from articles.workflow.sharing import create_share_link
from tests.builders.browser import CHROMIUM, CHROMIUM_ARGS
from tests.builders.users import PASSWORD, make_user
from tests.system.test_xss import (
    BEFORE,
    BODY_HEADLINE,
    BODY_PAYLOADS,
    BODY_WORD,
    SWALLOWS_THE_REST,
    edit,
    entered_in_admin,
)

# Payloads that set a global instead of calling alert(): one per way a
# handler could be provoked (loading, clicking, hovering, focusing, an SVG
# animation, a toggle).
GLOBAL_PAYLOADS = {
    "img sets a global": "<img src=x onerror=\"window.__xss='img'\">",
    "link sets a global": "<a href=\"javascript:window.__xss='link'\">click</a>",
    "hover sets a global": "<p onmouseover=\"window.__xss='hover'\">hover</p>",
    "focus sets a global": (
        '<a href="https://example.com/" onfocus="window.__xss=\'focus\'" '
        "autofocus>focus</a>"
    ),
    "svg sets a global": (
        '<svg><animate onbegin="window.__xss=\'svg\'" attributeName="x" '
        'dur="1s"></animate></svg>'
    ),
    "toggle sets a global": "<details open ontoggle=\"window.__xss='toggle'\">x",
}
PAYLOADS = {**BODY_PAYLOADS, **GLOBAL_PAYLOADS}
# As few bodies as the payloads can share: one that leaves an element open
# takes the rest of the body with it when it is cleaned, so it has its own.
BODIES = {
    "the others together": "".join(
        payload for name, payload in PAYLOADS.items() if name not in SWALLOWS_THE_REST
    ),
    **{name: PAYLOADS[name] for name in sorted(SWALLOWS_THE_REST)},
}
EMBED_FRAME = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"

# Installed before any page script runs; init scripts are not subject to
# CSP. Violations are kept on the page; every assignment to window.__xss is
# reported to the test at once (clicking a javascript: link may replace the
# document before the test could read a global from it).
RECORD = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`);
});
Object.defineProperty(window, "__xss", {
  set(value) { window.__xssReport(String(value)); },
});
"""
# Links to web and mail addresses would leave the page; any other kind of
# link (javascript:, data:) is followed, which is what is being tested.
STAY_ON_THE_PAGE = """
() => document.addEventListener("click", (event) => {
  const link = event.target.closest("a[href]");
  if (link && ["http:", "https:", "mailto:"].includes(link.protocol)) {
    event.preventDefault();
  }
}, true)
"""
# Every event an inline handler could wait for, on every element of the
# page's content, then two frames for animations and timers to start.
PROVOKE = """
async () => {
  const events = ["mouseover", "mouseenter", "mousemove", "mousedown",
                  "mouseup", "pointerover", "focus", "focusin", "toggle"];
  for (const element of document.querySelectorAll("main *")) {
    for (const type of events) {
      element.dispatchEvent(new Event(type, {bubbles: true}));
    }
    if (element.focus) element.focus();
  }
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
}
"""
# The centre of each visible element of the content (the viewport is tall
# enough to show the whole page without scrolling).
VISIBLE_CENTRES = """
() => [...document.querySelectorAll("main *")].flatMap((element) => {
  const box = element.getBoundingClientRect();
  if (!box.width || !box.height) return [];
  return [[box.x + box.width / 2, box.y + box.height / 2]];
})
"""
VIEWPORT = {"width": 1280, "height": 4000}
CLICK_TIMEOUT = 5000  # ms


def store_hostile_articles(tmp_path) -> dict[str, dict[str, str]]:
    """Each of BODIES in a published article and in a draft, as the admin
    form stored them: the pages to load for each."""
    editor = get_user_model().objects.create_superuser(
        "boss", "boss@example.invalid", PASSWORD
    )
    reporter = make_user("rita", "Reporter")
    pages = {}
    for name, payload in BODIES.items():
        article, draft = entered_in_admin(
            payload, reporter=reporter, editor=editor, tmp_path=tmp_path
        )
        # A later fix: a second public version even where cleaning left
        # nothing of the payload, so "what changed" shows the body.
        edit(article, by=editor, add="A later fix.")
        link = create_share_link(draft, by=editor)
        pages[name] = {
            "article page": article.get_absolute_url(),
            "what changed": f"{article.get_absolute_url()}changes/",
            "preview": reverse("public:preview", args=[draft.pk]),
            "share link": reverse("public:share", args=[link.signature()]),
        }
    pages["all"] = {"search results": f"/search/?q={BODY_WORD}"}
    return pages


def log_in(page: Page, base: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text("boss")


def provoke(page: Page, url: str, *, shows: str) -> list[str]:
    """Load ``url``, hover, focus and click everything in its content; what
    ran or tried to (navigations away from the page, CSP violations), and
    whether the words it ``shows`` are missing."""
    problems = []
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200:
        return [f"status {response.status if response else None}"]
    if shows not in page.inner_text("main"):
        problems.append(f"{shows!r} is missing")
    page.evaluate(STAY_ON_THE_PAGE)
    page.evaluate(PROVOKE)
    for x, y in page.evaluate(VISIBLE_CENTRES):
        page.mouse.move(x, y)
    links = page.locator("main a[href]")
    clicked = None
    for index in range(links.count() + 1):
        # A followed link, or a javascript: link whose result replaced the
        # document: noted, and the page loaded again for the next link.
        if page.url != url or page.locator("main").count() == 0:
            problems.append(f"clicking {clicked!r} left the page")
            page.goto(url, wait_until="load")
            page.evaluate(STAY_ON_THE_PAGE)
        link = links.nth(index)
        if index == links.count() or not link.is_visible():
            continue
        clicked = link.get_attribute("href")
        link.focus(timeout=CLICK_TIMEOUT)
        link.click(timeout=CLICK_TIMEOUT)
    page.evaluate(PROVOKE)
    return problems + page.evaluate(
        "window.__cspViolations ?? ['the document was replaced']"
    )


@pytest.mark.browser
def test_hostile_bodies_run_nothing_in_a_browser(live_server, roles, tmp_path):
    pages = store_hostile_articles(tmp_path)
    base = live_server.url
    found: dict[tuple[str, str, str], list[str]] = {}
    frames: dict[str, int] = {}
    blocked: list[str] = []

    def keep_local(route) -> None:
        url = route.request.url
        if url == base or url.startswith(f"{base}/"):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for csp in ("as served", "without the CSP"):
            context = browser.new_context(
                viewport=VIEWPORT, bypass_csp=csp != "as served"
            )
            context.route("**/*", keep_local)
            page = context.new_page()
            page.add_init_script(RECORD)
            ran: list[str] = []

            def record_dialog(dialog, ran=ran) -> None:
                ran.append(f"{dialog.type}({dialog.message})")
                dialog.dismiss()

            page.on("dialog", record_dialog)
            page.expose_function(
                "__xssReport", lambda value, ran=ran: ran.append(f"__xss={value}")
            )
            log_in(page, base)
            for payload, surfaces in pages.items():
                for surface, path in surfaces.items():
                    shows = BEFORE if surface != "search results" else BODY_HEADLINE
                    problems = provoke(page, f"{base}{path}", shows=shows)
                    found[(csp, payload, surface)] = problems + ran
                    ran.clear()
            page.goto(f"{base}{pages['the others together']['article page']}")
            frames[csp] = page.locator(f'iframe[src="{EMBED_FRAME}"]').count()
            context.close()
        browser.close()

    assert {key: problems for key, problems in found.items() if problems} == {}
    # The legitimate embed is framed, from its provider's host, which is the
    # only one any page asked for.
    assert frames == {"as served": 1, "without the CSP": 1}
    assert EMBED_FRAME in blocked
    assert {url for url in blocked if not url.startswith(EMBED_FRAME)} == set()
