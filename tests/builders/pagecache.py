"""The page cache in tests: filling it as a reader would, moving its clock."""

from contextlib import contextmanager

from django.test import Client

from newsroom import pagecache


def cached(url: str) -> str:
    """Fetch ``url`` twice as a reader; the second answer must be from cache."""
    reader = Client()
    reader.get(url)
    response = reader.get(url)
    assert response["X-Page-Cache"] == "hit", url
    return response.content.decode()


def read(url: str):
    """``url`` as a new reader gets it."""
    return Client().get(url)


@contextmanager
def freeze(moment):
    """Make the page cache see ``moment`` as now."""
    original = pagecache.timezone.now
    pagecache.timezone.now = lambda: moment
    try:
        yield
    finally:
        pagecache.timezone.now = original
