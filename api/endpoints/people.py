"""``/api/v1/people``: people and groups with something public to show
(``public.queries.public_people``); anyone else is a 404 like a missing one."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router

from api import representations as show
from api.filters import check_known, one_by_ref
from api.pagination import PAGE_PARAMS, Keyset, PageParams, paginate
from api.responses import json_response, list_response
from api.schemas import PersonDetail, PersonList
from people.models import Credit, Person
from public import cachetags
from public.queries import public_people

router = Router(tags=["people"])

BY_NAME = Keyset("name", (("name", "text", False), ("pk", "int", False)))


def person_item(person: Person) -> dict:
    return {
        **show.person_ref(person),
        "articles": show.articles_url(person=person.slug),
        "written": show.articles_url(author=person.slug),
    }


@router.get("", response=PersonList, summary="List people", operation_id="list_people")
def list_people(
    request: HttpRequest,
    params: Query[PageParams],
):
    """People and groups by name."""
    check_known(request, PAGE_PARAMS)
    page = paginate(public_people(), BY_NAME, size=params.size, cursor=params.cursor)
    return list_response(
        request,
        page,
        person_item,
        tags=[cachetags.LIST, *(cachetags.person_tag(p.pk) for p in page.items)],
    )


@router.get(
    "/{ref}", response=PersonDetail, summary="One person", operation_id="get_person"
)
def get_person(
    request: HttpRequest,
    ref: str,
    format: Literal["json"] = Query("json", description="The representation."),
):
    """A person or group, with their credits; their articles are at
    ``articles`` (tagged) and ``written`` (bylines)."""
    check_known(request, frozenset())
    person = one_by_ref(
        public_people()
        .select_related("headshot")
        .prefetch_related("headshot__renditions"),
        ref,
    )
    if person is None:
        raise Http404
    credits = list(
        Credit.objects.filter(person=person)
        .select_related("work")
        .order_by("work__year", "work__name", "position", "pk")
    )
    data = {
        **person_item(person),
        "bio": person.bio,
        "headshot": show.image(person.headshot),
        "credits": [
            {"role": credit.role, "work": show.work_ref(credit.work)}
            for credit in credits
        ],
    }
    # LIST: whether the person is public at all depends on the articles.
    return json_response(
        request,
        data,
        tags=[cachetags.LIST, *cachetags.for_person_page(person, credits)],
    )
