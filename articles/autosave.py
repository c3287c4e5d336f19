"""Autosave: what someone typed in an article's form, kept until they save it.

The change form's script (``articles/static/articles/autosave.js``) sends
the form's fields a few seconds after the last keystroke and when the page
is left; they are kept as that person's ``AutosaveDraft`` of the article (or
of a new article's form, by its token). Reopening the form offers them back
with a diff; restoring fills the form with them (the person then saves as
usual, through the same checks, the concurrent-edit one included); saving
the article or discarding them deletes them. Nobody else ever sees them.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.http import QueryDict
from django.utils import timezone

from articles import body, rendering
from articles.diffing import FieldDiff
from articles.models import Article, AutosaveDraft
from articles.workflow import revisions

# The largest draft accepted: far above any article (the longest seed is a
# few kB), low enough that one person cannot fill the database. A larger one
# is refused whole, never truncated.
MAX_BYTES = 2 * 1024 * 1024
# More fields than any article form has (inline rows included).
MAX_FIELDS = 2000


class PayloadError(ValueError):
    """What the browser sent is not a form's fields."""


def new_token() -> str:
    """A token naming one new article's form, for its drafts."""
    return secrets.token_urlsafe(16)


def clean_fields(raw) -> dict[str, list[str]]:
    """The form's fields as ``{name: [value, ...]}``, or ``PayloadError``."""
    if not isinstance(raw, dict) or len(raw) > MAX_FIELDS:
        raise PayloadError("Send the form's fields as an object.")
    fields = {}
    for name, values in raw.items():
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(
            isinstance(value, str) for value in values
        ):
            raise PayloadError(f"The field {name[:100]!r} is not text.")
        fields[name] = values
    return fields


def store(
    *,
    user: User,
    fields: dict[str, list[str]],
    lock_version: int | None,
    article: Article | None = None,
    token: str = "",
) -> AutosaveDraft:
    """Keep ``fields`` as ``user``'s draft of ``article`` (or of the new
    article's form named by ``token``), replacing the one kept before."""
    draft, _ = AutosaveDraft.objects.update_or_create(
        user=user,
        article=article,
        token="" if article is not None else token,
        defaults={
            "payload": fields,
            "lock_version": lock_version,
            "saved_at": timezone.now(),
        },
    )
    return draft


def draft_of(user: User, article: Article) -> AutosaveDraft | None:
    """``user``'s unsaved changes to ``article``, if any."""
    if not user.is_authenticated:
        return None
    return AutosaveDraft.objects.filter(user=user, article=article).first()


def draft_of_new(user: User, token: str = "") -> AutosaveDraft | None:
    """``user``'s unsaved new article: the one named by ``token``, or the
    most recent one."""
    if not user.is_authenticated:
        return None
    drafts = AutosaveDraft.objects.filter(user=user, article=None)
    if token:
        drafts = drafts.filter(token=token)
    return drafts.order_by("-saved_at", "-pk").first()


def discard(user: User, *, article: Article | None = None, token: str = "") -> int:
    """Delete ``user``'s draft of ``article`` and of the new form ``token``
    (after a real save, or when they throw the changes away); how many went."""
    deleted = 0
    if article is not None and article.pk is not None:
        deleted += AutosaveDraft.objects.filter(user=user, article=article).delete()[0]
    if token:
        deleted += AutosaveDraft.objects.filter(
            user=user, article=None, token=token
        ).delete()[0]
    return deleted


def data_of(draft: AutosaveDraft) -> QueryDict:
    """The draft's fields as a submitted form's data."""
    data = QueryDict(mutable=True)
    for name, values in draft.payload.items():
        data.setlist(name, values)
    return data


def text_of(draft: AutosaveDraft) -> dict[str, str]:
    """The headline, standfirst and body of the draft."""
    data = data_of(draft)
    return {name: data.get(name, "") for name in revisions.TEXT_FIELDS}


def changes(draft: AutosaveDraft, article: Article | None) -> list[FieldDiff]:
    """How the draft's text differs from the saved article's (from nothing,
    for a new article), field by field."""
    saved = (
        revisions.content_of(article)
        if article is not None
        else dict.fromkeys(revisions.TEXT_FIELDS, "")
    )
    return revisions.diff_content(saved, text_of(draft))


def changed_since(draft: AutosaveDraft, article: Article | None) -> bool:
    """Whether the article was saved (by anyone) after the form the draft
    came from was opened: saving the restored draft is then refused once,
    with both versions shown, as any concurrent edit is."""
    return (
        article is not None
        and draft.lock_version is not None
        and draft.lock_version != article.lock_version
    )


def fill(form, draft: AutosaveDraft) -> None:
    """Put the draft's values in an unbound ``form`` as its initial data, so
    that it shows them and saving it saves them. Fields the draft has no
    value for keep theirs; the article's lock is the one the draft was
    based on."""
    data = data_of(draft)
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if field.widget.value_omitted_from_data(data, {}, key):
            continue
        form.initial[name] = field.widget.value_from_datadict(data, {}, key)
    if "body" in form.fields and "body" in data:
        try:
            form.initial["body"] = rendering.for_editing(data["body"])
        except body.BodyError:
            # Kept as typed; the editor reads what it can and saving checks it.
            form.initial["body"] = data["body"]


def session_expires_in(request) -> int:
    """Seconds until the session of ``request`` ends, as the server sees it.

    A database-backed session's row says when it ends (the session is not
    saved on every request, so that is its login or last extension plus
    ``SESSION_COOKIE_AGE``); other engines are asked for their age.
    """
    session = request.session
    model = getattr(session, "model", None)
    if model is not None and session.session_key and not session.modified:
        ends = (
            model.objects.filter(session_key=session.session_key)
            .values_list("expire_date", flat=True)
            .first()
        )
        if ends is not None:
            return max(0, int((ends - timezone.now()).total_seconds()))
    return session.get_expiry_age()
