"""The API as a whole: its OpenAPI schema, and errors that are problems."""

from jsonschema import Draft202012Validator
from schemathesis.specs.openapi.definitions import OPENAPI_31

from tests.builders.api import API, get, openapi, problem_fields
from tests.builders.articles import make_article

OPERATIONS = {
    ("/api/v1/articles", "get"),
    ("/api/v1/articles/{ref}", "get"),
    ("/api/v1/people", "get"),
    ("/api/v1/people/{ref}", "get"),
    ("/api/v1/works", "get"),
    ("/api/v1/works/{ref}", "get"),
    ("/api/v1/topics", "get"),
    ("/api/v1/topics/{ref}", "get"),
    ("/api/v1/corrections", "get"),
    ("/api/v1/corrections/{id}", "get"),
}
PROBLEM = {
    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
}


def test_the_schema_is_openapi_3_1_with_every_operation(db):
    document = openapi()

    assert document["openapi"] == "3.1.0"
    # The OpenAPI 3.1 document schema (as published by the OpenAPI Initiative),
    # and every component a valid JSON Schema 2020-12.
    Draft202012Validator(OPENAPI_31).validate(document)
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)
    assert {
        (path, method)
        for path, methods in document["paths"].items()
        for method in methods
    } == OPERATIONS


def test_every_operation_documents_its_problems_as_problem_json(db):
    paths = openapi()["paths"]

    for path, method in OPERATIONS:
        responses = paths[path][method]["responses"]
        assert responses["400"]["content"] == PROBLEM, path
        assert "304" in responses, path
        if "{" in path:
            assert responses["404"]["content"] == PROBLEM, path
        else:
            assert "404" not in responses, path


def test_validation_errors_are_400_problems_never_422(client, db):
    response = get(client, "/articles", {"size": "many", "order": "random"})

    assert problem_fields(response) == ["size", "order"]


def test_a_wrong_method_is_a_405_problem(client, db):
    response = client.post(f"{API}/articles")

    assert problem_fields(response, 405) == []
    assert response["Allow"] == "GET, HEAD"


def test_an_unknown_api_address_is_a_404_problem(client, db):
    assert problem_fields(client.get(f"{API}/nothing-here"), 404) == []
    assert problem_fields(client.get("/api/v2/articles"), 404) == []


def test_head_answers_like_get_without_a_body(client, db):
    article = make_article("Story")

    got = client.get(f"{API}/articles/{article.slug}")
    head = client.head(f"{API}/articles/{article.slug}")

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == got["ETag"]
