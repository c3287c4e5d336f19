"""A stand-in for the content API's endpoints, for the access middleware's
tests (``@pytest.mark.urls("tests.builders.api_urls")``): one view under
/api/v1/ that says which key it was called with, and one outside it."""

from django.http import HttpResponse, JsonResponse
from django.urls import path

ETAG = '"echo-1"'


def echo(request):
    key = request.api_key
    response = JsonResponse({"key": key.name if key is not None else None})
    response["Cache-Tag"] = "list"
    response["Cache-Control"] = "public, max-age=60"
    response["ETag"] = ETAG
    return response


def elsewhere(request):
    return HttpResponse("not the API")


urlpatterns = [
    path("api/v1/echo", echo),
    path("elsewhere", elsewhere),
]
