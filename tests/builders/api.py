"""The content API in tests: reading answers, problems and the OpenAPI schema."""

from __future__ import annotations

import json

from django.test import Client
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from api.problems import CONTENT_TYPE as PROBLEM

API = "/api/v1"


def get(client: Client, path: str, params: dict | None = None, **headers):
    """``GET /api/v1<path>`` with query ``params``."""
    return client.get(f"{API}{path}", params or {}, headers=headers)


def body(response) -> dict:
    """The JSON of an answer, checked to be JSON."""
    assert response["Content-Type"].startswith("application/json"), response[
        "Content-Type"
    ]
    return json.loads(response.content)


def problem_fields(response, status: int = 400) -> list[str]:
    """The fields a problem answer names, after checking it is one."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    data = json.loads(response.content)
    assert data["status"] == status
    return [error["field"] for error in data.get("errors", [])]


def ids(response) -> list[int]:
    """The ids of a list answer's items, in order."""
    return [item["id"] for item in body(response)["items"]]


def slugs(response) -> list[str]:
    return [item["slug"] for item in body(response)["items"]]


def walk(client: Client, path: str, params: dict | None = None) -> list[list[int]]:
    """Every page of a list, following ``next``: the ids of each page."""
    pages = []
    response = get(client, path, params)
    while True:
        data = body(response)
        pages.append([item["id"] for item in data["items"]])
        if data["next"] is None:
            return pages
        response = client.get(data["next"])


def openapi() -> dict:
    return json.loads(Client().get(f"{API}/openapi.json").content)


def assert_valid(response, path: str, method: str = "get") -> None:
    """The answer matches what the OpenAPI schema says ``path`` answers with
    this status and content type (a 3.1 schema is JSON Schema 2020-12)."""
    document = openapi()
    operation = document["paths"][path][method]
    described = operation["responses"][str(response.status_code)]
    content_type = response["Content-Type"].split(";")[0]
    schema = described["content"][content_type]["schema"]
    registry = Registry().with_resource(
        "urn:openapi", DRAFT202012.create_resource(document)
    )
    wrapped = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    wrapped = json.loads(
        json.dumps(wrapped).replace('"#/components/', '"urn:openapi#/components/')
    )
    Draft202012Validator(wrapped, registry=registry).validate(
        json.loads(response.content)
    )


def credited_image(**fields):
    """An image with a credit and two renditions (rows only: the API shows
    their addresses, never reads the files)."""
    from images.models import Image, Rendition

    values = {
        "file": "images/originals/00/lead.jpg",
        "width": 1600,
        "height": 1000,
        "format": "JPEG",
        "alt_text": "A director behind a camera",
        "caption": "On set in Los Angeles",
        "credit": "Photo: Jane Doe / Agency",
        **fields,
    }
    picture = Image.objects.create(**values)
    for name, width in (("webp-640", 640), ("jpeg-320", 320)):
        Rendition.objects.create(
            image=picture,
            name=name,
            file=f"images/renditions/00/{name}.img",
            width=width,
            height=width * 10 // 16,
            format="WEBP" if name.startswith("webp") else "JPEG",
        )
    return picture
