"""Security headers on every response, a CSP the admin works under, Host checks.

The health check's own headers are tested in tests/newsroom/test_views.py.
"""

from articles.embeds import FRAME_HOSTS
from articles.models import Article, Topic
from people.models import Person, Work
from tests.builders.pages import csp_nonce, inline_code

EXPECTED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def csp_directives(header: str) -> dict[str, str]:
    """The policy as {directive: sources}; django-csp does not keep the order."""
    directives = {}
    for part in header.split(";"):
        name, _, sources = part.strip().partition(" ")
        directives[name] = sources
    return directives


def blocked_by_csp(html: str, nonce: str = "") -> list[str]:
    return inline_code(html, nonce)


def public_urls() -> list[str]:
    article = Article.objects.published().first()
    urls = ["/", article.get_absolute_url(), "/healthz"]
    urls += [Person.objects.first().get_absolute_url()]
    urls += [Work.objects.first().get_absolute_url()]
    urls += [Topic.objects.first().get_absolute_url()]
    return urls


def admin_urls() -> list[str]:
    article = Article.objects.first()
    person = Person.objects.first()
    work = Work.objects.first()
    return [
        "/admin/",
        "/admin/articles/article/",
        "/admin/articles/article/add/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/correction/",
        "/admin/articles/correction/add/",
        "/admin/people/person/",
        f"/admin/people/person/{person.pk}/change/",
        f"/admin/people/work/{work.pk}/change/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        "/admin/password_change/",
        "/admin/axes/accessattempt/",
    ]


# Article pages (and previews) may frame the embed hosts, and no other page.
ARTICLE_CSP = {**EXPECTED_CSP, "frame-src": " ".join(FRAME_HOSTS)}


def assert_security_headers(response) -> None:
    is_article = response.request["PATH_INFO"].startswith("/articles/")
    expected = (
        ARTICLE_CSP if is_article and response.status_code == 200 else EXPECTED_CSP
    )
    # A page with an inline script that must run (the article form's import
    # map) adds that response's nonce to script-src; nothing else changes.
    if nonce := csp_nonce(response):
        expected = {**expected, "script-src": f"'self' 'nonce-{nonce}'"}
    assert csp_directives(response["Content-Security-Policy"]) == expected
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_public_pages_send_security_headers_and_no_inline_code(client, seeded):
    for url in public_urls():
        response = client.get(url)

        assert response.status_code == 200, url
        assert_security_headers(response)
        assert blocked_by_csp(response.content.decode()) == [], url


def test_not_found_page_sends_security_headers(client, db):
    response = client.get("/articles/no-such-article/")

    assert response.status_code == 404
    assert_security_headers(response)


def test_admin_login_page_works_under_the_csp(client, db):
    response = client.get("/admin/login/")

    assert response.status_code == 200
    assert_security_headers(response)
    assert blocked_by_csp(response.content.decode()) == []


def test_admin_pages_work_under_the_csp(admin_client, seeded):
    for url in admin_urls():
        response = admin_client.get(url)

        assert response.status_code == 200, url
        assert_security_headers(response)
        html = response.content.decode()
        assert blocked_by_csp(html, csp_nonce(response)) == [], url


def test_only_the_article_form_lets_a_script_run_by_nonce(admin_client, seeded):
    nonces = {}
    for url in admin_urls():
        response = admin_client.get(url)
        if nonce := csp_nonce(response):
            html = response.content.decode()
            nonces[url] = html.count(f'<script type="importmap" nonce="{nonce}">')

    article = Article.objects.first()
    assert nonces == {
        "/admin/articles/article/add/": 1,
        f"/admin/articles/article/{article.pk}/change/": 1,
    }


def test_inline_code_detector_finds_what_the_csp_blocks():
    html = (
        '<script>alert(1)</script><script src="/a.js"></script>'
        '<script type="application/json">{}</script>'
        '<script type="importmap">{}</script>'
        '<script type="importmap" nonce="n0nce">{}</script>'
        '<p style="color:red" onclick="x()"><a href="javascript:x()">x</a></p>'
    )

    assert blocked_by_csp(html, "n0nce") == [
        "inline <script> at (1, 0)",
        "inline <script> at (1, 97)",
        "style attribute on <p>: color:red",
        "onclick handler on <p>",
        "javascript: URL on <a>",
    ]
    assert len(blocked_by_csp(html)) == 6


def test_bad_host_is_400_on_every_route(admin_client, seeded, settings):
    settings.ALLOWED_HOSTS = ["news.example.com"]
    urls = [
        *public_urls(),
        *admin_urls(),
        "/admin/login/",
        "/no-such-page/",
        "/articles/no-such-article/",
        "/static/newsroom/site.css",
        "/media/nothing.jpg",
    ]

    for url in urls:
        good = admin_client.get(url, headers={"host": "news.example.com"})
        if good.streaming:
            # Reading a streamed static file to the end is what closes it (the
            # client then fires request_finished without closing connections).
            b"".join(good.streaming_content)
        bad = admin_client.get(url, headers={"host": "evil.example.org"})

        assert good.status_code != 400, url
        assert bad.status_code == 400, url
        assert_security_headers(bad)
