"""Who may see, edit and delete which article: the editorial roles.

Roles are the Reporter and Editor groups (``articles/migrations/0004``);
``review_article`` is what makes an editor. A reporter sees and edits only
their own articles, and only while they are drafts or sent back.
"""

from __future__ import annotations

from django.db.models import QuerySet

from articles.models import Article, Status
from articles.workflow import WorkflowError

# States a reporter may still edit; everything later belongs to the editors.
REPORTER_EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)


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


def visible_articles(user) -> QuerySet[Article]:
    """The articles ``user`` may see in the admin: the rule of every list of
    articles there (the article list, notes, bylines, mentions)."""
    if is_editor(user):
        return Article.objects.all()
    if not is_newsroom_staff(user):
        return Article.objects.none()
    return Article.objects.filter(created_by=user)


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


def can_suggest_tags(user, article: Article | None) -> bool:
    """Whether ``user`` may ask which people and works to tag in the text of
    ``article`` (None: of an article not saved yet): whoever may write it."""
    if article is not None:
        return can_edit(user, article)
    return is_newsroom_staff(user) and user.has_perm("articles.add_article")


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


def require_editor(by, what: str) -> None:
    if not is_editor(by):
        raise WorkflowError(f"Only an editor can {what}.")


def can_change_image(user, image) -> bool:
    """Whether ``user`` may change or delete ``image`` (its file, crop or words).

    Editors may change any image. A reporter may change only an image they
    uploaded that nothing readers have seen or will see shows: no article
    that has been public leads with it, no other reporter's article, no
    person and no work (their pages are public). Anything else shows on a
    public page, and changing that is the editors' (``activity``
    logs it, ``images.services`` purges the pages).
    """
    if is_editor(user):
        return True
    if not is_newsroom_staff(user) or image.uploaded_by_id != user.pk:
        return False
    leads = image.lead_image_articles.all()
    return not (
        leads.exclude(created_by=user).exists()
        or leads.filter(first_published_at__isnull=False).exists()
        or image.headshot_of.exists()
        or image.poster_of.exists()
    )


def public_articles_showing(image) -> QuerySet[Article]:
    """The articles readers can see that lead with ``image``."""
    return Article.objects.published().filter(lead_image=image)


def can_pick_images(user) -> bool:
    """Whether ``user`` may search the image library from the body editor."""
    return is_newsroom_staff(user) and user.has_perm("images.view_image")


def can_upload_images(user) -> bool:
    """Whether ``user`` may add an image to the library from the body editor."""
    return can_pick_images(user) and user.has_perm("images.add_image")
