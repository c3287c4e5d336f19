"""Old addresses of imported articles answer with a redirect to the new one."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect

from articles.models import Article
from importer.models import OldAddress


class OldAddressMiddleware:
    """A request the site answers with 404 whose path is an old address of a
    public article gets a 301 to the article instead (as Django's redirects
    app does for its own table). A draft, scheduled or unpublished article's
    old address stays a 404: a redirect would tell the world it exists.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        article = redirect_target(request.get_full_path(), request.path)
        if article is None:
            return response
        return HttpResponsePermanentRedirect(article.get_absolute_url())


def redirect_target(*paths: str) -> Article | None:
    """The public article one of ``paths`` is an old address of, if any."""
    candidates = {path for path in paths if path}
    # WordPress answers its permalinks with or without the last slash.
    candidates |= {
        path[:-1] if path.endswith("/") else f"{path}/"
        for path in candidates
        if "?" not in path
    }
    # No stored address holds a NUL (PostgreSQL refuses one in a query: a
    # 500 for any 404 address with %00 in it) or is longer than the column.
    longest = OldAddress._meta.get_field("path").max_length
    candidates = {
        path for path in candidates if "\x00" not in path and len(path) <= longest
    }
    if not candidates:
        return None
    old = (
        OldAddress.objects.filter(
            path__in=candidates, article__in=Article.objects.published()
        )
        .select_related("article")
        .first()
    )
    return old.article if old is not None else None
