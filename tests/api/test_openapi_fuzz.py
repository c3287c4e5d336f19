"""The API against its own OpenAPI schema, fuzzed with schemathesis.

Every operation that /api/v1/openapi.json describes is called with data
generated from the schema (valid data, then invalid data), in-process through
the project's WSGI application with all its middleware, and each response must:
be no server error, have a status and a content type the schema declares for
the operation, have headers and a body that match the schema, and (for
invalid data) be refused with a 4xx. The test reads the operations from the
schema, so an endpoint added later is fuzzed without touching this file.

Examples are bounded (EXAMPLES_PER_OPERATION valid and as many invalid) and
derandomized: the same run every time, about 20-30 s for a dozen simple
operations on SQLite or PostgreSQL.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from django.urls import include, path
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from ninja import NinjaAPI
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from articles.models import CorrectionKind, Topic
from people.models import Work
from tests.builders.articles import corrected_article, hidden_articles, tag
from tests.builders.people import make_person

SCHEMA_PATH = "/api/v1/openapi.json"
EXAMPLES_PER_OPERATION = 30

# What every response must satisfy, whatever data was sent.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Invalid data (a size of 0, a date that is no date, a cursor of the wrong
# type) must moreover be refused: "malformed filters, unknown fields, bad
# cursors and out-of-range sizes are 400, never 500" (issue 18).
NEGATIVE_CHECKS = [*CHECKS, negative_data_rejection]

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,  # the same examples on every run and machine
    database=None,  # nothing remembered between runs: reproducible in CI
    deadline=None,  # a first request compiles templates; time is not the point
    suppress_health_check=list(HealthCheck),
    report_multiple_bugs=False,
)


def examples(operation, mode: GenerationMode, checks):
    """A Hypothesis test that calls ``operation`` with generated data."""

    @FUZZ_SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case):
        case.call_and_validate(checks=checks)

    return call


def fuzz(schema) -> tuple[list[str], list[str]]:
    """Call every operation of ``schema`` with generated data; return the
    operations fuzzed and the failures (one line per operation and mode)."""
    fuzzed, failures = [], []
    for result in schema.get_all_operations():
        operation = result.ok()
        fuzzed.append(operation.label)
        for mode, checks in (
            (GenerationMode.POSITIVE, CHECKS),
            (GenerationMode.NEGATIVE, NEGATIVE_CHECKS),
        ):
            try:
                examples(operation, mode, checks)()
            except Unsatisfiable:
                # No invalid value exists (a path parameter that takes any
                # string): nothing to send in this mode.
                assert mode is GenerationMode.NEGATIVE, operation.label
            except (Exception, FailureGroup) as exc:  # a group is no Exception
                failures.append(f"{operation.label} ({mode.value}): {exc}")
    return fuzzed, failures


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, with every middleware, that leaves the
    test's database connection open.

    After each request Django closes a connection that is inside a
    transaction; the test's data lives in one (rolled back at the end), so
    on PostgreSQL the second request would find the connection closed.
    Django's own test client unhooks the same signal handler for the same
    reason.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def newsroom_content(seeded):
    """The seed articles with their people and works, and beside them every
    kind of thing the API has to show or hide: a corrected article with a
    clarification too, people, a work and topics tagged on it, bylines, and
    one article in each state the public must not see, tagged alike."""
    article, _ = corrected_article()
    article.corrections.create(
        kind=CorrectionKind.CLARIFICATION, text="The video was shot in Los Angeles."
    )
    writer, director = make_person(), make_person()
    tag(article, people=[director], works=[Work.objects.first()], bylines=[writer])
    article.topics.add(Topic.objects.create(name="Music videos"))
    secret = Topic.objects.create(name="Only on drafts")
    for hidden in hidden_articles():
        tag(hidden, people=[director], bylines=[writer])
        hidden.topics.add(secret)


# The anonymous rate limit (60 requests a minute per address) would answer
# the fuzzer's hundreds of requests from one address with 429s and hide what
# it is looking for; the limiter has tests of its own. override_settings
# works whether or not the setting exists yet.
@override_settings(NEWSROOM_API_ANON_RATE_PER_MINUTE=1_000_000)
def test_every_operation_answers_as_its_schema_says(newsroom_content, wsgi_app):
    schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, wsgi_app)

    fuzzed, failures = fuzz(schema)

    described = [
        f"{method.upper()} {route}"
        for route, item in schema.raw_schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete", "head", "options"}
    ]
    assert sorted(fuzzed) == sorted(described)
    assert not failures, "\n\n".join(failures)


def test_the_schema_is_openapi_3_1_and_read_only(client):
    response = client.get(SCHEMA_PATH)

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.1.")
    methods = {method for item in schema["paths"].values() for method in item}
    assert methods <= {"get", "parameters"}, "the content API is read-only"


# --- The fuzzer itself finds a server error ------------------------------------
# A broken API beside the real one, on an address of its own: if the checks
# above stopped catching a 500, this test would say so.

broken = NinjaAPI(title="broken", urls_namespace="broken-api")


@broken.get("/boom", response={200: dict})
def boom(request):
    raise RuntimeError("the kind of bug the fuzzer is there to find")


# The site's own routes stay, for its error pages.
urlpatterns = [path("broken/", broken.urls), path("", include("newsroom.urls"))]


@pytest.mark.urls(__name__)
def test_the_fuzzer_reports_a_server_error(db, wsgi_app):
    schema = schemathesis.openapi.from_wsgi("/broken/openapi.json", wsgi_app)

    fuzzed, failures = fuzz(schema)

    assert fuzzed == ["GET /broken/boom"]
    assert failures
    assert "Server error" in failures[0]
