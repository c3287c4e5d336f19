"""Cursor (keyset) pagination: no COUNT, no offset, stable while articles are
published.

A page is the first ``size`` rows after the cursor in a fixed order that ends
with the primary key, so every row has exactly one place. The cursor is the
sort values of the last row of the previous page, base64url-encoded JSON,
prefixed with the name of the order it belongs to. An article published
between two requests lands before the cursor (newest first) or after it
(``order=updated``) and never shifts a row from one page to the next, as an
offset would. The client treats the cursor as opaque: anything it did not get
from us is a 400 naming ``cursor``.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Schema
from pydantic import Field

from public.structured_data import absolute

# What a cursor looks like (base64url, unpadded), for the OpenAPI schema.
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$"
DEFAULT_SIZE = 20
MAX_SIZE = 100
# Ids are 64-bit in the database; a bigger number in a cursor is not ours.
MAX_ID = 2**63 - 1


class CursorError(ValueError):
    """The cursor is not one this API handed out for this order."""


@dataclass(frozen=True)
class Keyset:
    """One sort order: ``fields`` are ``(name, kind, descending)``, the last
    one unique (the primary key). ``kind`` is how a value travels in the
    cursor: ``"datetime"``, ``"int"``, ``"number"`` or ``"text"``."""

    name: str
    fields: tuple[tuple[str, str, bool], ...]

    def order_by(self) -> list[str]:
        return [f"-{name}" if desc else name for name, _kind, desc in self.fields]

    def after(self, values: list) -> Q:
        """Rows strictly after ``values`` in this order."""
        condition = Q()
        equal = Q()
        for (name, _kind, desc), value in zip(self.fields, values, strict=True):
            beyond = Q(**{f"{name}__{'lt' if desc else 'gt'}": value})
            condition |= equal & beyond
            equal &= Q(**{name: value})
        return condition

    def encode(self, row) -> str:
        values = [self.name]
        for name, kind, _desc in self.fields:
            value = getattr(row, name)
            values.append(value.isoformat() if kind == "datetime" else value)
        raw = json.dumps(values, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def decode(self, cursor: str) -> list:
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            values = json.loads(raw)
        except (binascii.Error, ValueError):
            raise CursorError("not a cursor this API handed out") from None
        if (
            not isinstance(values, list)
            or len(values) != len(self.fields) + 1
            or values[0] != self.name
        ):
            raise CursorError("not a cursor for this list and order")
        return [
            _decoded(kind, value)
            for (_name, kind, _desc), value in zip(self.fields, values[1:], strict=True)
        ]


def _decoded(kind: str, value):
    if kind == "datetime":
        return _moment(value)
    valid = {
        "int": lambda: type(value) is int and 0 <= value <= MAX_ID,
        "number": lambda: type(value) in (int, float) and math.isfinite(value),
        # PostgreSQL refuses NUL in text.
        "text": lambda: isinstance(value, str) and "\x00" not in value,
    }
    if valid[kind]():
        return value
    raise CursorError("not a cursor this API handed out")


def _moment(value) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError
        # The database compares in UTC; year 1 at +14:00 has no UTC time.
        return moment.astimezone(UTC)
    except (TypeError, ValueError, OverflowError):
        raise CursorError("not a cursor this API handed out") from None


@dataclass(frozen=True)
class Page:
    items: list
    cursor: str | None

    def links(self, request: HttpRequest) -> dict:
        """``next`` (the address of the next page) and ``cursor``, or None."""
        if self.cursor is None:
            return {"next": None, "cursor": None}
        query = request.GET.copy()
        query["cursor"] = self.cursor
        return {
            "next": absolute(f"{request.path}?{query.urlencode()}"),
            "cursor": self.cursor,
        }


def paginate(
    queryset: QuerySet, keyset: Keyset, *, size: int, cursor: str | None
) -> Page:
    """One page of ``queryset`` in ``keyset``'s order after ``cursor``, in one
    query (one row more than the page shows, to know whether there is a next).
    Raises ``CursorError`` for a cursor that is not ours."""
    if cursor:
        queryset = queryset.filter(keyset.after(keyset.decode(cursor)))
    rows = list(queryset.order_by(*keyset.order_by())[: size + 1])
    if len(rows) > size:
        return Page(rows[:size], keyset.encode(rows[size - 1]))
    return Page(rows, None)


class PageParams(Schema):
    """The query parameters of every list besides its filters."""

    size: int = Field(DEFAULT_SIZE, ge=1, le=MAX_SIZE, description="Page size.")
    cursor: str | None = Field(
        None,
        max_length=500,
        pattern=CURSOR_PATTERN,
        description="The `cursor` of the previous page.",
    )
    format: Literal["json"] = Field("json", description="The representation.")


PAGE_PARAMS = frozenset(PageParams.model_fields) - {"format"}
