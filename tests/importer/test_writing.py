"""Writing imported articles: slugs that avoid each other and those reserved."""

from importer.writing import unique_article_slugs
from tests.builders.articles import make_article


def test_unique_article_slugs_avoid_reserved_slugs(db):
    make_article("Taken", slug="taken")

    slugs = unique_article_slugs(
        ["Taken", "Reserved", "Free", "Reserved"], reserved=frozenset({"reserved"})
    )

    assert slugs == ["taken-2", "reserved-2", "free", "reserved-3"]
