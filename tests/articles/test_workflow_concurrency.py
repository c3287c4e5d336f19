"""Two editors pressing Publish at the same moment, on real row locks."""

import threading

import pytest
from django.db import connection

from articles.models import Article, Status
from articles.workflow import WorkflowError, transitions
from tests.builders.articles import make_article
from tests.builders.people import make_person
from tests.builders.users import make_user

# SQLite has no row locks and serializes writers with "database is locked"
# errors; the same guarantee is tested there sequentially in test_workflow.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_publish_now_concurrent_double_click_publishes_once(roles):
    reporter = make_user("rita", "Reporter")
    editor = make_user("edna", "Editor")
    article = make_article(
        status=Status.DRAFT, created_by=reporter, byline=make_person("A Writer")
    )
    transitions.approve(transitions.submit(article, by=reporter), by=editor)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def click() -> None:
        try:
            barrier.wait()
            transitions.publish_now(Article.objects.get(pk=article.pk), by=editor)
            outcomes.append("published")
        except WorkflowError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["published", "refused"]
    assert article.published_versions.count() == 1
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED
