import base64
import json
from datetime import UTC, datetime

import pytest

from api.pagination import CursorError, Keyset
from articles.models import Article
from tests.builders.articles import make_article

NEWEST = Keyset("published", (("published_at", "datetime", True), ("pk", "int", True)))


def encoded(values) -> str:
    raw = json.dumps(values).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_a_cursor_round_trips_the_sort_values():
    row = Article(pk=7, published_at=datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC))

    assert NEWEST.decode(NEWEST.encode(row)) == [row.published_at, 7]


def test_a_cursor_is_url_safe_and_unpadded():
    row = Article(pk=7, published_at=datetime(2026, 1, 2, tzinfo=UTC))

    cursor = NEWEST.encode(row)

    assert set(cursor) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )


@pytest.mark.parametrize(
    "values",
    [
        ["updated", "2026-01-01T00:00:00+00:00", 1],
        ["published", "2026-01-01T00:00:00+00:00"],
        ["published", "2026-01-01T00:00:00+00:00", 1, 2],
        ["published", "2026-01-01T00:00:00+00:00", -1],
        ["published", "2026-01-01T00:00:00+00:00", 2**63],
        ["published", "2026-01-01T00:00:00+00:00", True],
        ["published", 20260101, 1],
        {"published": 1},
    ],
)
def test_a_cursor_with_the_wrong_values_is_refused(values):
    with pytest.raises(CursorError):
        NEWEST.decode(encoded(values))


def test_text_and_number_values_are_checked():
    keyset = Keyset("rank", (("rank", "number", True), ("name", "text", False)))

    assert keyset.decode(encoded(["rank", 0.5, "Björk"])) == [0.5, "Björk"]
    with pytest.raises(CursorError):
        keyset.decode(encoded(["rank", 0.5, "a\x00b"]))
    with pytest.raises(CursorError):
        keyset.decode(encoded(["rank", "0.5", "Björk"]))
    with pytest.raises(CursorError):
        keyset.decode(encoded(["rank", 0.5, 3]))


def test_after_is_strictly_after_in_the_order(db):
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    older = make_article("Older", published_at=datetime(2025, 1, 1, tzinfo=UTC))
    same = [make_article(f"Same {n}", published_at=moment) for n in range(3)]

    after = Article.objects.filter(NEWEST.after([moment, same[1].pk]))

    assert sorted(after.values_list("pk", flat=True)) == [older.pk, same[0].pk]
