import pytest

from api import cors
from tests.builders.api import get
from tests.builders.articles import make_article

APP = "https://app.example.com"


@pytest.fixture
def cors_on(settings):
    settings.NEWSROOM_API_CORS_ORIGINS = [APP, "https://partner.example.org"]


def cors_headers(response) -> dict:
    return {
        name: value
        for name, value in response.headers.items()
        if name.lower().startswith("access-control-")
    }


def test_off_by_default(client, db, settings):
    assert settings.NEWSROOM_API_CORS_ORIGINS == []
    make_article("Story")

    response = get(client, "/articles", Origin=APP)

    assert cors_headers(response) == {}
    assert "Origin" not in response.get("Vary", "")


def test_a_listed_origin_may_read_and_see_the_caching_headers(client, db, cors_on):
    make_article("Story")

    response = get(client, "/articles", Origin=APP)

    assert response.status_code == 200
    assert cors_headers(response) == {
        "Access-Control-Allow-Origin": APP,
        "Access-Control-Expose-Headers": cors.EXPOSE_HEADERS,
    }
    assert "Origin" in [v.strip() for v in response["Vary"].split(",")]


def test_another_origin_gets_no_cors_headers(client, db, cors_on):
    make_article("Story")

    response = get(client, "/articles", Origin="https://evil.example.net")

    assert response.status_code == 200
    assert cors_headers(response) == {}
    # A shared cache must not give this answer to a listed origin.
    assert "Origin" in response["Vary"]


def test_preflight_for_a_listed_origin(client, db, cors_on):
    response = client.options(
        "/api/v1/articles",
        headers={
            "Origin": APP,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "x-preview-token",
        },
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == APP
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == (
        "Authorization, X-Preview-Token, If-None-Match, If-Modified-Since, Accept"
    )


def test_preflight_from_another_origin_is_refused_without_cors(client, db, cors_on):
    response = client.options(
        "/api/v1/articles",
        headers={
            "Origin": "https://evil.example.net",
            "Access-Control-Request-Method": "GET",
        },
    )

    assert response.status_code == 405
    assert cors_headers(response) == {}


def test_errors_and_304s_carry_cors_too(client, db, cors_on):
    article = make_article("Story")
    etag = get(client, f"/articles/{article.slug}")["ETag"]

    missing = get(client, "/articles/missing", Origin=APP)
    unchanged = get(client, f"/articles/{article.slug}", Origin=APP, If_None_Match=etag)

    assert (missing.status_code, unchanged.status_code) == (404, 304)
    assert missing["Access-Control-Allow-Origin"] == APP
    assert unchanged["Access-Control-Allow-Origin"] == APP


def test_only_api_paths(client, db, cors_on):
    response = client.get("/", headers={"Origin": APP})

    assert cors_headers(response) == {}
