"""Users in the editorial roles, as the data migration defines them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

PASSWORD = "correct-horse-battery-staple-9"


def make_user(username: str, group: str | None):
    """A staff user in ``group`` ("Reporter", "Editor") whose password is PASSWORD."""
    user = get_user_model().objects.create_user(
        username, f"{username}@example.invalid", PASSWORD, is_staff=True
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def logged_in(user) -> Client:
    """A fresh client logged in as ``user``."""
    client = Client()
    client.force_login(user)
    return client
