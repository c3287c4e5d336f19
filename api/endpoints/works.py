"""``/api/v1/works``: works with something public to show
(``public.queries.public_works``), with their credits."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router

from api import representations as show
from api.filters import check_known, one_by_ref
from api.pagination import PAGE_PARAMS, Keyset, PageParams, paginate
from api.responses import json_response, list_response
from api.schemas import WorkDetail, WorkList
from people.models import Work
from public import cachetags
from public.queries import public_works

router = Router(tags=["works"])

BY_TITLE = Keyset("title", (("name", "text", False), ("pk", "int", False)))


def work_item(work: Work) -> dict:
    return {**show.work_ref(work), "articles": show.articles_url(work=work.slug)}


@router.get("", response=WorkList, summary="List works", operation_id="list_works")
def list_works(
    request: HttpRequest,
    params: Query[PageParams],
):
    """Works by title."""
    check_known(request, PAGE_PARAMS)
    page = paginate(public_works(), BY_TITLE, size=params.size, cursor=params.cursor)
    return list_response(
        request,
        page,
        work_item,
        tags=[cachetags.LIST, *(cachetags.work_tag(w.pk) for w in page.items)],
    )


@router.get("/{ref}", response=WorkDetail, summary="One work", operation_id="get_work")
def get_work(
    request: HttpRequest,
    ref: str,
    format: Literal["json"] = Query("json", description="The representation."),
):
    """A work with its credits in billing order; its articles are at
    ``articles``."""
    check_known(request, frozenset())
    work = one_by_ref(
        public_works()
        .select_related("part_of", "poster")
        .prefetch_related("poster__renditions"),
        ref,
    )
    if work is None:
        raise Http404
    credits = list(work.credits.select_related("person"))
    data = {
        **work_item(work),
        "disambiguation": work.disambiguation,
        "released_on": work.released_on.isoformat() if work.released_on else None,
        "part_of": show.work_ref(work.part_of) if work.part_of_id else None,
        "poster": show.image(work.poster),
        "credits": [
            {"role": credit.role, "person": show.person_ref(credit.person)}
            for credit in credits
        ],
    }
    # LIST: whether the work is public at all depends on the articles.
    return json_response(
        request,
        data,
        tags=[cachetags.LIST, *cachetags.for_work_page(work, credits, [])],
    )
