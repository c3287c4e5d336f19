"""``/api/v1/corrections``: corrections of public articles, newest first
(``public.queries.public_corrections``, retracted articles included)."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router

from api import representations as show
from api.filters import check_known
from api.pagination import MAX_ID, PAGE_PARAMS, Keyset, PageParams, paginate
from api.responses import json_response, list_response
from api.schemas import CorrectionItem, CorrectionList
from articles.models import Correction
from public import cachetags
from public.queries import public_corrections
from public.responses import newest
from public.structured_data import absolute

router = Router(tags=["corrections"])

NEWEST = Keyset("created", (("created_at", "datetime", True), ("pk", "int", True)))


def correction_item(correction: Correction) -> dict:
    return {
        **show.correction(correction),
        "url": absolute(correction.get_absolute_url()),
        "api_url": show.api_url(f"/corrections/{correction.pk}"),
        "article": show.article_ref(correction.article),
    }


@router.get(
    "",
    response=CorrectionList,
    summary="List corrections",
    operation_id="list_corrections",
)
def list_corrections(
    request: HttpRequest,
    params: Query[PageParams],
):
    """Corrections, clarifications, updates and editor's notes, newest first."""
    check_known(request, PAGE_PARAMS)
    page = paginate(
        public_corrections(), NEWEST, size=params.size, cursor=params.cursor
    )
    return list_response(
        request,
        page,
        correction_item,
        tags=cachetags.for_corrections(page.items),
        last_modified=newest(*(c.created_at for c in page.items)),
    )


@router.get(
    "/{id}",
    response=CorrectionItem,
    summary="One correction",
    operation_id="get_correction",
)
def get_correction(
    request: HttpRequest,
    id: int = Path(..., ge=1, le=MAX_ID),  # noqa: A002 - the path's own name
    format: Literal["json"] = Query("json", description="The representation."),
):
    check_known(request, frozenset())
    correction = public_corrections().filter(pk=id).first()
    if correction is None:
        raise Http404
    return json_response(
        request,
        correction_item(correction),
        tags=cachetags.for_corrections([correction]),
        last_modified=correction.created_at,
    )
