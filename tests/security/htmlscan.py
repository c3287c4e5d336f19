"""Find what an injected script would need in a page: shared by security tests."""

from html.parser import HTMLParser

EXECUTABLE_SCRIPT_TYPES = {"text/javascript", "module", "application/javascript"}


class _InlineCode(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            kind = attributes.get("type") or "text/javascript"
            if kind in EXECUTABLE_SCRIPT_TYPES and "src" not in attributes:
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


def inline_code(html: str) -> list[str]:
    """Inline scripts, styles, event handlers and javascript: URLs in ``html``.

    None of these is needed by the site or the admin, so the CSP forbids them
    and any one found in a page is either a regression or an injection.
    """
    parser = _InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found
