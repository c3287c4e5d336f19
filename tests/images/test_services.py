"""images.services: what lands in storage and in the database, and what is removed."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from PIL import Image as PILImage

from images.models import ALT_REQUIRED, Image, Rendition
from images.processing import ImageRejected, rendition_specs
from images.services import (
    delete_image,
    replace_image_file,
    set_focal_point,
    store_image,
)
from tests.builders.articles import make_article
from tests.builders.images import (
    has_red,
    jpeg,
    read,
    red_square_right,
    stored_files,
    upload,
)

SIZES_1600_BY_1000 = {
    "webp-320": (320, 200),
    "webp-640": (640, 400),
    "webp-960": (960, 600),
    "webp-1280": (1280, 800),
    "jpeg-320": (320, 200),
    "jpeg-640": (640, 400),
    "jpeg-960": (960, 600),
    "jpeg-1280": (1280, 800),
    "og": (1200, 630),
    # The whole height is 1000 pixels: a crop is never scaled up.
    "1x1": (1000, 1000),
    "4x3": (1200, 900),
    "16x9": (1200, 675),
}
CROPS = ["og", "1x1", "4x3", "16x9"]


def fail_inserts_into(table: str):
    """An execute wrapper that makes the database refuse INSERTs into ``table``."""

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and f'"{table}"' in sql:
            raise DatabaseError(f"forced failure writing {table}")
        return execute(sql, params, many, context)

    return wrapper


def files_of(image: Image) -> list[str]:
    names = [image.file.name, *image.renditions.values_list("file", flat=True)]
    return sorted(names)


def test_store_image_writes_original_and_every_rendition(editor, media_root):
    image = store_image(upload(jpeg((1600, 1000))), by=editor, alt_text="A gradient")

    renditions = {r.name: (r.width, r.height) for r in image.renditions.all()}
    assert (image.width, image.height, image.format) == (1600, 1000, "JPEG")
    assert image.uploaded_by == editor
    assert renditions == SIZES_1600_BY_1000
    assert stored_files(media_root) == files_of(image)
    assert len(stored_files(media_root)) == 1 + len(SIZES_1600_BY_1000)


def test_store_image_renditions_match_their_rows(editor, media_root):
    image = store_image(upload(jpeg((1600, 1000))), by=editor, alt_text="A gradient")

    for rendition in image.renditions.all():
        picture = PILImage.open(io.BytesIO(read(media_root, rendition.file.name)))
        assert (picture.format, picture.size) == (
            rendition.format,
            (rendition.width, rendition.height),
        )


def test_store_image_names_files_itself(editor):
    image = store_image(
        upload(jpeg((400, 300)), name="../../etc/Passwort geheim.jpg"),
        by=editor,
        alt_text="A gradient",
    )

    names = files_of(image)
    assert [name for name in names if "etc" in name or "Passwort" in name] == []
    assert image.file.name.startswith("images/originals/")
    assert image.file.name.endswith(".jpg")


def test_store_image_crops_keep_the_focal_point(editor, media_root):
    source = red_square_right()

    centred = store_image(upload(source), by=editor, alt_text="Centre")
    focused = store_image(
        upload(source), by=editor, alt_text="Right", focal_x=0.94, focal_y=0.5
    )

    centred_crops = centred.renditions_by_name()
    focused_crops = focused.renditions_by_name()
    # Of a 2:1 picture, the og (1.9:1) and 16:9 crops hold nearly all of it.
    assert [has_red(read(media_root, centred_crops[n].file.name)) for n in CROPS] == [
        True,
        False,
        False,
        True,
    ]
    assert [has_red(read(media_root, focused_crops[n].file.name)) for n in CROPS] == [
        True,
        True,
        True,
        True,
    ]


def test_store_image_refused_file_writes_nothing(editor, media_root):
    with pytest.raises(ImageRejected):
        store_image(upload(b"<svg/>", name="x.svg"), by=editor, alt_text="An SVG")

    assert (stored_files(media_root), Image.objects.count()) == ([], 0)


def test_store_image_failed_save_leaves_no_files(editor, media_root):
    with (
        connection.execute_wrapper(fail_inserts_into("images_rendition")),
        pytest.raises(DatabaseError),
    ):
        store_image(upload(jpeg()), by=editor, alt_text="Never saved")

    assert stored_files(media_root) == []
    assert (Image.objects.count(), Rendition.objects.count()) == (0, 0)


def test_store_image_refuses_to_run_inside_a_transaction(editor, media_root):
    # An outer transaction could roll back after the files were written.
    with transaction.atomic(), pytest.raises(RuntimeError):
        store_image(upload(jpeg()), by=editor, alt_text="Inside")

    assert (stored_files(media_root), Image.objects.count()) == ([], 0)


def test_store_image_requires_alt_text_unless_decorative(editor, media_root):
    with pytest.raises(ValidationError) as caught:
        store_image(upload(jpeg()), by=editor, alt_text="  ")

    decorative = store_image(upload(jpeg()), by=editor, decorative=True)
    assert caught.value.message_dict == {"alt_text": [ALT_REQUIRED]}
    assert (decorative.decorative, decorative.alt) == (True, "")


def test_store_image_requires_permission(db, media_root):
    reader = get_user_model().objects.create_user("reader", is_staff=True)

    with pytest.raises(PermissionDenied):
        store_image(upload(jpeg()), by=reader, alt_text="Not allowed")

    assert stored_files(media_root) == []


def test_replace_image_file_swaps_every_file(editor, media_root):
    image = store_image(upload(jpeg((1600, 1000))), by=editor, alt_text="Old")
    old_files = files_of(image)

    replace_image_file(image, upload(jpeg((700, 500))), by=editor)

    image.refresh_from_db()
    new_files = files_of(image)
    assert (image.width, image.height, image.alt_text) == (700, 500, "Old")
    assert sorted(image.renditions.values_list("name", flat=True)) == sorted(
        spec.name for spec in rendition_specs(original_width=700)
    )
    assert set(old_files) & set(new_files) == set()
    assert stored_files(media_root) == new_files


def test_replace_image_file_failure_keeps_the_old_image(editor, media_root):
    image = store_image(upload(jpeg((1600, 1000))), by=editor, alt_text="Old")
    old_files = files_of(image)
    old_name = image.file.name

    with (
        connection.execute_wrapper(fail_inserts_into("images_rendition")),
        pytest.raises(DatabaseError),
    ):
        replace_image_file(image, upload(jpeg((700, 500))), by=editor)

    assert (image.file.name, image.width) == (old_name, 1600)
    image.refresh_from_db()
    assert files_of(image) == old_files
    assert stored_files(media_root) == old_files


def test_set_focal_point_recuts_only_the_crops(editor, media_root):
    image = store_image(upload(red_square_right()), by=editor, alt_text="Square")
    before = image.renditions_by_name()

    set_focal_point(image, focal_x=0.94, focal_y=0.5, by=editor)

    image.refresh_from_db()
    after = image.renditions_by_name()
    changed = sorted(n for n in after if after[n].file.name != before[n].file.name)
    assert (image.focal_x, image.focal_y) == (0.94, 0.5)
    assert changed == sorted(CROPS)
    assert has_red(read(media_root, after["1x1"].file.name)) is True
    assert stored_files(media_root) == files_of(image)


def test_set_focal_point_refuses_half_a_point(editor):
    image = store_image(upload(jpeg()), by=editor, alt_text="Half")

    with pytest.raises(ValueError, match="both coordinates"):
        set_focal_point(image, focal_x=0.2, focal_y=None, by=editor)


def test_delete_image_removes_rows_and_files(
    editor, media_root, django_capture_on_commit_callbacks
):
    image = store_image(upload(jpeg()), by=editor, alt_text="Going")

    with django_capture_on_commit_callbacks(execute=True):
        delete_image(image, by=editor)

    assert (Image.objects.count(), Rendition.objects.count()) == (0, 0)
    assert stored_files(media_root) == []


def test_delete_image_keeps_files_until_commit(
    editor, media_root, django_capture_on_commit_callbacks
):
    image = store_image(upload(jpeg()), by=editor, alt_text="Rolled back")
    files = files_of(image)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_image(image, by=editor)

    # Not committed yet: the files must still be there (two callbacks wait
    # for the commit: deleting the files, and purging the pages).
    assert (len(callbacks), stored_files(media_root)) == (2, files)
    for callback in callbacks:
        callback()
    assert stored_files(media_root) == []


def test_delete_image_used_as_lead_image_is_refused(editor, media_root):
    image = store_image(upload(jpeg()), by=editor, alt_text="Lead", credit="Photo: A")
    make_article(lead_image=image)
    files = files_of(image)

    with pytest.raises(ProtectedError):
        delete_image(image, by=editor)

    assert (Image.objects.count(), stored_files(media_root)) == (1, files)


def test_store_image_stores_re_encoded_bytes_not_the_upload(editor, media_root):
    source = jpeg((300, 200)) + b"<script>alert(1)</script>"

    image = store_image(upload(source), by=editor, alt_text="Polyglot")

    stored = read(media_root, image.file.name)
    assert (b"<script" in stored, stored == source) == (False, False)
    assert PILImage.open(io.BytesIO(stored)).size == (300, 200)
