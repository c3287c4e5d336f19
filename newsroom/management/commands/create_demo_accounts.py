import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

# (username, group or None for the administrator)
DEMO_ACCOUNTS = [
    ("admin", None),
    ("editor", "Editor"),
    ("reporter", "Reporter"),
    # A second reporter shows that reporters see only their own articles.
    ("reporter2", "Reporter"),
]


class Command(BaseCommand):
    help = (
        "Create one demo account per editorial role with a random password, "
        "kept in var/demo-accounts.txt (git-ignored). Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        path = Path(settings.VAR_DIR) / "demo-accounts.txt"
        known = _read(path)
        User = get_user_model()
        for username, group_name in DEMO_ACCOUNTS:
            group = None
            if group_name:
                group = Group.objects.filter(name=group_name).first()
                if group is None:
                    continue
            user = User.objects.filter(username=username).first()
            if user is not None and username in known:
                continue
            password = secrets.token_urlsafe(12)
            if user is None:
                user = User(username=username, email=f"{username}@example.invalid")
            user.is_staff = True
            user.is_superuser = group is None
            user.set_password(password)
            user.save()
            if group is not None:
                user.groups.add(group)
            known[username] = password
        path.parent.mkdir(exist_ok=True)
        path.write_text("".join(f"{u} {p}\n" for u, p in known.items()))
        path.chmod(0o600)
        self.stdout.write("Demo accounts (log in at http://127.0.0.1:8000/admin/):")
        for username, password in known.items():
            self.stdout.write(f"  {username:10} {password}")
        self.stdout.write(f"(kept in {path}, which git ignores)")


def _read(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    accounts = {}
    for line in path.read_text().splitlines():
        username, _, password = line.partition(" ")
        if username and password:
            accounts[username] = password
    return accounts
