"""The content API, version 1 (django-ninja): read-only, public content only.

Every error is a problem details response (``api.problems``): ninja's own
validation errors (a size that is not a number, a malformed date) become a
400 naming the parameter, never ninja's 422; a missing object is a 404. The
OpenAPI schema says so for every operation, with ``application/problem+json``.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from api import ninjs
from api.endpoints import articles, corrections, people, topics, works
from api.filters import BadParameters
from api.pagination import CursorError
from api.problems import CONTENT_TYPE, problem
from api.schemas import Problem

BAD_REQUEST = "Invalid request"
NOT_FOUND = "Not found"


class ContentAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Ninja's schema, plus the problem responses every operation may give
        (ninja would document them as ``application/json``) and the 304 a
        conditional request gets."""
        schema = super().get_openapi_schema(
            path_prefix=path_prefix, path_params=path_params
        )
        schema["components"].setdefault("schemas", {})["Problem"] = (
            Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        )
        definitions = schema["components"]["schemas"]["Problem"].pop("$defs", {})
        schema["components"]["schemas"].update(definitions)
        problem_content = {
            CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
        }
        for path, methods in schema["paths"].items():
            for operation in methods.values():
                responses = operation["responses"]
                responses["304"] = {"description": "Not modified since the copy sent"}
                responses["400"] = {
                    "description": "Invalid parameters: each one named in errors",
                    "content": problem_content,
                }
                # From api.middleware, on every address.
                responses["401"] = {
                    "description": "The API key (or, on an article, the "
                    "preview token) is not valid, or was revoked",
                    "content": problem_content,
                }
                responses["429"] = {
                    "description": "Over the rate limit: Retry-After says "
                    "when to try again",
                    "content": problem_content,
                }
                if "{" in path:
                    responses["404"] = {
                        "description": "No such public object",
                        "content": problem_content,
                    }
                if operation.get("operationId") == "get_article":
                    responses[200]["content"][ninjs.MEDIA_TYPE] = {
                        "schema": {
                            "type": "object",
                            "description": "An IPTC ninjs 2.1 document "
                            "(https://iptc.org/std/ninjs/ninjs-schema_2.1.json)",
                            "required": ["uri"],
                        }
                    }
        return schema


api = ContentAPI(
    title="newsroom content API",
    version="1",
    description=(
        "Read-only public content: articles, people, works, topics and "
        "corrections. Lists are paginated by cursor: follow `next` until it is "
        "null. Errors are RFC 9457 problem details."
    ),
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/articles", articles.router)
api.add_router("/people", people.router)
api.add_router("/works", works.router)
api.add_router("/topics", topics.router)
api.add_router("/corrections", corrections.router)


def _field(location: tuple) -> str:
    # ("query", "size") -> "size"; a path parameter likewise.
    names = [str(part) for part in location[1:]] or [str(part) for part in location]
    return ".".join(names)


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field(tuple(error.get("loc", ()))), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    return problem(
        request, 400, BAD_REQUEST, "Some parameters are not valid.", errors=errors
    )


@api.exception_handler(BadParameters)
def bad_parameters(request: HttpRequest, exc: BadParameters) -> HttpResponse:
    return problem(
        request, 400, BAD_REQUEST, "Some parameters are not valid.", errors=exc.errors
    )


@api.exception_handler(CursorError)
def bad_cursor(request: HttpRequest, exc: CursorError) -> HttpResponse:
    return problem(
        request,
        400,
        BAD_REQUEST,
        "Use the cursor of the previous page as it was given.",
        errors=[{"field": "cursor", "message": str(exc)}],
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, NOT_FOUND, "Nothing public has this address.")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc))
