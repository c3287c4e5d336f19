"""Every write of image files and rows goes through these functions.

Every change to an image that pages already show (its description, file,
crops, or its deletion) purges those pages from the page cache once it is
committed (``image_cache_tag``), whoever called the function.

Files cannot be rolled back with the database, so each function that writes
files does it in this order: check and re-encode the upload and cut every
rendition in memory (no transaction held open while Pillow works), write the
new files, then save the rows in one short transaction. If anything fails, the
files just written are deleted before the error goes on; the old files of a
replaced image or crop are deleted only once the new rows are committed.

The writing functions open a *durable* transaction: Django refuses to run them
inside another one, because an outer transaction could still roll back after
they return and leave files nobody points at. (The admin's image view is
therefore not wrapped in a transaction; see ``images.admin``. For the same
reason ATOMIC_REQUESTS must stay off, which the check images.E001 enforces.)
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterable, Iterator
from functools import partial
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction

from images.models import Image, Rendition, image_cache_tag
from images.processing import (
    ProcessedImage,
    make_rendition,
    make_renditions,
    process_upload,
    rendition_specs,
    too_large,
)
from images.processing import Rendition as Cut
from images.signals import image_changed
from newsroom.pagecache import purge_tags

logger = logging.getLogger(__name__)

ORIGINALS = "images/originals"
RENDITIONS = "images/renditions"

# What an editor describes; everything else on Image is derived from the file.
DETAILS = ("alt_text", "decorative", "caption", "credit")


def prepare_upload(upload: BinaryIO | ProcessedImage) -> ProcessedImage:
    """Check and re-encode an upload within the site's limits.

    Reads the file from its start, at most ``NEWSROOM_IMAGE_MAX_BYTES`` + 1
    bytes. Raises :class:`images.processing.ImageRejected` (with a sentence
    for editors) for anything not accepted. Changes nothing in the world.
    """
    if isinstance(upload, ProcessedImage):
        return upload
    max_bytes = settings.NEWSROOM_IMAGE_MAX_BYTES
    # An upload that came over HTTP was cut off just past the limit as it
    # streamed in (images.uploads), so its size says "too big", not how big.
    if getattr(upload, "size", None) is not None and upload.size > max_bytes:
        raise too_large(max_bytes)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return process_upload(
        upload,
        max_bytes=max_bytes,
        max_pixels=settings.NEWSROOM_IMAGE_MAX_PIXELS,
    )


def store_image(
    upload: BinaryIO | ProcessedImage,
    *,
    by: AbstractBaseUser,
    alt_text: str = "",
    decorative: bool = False,
    caption: str = "",
    credit: str = "",
    focal_x: float | None = None,
    focal_y: float | None = None,
) -> Image:
    """Store a new image: its re-encoded original and every rendition.

    Writes the files under generated names, then creates the Image and its
    Rendition rows in one transaction, recording ``by`` as the uploader.
    Raises ImageRejected for a refused file, ValidationError for missing alt
    text or half a focal point, PermissionDenied if ``by`` may not add images;
    on any failure no file of this upload is left in storage.
    """
    _require(by, "images.add_image")
    image = Image(
        alt_text=alt_text,
        decorative=decorative,
        caption=caption,
        credit=credit,
        focal_x=focal_x,
        focal_y=focal_y,
        uploaded_by=by,
    )
    image.full_clean(exclude=["file", "width", "height", "format"])
    processed = prepare_upload(upload)
    cuts = make_renditions(processed, focal=image.focal)
    with _removed_on_failure() as written:
        _set_original(image, processed, written)
        rows = [_rendition_row(image, cut, written) for cut in cuts]
        with transaction.atomic(durable=True):
            image.save()
            Rendition.objects.bulk_create(rows)
    return image


def replace_image_file(
    image: Image, upload: BinaryIO | ProcessedImage, *, by: AbstractBaseUser
) -> Image:
    """Put a new file behind an existing image and remake all its renditions.

    The crops follow the focal point set on ``image`` (saved with the file).
    Alt text, caption and credit are kept. The old original and renditions
    are deleted from storage once the new rows are committed; if anything
    fails, the image keeps its old files and the new ones are deleted.
    """
    _require(by, "images.change_image")
    processed = prepare_upload(upload)
    cuts = make_renditions(processed, focal=image.focal)
    before = (image.file.name, image.width, image.height, image.format)
    with _removed_on_failure() as written, _restored_on_failure(image, before):
        _set_original(image, processed, written)
        rows = [_rendition_row(image, cut, written) for cut in cuts]
        with transaction.atomic(durable=True):
            old_files = _lock_and_list_files(image)
            image.save(
                update_fields=[
                    "file",
                    "width",
                    "height",
                    "format",
                    "focal_x",
                    "focal_y",
                ]
            )
            Rendition.objects.filter(image=image).delete()
            Rendition.objects.bulk_create(rows)
    # Durable: the block above has committed, so the old files are garbage.
    _delete_files(old_files)
    _forget_renditions(image)
    _changed(image)
    return image


def set_focal_point(
    image: Image,
    *,
    focal_x: float | None,
    focal_y: float | None,
    by: AbstractBaseUser,
) -> Image:
    """Move the image's focal point (None, None: the centre) and recut its crops.

    The Open Graph image and the 1:1, 4:3 and 16:9 crops are made again around
    the new point and their old files deleted once that is committed; the
    ``srcset`` widths show the whole image and are left alone.
    """
    _require(by, "images.change_image")
    if (focal_x is None) != (focal_y is None):
        raise ValueError("Give both coordinates of the focal point, or neither.")
    before = (image.focal_x, image.focal_y)
    with _restored_on_failure(image, before, fields=("focal_x", "focal_y")):
        image.focal_x, image.focal_y = focal_x, focal_y
        with _storage().open(image.file.name, "rb") as original:
            source = original.read()
        crops = [spec for spec in rendition_specs() if spec.height is not None]
        cuts = [make_rendition(source, spec, focal=image.focal) for spec in crops]
        names = [cut.name for cut in cuts]
        with _removed_on_failure() as written:
            rows = [_rendition_row(image, cut, written) for cut in cuts]
            with transaction.atomic(durable=True):
                # Serialise with other writers of this image's files.
                Image.objects.select_for_update().get(pk=image.pk)
                old_files = list(
                    image.renditions.filter(name__in=names).values_list(
                        "file", flat=True
                    )
                )
                image.save(update_fields=["focal_x", "focal_y"])
                Rendition.objects.filter(image=image, name__in=names).delete()
                Rendition.objects.bulk_create(rows)
    _delete_files(old_files)
    _forget_renditions(image)
    _changed(image)
    return image


def describe_image(
    image: Image,
    *,
    by: AbstractBaseUser,
    alt_text: str,
    decorative: bool,
    caption: str,
    credit: str,
) -> Image:
    """Change what an editor says about the image: alt text, caption, credit.

    Raises ValidationError (changing nothing) for missing alt text, or a
    missing credit on an article's lead image; PermissionDenied if ``by``
    may not change images.
    """
    _require(by, "images.change_image")
    image.alt_text, image.decorative = alt_text, decorative
    image.caption, image.credit = caption, credit
    image.full_clean(exclude=["file", "width", "height", "format"])
    image.save(update_fields=list(DETAILS))
    _changed(image)
    return image


def delete_image(image: Image, *, by: AbstractBaseUser) -> None:
    """Delete an image, its renditions, and (after commit) all their files.

    Raises ProtectedError, changing nothing, while an article uses the image
    as its lead image. May run inside a larger transaction: the files go only
    if and when it commits.
    """
    _require(by, "images.delete_image")
    with transaction.atomic():
        files = [image.file.name, *image.renditions.values_list("file", flat=True)]
        _changed(image)  # before it goes: who shows it is known from it
        image.delete()
        transaction.on_commit(partial(_delete_files, files), robust=True)


# --------------------------------------------------------------------------


def _changed(image: Image) -> None:
    """Pages that show ``image`` are out of date: purge them (after the
    commit) and tell the apps that render it (``images.signals``)."""
    purge_tags([image_cache_tag(image.pk)])
    image_changed.send(Image, pk=image.pk)


def _require(user: AbstractBaseUser, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(f"{user} may not do this ({permission}).")


def _storage() -> Storage:
    return Image._meta.get_field("file").storage


def _new_name(folder: str, extension: str, label: str = "") -> str:
    """A fresh, unguessable name: nothing of the upload's own name is kept."""
    token = uuid.uuid4().hex
    suffix = f".{label}" if label else ""
    return f"{folder}/{token[:2]}/{token}{suffix}.{extension}"


def _write(name: str, data: bytes, written: list[str]) -> str:
    stored = _storage().save(name, ContentFile(data))
    written.append(stored)
    return stored


def _set_original(image: Image, processed: ProcessedImage, written: list[str]) -> None:
    image.file.name = _write(
        _new_name(ORIGINALS, processed.extension), processed.data, written
    )
    image.width = processed.width
    image.height = processed.height
    image.format = processed.format


def _rendition_row(image: Image, cut: Cut, written: list[str]) -> Rendition:
    name = _write(_new_name(RENDITIONS, cut.extension, cut.name), cut.data, written)
    return Rendition(
        image=image,
        name=cut.name,
        file=name,
        width=cut.width,
        height=cut.height,
        format=cut.format,
    )


def _lock_and_list_files(image: Image) -> list[str]:
    """Lock the image's row and return the files it points at right now."""
    locked = Image.objects.select_for_update().get(pk=image.pk)
    return [locked.file.name, *locked.renditions.values_list("file", flat=True)]


@contextlib.contextmanager
def _removed_on_failure() -> Iterator[list[str]]:
    """Collect names of written files; delete them all if the block fails."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        _delete_files(written)
        raise


@contextlib.contextmanager
def _restored_on_failure(
    image: Image,
    values: tuple,
    fields: tuple[str, ...] = ("file", "width", "height", "format"),
) -> Iterator[None]:
    """Put ``fields`` of the in-memory ``image`` back if the block fails."""
    try:
        yield
    except BaseException:
        for field, value in zip(fields, values, strict=True):
            if field == "file":
                image.file.name = value
            else:
                setattr(image, field, value)
        raise


def _delete_files(names: Iterable[str]) -> None:
    storage = _storage()
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except OSError:
            # The rows are already right; a file left behind wastes disk, it
            # does not break a page. Log it for someone to sweep.
            logger.exception("Could not delete image file %s", name)


def _forget_renditions(image: Image) -> None:
    """Drop a stale prefetch of the image's renditions."""
    getattr(image, "_prefetched_objects_cache", {}).pop("renditions", None)
