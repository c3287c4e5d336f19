"""The workflow's transitions: who may move an article, to where, and what
each move writes (status, versions, corrections, the activity log).

A database failure half-way through publishing leaves the article as it was:
a trigger makes the database refuse the activity-log entry, the last row
``publish_now`` writes (after the new status, the lock and the first
published version). Two editors pressing Publish at the same moment are
tested on real PostgreSQL row locks.
"""

import threading
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import DatabaseError, connection

from articles.body import from_plain_text as paragraphs
from articles.models import (
    Action,
    Activity,
    Article,
    CorrectionKind,
    PublishedVersion,
    Status,
    VersionKind,
)
from articles.workflow import WorkflowError, revisions, sharing, transitions
from tests.builders.articles import (
    T0,
    approved,
    draft_by,
    in_review,
    make_article,
)
from tests.builders.database import row_counts
from tests.builders.people import make_person
from tests.builders.users import make_user

# SQLite has no row locks and serializes writers with "database is locked"
# errors; the same guarantee is tested there sequentially in
# test_publish_now_twice_publishes_once.
needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
)


def test_submit_moves_draft_to_review_and_keeps_the_submitted_revision(reporter):
    article = draft_by(reporter, headline="Kanye at the VMAs")

    transitions.submit(article, by=reporter, now=T0)

    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    assert article.submitted_at == T0
    assert article.submitted_by == reporter
    assert article.submitted_version.field_dict["headline"] == "Kanye at the VMAs"
    assert article.lock_version == 1
    entry = Activity.objects.get()
    assert (entry.actor, entry.action, entry.article) == (
        reporter,
        Action.SUBMITTED,
        article,
    )


def test_submit_by_another_reporter_is_refused_and_changes_nothing(reporter, reporter2):
    article = draft_by(reporter)

    with pytest.raises(WorkflowError, match="cannot submit"):
        transitions.submit(article, by=reporter2, now=T0)

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert Activity.objects.count() == 0


def test_submit_twice_is_refused_the_second_time(reporter, editor):
    article = in_review(reporter)

    with pytest.raises(WorkflowError, match="You cannot submit this article."):
        transitions.submit(article, by=reporter, now=T0)
    with pytest.raises(WorkflowError, match="Cannot submit an article that is in"):
        transitions.submit(article, by=editor, now=T0)


def test_request_changes_needs_a_reason(reporter, editor):
    article = in_review(reporter)

    with pytest.raises(WorkflowError, match="reason is required"):
        transitions.request_changes(article, by=editor, reason="  ")

    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_request_changes_keeps_the_reason_for_the_reporter(reporter, editor):
    article = in_review(reporter)

    transitions.request_changes(article, by=editor, reason="Source the date.", now=T0)

    article.refresh_from_db()
    assert (article.status, article.review_note) == (
        Status.CHANGES_REQUESTED,
        "Source the date.",
    )
    assert Activity.objects.filter(action=Action.CHANGES_REQUESTED).get().note == (
        "Source the date."
    )


def test_request_changes_by_a_reporter_is_refused(reporter):
    article = in_review(reporter)

    with pytest.raises(WorkflowError, match="Only an editor"):
        transitions.request_changes(article, by=reporter, reason="no")


def test_reporter_cannot_approve_publish_schedule_unpublish_or_retract(reporter):
    article = in_review(reporter)
    calls = [
        lambda: transitions.approve(article, by=reporter),
        lambda: transitions.publish_now(article, by=reporter),
        lambda: transitions.schedule(article, by=reporter, at=T0 + timedelta(days=1)),
        lambda: transitions.unpublish(article, by=reporter, note="x"),
        lambda: transitions.retract(article, by=reporter, note="x"),
        lambda: transitions.add_correction(
            article, by=reporter, kind=VersionKind.MINOR, text=""
        ),
        lambda: sharing.create_share_link(article, by=reporter),
    ]

    for call in calls:
        with pytest.raises(WorkflowError, match="Only an editor"):
            call()

    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_approve_refuses_text_changed_after_submission_unless_seen(reporter, editor):
    article = in_review(reporter, body="Released in 2007.")
    Article.objects.filter(pk=article.pk).update(body="Released in 2008.")

    with pytest.raises(WorkflowError, match="changed after it was submitted"):
        transitions.approve(article, by=editor)
    diffs = revisions.changes_since_submission(Article.objects.get(pk=article.pk))
    transitions.approve(article, by=editor, changes_seen=True)

    assert [d.html for d in diffs if d.changed] == [
        'Released in <del><span class="diff-marker">[−</span>2007'
        '<span class="diff-marker">]</span></del><ins><span class="diff-marker">'
        '[+</span>2008<span class="diff-marker">]</span></ins>.'
    ]
    assert Article.objects.get(pk=article.pk).status == Status.APPROVED


def test_approve_refuses_when_the_page_seen_is_out_of_date(reporter, editor):
    article = in_review(reporter)

    with pytest.raises(WorkflowError, match="changed since you opened it"):
        transitions.approve(article, by=editor, expected_lock_version=0)


def test_publish_now_twice_publishes_once(reporter, editor):
    article = approved(reporter, editor)

    transitions.publish_now(article, by=editor, now=T0)
    with pytest.raises(WorkflowError, match="Cannot publish an article that is pub"):
        transitions.publish_now(article, by=editor, now=T0 + timedelta(seconds=1))

    article.refresh_from_db()
    assert (article.status, article.published_at, article.first_published_at) == (
        Status.PUBLISHED,
        T0,
        T0,
    )
    assert list(article.published_versions.values_list("number", "kind")) == [
        (1, VersionKind.FIRST)
    ]
    assert Activity.objects.filter(action=Action.PUBLISHED).count() == 1


def test_publish_with_a_stale_lock_is_refused(reporter, editor):
    article = approved(reporter, editor)

    with pytest.raises(WorkflowError):
        transitions.publish_now(article, by=editor, expected_lock_version=1)

    assert Article.objects.get(pk=article.pk).status == Status.APPROVED


def test_schedule_shows_the_article_from_its_time_without_a_job(reporter, editor):
    article = approved(reporter, editor)
    at = T0 + timedelta(hours=3)

    transitions.schedule(article, by=editor, at=at, now=T0)

    article.refresh_from_db()
    assert article.status == Status.SCHEDULED
    before, after = at - timedelta(seconds=1), at
    assert list(Article.objects.published(now=before)) == []
    assert list(Article.objects.published(now=after)) == [article]
    assert list(PublishedVersion.objects.visible(now=before)) == []
    assert list(
        PublishedVersion.objects.visible(now=after).values_list("article", "kind")
    ) == [(article.pk, VersionKind.FIRST)]


def test_schedule_in_the_past_is_refused(reporter, editor):
    article = approved(reporter, editor)

    with pytest.raises(WorkflowError, match="must be in the future"):
        transitions.schedule(article, by=editor, at=T0 - timedelta(minutes=1), now=T0)

    assert Article.objects.get(pk=article.pk).status == Status.APPROVED


def test_unpublish_a_scheduled_article_forgets_its_unseen_version(reporter, editor):
    article = approved(reporter, editor)
    transitions.schedule(article, by=editor, at=T0 + timedelta(days=400), now=T0)

    transitions.unpublish(article, by=editor, note="Held.", now=T0)

    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED
    assert article.published_versions.count() == 0


def test_republish_records_a_new_version(reporter, editor):
    article = approved(reporter, editor)
    transitions.publish_now(article, by=editor, now=T0)
    transitions.unpublish(article, by=editor, note="Held.", now=T0 + timedelta(hours=1))

    transitions.publish_now(article, by=editor, now=T0 + timedelta(hours=2))

    assert list(article.published_versions.values_list("kind", flat=True)) == [
        VersionKind.FIRST,
        VersionKind.REPUBLISHED,
    ]
    assert Article.objects.get(pk=article.pk).first_published_at == T0


def test_retract_needs_a_note_and_leaves_it_on_the_article(reporter, editor):
    article = approved(reporter, editor)
    transitions.publish_now(article, by=editor, now=T0)

    with pytest.raises(WorkflowError, match="note"):
        transitions.retract(article, by=editor, note="")
    transitions.retract(article, by=editor, note="The interview never happened.")

    article.refresh_from_db()
    assert article.status == Status.RETRACTED
    assert list(article.corrections.values_list("kind", "text")) == [
        (CorrectionKind.EDITORS_NOTE, "The interview never happened.")
    ]
    assert list(Article.objects.published()) == [article]


def test_add_correction_requires_what_was_wrong(editor):
    article = make_article(body="The video came out in 2007.")

    with pytest.raises(WorkflowError, match="must say what was wrong"):
        transitions.add_correction(
            article, by=editor, kind=VersionKind.CORRECTION, text=""
        )

    assert article.corrections.count() == 0
    assert article.published_versions.count() == 0


def test_add_correction_adds_a_note_and_a_version(editor):
    article = make_article(body="The video came out in 2008.")

    transitions.add_correction(
        article,
        by=editor,
        kind=VersionKind.CORRECTION,
        text="An earlier version gave the year as 2007.",
        now=T0,
    )

    version = article.published_versions.get()
    assert (version.kind, version.body, version.correction.text) == (
        VersionKind.CORRECTION,
        paragraphs("The video came out in 2008."),
        "An earlier version gave the year as 2007.",
    )
    assert version.correction.kind == CorrectionKind.CORRECTION


def test_add_correction_minor_fix_adds_no_note(editor):
    article = make_article()

    transitions.add_correction(article, by=editor, kind=VersionKind.MINOR)

    assert article.corrections.count() == 0
    assert list(article.published_versions.values_list("kind", flat=True)) == [
        VersionKind.MINOR
    ]


# --- A failure at the last write of publish_now -----------------------------


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
def approved_article(reporter, editor) -> Article:
    article = make_article(
        status=Status.DRAFT, created_by=reporter, byline=make_person("Sam Writer")
    )
    transitions.submit(article, by=reporter)
    return transitions.approve(article, by=editor)


def test_publish_failure_at_the_last_write_changes_nothing(approved_article, editor):
    before_row = Article.objects.filter(pk=approved_article.pk).values().get()
    refuse_activity_entries()
    before = row_counts()

    with pytest.raises(DatabaseError, match="activity log unavailable"):
        transitions.publish_now(approved_article, by=editor)

    assert row_counts() == before
    assert Article.objects.filter(pk=approved_article.pk).values().get() == before_row
    assert Article.objects.published().filter(pk=approved_article.pk).exists() is False


def test_publish_without_the_failure_writes_status_version_and_log(
    approved_article, editor
):
    # The control: the same call does reach the activity log, after the rest.
    before = row_counts()

    transitions.publish_now(approved_article, by=editor)

    grown = {label for label, count in row_counts().items() if count != before[label]}
    # And the reporter's notice, in the same transaction (notifications).
    assert grown == {
        "articles.Activity",
        "articles.PublishedVersion",
        "notifications.Notification",
    }
    assert Article.objects.get(pk=approved_article.pk).status == Status.PUBLISHED


# --- Two editors publishing at once --------------------------------------------


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


@pytest.fixture
def edna(db):
    user = get_user_model().objects.create_user("edna", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.parametrize("take_down", ["unpublish", "retract"])
def test_taking_an_article_down_stops_its_share_links(client, edna, take_down):
    article = make_article("Live", status=Status.PUBLISHED, byline=make_person())
    link = sharing.create_share_link(article, by=edna)
    assert client.get(link.get_absolute_url()).status_code == 200

    if take_down == "unpublish":
        transitions.unpublish(article, by=edna, note="Legal")
    else:
        transitions.retract(article, by=edna, note="It was wrong.")

    link.refresh_from_db()
    assert link.revoked_at is not None
    assert client.get(link.get_absolute_url()).status_code == 404


# --- Unpublish's reason, and withdrawing a submission -----------------------


def test_unpublish_needs_a_reason_and_logs_it(reporter, editor):
    article = approved(reporter, editor)
    transitions.publish_now(article, by=editor, now=T0)

    with pytest.raises(WorkflowError, match="reason is required"):
        transitions.unpublish(article, by=editor, note="  ")
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED

    transitions.unpublish(article, by=editor, note=" Held for legal review. ")

    entry = Activity.objects.filter(action=Action.UNPUBLISHED).get()
    assert (entry.actor, entry.note) == (editor, "Held for legal review.")
    assert Article.objects.get(pk=article.pk).status == Status.UNPUBLISHED


def test_the_submitter_withdraws_a_submission_no_editor_started_on(reporter):
    article = in_review(reporter)

    transitions.withdraw(article, by=reporter, now=T0 + timedelta(minutes=5))

    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert Activity.objects.filter(action=Action.WITHDRAWN, actor=reporter).exists()


def test_only_the_submitter_may_withdraw(reporter, reporter2, editor):
    article = in_review(reporter)

    for other in (reporter2, editor):
        with pytest.raises(WorkflowError, match="Only the person who submitted"):
            transitions.withdraw(article, by=other)

    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW


def test_no_withdrawing_once_an_editor_changed_the_article(reporter, editor):
    article = in_review(reporter)
    # What the admin's form records when an editor saves an edit.
    Article.objects.filter(pk=article.pk).update(updated_by=editor)

    with pytest.raises(WorkflowError, match="started reviewing"):
        transitions.withdraw(article, by=reporter)

    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW


def test_no_withdrawing_once_an_editor_acted_on_the_article(reporter, editor):
    article = in_review(reporter)
    sharing.create_share_link(article, by=editor, now=T0 + timedelta(minutes=1))

    assert transitions.review_started(Article.objects.get(pk=article.pk))
    with pytest.raises(WorkflowError, match="started reviewing"):
        transitions.withdraw(article, by=reporter)


def test_an_editors_work_before_the_submission_does_not_count(reporter, editor):
    article = draft_by(reporter)
    sharing.create_share_link(article, by=editor, now=T0 - timedelta(hours=1))
    article = transitions.submit(article, by=reporter, now=T0)

    assert not transitions.review_started(article)


def test_only_an_article_in_review_is_withdrawn(reporter):
    article = draft_by(reporter)

    with pytest.raises(WorkflowError, match="Cannot withdraw an article that is draft"):
        transitions.withdraw(article, by=reporter)
