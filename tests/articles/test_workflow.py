from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from reversion.models import Version

from articles.models import (
    Action,
    Activity,
    Article,
    Byline,
    Correction,
    CorrectionKind,
    PublishedVersion,
    Status,
    VersionKind,
)
from articles.workflow import WorkflowError, checks, revisions, sharing, transitions
from tests.builders.articles import make_article
from tests.builders.people import make_person
from tests.builders.seeds import SEED_TEXTS

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def draft_by(user, **fields) -> Article:
    fields.setdefault("byline", make_person("Sam Writer"))
    return make_article(status=Status.DRAFT, created_by=user, **fields)


def in_review(reporter, **fields) -> Article:
    article = draft_by(reporter, **fields)
    return transitions.submit(article, by=reporter, now=T0)


def approved(reporter, editor, **fields) -> Article:
    article = in_review(reporter, **fields)
    return transitions.approve(article, by=editor, now=T0)


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
        lambda: transitions.unpublish(article, by=reporter),
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

    transitions.unpublish(article, by=editor, now=T0)

    article.refresh_from_db()
    assert article.status == Status.UNPUBLISHED
    assert article.published_versions.count() == 0


def test_republish_records_a_new_version(reporter, editor):
    article = approved(reporter, editor)
    transitions.publish_now(article, by=editor, now=T0)
    transitions.unpublish(article, by=editor, now=T0 + timedelta(hours=1))

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
        "The video came out in 2008.",
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


def test_restore_revision_brings_back_old_text_as_a_new_revision(reporter):
    article = draft_by(reporter, body="First text.")
    first = revisions.snapshot(article, by=reporter, comment="one")
    Article.objects.filter(pk=article.pk).update(body="Second text.")
    article.refresh_from_db()
    revisions.snapshot(article, by=reporter, comment="two")

    revisions.restore_revision(article, by=reporter, version=first)

    article.refresh_from_db()
    assert article.body == "First text."
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 3
    assert versions.first().revision.get_comment().startswith("Restored")


def test_restore_revision_of_a_public_article_is_refused(editor):
    article = make_article(body="Public text.")
    version = revisions.snapshot(article, by=editor, comment="one")

    with pytest.raises(WorkflowError, match="correction"):
        revisions.restore_revision(article, by=editor, version=version)


def test_share_link_works_until_it_expires_or_is_revoked(reporter, editor):
    article = draft_by(reporter)
    link = sharing.create_share_link(article, by=editor, now=T0)
    signed = link.signature()

    assert sharing.share_link_from_signature(signed, now=T0) == link
    assert link.expires_at == T0 + timedelta(hours=48)
    assert sharing.share_link_from_signature(signed, now=link.expires_at) is None
    assert sharing.share_link_from_signature(signed + "x", now=T0) is None
    sharing.revoke_share_link(link, by=editor, now=T0)
    assert sharing.share_link_from_signature(signed, now=T0) is None


def test_import_run_is_one_activity_entry(people_and_works):
    call_command("import_articles", SEED_TEXTS, verbosity=0, stdout=_Null())

    entry = Activity.objects.get()
    assert (entry.action, entry.actor, entry.note) == (
        Action.IMPORTED,
        None,
        "3 created, 0 updated, 0 skipped, 0 failed",
    )


def test_import_dry_run_records_nothing(people_and_works):
    call_command(
        "import_articles", SEED_TEXTS, dry_run=True, verbosity=0, stdout=_Null()
    )

    assert Activity.objects.count() == 0


def test_bylines_are_part_of_the_revision(reporter):
    article = draft_by(reporter)

    version = revisions.snapshot(article, by=reporter, comment="one")

    models = {v._model for v in version.revision.version_set.all()}
    assert models == {Article, Byline}


class _Null:
    def write(self, *args, **kwargs) -> None:
        pass

    def flush(self) -> None:
        pass


def test_roles_come_from_the_migration_with_exact_powers(db):
    from django.contrib.auth.models import Group

    def powers(name: str) -> set[str]:
        group = Group.objects.get(name=name)
        return set(group.permissions.values_list("codename", flat=True))

    reporter, editor = powers("Reporter"), powers("Editor")

    assert "review_article" in editor
    assert "review_article" not in reporter
    assert {"add_correction", "change_correction", "delete_correction"} <= editor
    assert {"add_correction", "change_correction", "delete_correction"} & (
        reporter
    ) == set()
    assert reporter < editor
