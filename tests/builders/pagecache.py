"""Moving the page cache's clock."""

from contextlib import contextmanager

from newsroom import pagecache


@contextmanager
def freeze(moment):
    """Make the page cache see ``moment`` as now."""
    original = pagecache.timezone.now
    pagecache.timezone.now = lambda: moment
    try:
        yield
    finally:
        pagecache.timezone.now = original
