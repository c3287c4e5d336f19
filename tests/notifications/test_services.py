"""Who is told what when an article moves: notices in the admin and e-mail,
sent once the change is committed, never to the person who made it."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction

from articles.models import Action, Byline, VersionKind
from articles.workflow import WorkflowError, transitions
from notifications.models import Notification
from people.models import StaffProfile
from tests.builders.articles import T0, draft_by, in_review
from tests.builders.people import make_person
from tests.builders.users import make_user


def notices() -> list[tuple[str, str, str]]:
    return [
        (n.recipient.username, n.verb, n.text)
        for n in Notification.objects.order_by("pk")
    ]


def test_sending_back_tells_the_reporter_why(
    reporter, editor, django_capture_on_commit_callbacks
):
    article = in_review(reporter, headline="Kanye at the VMAs")

    with django_capture_on_commit_callbacks(execute=True):
        transitions.request_changes(article, by=editor, reason="Name your source.")

    assert notices() == [
        (
            "rita",
            Action.CHANGES_REQUESTED,
            "edna sent back “Kanye at the VMAs”. Name your source.",
        )
    ]
    assert [m.to for m in mail.outbox] == [["rita@example.invalid"]]
    assert mail.outbox[0].subject == "[newsroom] edna sent back “Kanye at the VMAs”."
    assert "Name your source." in mail.outbox[0].body
    assert f"/admin/articles/article/{article.pk}/change/" in mail.outbox[0].body


def test_approve_publish_schedule_and_correct_tell_creator_and_submitter(
    reporter, editor, django_capture_on_commit_callbacks
):
    other = make_user("sam", "Reporter")
    article = draft_by(reporter, headline="Spike Jonze")
    article = transitions.submit(article, by=reporter, now=T0)
    # Submitted by someone else than the reporter who wrote it (an editor
    # may submit for them): both hear about it.
    article.submitted_by = other
    article.save(update_fields=["submitted_by"])

    with django_capture_on_commit_callbacks(execute=True):
        transitions.approve(article, by=editor)
        transitions.schedule(
            article, by=editor, at=T0.replace(year=2099), now=T0 + timedelta(hours=1)
        )
        transitions.publish_now(article, by=editor)
        transitions.add_correction(
            article, by=editor, kind=VersionKind.CORRECTION, text="It was 2009."
        )

    assert [(who, verb) for who, verb, _ in notices()] == [
        (user, verb)
        for verb in ("approved", "scheduled", "published", "corrected")
        for user in ("rita", "sam")
    ]
    assert len(mail.outbox) == 8
    assert notices()[-1][2] == (
        "edna changed the published text of “Spike Jonze”. Correction: It was 2009."
    )


def test_the_actor_is_never_told_of_their_own_move(editor):
    # An editor who writes, submits and publishes their own article.
    article = draft_by(editor)
    article = transitions.submit(article, by=editor, now=T0)
    transitions.approve(article, by=editor)
    transitions.publish_now(article, by=editor)

    assert Notification.objects.count() == 0


def test_submitting_and_withdrawing_tell_no_one(reporter):
    article = in_review(reporter)
    transitions.withdraw(article, by=reporter)

    assert Notification.objects.count() == 0


def test_a_user_without_email_gets_only_the_notice(
    reporter, editor, django_capture_on_commit_callbacks
):
    reporter.email = ""
    reporter.save()
    article = in_review(reporter)

    with django_capture_on_commit_callbacks(execute=True):
        transitions.approve(article, by=editor)

    assert [who for who, _, _ in notices()] == ["rita"]
    assert mail.outbox == []


def test_the_mail_leaves_only_when_the_change_is_committed(
    reporter, editor, django_capture_on_commit_callbacks
):
    article = in_review(reporter)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transitions.approve(article, by=editor)
    assert mail.outbox == []
    for callback in callbacks:  # the commit
        callback()
    assert len(mail.outbox) == 1


def test_a_rolled_back_change_leaves_no_notice_and_sends_nothing(
    reporter, editor, django_capture_on_commit_callbacks
):
    article = in_review(reporter)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(WorkflowError),
        transaction.atomic(),
    ):
        transitions.request_changes(article, by=editor, reason="Why?")
        raise WorkflowError("Something later in the same transaction failed.")
    assert mail.outbox == []
    assert Notification.objects.filter(verb=Action.CHANGES_REQUESTED).count() == 0


def test_a_mail_server_that_is_down_does_not_undo_the_change(
    reporter, editor, settings, django_capture_on_commit_callbacks, caplog
):
    settings.EMAIL_BACKEND = "tests.notifications.test_services.BrokenBackend"
    article = in_review(reporter)

    with django_capture_on_commit_callbacks(execute=True):
        transitions.approve(article, by=editor)

    article.refresh_from_db()
    assert article.status == "approved"
    assert Notification.objects.count() == 1
    assert "Could not e-mail a notification" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages) -> int:
        raise ConnectionRefusedError("no mail server")


def test_a_reporter_who_left_is_told_nothing(reporter, editor):
    article = in_review(reporter)
    reporter.is_active = False
    reporter.save()

    transitions.approve(article, by=editor)

    assert Notification.objects.count() == 0


def test_staff_in_the_byline_are_told_too(reporter, editor):
    # A colleague linked to the person credited in the byline (a staff
    # profile) wrote the story with the reporter: they hear of it as well.
    colleague = make_user("sam", "Reporter")
    person = make_person("Sam Colleague")
    StaffProfile.objects.create(user=colleague, person=person)
    article = in_review(reporter, headline="Spike Jonze")
    Byline.objects.create(article=article, person=person)

    transitions.approve(article, by=editor)

    assert [(who, verb) for who, verb, _ in notices()] == [
        ("rita", "approved"),
        ("sam", "approved"),
    ]
