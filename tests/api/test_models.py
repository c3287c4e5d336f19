"""ApiKey: what the database itself refuses, and what editors are allowed."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from api.models import RATE_DEFAULT, RATE_MAX, ApiKey
from tests.builders.apikeys import make_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rate", [0, RATE_MAX + 1])
def test_the_database_refuses_a_rate_out_of_range(editor, rate):
    key, _ = make_key(by=editor)

    with pytest.raises(IntegrityError), transaction.atomic():
        ApiKey.objects.filter(pk=key.pk).update(rate_per_minute=rate)


def test_two_keys_cannot_share_a_hash(editor):
    key, _ = make_key(by=editor)

    with pytest.raises(IntegrityError), transaction.atomic():
        ApiKey.objects.create(
            name="Copy", prefix=key.prefix, key_hash=key.key_hash, created_by=editor
        )


def test_a_key_reads_as_its_name_and_prefix(editor):
    key, raw = make_key("Fan app", by=editor)

    assert (str(key), key.rate_per_minute) == (f"Fan app ({raw[:10]}…)", 600)
    assert RATE_DEFAULT == 600


def test_editors_may_add_view_and_change_keys_and_reporters_nothing():
    def codenames(group):
        return sorted(
            Group.objects.get(name=group)
            .permissions.filter(content_type__app_label="api")
            .values_list("codename", flat=True)
        )

    assert codenames("Editor") == ["add_apikey", "change_apikey", "view_apikey"]
    assert codenames("Reporter") == []
