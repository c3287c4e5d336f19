"""Staff profiles: which person a login is, set by an editor or administrator."""

import pytest
from django.db.models import ProtectedError

from people import services
from people.models import StaffProfile
from tests.builders.people import make_person
from tests.builders.users import logged_in

ADD_URL = "/admin/people/staffprofile/add/"


def test_editor_links_a_reporters_login_to_their_person(editor, reporter):
    rita = make_person("Rita Reporter")

    response = logged_in(editor).post(
        ADD_URL, {"user": str(reporter.pk), "person": str(rita.pk)}
    )

    assert response.status_code == 302
    assert reporter.staff_profile.person == rita


def test_reporter_cannot_link_logins_to_people(reporter):
    rita = make_person("Rita Reporter")
    client = logged_in(reporter)

    shown = client.get(ADD_URL)
    posted = client.post(ADD_URL, {"user": str(reporter.pk), "person": str(rita.pk)})

    assert (shown.status_code, posted.status_code) == (403, 403)
    assert StaffProfile.objects.count() == 0


def test_administrator_links_a_login_on_the_user_page(admin_client, reporter):
    rita = make_person("Rita Reporter")
    url = f"/admin/auth/user/{reporter.pk}/change/"
    page = admin_client.get(url)
    form = {
        "username": reporter.username,
        "email": reporter.email,
        "is_active": "on",
        "is_staff": "on",
        "groups": [str(group.pk) for group in reporter.groups.all()],
        "date_joined_0": reporter.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": reporter.date_joined.strftime("%H:%M:%S"),
        "staff_profile-TOTAL_FORMS": "1",
        "staff_profile-INITIAL_FORMS": "0",
        "staff_profile-0-person": str(rita.pk),
        "_save": "Save",
    }

    response = admin_client.post(url, form)

    assert 'name="staff_profile-TOTAL_FORMS"' in page.content.decode()
    assert response.status_code == 302
    assert StaffProfile.objects.get(user=reporter).person == rita


def test_person_with_a_login_cannot_be_deleted(reporter):
    rita = make_person("Rita Reporter")
    StaffProfile.objects.create(user=reporter, person=rita)

    with pytest.raises(ProtectedError):
        services.delete_entity(rita)

    assert StaffProfile.objects.get(user=reporter).person == rita
