"""The API's addresses: ninja's, each answering HEAD like GET and a wrong
method with a problem, and a problem 404 for any other address under
``/api/``."""

from functools import wraps

from django.urls import path, re_path

from api import views
from api.endpoints import api
from api.endpoints import not_found as not_found_problem
from api.problems import problem


def _api_view(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        head = request.method == "HEAD"
        if head:
            # The same answer without the body, as Django's own views give.
            request.method = "GET"
        response = view(request, *args, **kwargs)
        if head:
            request.method = "HEAD"
        if response.status_code == 405:
            allowed = response["Allow"]
            return problem(
                request,
                405,
                "Method not allowed",
                f"This address answers {allowed}.",
                headers={"Allow": f"{allowed}, HEAD"},
            )
        return response

    return wrapper


def _wrapped(patterns):
    for pattern in patterns:
        pattern.callback = _api_view(pattern.callback)
    return patterns


def not_found(request, rest=""):
    return not_found_problem(request, None)


_patterns, _app_name, _namespace = api.urls
urlpatterns = [
    re_path(r"^v1/", (_wrapped(_patterns), _app_name, _namespace)),
    path(
        "preview-token/<int:pk>/",
        views.preview_token,
        name="api_preview_token",
    ),
    re_path(r"^(?P<rest>.*)$", not_found),
]
