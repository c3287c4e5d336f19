"""A database failure half-way through publishing leaves the article as it was.

The failure is real: a trigger makes the database refuse the activity-log
entry, the last row ``publish_now`` writes (after the new status, the lock
and the first published version).
"""

import pytest
from django.apps import apps
from django.db import DatabaseError, connection

from articles.models import Article, Status
from articles.workflow import transitions
from tests.builders.articles import make_article
from tests.builders.people import make_person


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count() for model in apps.get_models()
    }


def refuse_activity_entries() -> None:
    """Make every insert into the activity log fail inside the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_activity() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'activity log unavailable'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_activity BEFORE INSERT ON "
                "articles_activity FOR EACH ROW EXECUTE FUNCTION refuse_activity()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_activity BEFORE INSERT ON articles_activity "
                "BEGIN SELECT RAISE(ABORT, 'activity log unavailable'); END"
            )


@pytest.fixture
def approved(reporter, editor) -> Article:
    article = make_article(
        status=Status.DRAFT, created_by=reporter, byline=make_person("Sam Writer")
    )
    transitions.submit(article, by=reporter)
    return transitions.approve(article, by=editor)


def test_publish_failure_at_the_last_write_changes_nothing(approved, editor):
    before_row = Article.objects.filter(pk=approved.pk).values().get()
    refuse_activity_entries()
    before = row_counts()

    with pytest.raises(DatabaseError, match="activity log unavailable"):
        transitions.publish_now(approved, by=editor)

    assert row_counts() == before
    assert Article.objects.filter(pk=approved.pk).values().get() == before_row
    assert Article.objects.published().filter(pk=approved.pk).exists() is False


def test_publish_without_the_failure_writes_status_version_and_log(approved, editor):
    # The control: the same call does reach the activity log, after the rest.
    before = row_counts()

    transitions.publish_now(approved, by=editor)

    grown = {label for label, count in row_counts().items() if count != before[label]}
    assert grown == {"articles.Activity", "articles.PublishedVersion"}
    assert Article.objects.get(pk=approved.pk).status == Status.PUBLISHED
