import json

from django.test import RequestFactory

from api.problems import CONTENT_TYPE, problem


def test_a_problem_names_the_fields_at_fault_and_is_never_cached():
    request = RequestFactory().get("/api/v1/articles", {"size": "0"})

    response = problem(
        request,
        400,
        "Invalid request",
        "One parameter is out of range.",
        errors=[{"field": "size", "message": "must be between 1 and 100"}],
    )

    assert response.status_code == 400
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == {
        "type": "about:blank",
        "title": "Invalid request",
        "status": 400,
        "detail": "One parameter is out of range.",
        "instance": "/api/v1/articles",
        "errors": [{"field": "size", "message": "must be between 1 and 100"}],
    }


def test_a_problem_without_fields_has_no_errors_member():
    response = problem(None, 429, "Too many requests", headers={"Retry-After": "7"})

    assert json.loads(response.content) == {
        "type": "about:blank",
        "title": "Too many requests",
        "status": 429,
    }
    assert response["Retry-After"] == "7"
