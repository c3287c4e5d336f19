"""Revisions of an article: what they hold, and restoring one."""

import pytest
from reversion.models import Version

from articles.body import from_plain_text as paragraphs
from articles.models import Article, Byline
from articles.workflow import WorkflowError, revisions
from tests.builders.articles import draft_by, make_article


def test_restore_revision_brings_back_old_text_as_a_new_revision(reporter):
    article = draft_by(reporter, body="First text.")
    first = revisions.snapshot(article, by=reporter, comment="one")
    Article.objects.filter(pk=article.pk).update(body="Second text.")
    article.refresh_from_db()
    revisions.snapshot(article, by=reporter, comment="two")

    revisions.restore_revision(article, by=reporter, version=first)

    article.refresh_from_db()
    assert article.body == paragraphs("First text.")
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 3
    assert versions.first().revision.get_comment().startswith("Restored")


def test_restore_revision_of_a_public_article_is_refused(editor):
    article = make_article(body="Public text.")
    version = revisions.snapshot(article, by=editor, comment="one")

    with pytest.raises(WorkflowError, match="correction"):
        revisions.restore_revision(article, by=editor, version=version)


def test_bylines_are_part_of_the_revision(reporter):
    article = draft_by(reporter)

    version = revisions.snapshot(article, by=reporter, comment="one")

    models = {v._model for v in version.revision.version_set.all()}
    assert models == {Article, Byline}
