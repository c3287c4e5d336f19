"""Validating ninjs documents against the IPTC ninjs 2.1 JSON Schema.

The schema is a copy of the IPTC's (tests/api/ninjs-schema_2.1.json, beside
its licence in tests/api/ninjs-LICENSE: MIT in the IPTC's repository; the
schema's own description names CC BY 4.0; both ask only for the notice, which
both files keep). It is draft 2020-12, so ``Draft202012Validator``.

Formats are checked, not just noted: the schema's ``date-time`` and ``uri``
need packages jsonschema does not install (rfc3339-validator,
rfc3986-validator), so the two checkers below are written with the standard
library. No remote reference is ever fetched: the registry is empty, so a
document that reaches the schema's one external reference (a place's GeoJSON,
which newsroom never writes) fails loudly instead of going to the network.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry

SCHEMA = Path(__file__).resolve().parents[1] / "api" / "ninjs-schema_2.1.json"

_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\Z"
)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*\Z")
# RFC 3986's characters: unreserved, reserved (gen- and sub-delims) and "%".
_URI_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*\Z")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")

FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time")
def is_date_time(value: object) -> bool:
    """RFC 3339 ``date-time``: a full date, a time and an offset (``Z`` or
    ``±hh:mm``), each field in range."""
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


@FORMATS.checks("uri")
def is_uri(value: object) -> bool:
    """RFC 3986 ``URI`` (absolute: a scheme is required): only the characters
    it allows, percent signs followed by two hex digits, at most one ``#``,
    and for http(s) a host."""
    if not isinstance(value, str):
        return True
    scheme, colon, _rest = value.partition(":")
    if not colon or not _SCHEME.match(scheme):
        return False
    if not _URI_CHARACTERS.match(value) or _BAD_PERCENT.search(value):
        return False
    if value.count("#") > 1:
        return False
    if scheme.lower() in ("http", "https"):
        try:
            return bool(urlsplit(value).hostname)
        except ValueError:
            return False
    return True


class InvalidNinjs(AssertionError):
    """A document the ninjs 2.1 schema refuses; the message lists every error."""


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FORMATS, registry=Registry())


def validate_ninjs(document: dict) -> None:
    """Raise ``InvalidNinjs`` naming each place ``document`` breaks the ninjs
    2.1 schema (its JSON path, what is wrong); return if it is valid."""
    errors = sorted(
        validator().iter_errors(document), key=lambda error: error.json_path
    )
    if errors:
        lines = [f"{error.json_path}: {error.message}" for error in errors]
        raise InvalidNinjs(
            f"not valid ninjs 2.1 ({document.get('uri', 'no uri')}):\n"
            + "\n".join(lines)
        )
