"""The editorial workflow: one function per change of an article's state.

Each function checks the move and the permission, saves, records who did it,
when and why in the activity log, and returns the article. A refused move
raises ``WorkflowError`` with a message for the person who tried it, and
changes nothing. The admin and the editorial views only call these; the same
rules hold whichever route a request takes.

State changes are a conditional UPDATE (``WHERE status = <what we checked>
AND lock_version = <what we read>``) inside a transaction, so a double click
on Publish publishes once, and two people cannot both win a race.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

import reversion
from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from reversion.models import Version

from articles import cachetags
from articles.diffing import FieldDiff, diff_fields
from articles.models import (
    Action,
    Activity,
    Article,
    Correction,
    CorrectionKind,
    ShareLink,
    Status,
    VersionKind,
    record_published_version,
)
from newsroom.pagecache import purge_tags, reset_schedule

SHARE_LINK_HOURS = 48
SHARE_SALT = "articles.share-link"
TEXT_FIELDS = {"headline": "Headline", "dek": "Standfirst (dek)", "body": "Body"}

# States a reporter may still edit; everything later belongs to the editors.
REPORTER_EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)

# Leftover shortcode markup from imported texts: "[artist id=...]", "[/artist]"
# or a bare "[artist". A bracketed "[sic]" is ordinary journalism and passes.
_SHORTCODE = re.compile(r"\[/[a-z_]+\]|\[[a-z_]+\s+[a-z_]+\s*=|\[artist\b", re.I)


class WorkflowError(Exception):
    """A refused move; ``str()`` is the message to show the user."""


# Roles ----------------------------------------------------------------------


def is_editor(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("articles.review_article")
    )


def is_newsroom_staff(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("articles.view_article")
    )


def can_view(user, article: Article) -> bool:
    """Editors see every article; a reporter sees only their own."""
    if is_editor(user):
        return True
    return is_newsroom_staff(user) and article.created_by_id == user.pk


def can_edit(user, article: Article) -> bool:
    """Whether ``user`` may change the article's text, bylines and tags."""
    if not user.is_authenticated or not user.has_perm("articles.change_article"):
        return False
    if is_editor(user):
        return True
    return (
        is_newsroom_staff(user)
        and article.created_by_id == user.pk
        and article.status in REPORTER_EDITABLE
    )


def can_delete(user, article: Article) -> bool:
    """Nobody deletes an article that readers have seen: retract it instead."""
    if article.first_published_at is not None or article.status not in (
        *REPORTER_EDITABLE,
        Status.IN_REVIEW,
        Status.APPROVED,
    ):
        return False
    if not user.is_authenticated or not user.has_perm("articles.delete_article"):
        return False
    return is_editor(user) or (
        article.created_by_id == user.pk and article.status in REPORTER_EDITABLE
    )


def _require_editor(by, what: str) -> None:
    if not is_editor(by):
        raise WorkflowError(f"Only an editor can {what}.")


# Checks -----------------------------------------------------------------------


def publication_problems(article: Article) -> list[str]:
    """What stops the article from being published, in words for an editor."""
    problems = []
    if not article.headline.strip():
        problems.append("The headline is empty.")
    if not article.body.strip():
        problems.append("The body is empty.")
    if article.pk is None or not article.bylines.exists():
        problems.append("There is no byline.")
    for label, text in (
        ("headline", article.headline),
        ("standfirst", article.dek),
        ("body", article.body),
    ):
        match = _SHORTCODE.search(text)
        if match:
            problems.append(
                f"The {label} still has shortcode text: “{match.group(0)}”."
            )
    if article.pk is not None:
        for correction in article.corrections.all():
            if not correction.text.strip():
                problems.append(
                    f"A {correction.get_kind_display().lower()} note has no text."
                )
    return problems


def content_of(article: Article) -> dict[str, str]:
    return {name: getattr(article, name) for name in TEXT_FIELDS}


def content_of_version(version: Version) -> dict[str, str]:
    data = version.field_dict
    return {name: data.get(name, "") or "" for name in TEXT_FIELDS}


def diff_content(old: dict[str, str], new: dict[str, str]) -> list[FieldDiff]:
    return diff_fields(old, new, TEXT_FIELDS)


def changes_since_submission(article: Article) -> list[FieldDiff]:
    """The differences between what was submitted and the text now; empty if none."""
    if article.submitted_version is None:
        return []
    old = content_of_version(article.submitted_version)
    now = content_of(article)
    if old == now:
        return []
    return diff_content(old, now)


def changes_since_previous_submission(article: Article) -> list[FieldDiff]:
    """What the reporter changed between the last two submissions; empty if
    this is the first submission or nothing changed."""
    if article.submitted_version is None:
        return []
    previous = (
        versions_of(article)
        .filter(
            pk__lt=article.submitted_version.pk,
            revision__comment=SUBMITTED_COMMENT,
        )
        .first()
    )
    if previous is None:
        return []
    old = content_of_version(previous)
    new = content_of_version(article.submitted_version)
    if old == new:
        return []
    return diff_content(old, new)


# Revisions --------------------------------------------------------------------


def versions_of(article: Article):
    """The article's revisions, newest first, with who made them."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .order_by("-pk")
    )


SUBMITTED_COMMENT = "Submitted for review"


def snapshot(
    article: Article, *, by: User, comment: str, reuse: bool = True
) -> Version:
    """The revision holding the article as it is now, made if there is none
    (or always, with ``reuse=False``)."""
    # From the database, not the caller's copy, which may be out of date.
    article = Article.objects.get(pk=article.pk)
    latest = versions_of(article).first()
    if (
        reuse
        and latest is not None
        and content_of_version(latest) == content_of(article)
    ):
        return latest
    with reversion.create_revision():
        reversion.set_user(by)
        reversion.set_comment(comment)
        reversion.add_to_revision(article)
    return versions_of(article).first()


# Transitions ------------------------------------------------------------------


# What readers may see change with each action, for the page cache: the lists
# an article joins or leaves, and the corrections log.
_CHANGES_LISTS = {
    Action.PUBLISHED,
    Action.SCHEDULED,
    Action.UNPUBLISHED,
    Action.RETRACTED,
    Action.DELETED,
    Action.RESTORED,
}
_CHANGES_CORRECTIONS = {
    Action.PUBLISHED,
    Action.UNPUBLISHED,
    Action.RETRACTED,
    Action.DELETED,
    Action.CORRECTED,
    Action.NOTE_ADDED,
    Action.CORRECTION_EDITED,
    Action.CORRECTION_DELETED,
}


def _log(
    article: Article | None, *, by: User | None, action: str, note: str = "", at=None
):
    """Record who did what in the activity log, and make every cached public
    page that shows the article stale once the transaction commits."""
    if action in _CHANGES_LISTS:
        # A publication time may have moved: the page cache asks again.
        reset_schedule()
    if article is not None:
        purge_tags(
            cachetags.for_article_change(
                article.pk,
                listing=action in _CHANGES_LISTS,
                corrections=action in _CHANGES_CORRECTIONS,
            )
        )
    return Activity.objects.create(
        actor=by,
        action=action,
        article=article,
        subject=str(article) if article is not None else "",
        note=note,
        created_at=at or timezone.now(),
    )


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
        _log(current, by=by, action=action, note=note, at=now)
    article.refresh_from_db()
    return article


def submit(article: Article, *, by: User, now: datetime | None = None) -> Article:
    """Send a draft (or an article sent back) to the editors for review.

    Keeps a revision of the text as submitted, so the editor can see any
    change made after it.
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
        now=now,
    )


def request_changes(
    article: Article, *, by: User, reason: str, now: datetime | None = None
) -> Article:
    """Send an article in review back to its reporter with the editor's reason."""
    now = now or timezone.now()
    _require_editor(by, "request changes")
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


def _check_publishable(current: Article) -> None:
    problems = publication_problems(current)
    if problems:
        raise WorkflowError("Not ready to publish: " + " ".join(problems))


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
    _require_editor(by, "approve")

    def before(current: Article) -> None:
        if changes_since_submission(current) and not changes_seen:
            raise WorkflowError(
                "The article changed after it was submitted; "
                "review the differences before approving."
            )
        _check_publishable(current)

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
    _require_editor(by, "publish")
    current = Article.objects.get(pk=article.pk)
    if current.status == Status.SCHEDULED and current.is_public:
        raise WorkflowError("The article is already public.")

    def before(current: Article) -> None:
        _check_publishable(current)

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
    _require_editor(by, "schedule")
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
        before=_check_publishable,
        after=after,
    )


def unpublish(
    article: Article, *, by: User, note: str = "", now: datetime | None = None
) -> Article:
    """Take a published (or scheduled) article off the site; it can be republished."""
    now = now or timezone.now()
    _require_editor(by, "unpublish")

    def after(current: Article) -> None:
        current.published_versions.filter(created_at__gt=now).delete()

    return _move(
        article,
        by=by,
        verb="unpublish",
        allowed_from=[Status.PUBLISHED, Status.SCHEDULED],
        to=Status.UNPUBLISHED,
        action=Action.UNPUBLISHED,
        note=note.strip(),
        now=now,
        after=after,
    )


def retract(
    article: Article, *, by: User, note: str, now: datetime | None = None
) -> Article:
    """Retract a published article: it stays at its address with the editor's note."""
    now = now or timezone.now()
    _require_editor(by, "retract")
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
    _require_editor(by, "change a published article")
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
        _log(
            current,
            by=by,
            action=Action.CORRECTED,
            note=f"{VersionKind(kind).label}: {text.strip()}".rstrip(": "),
            at=now,
        )
    return article


def refresh_pending_version(article: Article) -> None:
    """Keep a scheduled article's not-yet-public version in step with its text."""
    now = timezone.now()
    article.published_versions.filter(created_at__gt=now).update(
        headline=article.headline, dek=article.dek, body=article.body
    )


def restore_revision(
    article: Article, *, by: User, version: Version, now: datetime | None = None
) -> Article:
    """Bring back the headline, standfirst and body of an earlier revision.

    The restore is saved as a new revision; nothing is lost. A public article
    is changed through a correction instead, so it is refused here.
    """
    now = now or timezone.now()
    if not can_edit(by, article):
        raise WorkflowError("You cannot change this article.")
    if version.object_id != str(
        article.pk
    ) or version.content_type.model_class() is not (Article):
        raise WorkflowError("That revision belongs to another article.")
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if current.is_public or current.status in (
            Status.PUBLISHED,
            Status.RETRACTED,
        ):
            raise WorkflowError(
                "A published article is changed by editing it with a correction note."
            )
        for name, value in content_of_version(version).items():
            setattr(current, name, value)
        current.lock_version += 1
        current.updated_at = now
        current.updated_by = by
        with reversion.create_revision():
            reversion.set_user(by)
            reversion.set_comment(
                "Restored the revision of "
                f"{version.revision.date_created:%Y-%m-%d %H:%M}"
            )
            current.save(
                update_fields=[*TEXT_FIELDS, "lock_version", "updated_at", "updated_by"]
            )
        _log(current, by=by, action=Action.RESTORED, at=now)
    article.refresh_from_db()
    return article


# Share links ------------------------------------------------------------------


def create_share_link(
    article: Article,
    *,
    by: User,
    hours: int = SHARE_LINK_HOURS,
    now: datetime | None = None,
) -> ShareLink:
    """A link that shows the article's current revision to anyone for ``hours``."""
    now = now or timezone.now()
    _require_editor(by, "make a share link")
    if hours < 1 or hours > 24 * 14:
        raise WorkflowError("A share link lasts between 1 hour and 14 days.")
    with transaction.atomic():
        version = snapshot(article, by=by, comment="Shared for preview")
        link = ShareLink.objects.create(
            article=article,
            version=version,
            token=secrets.token_urlsafe(24),
            created_by=by,
            created_at=now,
            expires_at=now + timedelta(hours=hours),
        )
        _log(
            article,
            by=by,
            action=Action.SHARED,
            note=f"expires {link.expires_at:%Y-%m-%d %H:%M} UTC",
            at=now,
        )
    return link


def revoke_share_link(
    link: ShareLink, *, by: User, now: datetime | None = None
) -> ShareLink:
    """Stop a share link from working, from now on."""
    now = now or timezone.now()
    _require_editor(by, "revoke a share link")
    updated = ShareLink.objects.filter(pk=link.pk, revoked_at=None).update(
        revoked_at=now
    )
    if updated:
        _log(link.article, by=by, action=Action.SHARE_REVOKED, at=now)
    link.refresh_from_db()
    return link


def share_link_signature(link: ShareLink) -> str:
    return signing.dumps({"id": link.pk, "token": link.token}, salt=SHARE_SALT)


def share_link_from_signature(
    signed: str, *, now: datetime | None = None
) -> ShareLink | None:
    """The live share link ``signed`` stands for, or None if bad, expired or revoked."""
    try:
        data = signing.loads(signed, salt=SHARE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    link = (
        ShareLink.objects.select_related("article", "version")
        .filter(pk=data.get("id"))
        .first()
    )
    if link is None or not constant_time_compare(link.token, str(data.get("token"))):
        return None
    if not link.is_valid(now=now):
        return None
    return link


# Other entries in the activity log --------------------------------------------


def record_created(article: Article, *, by: User) -> Activity:
    return _log(article, by=by, action=Action.CREATED)


def record_deleted(article: Article, *, by: User) -> Activity:
    entry = _log(article, by=by, action=Action.DELETED)
    return entry


def record_correction_changed(
    correction: Correction, *, by: User, deleted: bool = False, added: bool = False
) -> Activity:
    """Log an editor's change to a public note (they are never changed silently)."""
    if added:
        action = Action.NOTE_ADDED
    elif deleted:
        action = Action.CORRECTION_DELETED
    else:
        action = Action.CORRECTION_EDITED
    return _log(correction.article, by=by, action=action, note=correction.text)


def record_import_run(*, counts: dict[str, int], paths: Iterable) -> Activity:
    """One activity entry for one run of the importer; cached lists are made
    stale when the run wrote anything (it may have published articles)."""
    summary = ", ".join(f"{count} {action}" for action, count in counts.items())
    if counts.get("created") or counts.get("updated"):
        purge_tags([cachetags.LIST])
        reset_schedule()
    return Activity.objects.create(
        action=Action.IMPORTED,
        subject=", ".join(str(p) for p in paths)[:300],
        note=summary,
    )
