"""The reader's page of an article readers cannot see yet.

A preview shows the newsroom's staff any article they may see, through the
public article template; a share link shows one revision to anyone holding
the link. Neither is ever cached or indexed (``mark_private``), and an article
the user may not see is a 404, exactly like a missing one.
"""

from __future__ import annotations

import json

from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from reversion.models import Version

from articles import rendering
from articles.models import (
    Article,
    Byline,
    Correction,
    TaggedPerson,
    TaggedTopic,
    TaggedWork,
    Topic,
)
from articles.workflow.permissions import can_view
from articles.workflow.sharing import share_link_from_signature
from images.models import Image
from newsroom.pagecache import mark_private
from newsroom.timezones import local_time
from people.models import Person, Work
from public.queries import with_page_relations
from public.views import allow_embeds

TEMPLATE = "public/article_detail.html"


@require_GET
@staff_member_required
@allow_embeds
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The article as the public page would show it, never cached or indexed."""
    article = with_page_relations(Article.objects.filter(pk=pk)).first()
    if article is None or not can_view(request.user, article):
        raise Http404("No such article.")
    response = render(
        request,
        TEMPLATE,
        {
            "article": article,
            "body_html": rendering.current_html(article),
            "preview_label": f"Preview ({article.get_status_display().lower()}): "
            "this is how readers would see the article.",
        },
    )
    return mark_private(response)


@require_GET
@allow_embeds
def shared(request: HttpRequest, signed: str) -> HttpResponse:
    """The revision a share link points at, for anyone holding the link."""
    link = share_link_from_signature(signed)
    if link is None:
        raise Http404("This link is not valid, has expired or was revoked.")
    response = render(
        request,
        TEMPLATE,
        {
            "article": (shown := article_at_version(link.version)),
            # The revision as readers would see it, rendered now (not stored:
            # the stored HTML is the live article's).
            "body_html": mark_safe(rendering.render(shown).html),  # noqa: S308
            "preview_label": (
                "Preview of an unpublished draft, shared by the newsroom. "
                f"This link works until {local_time(link.expires_at)}."
            ),
        },
    )
    return mark_private(response)


def _prefetched(model, objects) -> QuerySet:
    queryset = model.objects.all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    return queryset


def _lead_image_id(version: Version, live: Article) -> int | None:
    """The lead image of ``version``; the live article's for revisions made
    before they kept it (reversion reads a missing field as empty)."""
    stored = json.loads(version.serialized_data)[0]["fields"]
    return stored.get("lead_image", live.lead_image_id)


def article_at_version(version: Version) -> Article:
    """The article as it was in ``version``, with that revision's bylines,
    tags and notes, ready for the public template (nothing is saved)."""
    live = Article.objects.get(pk=version.object_id)
    article = version._object_version.object
    for name in ("status", "published_at", "first_published_at", "created_at"):
        setattr(article, name, getattr(live, name))
    image_id = _lead_image_id(version, live)
    article.lead_image = (
        Image.objects.prefetch_related("renditions").filter(pk=image_id).first()
        if image_id
        else None
    )
    related: dict[type, list] = {}
    for other in version.revision.version_set.all():
        model = other._model
        if model is Article:
            continue
        related.setdefault(model, []).append(other._object_version.object)
    bylines = sorted(related.get(Byline, []), key=lambda b: (b.position, b.pk))
    topic_ids = [t.tag_id for t in related.get(TaggedTopic, [])]
    article._prefetched_objects_cache = {
        "bylines": _prefetched(Byline, bylines),
        "person_tags": _prefetched(
            TaggedPerson, _approved(Person, related.get(TaggedPerson, []))
        ),
        "work_tags": _prefetched(
            TaggedWork, _approved(Work, related.get(TaggedWork, []))
        ),
        "corrections": _prefetched(Correction, related.get(Correction, [])),
        "topics": _prefetched(Topic, Topic.objects.filter(pk__in=topic_ids)),
    }
    return article


def _approved(model, tags: list) -> list:
    """The ``tags`` whose person or work an editor approved: the others have
    no public page yet (people.models.approved_q), so readers see no tag."""
    approved = set(
        model.objects.approved()
        .filter(pk__in=[t.tag_id for t in tags])
        .values_list("pk", flat=True)
    )
    return [t for t in tags if t.tag_id in approved]
