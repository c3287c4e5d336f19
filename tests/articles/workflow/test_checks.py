"""What must be right before an article may be published."""

import pytest

from articles.models import Article, Correction, Status
from articles.workflow import WorkflowError, checks, transitions
from tests.builders.articles import T0, approved, make_article


def test_publication_problems_lists_everything_wrong(db):
    article = make_article(
        status=Status.APPROVED,
        body='Watch [artist id="1"]Kanye West[/artist] today [sic].',
    )
    article.headline = ""
    Correction.objects.create(article=article, text=" ")

    assert checks.publication_problems(article) == [
        "The headline is empty.",
        "There is no byline.",
        "The body still has shortcode text: “[artist id=”.",
        "A correction note has no text.",
    ]


def test_publication_problems_empty_body_blocks_publishing(reporter, editor):
    article = approved(reporter, editor)
    Article.objects.filter(pk=article.pk).update(body="")

    with pytest.raises(WorkflowError, match="The body is empty."):
        transitions.publish_now(article, by=editor, now=T0)

    assert Article.objects.get(pk=article.pk).status == Status.APPROVED
