"""Uploading and choosing images in the admin: every refusal is a form error."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from PIL import ExifTags
from PIL import Image as PILImage

from articles.models import LEAD_IMAGE_NEEDS_CREDIT, Status
from images.models import ALT_REQUIRED, Image, Rendition
from images.services import store_image
from images.uploads import ImageSizeLimitUploadHandler
from people.models import Person, Work
from tests.builders.articles import article_form_data, make_article
from tests.builders.images import (
    encode,
    gps_exif,
    gradient,
    jpeg,
    png_header_only,
    read,
    red_square_right,
    stored_files,
    upload,
)
from tests.builders.people import make_person

ADD = "/admin/images/image/add/"
NOT_ACCEPTED = "This file is not an image we accept (JPEG, PNG, WebP or GIF)."
DAMAGED = "The image file is damaged or incomplete."
MB = 1024 * 1024


def details(**fields) -> dict:
    return {
        "alt_text": "A test picture",
        "caption": "",
        "credit": "",
        "focal_x": "",
        "focal_y": "",
        **fields,
    }


def post_upload(client, data: bytes, name: str = "photo.jpg", **fields):
    return client.post(ADD, {"upload": upload(data, name), **details(**fields)})


def form_errors(response) -> dict:
    return {k: list(v) for k, v in response.context["adminform"].form.errors.items()}


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser(
        "boss", "boss@example.invalid", "pw-123456789"
    )
    client.force_login(user)
    return client


# --------------------------------------------------------------------------
# Uploads
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "stored_format", "extension"),
    [
        ("JPEG", "JPEG", ".jpg"),
        ("PNG", "PNG", ".png"),
        ("WEBP", "WEBP", ".webp"),
        ("GIF", "PNG", ".png"),
    ],
)
def test_admin_upload_accepts_format(
    editor_client, media_root, fmt, stored_format, extension
):
    data = encode(gradient((640, 480)), fmt)

    response = post_upload(editor_client, data, name="upload.bin")

    image = Image.objects.get()
    stored = PILImage.open(io.BytesIO(read(media_root, image.file.name)))
    assert response.status_code == 302
    assert (image.format, image.width, image.height) == (stored_format, 640, 480)
    assert (stored.format, stored.size) == (stored_format, (640, 480))
    assert image.file.name.endswith(extension)
    assert image.renditions.count() == 2 * 2 + 4  # 320 and 640 wide, four crops


def test_admin_upload_applies_exif_orientation(editor_client, media_root):
    exif = PILImage.Exif()
    exif[ExifTags.Base.Orientation] = 6  # camera held on its side
    data = jpeg((400, 200), exif=exif)

    post_upload(editor_client, data)

    image = Image.objects.get()
    stored = PILImage.open(io.BytesIO(read(media_root, image.file.name)))
    assert (image.width, image.height, stored.size) == (200, 400, (200, 400))
    assert dict(stored.getexif()) == {}


def test_admin_upload_removes_gps_from_every_stored_file(editor_client, media_root):
    data = jpeg((800, 600), exif=gps_exif())
    assert b"SECRET-DATUM" in data

    post_upload(editor_client, data)

    image = Image.objects.get()
    original = PILImage.open(io.BytesIO(read(media_root, image.file.name)))
    assert dict(original.getexif()) == {}
    assert [
        name
        for name in stored_files(media_root)
        if b"SECRET-DATUM" in read(media_root, name)
        or b"SpyCam" in read(media_root, name)
    ] == []


def test_admin_upload_polyglot_is_stored_clean(editor_client, media_root):
    data = jpeg((300, 200)) + b"<html><script>alert(1)</script></html>"

    response = post_upload(editor_client, data, name="cat.html")

    image = Image.objects.get()
    assert response.status_code == 302
    assert [
        name
        for name in stored_files(media_root)
        if b"<script" in read(media_root, name)
    ] == []
    assert image.file.name.endswith(".jpg")


def animated_gif() -> bytes:
    frames = [PILImage.new("RGB", (16, 16), colour) for colour in ("red", "blue")]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:])


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        pytest.param(
            png_header_only(8_000, 8_000),
            "bomb.png",
            "The image is 8,000 × 8,000 pixels (64 megapixels); "
            "the limit is 50 megapixels.",
            id="bomb",
        ),
        pytest.param(
            png_header_only(100_000, 100_000),
            "huge-bomb.png",
            "The image has too many pixels; the limit is 50 megapixels.",
            id="huge-bomb",
        ),
        pytest.param(jpeg((256, 256))[:1500], "cut.jpg", DAMAGED, id="truncated"),
        pytest.param(
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "logo.svg",
            NOT_ACCEPTED,
            id="svg",
        ),
        pytest.param(
            b"Just some text, renamed to look like a photo.\n",
            "photo.jpg",
            NOT_ACCEPTED,
            id="renamed-text",
        ),
        pytest.param(
            animated_gif(),
            "dance.gif",
            "Animated images are not accepted.",
            id="animated",
        ),
        pytest.param(b"", "empty.jpg", "The submitted file is empty.", id="empty"),
    ],
)
def test_admin_upload_refusal_is_a_form_error(
    editor_client, media_root, data, name, message
):
    response = post_upload(editor_client, data, name=name)

    assert response.status_code == 200
    assert form_errors(response) == {"upload": [message]}
    assert (Image.objects.count(), stored_files(media_root)) == (0, [])


def test_admin_upload_over_size_limit_is_a_form_error(
    editor_client, media_root, settings
):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 1 * MB
    data = jpeg((64, 64)) + b"\x00" * (3 * MB)

    response = post_upload(editor_client, data)

    assert form_errors(response) == {
        "upload": ["The file is larger than 1 MB, the limit."]
    }
    assert (Image.objects.count(), stored_files(media_root)) == (0, [])


def test_upload_handler_keeps_at_most_one_byte_over_the_limit(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 100_000
    request = RequestFactory().post(
        ADD, {"upload": SimpleUploadedFile("big.jpg", b"x" * 3_000_000)}
    )

    kept = request.FILES["upload"]
    size, content = kept.size, kept.read()
    request.close()

    assert (size, len(content)) == (100_001, 100_001)


def test_upload_handler_passes_small_files_whole(settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 100_000
    handler = ImageSizeLimitUploadHandler()
    handler.new_file("upload", "a.jpg", "image/jpeg", 150_000)

    passed = [handler.receive_data_chunk(b"x" * 64_000, n) for n in range(3)]

    assert [None if p is None else len(p) for p in passed] == [64_000, 36_001, None]


def test_admin_upload_requires_alt_text_unless_decorative(editor_client, media_root):
    missing = post_upload(editor_client, jpeg(), alt_text="")
    decorative = post_upload(editor_client, jpeg(), alt_text="", decorative="on")

    assert form_errors(missing) == {"alt_text": [ALT_REQUIRED]}
    assert decorative.status_code == 302
    assert list(Image.objects.values_list("decorative", "alt_text")) == [(True, "")]


def test_admin_add_page_offers_an_image_file_input(editor_client):
    html = editor_client.get(ADD).content.decode()

    assert (
        '<input type="file" name="upload" '
        'accept="image/jpeg,image/png,image/webp,image/gif" required'
    ) in html


def test_admin_upload_requires_a_file(editor_client):
    response = editor_client.post(ADD, details())

    assert form_errors(response) == {"upload": ["This field is required."]}


def test_admin_upload_records_who_uploaded(editor_client, editor):
    post_upload(editor_client, jpeg())

    assert Image.objects.get().uploaded_by == editor


# --------------------------------------------------------------------------
# List, form, replace, focal point, delete
# --------------------------------------------------------------------------


def test_admin_image_list_shows_thumbnails(editor_client, editor):
    images = [
        store_image(upload(jpeg()), by=editor, alt_text=f"Picture {n}") for n in (1, 2)
    ]

    html = editor_client.get("/admin/images/image/").content.decode()

    for image in images:
        thumb = image.renditions.get(name="jpeg-320")
        assert f'<img src="{thumb.file.url}" width="80" height="50"' in html


def test_admin_image_list_queries_do_not_grow_with_images(editor_client, editor):
    store_image(upload(jpeg((400, 300))), by=editor, alt_text="First")
    with CaptureQueriesContext(connection) as one:
        editor_client.get("/admin/images/image/")
    for n in (2, 3):
        store_image(upload(jpeg((400, 300))), by=editor, alt_text=f"Picture {n}")

    with CaptureQueriesContext(connection) as three:
        editor_client.get("/admin/images/image/")

    assert len(three) == len(one)


def test_admin_image_form_shows_preview(editor_client, editor):
    image = store_image(upload(jpeg()), by=editor, alt_text="Preview me")
    thumb = image.renditions.get(name="jpeg-320")

    html = editor_client.get(f"/admin/images/image/{image.pk}/change/").content.decode()

    assert f'<img src="{thumb.file.url}" width="320" height="200"' in html


def test_admin_change_with_new_file_replaces_every_file(
    editor_client, editor, media_root
):
    image = store_image(upload(jpeg()), by=editor, alt_text="Before")
    old = set(stored_files(media_root))

    response = editor_client.post(
        f"/admin/images/image/{image.pk}/change/",
        {"upload": upload(jpeg((500, 400))), **details(alt_text="After")},
    )

    image.refresh_from_db()
    assert response.status_code == 302
    assert (image.alt_text, image.width, image.height) == ("After", 500, 400)
    assert old & set(stored_files(media_root)) == set()
    assert len(stored_files(media_root)) == 1 + image.renditions.count()


def test_admin_change_without_file_keeps_files(editor_client, editor, media_root):
    image = store_image(upload(jpeg()), by=editor, alt_text="Before")
    files = stored_files(media_root)

    response = editor_client.post(
        f"/admin/images/image/{image.pk}/change/",
        details(alt_text="Better words", credit="Photo: Someone"),
    )

    image.refresh_from_db()
    assert response.status_code == 302
    assert (image.alt_text, image.credit) == ("Better words", "Photo: Someone")
    assert stored_files(media_root) == files


def test_admin_change_of_focal_point_recuts_crops(editor_client, editor, media_root):
    image = store_image(upload(red_square_right()), by=editor, alt_text="Square")
    before = image.renditions_by_name()

    editor_client.post(
        f"/admin/images/image/{image.pk}/change/",
        details(alt_text="Square", focal_x="0.94", focal_y="0.5"),
    )

    after = Image.objects.get(pk=image.pk).renditions_by_name()
    assert sorted(n for n in after if after[n].file.name != before[n].file.name) == [
        "16x9",
        "1x1",
        "4x3",
        "og",
    ]
    assert len(stored_files(media_root)) == 1 + len(after)


def test_admin_half_a_focal_point_is_a_form_error(editor_client, media_root):
    response = post_upload(editor_client, jpeg(), focal_x="0.3")

    assert form_errors(response) == {
        "focal_y": ["Give both coordinates of the focal point, or neither."]
    }


def test_admin_delete_removes_files(
    editor_client, editor, media_root, django_capture_on_commit_callbacks
):
    image = store_image(upload(jpeg()), by=editor, alt_text="Going")

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/admin/images/image/{image.pk}/delete/", {"post": "yes"}
        )

    assert response.status_code == 302
    assert (Image.objects.count(), Rendition.objects.count()) == (0, 0)
    assert stored_files(media_root) == []


def test_admin_bulk_delete_removes_files(
    editor_client, editor, media_root, django_capture_on_commit_callbacks
):
    images = [store_image(upload(jpeg()), by=editor, alt_text=f"{n}") for n in (1, 2)]

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            "/admin/images/image/",
            {
                "action": "delete_selected",
                "_selected_action": [image.pk for image in images],
                "post": "yes",
            },
        )

    assert (Image.objects.count(), stored_files(media_root)) == (0, [])


def test_admin_delete_of_lead_image_is_refused(editor_client, editor, media_root):
    image = store_image(upload(jpeg()), by=editor, alt_text="Lead", credit="Photo: A")
    article = make_article("Story with a picture", lead_image=image)

    response = editor_client.post(
        f"/admin/images/image/{image.pk}/delete/", {"post": "yes"}
    )

    assert response.context["title"] == "Cannot delete image"
    assert response.context["protected"] == [
        f'Article: <a href="/admin/articles/article/{article.pk}/change/">'
        "Story with a picture</a>"
    ]
    assert Image.objects.count() == 1


# --------------------------------------------------------------------------
# Who may upload
# --------------------------------------------------------------------------


def test_admin_upload_anonymous_is_sent_to_login(client, db, media_root):
    response = client.post(ADD, {"upload": upload(jpeg()), **details()})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert (Image.objects.count(), stored_files(media_root)) == (0, [])


def test_admin_upload_non_staff_is_sent_to_login(client, db, media_root):
    user = get_user_model().objects.create_user("reader", password="pw-123456789")
    user.user_permissions.set(Permission.objects.filter(codename="add_image"))
    client.force_login(user)

    response = client.post(ADD, {"upload": upload(jpeg()), **details()})

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert (Image.objects.count(), stored_files(media_root)) == (0, [])


def test_admin_upload_staff_without_image_permission_is_forbidden(
    client, db, media_root
):
    user = get_user_model().objects.create_user("writer", is_staff=True)
    client.force_login(user)

    response = client.post(ADD, {"upload": upload(jpeg()), **details()})

    assert response.status_code == 403
    assert (Image.objects.count(), stored_files(media_root)) == (0, [])


# --------------------------------------------------------------------------
# Choosing images for articles, people and works
# --------------------------------------------------------------------------


def test_admin_article_lead_image_needs_a_credit(superuser_client, editor):
    article = make_article("A story", status=Status.DRAFT)
    uncredited = store_image(upload(jpeg()), by=editor, alt_text="No credit")

    response = superuser_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_form_data(article, lead_image=str(uncredited.pk)),
    )

    article.refresh_from_db()
    assert form_errors(response) == {"lead_image": [LEAD_IMAGE_NEEDS_CREDIT]}
    assert article.lead_image is None


def test_admin_article_lead_image_with_credit_is_saved(superuser_client, editor):
    article = make_article("A story", status=Status.DRAFT)
    credited = store_image(
        upload(jpeg()), by=editor, alt_text="Credited", credit="Photo: Jane Doe"
    )

    response = superuser_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        article_form_data(article, lead_image=str(credited.pk)),
    )

    article.refresh_from_db()
    assert response.status_code == 302
    assert article.lead_image == credited


def test_admin_article_form_previews_lead_image(superuser_client, editor):
    image = store_image(upload(jpeg()), by=editor, alt_text="Lead", credit="Photo: A")
    article = make_article("A story", lead_image=image)
    thumb = image.renditions.get(name="jpeg-320")

    html = superuser_client.get(
        f"/admin/articles/article/{article.pk}/change/"
    ).content.decode()

    assert f'<img src="{thumb.file.url}" width="160" height="100"' in html


def test_admin_image_credit_cannot_go_while_it_leads_an_article(
    superuser_client, editor
):
    image = store_image(upload(jpeg()), by=editor, alt_text="Lead", credit="Photo: A")
    make_article("A story", lead_image=image)

    response = superuser_client.post(
        f"/admin/images/image/{image.pk}/change/",
        details(alt_text="Lead", credit=""),
    )

    image.refresh_from_db()
    assert form_errors(response) == {
        "credit": [
            "This image is the lead image of an article, and news style demands "
            "a credit for lead images."
        ]
    }
    assert image.credit == "Photo: A"


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name"),
    [
        ("articles", "article", "lead_image"),
        ("people", "person", "headshot"),
        ("people", "work", "poster"),
    ],
)
def test_admin_image_autocomplete_finds_by_alt_text(
    superuser_client, editor, app_label, model_name, field_name
):
    image = store_image(upload(jpeg()), by=editor, alt_text="Spike Jonze in 2009")
    store_image(upload(jpeg()), by=editor, alt_text="A crowd")

    response = superuser_client.get(
        "/admin/autocomplete/",
        {
            "term": "jonze",
            "app_label": app_label,
            "model_name": model_name,
            "field_name": field_name,
        },
    )

    assert response.json()["results"] == [
        {"id": str(image.pk), "text": "Spike Jonze in 2009"}
    ]


def test_admin_person_headshot_is_saved_and_previewed(superuser_client, editor):
    image = store_image(upload(jpeg()), by=editor, alt_text="Portrait")
    person = make_person("Donda West", slug="donda-west")

    response = superuser_client.post(
        f"/admin/people/person/{person.pk}/change/",
        {
            "name": "Donda West",
            "slug": "donda-west",
            "kind": "person",
            "aliases": "",
            "bio": "",
            "headshot": str(image.pk),
            "external_ids-TOTAL_FORMS": "0",
            "external_ids-INITIAL_FORMS": "0",
        },
    )
    html = superuser_client.get(
        f"/admin/people/person/{person.pk}/change/"
    ).content.decode()

    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).headshot == image
    thumb = image.renditions.get(name="jpeg-320")
    assert f'<img src="{thumb.file.url}"' in html


def test_admin_work_poster_is_saved(superuser_client, editor):
    image = store_image(upload(jpeg()), by=editor, alt_text="Poster")
    work = Work.objects.create(name="Where the Wild Things Are", kind="film")

    response = superuser_client.post(
        f"/admin/people/work/{work.pk}/change/",
        {
            "name": work.name,
            "slug": work.slug,
            "kind": "film",
            "disambiguation": "",
            "year": "",
            "released_on": "",
            "aliases": "",
            "part_of": "",
            "poster": str(image.pk),
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
            "external_ids-TOTAL_FORMS": "0",
            "external_ids-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert Work.objects.get(pk=work.pk).poster == image
