"""Shared fixtures for the images tests: a private media folder and users."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.builders.users import make_user


@pytest.fixture(autouse=True)
def _media_root(media_root) -> Path:
    """Every images test gets its own empty MEDIA_ROOT (tests/conftest.py)."""
    return media_root


@pytest.fixture
def editor(db):
    """An editor: changes, replaces and deletes any image (the image rule is
    ``articles.workflow.permissions.can_change_image``)."""
    user = make_user("picture-desk", "Editor")
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
