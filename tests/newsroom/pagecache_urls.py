"""Tiny views for the page cache tests, each counting how often it really ran,
and a stand-in for the articles' publication schedule.

tests/newsroom/test_pagecache.py points ROOT_URLCONF and
NEWSROOM_PAGE_CACHE_SCHEDULE here.
"""

from django.http import HttpResponse
from django.urls import path

calls = {"tagged": 0, "private": 0, "untagged": 0}


def tagged(request):
    calls["tagged"] += 1
    response = HttpResponse(f"render {calls['tagged']}")
    response["Cache-Tag"] = "article-1 person-2 list"
    response["Cache-Control"] = "public, max-age=60"
    return response


def private(request):
    calls["private"] += 1
    response = HttpResponse("private")
    response["Cache-Tag"] = "article-1"
    response["Cache-Control"] = "private, no-store"
    return response


def untagged(request):
    calls["untagged"] += 1
    response = HttpResponse("untagged")
    response["Cache-Control"] = "public, max-age=60"
    return response


urlpatterns = [
    path("tagged/", tagged),
    path("private/", private),
    path("untagged/", untagged),
    # Tagged and public like a page, but under the content API's prefix.
    path("api/v1/tagged/", tagged),
]


# A stand-in for the articles' schedule: one publication due at DUE_AT.
DUE_AT: list = []
schedule_calls: list = []


def schedule(*, now, due: bool):
    schedule_calls.append(due)
    if due:
        return ["list"]
    upcoming = [at for at in DUE_AT if at > now]
    return min(upcoming) if upcoming else None
