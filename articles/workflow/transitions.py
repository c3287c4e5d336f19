"""One function per change of an article's state, and the changes to a
public article's text (corrections, clarifications, updates, minor fixes).

State changes are a conditional UPDATE (``WHERE status = <what we checked>
AND lock_version = <what we read>``) inside a transaction, so a double click
on Publish publishes once, and two people cannot both win a race.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles import purging, rendering
from articles.models import (
    Action,
    Article,
    Correction,
    CorrectionKind,
    ReferenceKind,
    Status,
    VersionKind,
    record_published_version,
)
from articles.signals import article_moved
from articles.workflow import WorkflowError
from articles.workflow.activity import log
from articles.workflow.checks import check_publishable
from articles.workflow.permissions import REPORTER_EDITABLE, can_edit, require_editor
from articles.workflow.revisions import (
    SUBMITTED_COMMENT,
    changes_since_submission,
    snapshot,
)
from newsroom.pagecache import purge_tags


def _move(
    article: Article,
    *,
    by: User,
    verb: str,
    allowed_from: Iterable[str],
    to: str,
    action: str,
    note: str = "",
    changes: dict | None = None,
    expected_lock_version: int | None = None,
    now: datetime,
    before=None,
    after=None,
) -> Article:
    """Move ``article`` to state ``to`` if it is in one of ``allowed_from``.

    ``before(current)`` may raise ``WorkflowError`` after the row is locked;
    ``after(current)`` runs in the same transaction once the move is saved.
    """
    allowed_from = tuple(allowed_from)
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if current.status not in allowed_from:
            raise WorkflowError(
                f"Cannot {verb} an article that is "
                f"{current.get_status_display().lower()}."
            )
        if (
            expected_lock_version is not None
            and current.lock_version != expected_lock_version
        ):
            raise WorkflowError(
                "The article changed since you opened it; look at it again first."
            )
        if before is not None:
            before(current)
        values = {"status": to, "updated_by": by, **(changes or {})}
        # Conditional on what was checked above: on databases without row
        # locks (SQLite) this is what makes a double click count once.
        updated = Article.objects.filter(
            pk=current.pk, status=current.status, lock_version=current.lock_version
        ).update(lock_version=current.lock_version + 1, updated_at=now, **values)
        if updated != 1:
            raise WorkflowError(
                "Someone else changed the article at the same moment; look at it again."
            )
        for name, value in values.items():
            setattr(current, name, value)
        current.lock_version += 1
        current.updated_at = now
        if after is not None:
            after(current)
        log(current, by=by, action=action, note=note, at=now)
        article_moved.send(
            sender=Article, article=current, action=action, by=by, note=note
        )
    article.refresh_from_db()
    return article


def submit(
    article: Article,
    *,
    by: User,
    expected_lock_version: int | None = None,
    now: datetime | None = None,
) -> Article:
    """Send a draft (or an article sent back) to the editors for review.

    Keeps a revision of the text as submitted, so the editor can see any
    change made after it; ``expected_lock_version`` refuses to submit a text
    that changed since the reporter's page was loaded.
    """
    now = now or timezone.now()
    if not can_edit(by, article):
        raise WorkflowError("You cannot submit this article.")
    # Always a revision of its own, so the next submission can be compared.
    version = snapshot(article, by=by, comment=SUBMITTED_COMMENT, reuse=False)
    return _move(
        article,
        by=by,
        verb="submit",
        allowed_from=REPORTER_EDITABLE,
        to=Status.IN_REVIEW,
        action=Action.SUBMITTED,
        changes={
            "submitted_at": now,
            "submitted_by": by,
            "submitted_version": version,
        },
        expected_lock_version=expected_lock_version,
        now=now,
    )


def review_started(article: Article) -> bool:
    """Whether an editor has started on an article in review.

    From what is recorded, not from who opened the page: someone other than
    the submitter changed it after it was submitted (its text, bylines or
    tags: ``updated_by``), or did anything the activity log records to it
    since (a share link, a note).
    """
    if article.submitted_at is None:
        return False
    if article.updated_by_id not in (None, article.submitted_by_id):
        return True
    return (
        article.activity.filter(
            created_at__gte=article.submitted_at, actor__isnull=False
        )
        .exclude(actor_id=article.submitted_by_id)
        .exists()
    )


def withdraw(article: Article, *, by: User, now: datetime | None = None) -> Article:
    """Take a submission back to draft before an editor has started on it
    (``review_started``); only the person who submitted it may."""
    now = now or timezone.now()

    def before(current: Article) -> None:
        if current.submitted_by_id is None or current.submitted_by_id != by.pk:
            raise WorkflowError("Only the person who submitted it can withdraw it.")
        if review_started(current):
            raise WorkflowError(
                "An editor has started reviewing it; ask them to send it back."
            )

    return _move(
        article,
        by=by,
        verb="withdraw",
        allowed_from=[Status.IN_REVIEW],
        to=Status.DRAFT,
        action=Action.WITHDRAWN,
        now=now,
        before=before,
    )


def request_changes(
    article: Article, *, by: User, reason: str, now: datetime | None = None
) -> Article:
    """Send an article in review back to its reporter with the editor's reason."""
    now = now or timezone.now()
    require_editor(by, "request changes")
    reason = reason.strip()
    if not reason:
        raise WorkflowError("Say what needs to change: the reason is required.")
    return _move(
        article,
        by=by,
        verb="send back",
        allowed_from=[Status.IN_REVIEW],
        to=Status.CHANGES_REQUESTED,
        action=Action.CHANGES_REQUESTED,
        note=reason,
        changes={"review_note": reason},
        now=now,
    )


def approve(
    article: Article,
    *,
    by: User,
    changes_seen: bool = False,
    expected_lock_version: int | None = None,
    now: datetime | None = None,
) -> Article:
    """Approve an article in review for publication.

    If the text changed after it was submitted, the editor must have been
    shown those changes (``changes_seen``), so what is approved is what was
    reviewed; ``expected_lock_version`` refuses approval of a text that
    changed since the editor's page was loaded.
    """
    now = now or timezone.now()
    require_editor(by, "approve")

    def before(current: Article) -> None:
        if changes_since_submission(current) and not changes_seen:
            raise WorkflowError(
                "The article changed after it was submitted; "
                "review the differences before approving."
            )
        check_publishable(current)

    return _move(
        article,
        by=by,
        verb="approve",
        allowed_from=[Status.IN_REVIEW],
        to=Status.APPROVED,
        action=Action.APPROVED,
        changes={"review_note": ""},
        expected_lock_version=expected_lock_version,
        now=now,
        before=before,
    )


def _record_first_or_again(current: Article, *, by: User, at: datetime) -> None:
    # A version dated in the future was never seen by anyone: replace it.
    current.published_versions.filter(created_at__gt=timezone.now()).delete()
    kind = (
        VersionKind.REPUBLISHED
        if current.published_versions.exists()
        else VersionKind.FIRST
    )
    record_published_version(current, kind=kind, by=by, at=at)


def publish_now(
    article: Article,
    *,
    by: User,
    expected_lock_version: int | None = None,
    now: datetime | None = None,
) -> Article:
    """Put an approved, scheduled or unpublished article in front of readers now."""
    now = now or timezone.now()
    require_editor(by, "publish")
    current = Article.objects.get(pk=article.pk)
    if current.status == Status.SCHEDULED and current.is_public:
        raise WorkflowError("The article is already public.")

    def before(current: Article) -> None:
        check_publishable(current)

    def after(current: Article) -> None:
        _record_first_or_again(current, by=by, at=now)

    return _move(
        article,
        by=by,
        verb="publish",
        allowed_from=[Status.APPROVED, Status.SCHEDULED, Status.UNPUBLISHED],
        to=Status.PUBLISHED,
        action=Action.PUBLISHED,
        changes={
            "published_at": now,
            "first_published_at": current.first_published_at or now,
        },
        expected_lock_version=expected_lock_version,
        now=now,
        before=before,
        after=after,
    )


def schedule(
    article: Article,
    *,
    by: User,
    at: datetime,
    expected_lock_version: int | None = None,
    now: datetime | None = None,
) -> Article:
    """Make an approved article public at ``at``, a time in the future.

    Nothing has to run at that time: ``Article.objects.published()`` shows it
    from then on. Its first public version is recorded now, dated ``at``.
    """
    now = now or timezone.now()
    require_editor(by, "schedule")
    if at <= now:
        raise WorkflowError("The publication time must be in the future.")
    current = Article.objects.get(pk=article.pk)
    if current.status == Status.SCHEDULED and current.is_public:
        raise WorkflowError("The article is already public.")

    def after(current: Article) -> None:
        _record_first_or_again(current, by=by, at=at)

    return _move(
        article,
        by=by,
        verb="schedule",
        allowed_from=[Status.APPROVED, Status.SCHEDULED],
        to=Status.SCHEDULED,
        action=Action.SCHEDULED,
        note=f"for {at.isoformat()}",
        changes={
            "published_at": at,
            "first_published_at": current.first_published_at or at,
        },
        expected_lock_version=expected_lock_version,
        now=now,
        before=check_publishable,
        after=after,
    )


def unpublish(
    article: Article, *, by: User, note: str, now: datetime | None = None
) -> Article:
    """Take a published (or scheduled) article off the site; it can be
    republished. Its share links stop working too: what is taken down is
    taken down everywhere. The editor's reason goes in the activity log
    (readers see nothing: unlike a retraction, the page is simply gone)."""
    now = now or timezone.now()
    require_editor(by, "unpublish")
    note = note.strip()
    if not note:
        raise WorkflowError("Say why the article comes down: the reason is required.")

    def after(current: Article) -> None:
        current.published_versions.filter(created_at__gt=now).delete()
        _revoke_share_links(current, now=now)

    return _move(
        article,
        by=by,
        verb="unpublish",
        allowed_from=[Status.PUBLISHED, Status.SCHEDULED],
        to=Status.UNPUBLISHED,
        action=Action.UNPUBLISHED,
        note=note,
        now=now,
        after=after,
    )


def retract(
    article: Article, *, by: User, note: str, now: datetime | None = None
) -> Article:
    """Retract a published article: it stays at its address with the editor's
    note, and its share links stop working."""
    now = now or timezone.now()
    require_editor(by, "retract")
    note = note.strip()
    if not note:
        raise WorkflowError("A retraction needs an editor’s note explaining why.")
    current = Article.objects.get(pk=article.pk)
    if not current.is_public:
        raise WorkflowError("Only an article readers can see can be retracted.")

    def after(current: Article) -> None:
        Correction.objects.create(
            article=current,
            kind=CorrectionKind.EDITORS_NOTE,
            text=note,
            created_at=now,
            created_by=by,
        )
        _revoke_share_links(current, now=now)

    return _move(
        article,
        by=by,
        verb="retract",
        allowed_from=[Status.PUBLISHED, Status.SCHEDULED],
        to=Status.RETRACTED,
        action=Action.RETRACTED,
        note=note,
        now=now,
        after=after,
    )


# What an editor must say when changing the text of a public article.
PUBLIC_CHANGE_KINDS = {
    VersionKind.CORRECTION: CorrectionKind.CORRECTION,
    VersionKind.CLARIFICATION: CorrectionKind.CLARIFICATION,
    VersionKind.UPDATE: CorrectionKind.UPDATE,
    VersionKind.MINOR: None,
}


def check_public_change(kind: str, text: str) -> None:
    """Raise ``WorkflowError`` unless ``kind`` and ``text`` describe a valid change."""
    if kind not in PUBLIC_CHANGE_KINDS:
        raise WorkflowError(
            "Say what kind of change this is: correction, clarification, "
            "update or minor fix."
        )
    if PUBLIC_CHANGE_KINDS[kind] is not None and not text.strip():
        label = VersionKind(kind).label.lower()
        if kind == VersionKind.CORRECTION:
            raise WorkflowError(
                "A correction must say what was wrong and what is right."
            )
        raise WorkflowError(f"An {label} needs a note for readers.")


def add_correction(
    article: Article,
    *,
    by: User,
    kind: str,
    text: str = "",
    now: datetime | None = None,
) -> Article:
    """Record that the public text of ``article`` changed, as readers see it now.

    Correction, clarification and update add a dated public note; every kind
    (minor fixes too) keeps the new text as a published version, so the
    earlier one stays viewable.
    """
    now = now or timezone.now()
    require_editor(by, "change a published article")
    check_public_change(kind, text)
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if not current.is_public:
            raise WorkflowError("Only a public article gets corrections.")
        correction = None
        if PUBLIC_CHANGE_KINDS[kind] is not None:
            correction = Correction.objects.create(
                article=current,
                kind=PUBLIC_CHANGE_KINDS[kind],
                text=text.strip(),
                created_at=now,
                created_by=by,
            )
        record_published_version(
            current, kind=kind, by=by, correction=correction, at=now
        )
        note = f"{VersionKind(kind).label}: {text.strip()}".rstrip(": ")
        log(current, by=by, action=Action.CORRECTED, note=note, at=now)
        article_moved.send(
            sender=Article, article=current, action=Action.CORRECTED, by=by, note=note
        )
    return article


def _revoke_share_links(article: Article, *, now: datetime) -> None:
    """Stop every live share link of ``article`` (it leaves the site)."""
    article.share_links.filter(revoked_at=None).update(revoked_at=now)


def finish_edit(
    article: Article, *, by: User, change_kind: str = "", change_note: str = ""
) -> None:
    """Finish an edit the article form has saved (text, bylines, tags, notes).

    The body is rendered for readers (``articles.rendering``: its tags may
    have changed with it). A change to a public article's text is recorded
    as the ``change_kind`` the editor chose (``add_correction``); a scheduled
    article's pending public version follows its text; and the pages of a
    public article are purged, because its bylines, tags, topics or lead
    image may have changed without its text.
    """
    rendering.store(article)
    if change_kind:
        add_correction(article, by=by, kind=change_kind, text=change_note)
    elif article.status == Status.SCHEDULED:
        refresh_pending_version(article)
    if article.is_public:
        purge_tags(purging.for_article_change(article.pk, listing=True))
        # Its address may have changed: articles that link to it follow.
        rendering.shown_changed(ReferenceKind.ARTICLE, article.pk)


def record_part_changed(article: Article, *, by: User) -> None:
    """Record that ``by`` changed a part of ``article`` outside its form (a
    byline on the byline admin): an open form of it is out of date now, the
    importer leaves it alone from now on, and its public pages are stale."""
    Article.objects.filter(pk=article.pk).update(
        lock_version=F("lock_version") + 1, updated_by=by, updated_at=timezone.now()
    )
    purge_tags(purging.for_article_change(article.pk, listing=True))


def refresh_pending_version(article: Article) -> None:
    """Keep a scheduled article's not-yet-public version in step with its text."""
    now = timezone.now()
    article.published_versions.filter(created_at__gt=now).update(
        headline=article.headline, dek=article.dek, body=article.body
    )
