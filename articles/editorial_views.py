"""Editorial pages beside the admin: workflow buttons, revisions and diffs,
previews, share links, and the public list of an article's versions.

Write views are small: the permission check first, then the service call in
``articles.workflow`` (which checks again and runs in a transaction), then a
redirect. An article a user may not see is a 404, exactly like a missing one.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST
from reversion.models import Version

from articles import workflow
from articles.models import (
    Article,
    Byline,
    Correction,
    ShareLink,
    TaggedPerson,
    TaggedTopic,
    TaggedWork,
    Topic,
)
from articles.workflow import WorkflowError, can_edit, can_view


def _visible_article(request: HttpRequest, pk: int) -> Article:
    article = Article.objects.filter(pk=pk).first()
    if article is None or not can_view(request.user, article):
        raise Http404("No such article.")
    return article


def _change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def _lock(request: HttpRequest) -> int | None:
    raw = request.POST.get("lock_version", "")
    return int(raw) if raw.isdigit() else None


def _parse_time(raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise WorkflowError("Give the publication time as a date and time.") from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


TRANSITIONS = {
    "submit": ("Submitted for review.", lambda a, r: workflow.submit(a, by=r.user)),
    "request_changes": (
        "Sent back to the reporter.",
        lambda a, r: workflow.request_changes(
            a, by=r.user, reason=r.POST.get("reason", "")
        ),
    ),
    "approve": (
        "Approved.",
        lambda a, r: workflow.approve(
            a,
            by=r.user,
            changes_seen=r.POST.get("changes_seen") == "1",
            expected_lock_version=_lock(r),
        ),
    ),
    "publish": (
        "Published.",
        lambda a, r: workflow.publish_now(a, by=r.user, expected_lock_version=_lock(r)),
    ),
    "schedule": (
        "Scheduled.",
        lambda a, r: workflow.schedule(
            a,
            by=r.user,
            at=_parse_time(r.POST.get("at", "")),
            expected_lock_version=_lock(r),
        ),
    ),
    "unpublish": (
        "Unpublished.",
        lambda a, r: workflow.unpublish(a, by=r.user, note=r.POST.get("note", "")),
    ),
    "retract": (
        "Retracted.",
        lambda a, r: workflow.retract(a, by=r.user, note=r.POST.get("note", "")),
    ),
}


@require_POST
@staff_member_required
def transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Move an article to another state through ``articles.workflow``."""
    if name not in TRANSITIONS:
        raise Http404("No such action.")
    article = _visible_article(request, pk)
    done, run = TRANSITIONS[name]
    try:
        run(article, request)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(_change_url(article))


# Revisions ------------------------------------------------------------------


@require_GET
@staff_member_required
def revisions(request: HttpRequest, pk: int) -> HttpResponse:
    """Every revision of an article, and a word diff between any two of them."""
    article = _visible_article(request, pk)
    versions = list(workflow.versions_of(article))
    by_id = {version.pk: version for version in versions}
    new = _pick(request, "new", by_id, versions[0] if versions else None)
    default_old = versions[1] if len(versions) > 1 else new
    old = _pick(request, "old", by_id, default_old)
    diffs = []
    if old is not None and new is not None:
        diffs = [
            (d.label, mark_safe(d.html), d.changed)  # noqa: S308 (escaped by diffing)
            for d in workflow.diff_content(
                workflow.content_of_version(old), workflow.content_of_version(new)
            )
        ]
    context = {
        **admin.site.each_context(request),
        "title": f"Revisions of “{article}”",
        "article": article,
        "versions": versions,
        "old": old,
        "new": new,
        "diffs": diffs,
        "can_restore": can_edit(request.user, article) and not article.is_public,
        "opts": Article._meta,
    }
    return render(request, "articles/editorial/revisions.html", context)


def _pick(request, key: str, by_id: dict, default):
    raw = request.GET.get(key, "")
    if raw.isdigit() and int(raw) in by_id:
        return by_id[int(raw)]
    return default


@require_POST
@staff_member_required
def restore(request: HttpRequest, pk: int, version_id: int) -> HttpResponse:
    """Restore an old revision's text as a new revision."""
    article = _visible_article(request, pk)
    version = get_object_or_404(Version, pk=version_id)
    try:
        workflow.restore_revision(article, by=request.user, version=version)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("editorial:revisions", args=[article.pk]))
    messages.success(request, "Restored as a new revision.")
    return HttpResponseRedirect(_change_url(article))


# Previews and share links ---------------------------------------------------


def _detail_queryset() -> QuerySet[Article]:
    # The same prefetches as the public article page, without its filter.
    return Article.objects.prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("person")),
        Prefetch(
            "person_tags",
            queryset=TaggedPerson.objects.select_related("tag").order_by("tag__name"),
        ),
        Prefetch(
            "work_tags",
            queryset=TaggedWork.objects.select_related("tag").order_by("tag__name"),
        ),
        "topics",
        "corrections",
    )


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
@staff_member_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft as the public page would show it, never cached or indexed."""
    _visible_article(request, pk)
    article = _detail_queryset().get(pk=pk)
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "preview_label": f"Preview ({article.get_status_display().lower()}): "
            "this is how readers would see the article.",
        },
    )
    return _private(response)


@require_POST
@staff_member_required
def create_share_link(request: HttpRequest, pk: int) -> HttpResponse:
    article = _visible_article(request, pk)
    try:
        link = workflow.create_share_link(article, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        url = request.build_absolute_uri(link.get_absolute_url())
        messages.success(
            request,
            f"Share link (works until {link.expires_at:%Y-%m-%d %H:%M} UTC): {url}",
        )
    return HttpResponseRedirect(_change_url(article))


@require_POST
@staff_member_required
def revoke_share_link(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(ShareLink, pk=pk)
    _visible_article(request, link.article_id)
    try:
        workflow.revoke_share_link(link, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "The share link no longer works.")
    return HttpResponseRedirect(_change_url(link.article))


def _prefetched(model, objects) -> QuerySet:
    queryset = model.objects.all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    return queryset


def article_at_version(version: Version) -> Article:
    """The article as it was in ``version``, with that revision's bylines,
    tags and notes, ready for the public template (nothing is saved)."""
    live = Article.objects.get(pk=version.object_id)
    article = version._object_version.object
    for name in ("status", "published_at", "first_published_at", "created_at"):
        setattr(article, name, getattr(live, name))
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
        "person_tags": _prefetched(TaggedPerson, related.get(TaggedPerson, [])),
        "work_tags": _prefetched(TaggedWork, related.get(TaggedWork, [])),
        "corrections": _prefetched(Correction, related.get(Correction, [])),
        "topics": _prefetched(Topic, Topic.objects.filter(pk__in=topic_ids)),
    }
    return article


@require_GET
def shared(request: HttpRequest, signed: str) -> HttpResponse:
    """The revision a share link points at, for anyone holding the link."""
    link = workflow.share_link_from_signature(signed)
    if link is None:
        raise Http404("This link is not valid, has expired or was revoked.")
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article_at_version(link.version),
            "preview_label": (
                "Preview of an unpublished draft, shared by the newsroom. "
                f"This link works until {link.expires_at:%Y-%m-%d %H:%M} UTC."
            ),
        },
    )
    return _private(response)
