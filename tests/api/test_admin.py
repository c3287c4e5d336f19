"""API keys in the admin: editors make and revoke them, reporters see nothing,
the raw key is shown once and nowhere else."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages

from api.keys import find_key
from api.models import ApiKey
from tests.builders.apikeys import make_key
from tests.builders.users import logged_in

pytestmark = pytest.mark.django_db

BASE = "/admin/api/apikey/"


def routes(key) -> list[str]:
    return [
        BASE,
        f"{BASE}add/",
        f"{BASE}{key.pk}/change/",
        f"{BASE}{key.pk}/history/",
        f"{BASE}{key.pk}/delete/",
    ]


def test_a_reporter_is_refused_on_every_route(reporter, editor):
    key, _ = make_key(by=editor)
    client = logged_in(reporter)

    statuses = [client.get(url).status_code for url in routes(key)]
    posted = [
        client.post(f"{BASE}add/", {"name": "Sneaky", "rate_per_minute": 10}),
        client.post(
            f"{BASE}{key.pk}/change/", {"name": "Renamed", "rate_per_minute": 10}
        ),
        client.post(f"{BASE}{key.pk}/delete/", {"post": "yes"}),
        client.post(BASE, {"action": "revoke_selected", "_selected_action": [key.pk]}),
    ]

    assert statuses == [403, 403, 403, 403, 403]
    assert [r.status_code for r in posted] == [403, 403, 403, 403]
    assert list(ApiKey.objects.values_list("name", "revoked_at")) == [
        ("Partner app", None)
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, editor):
    key, _ = make_key(by=editor)

    responses = [client.get(url) for url in routes(key)]

    assert {r.status_code for r in responses} == {302}
    assert all(r["Location"].startswith("/admin/login/") for r in responses)


def test_the_admin_index_shows_keys_to_editors_only(reporter, editor):
    assert "API keys" in logged_in(editor).get("/admin/").content.decode()
    assert "API keys" not in logged_in(reporter).get("/admin/").content.decode()


def test_an_editor_adds_a_key_and_sees_it_once(editor):
    client = logged_in(editor)

    response = client.post(
        f"{BASE}add/", {"name": "Fan <app>", "rate_per_minute": 120}, follow=True
    )

    key = ApiKey.objects.get()
    raw = response.context["raw_key"]
    html = response.content.decode()
    assert response.status_code == 200
    assert find_key(raw) == key
    assert (key.name, key.rate_per_minute, key.created_by) == (
        "Fan <app>",
        120,
        editor,
    )
    assert f'value="{raw}"' in html
    assert "Fan &lt;app&gt;" in html and "Fan <app>" not in html
    assert "no-store" in response["Cache-Control"]
    # Not in a message, not in the history, not on any later page.
    assert [str(m) for m in get_messages(response.wsgi_request)] == []
    assert all(raw not in entry.change_message for entry in LogEntry.objects.all())
    assert LogEntry.objects.get().object_repr == str(key)
    for url in [BASE, f"{BASE}{key.pk}/change/", f"{BASE}{key.pk}/history/"]:
        page = client.get(url)
        assert page.status_code == 200
        assert raw not in page.content.decode()
        assert raw[10:20] not in page.content.decode()


def test_the_list_shows_name_prefix_rate_and_dates(editor):
    key, _ = make_key("Fan app", rate_per_minute=240, by=editor)

    response = logged_in(editor).get(BASE)

    html = response.content.decode()
    assert "Fan app" in html and key.prefix in html and "240" in html
    assert key.key_hash not in html


def test_a_key_out_of_range_is_a_form_error(editor):
    response = logged_in(editor).post(
        f"{BASE}add/", {"name": "Greedy", "rate_per_minute": 1_000_000}
    )

    assert response.status_code == 200
    assert "rate_per_minute" in response.context["adminform"].form.errors
    assert ApiKey.objects.count() == 0


def test_an_editor_renames_and_rerates_but_cannot_touch_the_rest(editor):
    key, raw = make_key(by=editor)

    logged_in(editor).post(
        f"{BASE}{key.pk}/change/",
        {
            "name": "Renamed",
            "rate_per_minute": 30,
            "prefix": "nr_XXXXXXX",
            "key_hash": "0" * 64,
            "revoked_at": "2026-01-01 00:00",
        },
    )

    key.refresh_from_db()
    assert (key.name, key.rate_per_minute, key.prefix, key.revoked_at) == (
        "Renamed",
        30,
        raw[:10],
        None,
    )
    assert find_key(raw) == key


def test_an_editor_revokes_keys_with_the_action(editor):
    key, raw = make_key(by=editor)
    kept, kept_raw = make_key(by=editor)

    response = logged_in(editor).post(
        BASE,
        {"action": "revoke_selected", "_selected_action": [key.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert (find_key(raw), find_key(kept_raw)) == (None, kept)
    assert ApiKey.objects.filter(revoked_at__isnull=False).get() == key
    history = LogEntry.objects.get(object_id=str(key.pk))
    assert (history.user, history.change_message) == (editor, "Revoked.")


def test_nobody_deletes_a_key(editor, admin_client):
    key, _ = make_key(by=editor)

    delete = logged_in(editor).post(f"{BASE}{key.pk}/delete/", {"post": "yes"})
    boss_delete = admin_client.post(f"{BASE}{key.pk}/delete/", {"post": "yes"})
    bulk = admin_client.post(
        BASE, {"action": "delete_selected", "_selected_action": [key.pk]}
    )
    actions = admin_client.get(BASE).context["action_form"].fields["action"].choices

    assert (delete.status_code, boss_delete.status_code) == (403, 403)
    assert bulk.status_code in (200, 302)
    assert ApiKey.objects.count() == 1
    assert [name for name, _ in actions] == ["", "revoke_selected"]
