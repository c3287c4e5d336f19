"""What must be right before an article may be published."""

import pytest

from articles.models import Article, Correction, Status
from articles.workflow import WorkflowError, checks, transitions
from people import services
from people.models import Person, Work
from tests.builders.articles import T0, approved, make_article, tag


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


def test_publishing_is_refused_while_a_tag_or_byline_awaits_approval(reporter, editor):
    kanye = services.save_entity(Person(name="Kanye West"), by=reporter)
    film = services.save_entity(
        Work(name="We Were Once a Fairytale", kind="short_film", year=2009),
        by=reporter,
    )
    writer = services.save_entity(Person(name="Rita Reporter"), by=reporter)
    article = approved(reporter, editor)
    tag(article, people=[kanye], works=[film], bylines=[writer])

    with pytest.raises(WorkflowError) as refused:
        transitions.publish_now(article, by=editor, now=T0)

    assert str(refused.value) == (
        "Not ready to publish: "
        "Kanye West (person) awaits an editor’s approval. "
        "Rita Reporter (person) awaits an editor’s approval. "
        "We Were Once a Fairytale (short film, 2009) awaits an editor’s approval."
    )
    assert Article.objects.get(pk=article.pk).status == Status.APPROVED


def test_publishing_goes_ahead_once_the_editor_approves(reporter, editor):
    kanye = services.save_entity(Person(name="Kanye West"), by=reporter)
    article = tag(approved(reporter, editor), people=[kanye])

    services.approve(kanye, by=editor)
    transitions.publish_now(article, by=editor, now=T0)

    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
