"""Each person's notices in the admin: the unread count in the header, the
list of their own notices only, opening one, marking them read."""

from articles.workflow import transitions
from notifications.models import Notification
from tests.builders.articles import in_review, make_article
from tests.builders.users import logged_in

LIST = "/admin/notifications/notification/"


def test_the_header_shows_the_unread_count(reporter, editor):
    article = in_review(reporter)
    transitions.request_changes(article, by=editor, reason="Name your source.")

    page = logged_in(reporter).get("/admin/").content.decode()
    editors_page = logged_in(editor).get("/admin/").content.decode()

    assert 'id="notifications-link"' in page
    assert "(1 unread)" in page
    assert "unread)" not in editors_page


def test_everyone_sees_only_their_own_notices(reporter, reporter2, editor):
    article = in_review(reporter)
    transitions.request_changes(article, by=editor, reason="Name your source.")
    theirs = Notification.objects.get()

    own = logged_in(reporter).get(LIST).content.decode()
    others = logged_in(reporter2).get(LIST).content.decode()
    opened = logged_in(reporter2).get(f"{LIST}{theirs.pk}/change/")

    assert "Name your source." in own
    assert "Name your source." not in others
    assert opened.status_code == 302
    assert opened["Location"] == "/admin/"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_a_notice_marks_it_read_and_shows_the_article(reporter, editor):
    article = in_review(reporter)
    transitions.request_changes(article, by=editor, reason="Name your source.")
    notice = Notification.objects.get()
    client = logged_in(reporter)

    opened = client.get(f"{LIST}{notice.pk}/change/")

    assert opened["Location"] == f"/admin/articles/article/{article.pk}/change/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert "unread)" not in client.get("/admin/").content.decode()


def test_mark_selected_and_mark_all_read(reporter, editor):
    for headline in ("One", "Two", "Three"):
        article = transitions.submit(
            make_article(headline, status="draft", created_by=reporter), by=reporter
        )
        transitions.request_changes(article, by=editor, reason="Shorter.")
    first, *_ = Notification.objects.order_by("pk")
    client = logged_in(reporter)

    client.post(
        LIST,
        {"action": "mark_selected_read", "_selected_action": [first.pk], "index": 0},
    )
    assert Notification.objects.unread().count() == 2
    assert "(2 unread)" in client.get("/admin/").content.decode()

    assert client.get(f"{LIST}read-all/").status_code == 405
    client.post(f"{LIST}read-all/")
    assert Notification.objects.unread().count() == 0


def test_mark_all_read_leaves_other_peoples_notices(reporter, reporter2, editor):
    article = in_review(reporter)
    transitions.request_changes(article, by=editor, reason="Shorter.")

    logged_in(reporter2).post(f"{LIST}read-all/")

    assert Notification.objects.unread().count() == 1


def test_no_one_adds_changes_or_deletes_notices(reporter, editor):
    article = in_review(reporter)
    transitions.request_changes(article, by=editor, reason="Shorter.")
    notice = Notification.objects.get()
    client = logged_in(reporter)

    assert client.get(f"{LIST}add/").status_code == 403
    assert client.post(f"{LIST}{notice.pk}/delete/").status_code == 403
    assert Notification.objects.count() == 1


def test_a_long_backlog_shows_as_99_plus(reporter, editor):
    article = in_review(reporter)
    Notification.objects.bulk_create(
        Notification(recipient=reporter, article=article, verb="approved", text="x")
        for _ in range(100)
    )

    page = logged_in(reporter).get("/admin/").content.decode()

    assert "(99+ unread)" in page


def test_the_list_filters_unread_and_read(reporter, editor):
    article = in_review(reporter)
    transitions.request_changes(article, by=editor, reason="Shorter.")
    client = logged_in(reporter)

    unread = client.get(f"{LIST}?read=no").content.decode()
    read = client.get(f"{LIST}?read=yes").content.decode()

    assert "Shorter." in unread
    assert "Shorter." not in read
