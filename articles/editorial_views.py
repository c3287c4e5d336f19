"""Editorial pages beside the admin: workflow buttons, revisions and diffs,
making and revoking share links, the body editor's image library (search
and upload, as JSON), the people and works to tag in a text (JSON), and the
change form's autosave and session keep-alive (JSON). (Previews and the pages
share links show are reader pages: ``public.previews``.)

Write views are small: the permission check first, then the service call in
``articles.workflow`` (which checks again and runs in a transaction), then a
redirect. An article a user may not see is a 404, exactly like a missing one.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import wraps

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db.models import Prefetch, Q
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
)
from reversion.models import Version

from articles import autosave, suggestions
from articles.models import (
    Article,
    ShareLink,
)
from articles.workflow import WorkflowError, revisions, sharing, transitions
from articles.workflow.permissions import (
    can_edit,
    can_pick_images,
    can_suggest_tags,
    can_upload_images,
    can_view,
)
from images.forms import ImageForm
from images.models import THUMBNAIL_RENDITION, Image, Rendition
from images.services import store_image
from newsroom.timezones import local_time


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


def parse_time(raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise WorkflowError("Give the publication time as a date and time.") from None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _confirmed(request: HttpRequest, what: str) -> bool:
    """A take-down needs the box ticked as well as the reason (the form's
    confirmation, checked here too: a form without it is refused)."""
    if request.POST.get("confirm") != "1":
        raise WorkflowError(f"{what}: tick the box to confirm.")
    return True


TRANSITIONS = {
    "submit": (
        "Submitted for review.",
        lambda a, r: transitions.submit(a, by=r.user, expected_lock_version=_lock(r)),
    ),
    "request_changes": (
        "Sent back to the reporter.",
        lambda a, r: transitions.request_changes(
            a, by=r.user, reason=r.POST.get("reason", "")
        ),
    ),
    "approve": (
        "Approved.",
        lambda a, r: transitions.approve(
            a,
            by=r.user,
            changes_seen=r.POST.get("changes_seen") == "1",
            expected_lock_version=_lock(r),
        ),
    ),
    "publish": (
        "Published.",
        lambda a, r: transitions.publish_now(
            a, by=r.user, expected_lock_version=_lock(r)
        ),
    ),
    "schedule": (
        "Scheduled.",
        lambda a, r: transitions.schedule(
            a,
            by=r.user,
            at=parse_time(r.POST.get("at", "")),
            expected_lock_version=_lock(r),
        ),
    ),
    "withdraw": (
        "Withdrawn: it is a draft again.",
        lambda a, r: transitions.withdraw(a, by=r.user),
    ),
    "unpublish": (
        "Unpublished.",
        lambda a, r: transitions.unpublish(
            a, by=r.user, note=_confirmed(r, "Unpublish") and r.POST.get("note", "")
        ),
    ),
    "retract": (
        "Retracted.",
        lambda a, r: transitions.retract(a, by=r.user, note=r.POST.get("note", "")),
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
def revision_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Every revision of an article, and a word diff between any two of them."""
    article = _visible_article(request, pk)
    versions = list(revisions.versions_of(article))
    by_id = {version.pk: version for version in versions}
    new = _pick(request, "new", by_id, versions[0] if versions else None)
    default_old = versions[1] if len(versions) > 1 else new
    old = _pick(request, "old", by_id, default_old)
    diffs = []
    if old is not None and new is not None:
        diffs = [
            (d.label, mark_safe(d.html), d.changed)  # noqa: S308 (escaped by diffing)
            for d in revisions.diff_content(
                revisions.content_of_version(old), revisions.content_of_version(new)
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
        revisions.restore_revision(article, by=request.user, version=version)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("editorial:revisions", args=[article.pk]))
    messages.success(request, "Restored as a new revision.")
    return HttpResponseRedirect(_change_url(article))


# Previews and share links ---------------------------------------------------


@require_POST
@staff_member_required
def create_share_link(request: HttpRequest, pk: int) -> HttpResponse:
    article = _visible_article(request, pk)
    try:
        link = sharing.create_share_link(article, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        url = request.build_absolute_uri(link.get_absolute_url())
        messages.success(
            request,
            f"Share link (works until {local_time(link.expires_at)}): {url}",
        )
    return HttpResponseRedirect(_change_url(article))


@require_POST
@staff_member_required
def revoke_share_link(request: HttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(ShareLink, pk=pk)
    _visible_article(request, link.article_id)
    try:
        sharing.revoke_share_link(link, by=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "The share link no longer works.")
    return HttpResponseRedirect(_change_url(link.article))


# The body editor's image library -----------------------------------------

# How many images one search shows: the newest that match.
IMAGE_RESULTS = 20
CREDIT_REQUIRED = (
    "Give a credit line: an image in the text needs one, as a lead image does."
)


class InlineImageForm(ImageForm):
    """A new image for the text of an article: the image admin's checks of
    the file and the alt text, and a credit line, required as for a lead
    image."""

    class Meta(ImageForm.Meta):
        fields = ["upload", "alt_text", "decorative", "caption", "credit"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["credit"].required = True
        self.fields["credit"].error_messages["required"] = CREDIT_REQUIRED
        self.fields["upload"].error_messages["required"] = "Choose an image file."


def _image_json(image: Image) -> dict:
    thumbnail = image.thumbnail()
    return {
        "id": image.pk,
        "thumbnail": thumbnail.file.url if thumbnail else None,
        "thumbnail_width": thumbnail.width if thumbnail else None,
        "thumbnail_height": thumbnail.height if thumbnail else None,
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
    }


@require_GET
@staff_member_required
def image_search(request: HttpRequest) -> JsonResponse:
    """Images for the body editor's picker, as JSON, newest first: those with
    a credit line matching every word of ``q`` in their alt text, caption or
    credit, or the one image ``id`` (for the preview of one already in the
    text)."""
    if not can_pick_images(request.user):
        raise PermissionDenied
    raw_id = request.GET.get("id", "")
    if raw_id:
        # A primary key fits in 18 digits; a longer number is no image's.
        valid = raw_id.isdigit() and len(raw_id) <= 18
        images = Image.objects.filter(pk=int(raw_id)) if valid else Image.objects.none()
    else:
        images = Image.objects.exclude(credit="")
        for word in request.GET.get("q", "").split()[:10]:
            images = images.filter(
                Q(alt_text__icontains=word)
                | Q(caption__icontains=word)
                | Q(credit__icontains=word)
            )
    images = images.prefetch_related(
        Prefetch(
            "renditions",
            queryset=Rendition.objects.filter(name=THUMBNAIL_RENDITION),
        )
    )[:IMAGE_RESULTS]
    return JsonResponse({"results": [_image_json(image) for image in images]})


@require_POST
@staff_member_required
def image_upload(request: HttpRequest) -> JsonResponse:
    """Store an uploaded image in the library (``images.services``) and
    answer with it as JSON (201), or with the form's errors (400)."""
    if not can_upload_images(request.user):
        raise PermissionDenied
    form = InlineImageForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    image = store_image(
        form.processed,
        by=request.user,
        alt_text=form.cleaned_data["alt_text"],
        decorative=form.cleaned_data["decorative"],
        caption=form.cleaned_data["caption"],
        credit=form.cleaned_data["credit"],
    )
    return JsonResponse({"image": _image_json(image)}, status=201)


# Autosave and the session ---------------------------------------------------
#
# Called by the change form's script (articles/static/articles/autosave.js),
# so every answer is JSON, a refusal included: an ended session is a 401 (not
# the login page), a form the user may no longer change a 403, an article they
# may not see a 404 like a missing one.

SESSION_ENDED = "Your session has ended. Log in again: your text is kept."
TOO_LARGE = (
    "This text is larger than {limit} MB, so it could not be kept "
    "automatically. Save the article to keep it."
)
# What autosave.new_token() makes, with room for other sizes.
TOKEN = re.compile(r"[A-Za-z0-9_-]{8,64}")


def _json_error(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def staff_json(view):
    """``staff_member_required`` for the script's endpoints: a 401 (with the
    login address) or a 403 as JSON instead of a redirect to the login page."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return _json_error(SESSION_ENDED, 401, login_url=reverse("admin:login"))
        if not (user.is_active and user.is_staff):
            return _json_error("You cannot use the newsroom's admin.", 403)
        return view(request, *args, **kwargs)

    return checked


def _posted_fields(request: HttpRequest) -> dict[str, list[str]] | JsonResponse:
    """The form's fields the script sent, or the JSON error saying why not."""
    limit = autosave.MAX_BYTES
    too_large = _json_error(TOO_LARGE.format(limit=limit // (1024 * 1024)), 413)
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > limit:
        return too_large
    try:
        raw = request.body
    except RequestDataTooBig:
        return too_large
    if len(raw) > limit:
        return too_large
    try:
        return autosave.clean_fields(json.loads(raw).get("fields"))
    except (ValueError, AttributeError) as exc:
        message = str(exc) if isinstance(exc, autosave.PayloadError) else ""
        return _json_error(message or "Send the form's fields as JSON.", 400)


def _lock_of(fields: dict[str, list[str]]) -> int | None:
    raw = (fields.get("seen_lock_version") or [""])[0]
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _saved(draft, request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "saved_at": draft.saved_at.isoformat(),
            "saved_time": f"{timezone.localtime(draft.saved_at):%H:%M}",
            "expires_in": autosave.session_expires_in(request),
        }
    )


@require_POST
@staff_json
def autosave_article(request: HttpRequest, pk: int) -> JsonResponse:
    """Keep the change form's fields as the user's draft of the article."""
    article = Article.objects.filter(pk=pk).first()
    if article is None or not can_view(request.user, article):
        return _json_error("No such article.", 404)
    if not can_edit(request.user, article):
        return _json_error(
            "You can no longer change this article (its state has changed). "
            "Your text is kept in this browser.",
            403,
        )
    fields = _posted_fields(request)
    if isinstance(fields, JsonResponse):
        return fields
    draft = autosave.store(
        user=request.user, article=article, fields=fields, lock_version=_lock_of(fields)
    )
    return _saved(draft, request)


@require_POST
@staff_json
def autosave_new(request: HttpRequest) -> JsonResponse:
    """Keep a new article's form as the user's draft, by the form's token."""
    if not request.user.has_perm("articles.add_article"):
        return _json_error("You cannot write articles.", 403)
    fields = _posted_fields(request)
    if isinstance(fields, JsonResponse):
        return fields
    token = (fields.get("autosave_token") or [""])[0]
    if not TOKEN.fullmatch(token):
        return _json_error("The form has no valid autosave token.", 400)
    draft = autosave.store(
        user=request.user, token=token, fields=fields, lock_version=None
    )
    return _saved(draft, request)


@require_POST
@staff_member_required
def discard_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """Throw away the user's unsaved changes to the article."""
    article = _visible_article(request, pk)
    if autosave.discard(request.user, article=article):
        messages.success(request, "Your unsaved changes were discarded.")
    return HttpResponseRedirect(_change_url(article))


@require_POST
@staff_member_required
def discard_new_autosave(request: HttpRequest) -> HttpResponse:
    """Throw away the user's unsaved new article named by ``token``."""
    token = request.POST.get("token", "")
    if TOKEN.fullmatch(token) and autosave.discard(request.user, token=token):
        messages.success(request, "Your unsaved new article was discarded.")
    return HttpResponseRedirect(reverse("admin:articles_article_add"))


@require_http_methods(["GET", "POST"])
@staff_json
def session_status(request: HttpRequest) -> JsonResponse:
    """How long the session lasts (GET), or the session made to last another
    ``SESSION_COOKIE_AGE`` from now (POST: the form's "Stay logged in")."""
    if request.method == "POST":
        # Saved again by the session middleware, with a new expiry date.
        request.session.modified = True
    return JsonResponse({"expires_in": autosave.session_expires_in(request)})


@require_POST
@staff_member_required
def tag_suggestions(request: HttpRequest) -> JsonResponse:
    """The people and works the posted headline, dek and body name, as JSON
    (``articles.suggestions``), for the panel beside the article form.

    ``article`` (optional) is the article being edited: its saved tags are
    marked, and only those who may edit it may ask. Changes nothing; a POST
    because the text can be long.
    """
    article = None
    raw_id = request.POST.get("article", "")
    if raw_id:
        if not raw_id.isdigit() or len(raw_id) > 18:
            raise Http404("No such article.")
        article = _visible_article(request, int(raw_id))
    if not can_suggest_tags(request.user, article):
        raise PermissionDenied
    try:
        found = suggestions.suggest(
            headline=request.POST.get("headline", ""),
            dek=request.POST.get("dek", ""),
            body=request.POST.get("body", ""),
            article=article,
        )
    except suggestions.TooLong as exc:
        return JsonResponse({"error": str(exc)}, status=413)
    return JsonResponse({"results": [s.as_json() for s in found]})
