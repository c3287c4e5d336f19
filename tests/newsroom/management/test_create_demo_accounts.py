import io

from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command


def test_demo_accounts_created_printed_and_stable(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = io.StringIO()
    call_command("create_demo_accounts", stdout=first)
    second = io.StringIO()

    call_command("create_demo_accounts", stdout=second)

    assert first.getvalue() == second.getvalue()
    saved = dict(
        line.split(" ")
        for line in (tmp_path / "demo-accounts.txt").read_text().splitlines()
    )
    assert f"  admin      {saved['admin']}" in first.getvalue()
    admin = authenticate(username="admin", password=saved["admin"])
    assert admin is not None and admin.is_superuser
    assert get_user_model().objects.filter(username="admin").count() == 1
    assert (tmp_path / "demo-accounts.txt").stat().st_mode & 0o777 == 0o600


def test_demo_accounts_include_two_reporters_and_an_editor(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path

    call_command("create_demo_accounts", stdout=io.StringIO())

    users = get_user_model().objects.order_by("username")
    assert [(u.username, [g.name for g in u.groups.all()]) for u in users] == [
        ("admin", []),
        ("editor", ["Editor"]),
        ("reporter", ["Reporter"]),
        ("reporter2", ["Reporter"]),
    ]
