"""Shared fixtures for the images tests: a private media folder and users."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """A fresh, empty MEDIA_ROOT for each test, so files can be counted."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def editor(db):
    """A staff user allowed to add, change, view and delete images."""
    user = get_user_model().objects.create_user(
        "picture-desk", "desk@example.invalid", "pw-123456789", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="images",
            codename__in=["add_image", "change_image", "delete_image", "view_image"],
        )
    )
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
