"""The import_wordpress command: what it prints, and what it never writes."""

import pytest

from articles.models import Action, Activity, Article, Topic
from importer.models import OldAddress
from people.models import Person
from tests.builders.wordpress import (
    WXR,
    WXR_HEAD,
    WXR_TAIL,
    run_failing_wordpress,
    run_wordpress,
    write_wxr,
    wxr_item,
)

pytestmark = pytest.mark.django_db


def test_summary_counts_what_was_created_and_skipped_and_why(people_and_works):
    out, err = run_wordpress(WXR / "full-site.xml")

    assert out.splitlines()[-1] == (
        "2 created, 0 updated, 0 unchanged, 6 skipped, 0 refused "
        "(skipped: 1 attachment, 1 nav_menu_item, 1 page, 1 review, 1 revision, "
        "1 status trash); 4 warning(s) (see above)."
    )
    assert f"{WXR / 'full-site.xml'}:54: created: The Paper Lanterns announce" in out
    assert "  warning: unknown shortcode [sharebutton] unwrapped, its text kept" in out
    assert err == ""
    assert Activity.objects.get(action=Action.IMPORTED).note == (
        "2 created, 0 updated, 0 unchanged, 6 skipped, 0 refused"
    )


def test_summary_says_why_published_posts_were_kept_as_drafts():
    out, _ = run_wordpress(WXR / "statuses.xml")

    assert out.splitlines()[-1] == (
        "7 created, 0 updated, 0 unchanged, 1 skipped, 0 refused "
        "(skipped: 1 status trash); 2 kept as draft(s), not ready to publish "
        "(see the notes); 1 warning(s) (see above)."
    )
    assert "  note: imported as a draft, not published: There is no byline." in out
    assert (
        "  warning: no byline: the post's author has no display name in the export"
        in out
    )
    # Logins are never shown, not even to whoever runs the import.
    assert "ghost" not in out
    assert "mlopez" not in out


def test_second_run_reports_everything_unchanged(people_and_works):
    run_wordpress(WXR / "full-site.xml")

    out, _ = run_wordpress(WXR / "full-site.xml")

    assert out.splitlines()[-1].startswith(
        "0 created, 0 updated, 2 unchanged, 6 skipped, 0 refused"
    )
    assert Article.objects.count() == 2


def test_dry_run_writes_nothing(people_and_works):
    out, _ = run_wordpress(WXR / "full-site.xml", dry_run=True)

    assert out.splitlines()[-1].startswith(
        "Dry run, nothing written: 2 created, 0 updated"
    )
    assert ": would be created: The Paper Lanterns" in out
    assert Article.objects.count() == 0
    assert Topic.objects.count() == 0
    assert not Person.objects.filter(name="Nadia Okafor").exists()
    assert Activity.objects.count() == 0


@pytest.mark.parametrize(
    "name", ["billion-laughs.xml", "external-entity.xml", "external-dtd.xml"]
)
def test_hostile_file_is_refused_and_nothing_written(name):
    _, err, error = run_failing_wordpress(WXR / name)

    assert err.startswith(f"{WXR / name}:2: refused: the file declares a document")
    assert error == "1 file(s) refused; see above."
    assert Article.objects.count() == 0


def test_malformed_file_writes_nothing_even_after_many_good_posts(tmp_path):
    path = tmp_path / "broken.xml"
    items = "".join(wxr_item(n, f"Post {n}") for n in range(300))
    path.write_text(WXR_HEAD + items + "<item><title>x</wp:status></item>" + WXR_TAIL)
    line = (WXR_HEAD + items).count("\n") + 1

    out, err, _ = run_failing_wordpress(path)

    # The posts before the fault were read and written, then rolled back.
    assert ": created: Post 0" in out
    assert err == (
        f"{path}:{line}: malformed XML: mismatched tag (nothing written from "
        "this file)\n"
    )
    assert out.splitlines()[-1] == (
        "0 created, 0 updated, 0 unchanged, 0 skipped, 0 refused."
    )
    assert Article.objects.count() == 0
    assert OldAddress.objects.count() == 0
    assert Person.objects.count() == 0


def test_a_bad_file_does_not_stop_the_good_one(tmp_path):
    good = write_wxr(tmp_path / "good.xml", [wxr_item(1, "Kept")])

    out, err, _ = run_failing_wordpress(WXR / "malformed.xml", good)

    assert out.splitlines()[-1].startswith("1 created")
    assert list(Article.objects.values_list("headline", flat=True)) == ["Kept"]


def test_missing_file_is_an_error():
    _, _, error = run_failing_wordpress(WXR / "nope.xml")

    assert error == f"No such file: {WXR / 'nope.xml'}"


def test_progress_bar_goes_to_stderr_when_asked(tmp_path):
    path = write_wxr(
        tmp_path / "many.xml", [wxr_item(n, f"Post {n}") for n in range(250)]
    )

    out, err = run_wordpress(path, progress=True)

    assert "many.xml [" in err
    assert " 200 items" in err
    assert "[" not in out.splitlines()[-1]


def test_no_progress_bar_when_not_a_terminal(tmp_path):
    path = write_wxr(
        tmp_path / "many.xml", [wxr_item(n, f"Post {n}") for n in range(250)]
    )

    _, err = run_wordpress(path)

    assert err == ""
