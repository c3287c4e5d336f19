"""Who may change an image, on every route of the image admin.

A reporter changes only an image they uploaded that no public page shows;
an image a public article leads with keeps its picture, and a change to its
words is an editor's, logged on the article.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Action, Activity, Status
from images.models import Image
from images.services import store_image
from people.models import Person
from tests.builders import make_article
from tests.images.helpers import jpeg, upload

PASSWORD = "correct-horse-battery-staple-9"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def member(username: str, group: str):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.invalid", PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return get_user_model().objects.get(pk=user.pk)


def image_by(user, credit="Photo: A") -> Image:
    return store_image(upload(jpeg((400, 300))), by=user, alt_text="A", credit=credit)


def details(image: Image, **changes) -> dict:
    data = {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "focal_x": "",
        "focal_y": "",
    }
    return {**data, **changes}


def change(client, image: Image, **changes):
    return client.post(
        f"/admin/images/image/{image.pk}/change/", details(image, **changes)
    )


@pytest.fixture
def rita(db):
    return member("rita", "Reporter")


@pytest.fixture
def edna(db):
    return member("edna", "Editor")


def test_reporter_changes_their_own_unused_image(client, rita):
    image = image_by(rita)
    client.force_login(rita)

    response = change(client, image, credit="Photo: B")

    assert response.status_code == 302
    image.refresh_from_db()
    assert image.credit == "Photo: B"


def test_reporter_cannot_change_another_reporters_image(client, rita):
    image = image_by(member("rob", "Reporter"))
    client.force_login(rita)

    change(client, image, credit="Photo: mine now")
    delete = client.post(f"/admin/images/image/{image.pk}/delete/", {"post": "yes"})
    bulk = client.post(
        "/admin/images/image/",
        {"action": "delete_selected", "_selected_action": [image.pk], "post": "yes"},
    )

    image.refresh_from_db()
    assert (image.credit, delete.status_code, bulk.status_code) == (
        "Photo: A",
        403,
        200,
    )
    assert Image.objects.filter(pk=image.pk).exists()


@pytest.mark.parametrize("use", ["published lead", "headshot"])
def test_reporter_cannot_change_their_image_once_a_public_page_shows_it(
    client, rita, use
):
    image = image_by(rita)
    if use == "published lead":
        make_article(lead_image=image, created_by=rita, first_published_at=None)
        image.lead_image_articles.update(first_published_at=image.created_at)
    else:
        Person.objects.create(name="Someone", headshot=image)
    client.force_login(rita)

    change(client, image, credit="Photo: B", caption="Changed")

    image.refresh_from_db()
    assert (image.credit, image.caption) == ("Photo: A", "")


def test_public_lead_image_keeps_its_picture_even_for_an_editor(client, edna):
    image = image_by(edna)
    make_article(lead_image=image)
    before = image.file.name
    client.force_login(edna)

    response = client.post(
        f"/admin/images/image/{image.pk}/change/",
        {**details(image), "upload": upload(jpeg((500, 400)))},
    )

    image.refresh_from_db()
    assert response.status_code == 200
    assert "its picture cannot be replaced here" in response.content.decode()
    assert image.file.name == before


def test_editor_changing_a_public_lead_images_credit_is_logged_on_the_article(
    client, edna
):
    image = image_by(edna)
    public = make_article("Live", lead_image=image)
    make_article("Not yet", lead_image=image, status=Status.DRAFT)
    client.force_login(edna)

    response = change(client, image, credit="Photo: B")

    assert response.status_code == 302
    entries = Activity.objects.filter(action=Action.IMAGE_CHANGED)
    assert [(e.article, e.actor, e.note) for e in entries] == [
        (public, edna, "Credit line: “Photo: A” → “Photo: B”")
    ]
