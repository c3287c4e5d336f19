"""Page numbers: bad ones are 404, never a 500 or a count of the whole list."""

import pytest
from django.urls import reverse

from tests.builders.articles import make_article
from tests.builders.pages import page_tree, texts


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/corrections/",
        "/people/kanye-west/",
        "/works/flashing-lights-music-video/",
        "/topics/itunes/",
        "/search/?q=kanye",
        "/people/kanye-west/?by_page={}",
    ],
)
@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999999999999999999", "last"])
def test_bad_page_numbers_are_404(client, seeded, url, page):
    if "{}" in url:
        address = url.format(page)
    else:
        joiner = "&" if "?" in url else "?"
        address = f"{url}{joiner}page={page}"

    response = client.get(address)

    assert response.status_code == 404
    assert response.content == client.get("/articles/no-such-article/").content


def test_page_past_the_end_is_404_and_page_two_works(client, db):
    for number in range(21):
        make_article(f"Story {number}")

    assert client.get("/?page=2").status_code == 200
    # The second view is the stored page (public.readmodel): read the HTML.
    assert texts(page_tree(client.get("/?page=2")), "//article/h3/a") == ["Story 20"]
    assert client.get("/?page=3").status_code == 404


@pytest.mark.parametrize("page", ["abc", "-1", "99999999999999999999", "0"])
def test_home_bad_page_number_is_404_not_500(client, db, page):
    make_article()

    assert client.get(reverse("public:home"), {"page": page}).status_code == 404
