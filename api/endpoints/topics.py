"""``/api/v1/topics``: topics with at least one listed article
(``public.queries.public_topics``)."""

from __future__ import annotations

from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router

from api import representations as show
from api.filters import check_known, one_by_ref
from api.pagination import PAGE_PARAMS, Keyset, PageParams, paginate
from api.responses import json_response, list_response
from api.schemas import TopicItem, TopicList
from articles.models import Topic
from public import cachetags
from public.queries import public_topics

router = Router(tags=["topics"])

BY_NAME = Keyset("name", (("name", "text", False), ("pk", "int", False)))


def topic_item(topic: Topic) -> dict:
    return {**show.topic_ref(topic), "articles": show.articles_url(topic=topic.slug)}


@router.get("", response=TopicList, summary="List topics", operation_id="list_topics")
def list_topics(
    request: HttpRequest,
    params: Query[PageParams],
):
    """Topics by name."""
    check_known(request, PAGE_PARAMS)
    page = paginate(public_topics(), BY_NAME, size=params.size, cursor=params.cursor)
    return list_response(
        request,
        page,
        topic_item,
        tags=[cachetags.LIST, *(cachetags.topic_tag(t.pk) for t in page.items)],
    )


@router.get("/{ref}", response=TopicItem, summary="One topic", operation_id="get_topic")
def get_topic(
    request: HttpRequest,
    ref: str,
    format: Literal["json"] = Query("json", description="The representation."),
):
    """A topic; its articles are at ``articles``."""
    check_known(request, frozenset())
    topic = one_by_ref(public_topics(), ref)
    if topic is None:
        raise Http404
    # LIST: whether the topic is public at all depends on the articles.
    return json_response(
        request,
        topic_item(topic),
        tags=[cachetags.LIST, cachetags.topic_tag(topic.pk)],
    )
