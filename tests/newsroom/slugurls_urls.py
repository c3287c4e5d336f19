"""A URLconf whose person page lives elsewhere (tests/newsroom/test_slugurls.py)."""

from django.http import HttpResponse
from django.urls import include, path


def _page(request, slug):
    return HttpResponse(slug)


public = (
    [path("elsewhere/<slug:slug>/", _page, name="person_detail")],
    "public",
)
urlpatterns = [path("", include(public))]
