"""Tests for images.processing: upload checks, re-encoding and renditions.

Every image is drawn with Pillow here; there are no binary fixtures.
"""

from __future__ import annotations

import io
import struct
import time

import pytest
from PIL import ExifTags, Image, ImageChops, ImageCms, ImageDraw
from PIL.PngImagePlugin import PngInfo

from images.processing import (
    ImageRejected,
    ProcessedImage,
    Rendition,
    RenditionSpec,
    focal_crop_box,
    make_rendition,
    make_renditions,
    process_upload,
    rendition_specs,
)
from tests.builders.images import (
    RED,
    WHITE,
    encode,
    gps_exif,
    gradient,
    png_header_only,
)

MB = 1024 * 1024
NOT_ACCEPTED = "This file is not an image we accept (JPEG, PNG, WebP or GIF)."
ANIMATED = "Animated images are not accepted."
DAMAGED = "The image file is damaged or incomplete."
# Keys under which Pillow reports metadata it read from a file.
METADATA = {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "Comment"}


# --------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------


def with_red_block(size: tuple[int, int], block: tuple[int, int]) -> Image.Image:
    """Return a white picture with a red ``block``-sized rectangle top left."""
    picture = Image.new("RGB", size, WHITE)
    ImageDraw.Draw(picture).rectangle((0, 0, block[0] - 1, block[1] - 1), fill=RED)
    return picture


def decode(data: bytes) -> Image.Image:
    """Open and fully decode ``data``."""
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


def colour_name(pixel: tuple[int, ...]) -> str:
    """Name a pixel's colour coarsely, so JPEG noise doesn't matter."""
    r, g, b = pixel[:3]
    if r > 200 and g < 80 and b < 80:
        return "red"
    if r < 80 and g > 200 and b < 80:
        return "green"
    if min(r, g, b) > 200:
        return "white"
    return "other"


def red_area(picture: Image.Image) -> tuple[int, int, int, int] | None:
    """Return the bounding box of clearly red pixels, or None if there are none."""
    r, g, b = picture.convert("RGB").split()
    mask = ImageChops.multiply(
        r.point(lambda v: 255 if v > 200 else 0),
        ImageChops.multiply(
            g.point(lambda v: 255 if v < 80 else 0),
            b.point(lambda v: 255 if v < 80 else 0),
        ),
    )
    return mask.getbbox()


def jpeg_claiming(width: int, height: int) -> bytes:
    """Return a small real JPEG whose frame header claims another size."""
    data = bytearray(encode(gradient((16, 16)), "JPEG"))
    sof = data.index(b"\xff\xc0")
    # Marker, length (2), precision (1), then height and width.
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)


def swapped_primaries_profile() -> bytes:
    """Return an sRGB ICC profile with the red and green primaries swapped.

    Pixels tagged with it that read (255, 0, 0) are really sRGB green, so a
    correct conversion turns them green and ignoring the profile leaves them red.
    """
    profile = bytearray(
        ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    )
    (count,) = struct.unpack_from(">I", profile, 128)
    entries = {}
    for index in range(count):
        signature, offset, size = struct.unpack_from(">4sII", profile, 132 + 12 * index)
        entries[signature] = (index, offset, size)
    red_index, red_offset, red_size = entries[b"rXYZ"]
    green_index, green_offset, green_size = entries[b"gXYZ"]
    struct.pack_into(
        ">4sII", profile, 132 + 12 * red_index, b"rXYZ", green_offset, green_size
    )
    struct.pack_into(
        ">4sII", profile, 132 + 12 * green_index, b"gXYZ", red_offset, red_size
    )
    return bytes(profile)


class CountingReader(io.RawIOBase):
    """A file of ``size`` zero bytes that counts what is read from it."""

    def __init__(self, size: int, *, seekable: bool) -> None:
        self.size = size
        self.position = 0
        self.bytes_read = 0
        self._seekable = seekable

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._seekable

    def tell(self) -> int:
        if not self._seekable:
            raise io.UnsupportedOperation("tell")
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if not self._seekable:
            raise io.UnsupportedOperation("seek")
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.size}
        self.position = base[whence] + offset
        return self.position

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        count = max(0, min(len(buffer), self.size - self.position))
        buffer[:count] = b"\x00" * count
        self.position += count
        self.bytes_read += count
        return count


# --------------------------------------------------------------------------
# process_upload: accepted formats
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (encode(gradient((64, 48)), "JPEG"), ("JPEG", "image/jpeg", "jpg", 64, 48)),
        (encode(gradient((64, 48)), "PNG"), ("PNG", "image/png", "png", 64, 48)),
        (encode(gradient((64, 48)), "WEBP"), ("WEBP", "image/webp", "webp", 64, 48)),
        (encode(gradient((64, 48)), "GIF"), ("PNG", "image/png", "png", 64, 48)),
    ],
    ids=["jpeg", "png", "webp", "gif"],
)
def test_process_upload_accepted_format_round_trips(
    source: bytes, expected: tuple[str, str, str, int, int]
) -> None:
    result = process_upload(io.BytesIO(source))

    decoded = decode(result.data)
    assert (
        result.format,
        result.mime_type,
        result.extension,
        result.width,
        result.height,
    ) == expected
    assert (decoded.format, decoded.size) == (expected[0], expected[3:])


def test_process_upload_png_keeps_alpha() -> None:
    picture = gradient((32, 32), "RGBA")
    picture.putpixel((3, 3), (10, 20, 30, 0))
    source = encode(picture, "PNG")

    result = process_upload(io.BytesIO(source))

    decoded = decode(result.data)
    assert (decoded.mode, decoded.getpixel((3, 3))[3], decoded.getpixel((9, 9))[3]) == (
        "RGBA",
        0,
        255,
    )


def test_process_upload_webp_keeps_alpha() -> None:
    picture = Image.new("RGBA", (32, 32), (0, 0, 255, 255))
    ImageDraw.Draw(picture).rectangle((0, 0, 15, 31), fill=(0, 0, 0, 0))
    source = encode(picture, "WEBP", lossless=True)

    result = process_upload(io.BytesIO(source))

    decoded = decode(result.data)
    assert (
        decoded.mode,
        decoded.getpixel((4, 4))[3],
        decoded.getpixel((28, 4))[3],
    ) == (
        "RGBA",
        0,
        255,
    )


def test_process_upload_gif_transparency_becomes_png_alpha() -> None:
    picture = Image.new("P", (16, 16), 1)
    picture.putpalette([0, 0, 0, 255, 0, 0] + [0] * (256 * 3 - 6))
    picture.putpixel((0, 0), 0)
    source = encode(picture, "GIF", transparency=0)

    result = process_upload(io.BytesIO(source))

    decoded = decode(result.data)
    assert (result.format, decoded.getpixel((0, 0))[3], decoded.getpixel((8, 8))) == (
        "PNG",
        0,
        (255, 0, 0, 255),
    )


def test_process_upload_multi_picture_jpeg_keeps_first_picture() -> None:
    # Phones store depth maps and HDR gain maps as extra pictures (MPO).
    first = Image.new("RGB", (32, 16), RED)
    second = Image.new("RGB", (32, 16), (0, 0, 255))
    source = encode(first, "MPO", save_all=True, append_images=[second])

    result = process_upload(io.BytesIO(source))

    decoded = decode(result.data)
    assert (result.format, decoded.size, colour_name(decoded.getpixel((8, 8)))) == (
        "JPEG",
        (32, 16),
        "red",
    )


def test_process_upload_opaque_alpha_is_dropped() -> None:
    source = encode(gradient((16, 16), "RGBA"), "PNG")

    result = process_upload(io.BytesIO(source))

    assert decode(result.data).mode == "RGB"


def test_process_upload_cmyk_jpeg_becomes_rgb() -> None:
    source = encode(Image.new("CMYK", (16, 16), (0, 255, 255, 0)), "JPEG")

    result = process_upload(io.BytesIO(source))

    decoded = decode(result.data)
    assert (decoded.mode, colour_name(decoded.getpixel((8, 8)))) == ("RGB", "red")


def test_process_upload_sixteen_bit_grey_png_keeps_its_level() -> None:
    source = encode(Image.new("I;16", (8, 8), 40000), "PNG")

    result = process_upload(io.BytesIO(source))

    # 40000 / 256 = 156.25: the 8-bit level, not clipped to white.
    assert decode(result.data).getpixel((4, 4)) == (156, 156, 156)


def test_process_upload_accepts_file_of_exactly_max_bytes() -> None:
    image = encode(gradient((16, 16)), "PNG")
    source = image + b"\x00" * (4096 - len(image))

    result = process_upload(io.BytesIO(source), max_bytes=4096)

    assert (result.format, result.width, result.height) == ("PNG", 16, 16)


def test_process_upload_reads_from_current_position() -> None:
    image = encode(gradient((16, 8)), "PNG")
    upload = io.BytesIO(b"ignored prefix" + image)
    upload.seek(len(b"ignored prefix"))

    result = process_upload(upload)

    assert (result.width, result.height) == (16, 8)


# --------------------------------------------------------------------------
# process_upload: orientation, colour and metadata
# --------------------------------------------------------------------------


def test_process_upload_applies_exif_orientation() -> None:
    # Stored 40x20 with a red marker in the stored top-left corner. Orientation
    # 6 means "rotate 90° clockwise to view", which puts that corner top right.
    stored = with_red_block((40, 20), (6, 6))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    source = encode(stored, "JPEG", exif=exif, quality=95)

    result = process_upload(io.BytesIO(source))

    decoded = decode(result.data)
    assert (result.width, result.height, decoded.size) == (20, 40, (20, 40))
    assert colour_name(decoded.getpixel((17, 2))) == "red"
    assert colour_name(decoded.getpixel((2, 2))) == "white"
    assert colour_name(decoded.getpixel((17, 37))) == "white"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_process_upload_removes_exif_and_gps(fmt: str) -> None:
    source = encode(gradient((32, 32)), fmt, exif=gps_exif())
    assert b"SECRET-DATUM" in source  # the test means something

    result = process_upload(io.BytesIO(source))

    decoded = decode(result.data)
    assert (dict(decoded.getexif()), "exif" in decoded.info) == ({}, False)
    assert (b"SECRET-DATUM" in result.data, b"SpyCam" in result.data) == (False, False)


def png_with_text(picture: Image.Image, key: str, value: str) -> bytes:
    """Return ``picture`` as a PNG with a text chunk, compressed or not."""
    info = PngInfo()
    info.add_text(key, value)
    info.add_text("Author", value, zip=True)
    return encode(picture, "PNG", pnginfo=info)


@pytest.mark.parametrize(
    "source",
    [
        encode(gradient((32, 32)), "JPEG", comment=b"secret comment"),
        png_with_text(gradient((32, 32)), "Comment", "secret comment"),
        encode(
            gradient((32, 32)), "WEBP", xmp=b"<x:xmpmeta>secret comment</x:xmpmeta>"
        ),
        encode(
            gradient((32, 32)), "JPEG", xmp=b"<x:xmpmeta>secret comment</x:xmpmeta>"
        ),
    ],
    ids=["jpeg-comment", "png-text", "webp-xmp", "jpeg-xmp"],
)
def test_process_upload_removes_comments_text_and_xmp(source: bytes) -> None:
    assert b"secret comment" in source

    result = process_upload(io.BytesIO(source))

    decoded = decode(result.data)
    assert (
        b"secret comment" in result.data,
        sorted(decoded.info.keys() & METADATA),
    ) == (
        False,
        [],
    )


def test_process_upload_converts_from_embedded_profile() -> None:
    source = encode(
        Image.new("RGB", (16, 16), RED), "PNG", icc_profile=swapped_primaries_profile()
    )

    result = process_upload(io.BytesIO(source))

    decoded = decode(result.data)
    assert (colour_name(decoded.getpixel((8, 8))), "icc_profile" in decoded.info) == (
        "green",
        False,
    )


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_process_upload_strips_srgb_profile(fmt: str) -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = encode(Image.new("RGB", (16, 16), (200, 30, 60)), fmt, icc_profile=profile)
    assert "icc_profile" in decode(source).info

    result = process_upload(io.BytesIO(source))

    decoded = decode(result.data)
    assert ("icc_profile" in decoded.info, b"acsp" in result.data) == (False, False)


def test_process_upload_srgb_profile_keeps_colours() -> None:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = encode(
        Image.new("RGB", (16, 16), (200, 30, 60)), "PNG", icc_profile=profile
    )

    result = process_upload(io.BytesIO(source))

    assert decode(result.data).getpixel((8, 8)) == (200, 30, 60)


@pytest.mark.parametrize(
    ("mode", "colour", "profile", "expected"),
    [
        # A grey image tagged with a colour profile: a common mistake.
        (
            "L",
            128,
            ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
            (128, 128, 128),
        ),
        ("RGB", (128, 64, 32), b"this is not an ICC profile", (128, 64, 32)),
    ],
    ids=["mismatched", "malformed"],
)
def test_process_upload_unusable_profile_is_ignored(
    mode: str,
    colour: int | tuple[int, int, int],
    profile: bytes,
    expected: tuple[int, int, int],
) -> None:
    source = encode(Image.new(mode, (16, 16), colour), "PNG", icc_profile=profile)

    result = process_upload(io.BytesIO(source))

    decoded = decode(result.data)
    assert (decoded.mode, decoded.getpixel((8, 8)), "icc_profile" in decoded.info) == (
        "RGB",
        expected,
        False,
    )


@pytest.mark.parametrize(
    ("fmt", "payload"),
    [
        ("PNG", b"<script>alert(1)</script>"),
        ("JPEG", b"<html><script>alert(1)</script></html>"),
        ("GIF", b"<html><script>alert(1)</script></html>"),
        ("WEBP", b"<script>alert(1)</script>"),
    ],
)
def test_process_upload_polyglot_comes_out_clean(fmt: str, payload: bytes) -> None:
    source = encode(gradient((32, 32)), fmt) + payload

    result = process_upload(io.BytesIO(source))

    assert (b"<script" in result.data, b"<html" in result.data) == (False, False)
    assert decode(result.data).size == (32, 32)


def test_process_upload_script_in_png_text_chunk_comes_out_clean() -> None:
    source = png_with_text(gradient((32, 32)), "Description", "<script>x</script>")

    result = process_upload(io.BytesIO(source))

    assert (b"<script" in source, b"<script" in result.data) == (True, False)


# --------------------------------------------------------------------------
# process_upload: refusals
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
        b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>",
        b"Just some text, renamed to x.jpg by someone.\n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n",
        b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56,
        b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56,
        encode(gradient((16, 16)), "BMP"),
        encode(gradient((16, 16)), "TIFF"),
        b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
    ],
    ids=[
        "svg",
        "svg-xml",
        "html",
        "text",
        "pdf",
        "elf",
        "exe",
        "bmp",
        "tiff",
        "png-magic-html",
    ],
)
def test_process_upload_refuses_other_content(source: bytes) -> None:
    upload = io.BytesIO(source)
    upload.name = "x.jpg"  # the name must not matter

    with pytest.raises(ImageRejected) as caught:
        process_upload(upload)

    assert str(caught.value) == NOT_ACCEPTED


def test_process_upload_refuses_empty_file() -> None:
    with pytest.raises(ImageRejected) as caught:
        process_upload(io.BytesIO(b""))

    assert str(caught.value) == "The file is empty."


@pytest.mark.parametrize("fmt", ["GIF", "PNG", "WEBP"])
def test_process_upload_refuses_animation(fmt: str) -> None:
    frames = [Image.new("RGB", (16, 16), colour) for colour in ("red", "blue")]
    source = encode(frames[0], fmt, save_all=True, append_images=frames[1:])

    with pytest.raises(ImageRejected) as caught:
        process_upload(io.BytesIO(source))

    assert str(caught.value) == ANIMATED


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_process_upload_refuses_truncated_file(fmt: str) -> None:
    source = encode(gradient((256, 256)), fmt)

    with pytest.raises(ImageRejected) as caught:
        process_upload(io.BytesIO(source[: len(source) // 2]))

    assert str(caught.value) == DAMAGED


def test_process_upload_refuses_png_with_bad_checksum() -> None:
    source = bytearray(encode(gradient((64, 64)), "PNG"))
    idat = source.index(b"IDAT")
    source[idat + 40] ^= 0xFF

    with pytest.raises(ImageRejected) as caught:
        process_upload(io.BytesIO(bytes(source)))

    assert str(caught.value) == DAMAGED


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_process_upload_truncated_anywhere_raises_only_image_rejected(
    fmt: str,
) -> None:
    source = encode(gradient((64, 64)), fmt)
    accepted = []

    # Any exception other than ImageRejected escapes and fails the test.
    for cut in range(1, len(source)):
        try:
            process_upload(io.BytesIO(source[:cut]))
        except ImageRejected:
            continue
        accepted.append(cut)

    # Only the trailers may go missing (PNG's IEND chunk, GIF's terminator):
    # the pixels are all there then.
    assert [cut for cut in accepted if cut < len(source) - 12] == []


def test_process_upload_refuses_decompression_bomb_before_decoding() -> None:
    source = png_header_only(100_000, 100_000)
    started = time.perf_counter()

    with pytest.raises(ImageRejected) as caught:
        process_upload(io.BytesIO(source))

    elapsed = time.perf_counter() - started
    assert str(caught.value) == (
        "The image has too many pixels; the limit is 50 megapixels."
    )
    assert elapsed < 1.0


@pytest.mark.parametrize(
    "source",
    [png_header_only(8000, 8000), jpeg_claiming(8000, 8000)],
    ids=["png", "jpeg"],
)
def test_process_upload_refuses_images_over_max_pixels(source: bytes) -> None:
    with pytest.raises(ImageRejected) as caught:
        process_upload(io.BytesIO(source))

    # Refused for its size, not as damaged: nothing was decoded.
    assert str(caught.value) == (
        "The image is 8,000 × 8,000 pixels (64 megapixels); the limit is 50 megapixels."
    )


def test_process_upload_max_pixels_is_configurable() -> None:
    source = png_header_only(5000, 2000)

    with pytest.raises(ImageRejected) as caught:
        process_upload(io.BytesIO(source), max_pixels=9_000_000)

    assert str(caught.value) == (
        "The image is 5,000 × 2,000 pixels (10 megapixels); the limit is 9 megapixels."
    )


def test_process_upload_refuses_oversized_seekable_file_without_reading() -> None:
    upload = CountingReader(int(31.2 * MB), seekable=True)

    with pytest.raises(ImageRejected) as caught:
        process_upload(upload)  # type: ignore[arg-type]

    assert (str(caught.value), upload.bytes_read) == (
        "The file is 31.2 MB; the limit is 25 MB.",
        0,
    )


def test_process_upload_refuses_oversized_stream_after_limit() -> None:
    upload = CountingReader(3 * MB, seekable=False)

    with pytest.raises(ImageRejected) as caught:
        process_upload(upload, max_bytes=MB)  # type: ignore[arg-type]

    assert (str(caught.value), upload.bytes_read) == (
        "The file is larger than 1 MB, the limit.",
        MB + 1,
    )


def test_process_upload_one_byte_over_never_reads_as_equal() -> None:
    upload = CountingReader(MB + 1, seekable=True)

    with pytest.raises(ImageRejected) as caught:
        process_upload(upload, max_bytes=MB)  # type: ignore[arg-type]

    assert str(caught.value) == "The file is 1.1 MB; the limit is 1 MB."


# --------------------------------------------------------------------------
# Renditions
# --------------------------------------------------------------------------


def processed(picture: Image.Image, fmt: str = "JPEG") -> ProcessedImage:
    return process_upload(io.BytesIO(encode(picture, fmt, quality=95)))


def sizes(renditions: list[Rendition]) -> list[tuple[str, str, int, int]]:
    return [(r.name, r.format, r.width, r.height) for r in renditions]


def test_rendition_specs_lists_every_rendition() -> None:
    specs = rendition_specs()

    assert [(s.name, s.width, s.height, s.format) for s in specs] == [
        ("webp-320", 320, None, "WEBP"),
        ("webp-640", 640, None, "WEBP"),
        ("webp-960", 960, None, "WEBP"),
        ("webp-1280", 1280, None, "WEBP"),
        ("webp-1920", 1920, None, "WEBP"),
        ("jpeg-320", 320, None, "JPEG"),
        ("jpeg-640", 640, None, "JPEG"),
        ("jpeg-960", 960, None, "JPEG"),
        ("jpeg-1280", 1280, None, "JPEG"),
        ("jpeg-1920", 1920, None, "JPEG"),
        ("og", 1200, 630, "JPEG"),
        ("1x1", 1200, 1200, "JPEG"),
        ("4x3", 1200, 900, "JPEG"),
        ("16x9", 1200, 675, "JPEG"),
    ]


@pytest.mark.parametrize(
    ("original_width", "expected"),
    [(2000, [320, 640, 960, 1280, 1920]), (960, [320, 640, 960]), (200, [320])],
)
def test_rendition_specs_skips_widths_wider_than_original(
    original_width: int, expected: list[int]
) -> None:
    specs = rendition_specs(original_width=original_width)

    assert [s.width for s in specs if s.name.startswith("webp-")] == expected


def test_rendition_spec_refuses_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format"):
        RenditionSpec("gif-320", 320, None, "GIF")


def test_make_renditions_have_exact_sizes() -> None:
    image = processed(gradient((3000, 2000)))

    renditions = make_renditions(image)

    assert sizes(renditions) == [
        ("webp-320", "WEBP", 320, 213),
        ("webp-640", "WEBP", 640, 427),
        ("webp-960", "WEBP", 960, 640),
        ("webp-1280", "WEBP", 1280, 853),
        ("webp-1920", "WEBP", 1920, 1280),
        ("jpeg-320", "JPEG", 320, 213),
        ("jpeg-640", "JPEG", 640, 427),
        ("jpeg-960", "JPEG", 960, 640),
        ("jpeg-1280", "JPEG", 1280, 853),
        ("jpeg-1920", "JPEG", 1920, 1280),
        ("og", "JPEG", 1200, 630),
        ("1x1", "JPEG", 1200, 1200),
        ("4x3", "JPEG", 1200, 900),
        ("16x9", "JPEG", 1200, 675),
    ]
    assert [(decode(r.data).format, decode(r.data).size) for r in renditions] == [
        (r.format, (r.width, r.height)) for r in renditions
    ]
    assert {(r.format, r.mime_type, r.extension) for r in renditions} == {
        ("WEBP", "image/webp", "webp"),
        ("JPEG", "image/jpeg", "jpg"),
    }


def test_make_renditions_never_upscale_small_image() -> None:
    image = processed(gradient((500, 400)))

    renditions = make_renditions(image)

    assert sizes(renditions) == [
        ("webp-320", "WEBP", 320, 256),
        ("jpeg-320", "JPEG", 320, 256),
        ("og", "JPEG", 500, 263),
        ("1x1", "JPEG", 400, 400),
        ("4x3", "JPEG", 500, 375),
        ("16x9", "JPEG", 500, 281),
    ]


def test_make_renditions_keep_tiny_image_at_its_size() -> None:
    image = processed(gradient((200, 100)))

    renditions = make_renditions(image)

    assert sizes(renditions)[:2] == [
        ("webp-320", "WEBP", 200, 100),
        ("jpeg-320", "JPEG", 200, 100),
    ]


# The 1x1 crop of a square image is the whole image, so only a wide or tall one
# can leave a corner out of it; the square image checks the other two. The
# wide and tall images are 3:1 so even the widest crop misses the far fifth.
CROP_CASES = [
    pytest.param(size, name, aspect, id=f"{size[0]}x{size[1]}-{name}")
    for size, name, aspect in [
        ((1000, 1000), "4x3", (4, 3)),
        ((1000, 1000), "16x9", (16, 9)),
        ((3000, 1000), "1x1", (1, 1)),
        ((3000, 1000), "4x3", (4, 3)),
        ((3000, 1000), "16x9", (16, 9)),
        ((1000, 3000), "1x1", (1, 1)),
        ((1000, 3000), "4x3", (4, 3)),
        ((1000, 3000), "16x9", (16, 9)),
    ]
]


@pytest.mark.parametrize(("size", "name", "aspect"), CROP_CASES)
def test_make_rendition_crop_keeps_focal_point(
    size: tuple[int, int], name: str, aspect: tuple[int, int]
) -> None:
    # Red covers the top-left fifth each way; the focal point is its centre.
    image = processed(with_red_block(size, (size[0] // 5, size[1] // 5)))
    spec = next(s for s in rendition_specs() if s.name == name)
    focal = (0.1, 0.1)
    box = focal_crop_box(size, aspect, focal)

    rendition = make_rendition(image, spec, focal=focal)

    decoded = decode(rendition.data)
    scale = rendition.width / (box[2] - box[0])
    mapped = (
        int((focal[0] * size[0] - box[0]) * scale),
        int((focal[1] * size[1] - box[1]) * scale),
    )
    assert colour_name(decoded.getpixel(mapped)) == "red"


@pytest.mark.parametrize(("size", "name", "aspect"), CROP_CASES)
def test_make_rendition_crop_leaves_out_far_corner(
    size: tuple[int, int], name: str, aspect: tuple[int, int]
) -> None:
    image = processed(with_red_block(size, (size[0] // 5, size[1] // 5)))
    spec = next(s for s in rendition_specs() if s.name == name)

    rendition = make_rendition(image, spec, focal=(0.9, 0.9))

    assert red_area(decode(rendition.data)) is None


def test_make_rendition_downscaled_jpeg_keeps_crop_position() -> None:
    # Small enough a rendition that the JPEG is decoded at reduced scale, off
    # centre, so a wrongly scaled crop box would move the red block.
    image = processed(with_red_block((4000, 2000), (800, 400)))
    spec = RenditionSpec("thumb", 200, 200, "JPEG")

    rendition = make_rendition(image, spec, focal=(0.1, 0.5))

    decoded = decode(rendition.data)
    # Crop is x 0..2000 of 4000, scaled by 1/10: red covers 0..80 x 0..40.
    assert red_area(decoded) == (0, 0, 80, 40)


def test_make_rendition_accepts_bytes() -> None:
    image = processed(gradient((800, 600)))
    spec = RenditionSpec("small", 400, None, "WEBP")

    from_bytes = make_rendition(image.data, spec)

    assert (from_bytes.name, from_bytes.width, from_bytes.height) == ("small", 400, 300)


def test_make_renditions_carry_no_metadata() -> None:
    exif = gps_exif()
    exif[ExifTags.Base.Orientation] = 1
    source = encode(gradient((1000, 800)), "JPEG", exif=exif, comment=b"secret")
    image = process_upload(io.BytesIO(source))

    renditions = make_renditions(image)

    leftovers = [
        (r.name, sorted(decode(r.data).info.keys() & METADATA)) for r in renditions
    ]
    assert leftovers == [(r.name, []) for r in renditions]
    assert [b"SECRET-DATUM" in r.data for r in renditions] == [False] * len(renditions)


def test_make_renditions_flatten_alpha_for_jpeg_only() -> None:
    picture = Image.new("RGBA", (800, 800), (0, 0, 0, 0))
    ImageDraw.Draw(picture).rectangle((400, 0, 799, 799), fill=(0, 0, 255, 255))
    image = processed(picture, "PNG")

    renditions = {r.name: decode(r.data) for r in make_renditions(image)}

    assert (
        renditions["webp-320"].mode,
        renditions["webp-320"].getpixel((40, 40))[3],
        renditions["jpeg-320"].mode,
        colour_name(renditions["jpeg-320"].getpixel((40, 40))),
    ) == ("RGBA", 0, "RGB", "white")


# --------------------------------------------------------------------------
# focal_crop_box
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "aspect", "focal", "expected"),
    [
        ((2000, 1000), (1, 1), (0.5, 0.5), (500, 0, 1500, 1000)),
        ((2000, 1000), (1, 1), (0.3, 0.5), (100, 0, 1100, 1000)),
        ((2000, 1000), (1, 1), (0.0, 0.0), (0, 0, 1000, 1000)),
        ((2000, 1000), (1, 1), (1.0, 1.0), (1000, 0, 2000, 1000)),
        ((1000, 1000), (16, 9), (0.5, 0.5), (0, 219, 1000, 782)),
        ((1000, 1000), (16, 9), (0.5, 0.9), (0, 437, 1000, 1000)),
        ((1000, 2000), (4, 3), (0.5, 0.1), (0, 0, 1000, 750)),
        ((1000, 2000), (4, 3), (0.5, 0.6), (0, 825, 1000, 1575)),
        ((1200, 630), (1200, 630), (0.2, 0.8), (0, 0, 1200, 630)),
    ],
)
def test_focal_crop_box_centres_on_focal_point_within_edges(
    size: tuple[int, int],
    aspect: tuple[int, int],
    focal: tuple[float, float],
    expected: tuple[int, int, int, int],
) -> None:
    assert focal_crop_box(size, aspect, focal) == expected


@pytest.mark.parametrize("focal", [(-0.1, 0.5), (0.5, 1.1), (float("nan"), 0.5)])
def test_make_rendition_refuses_focal_point_outside_image(
    focal: tuple[float, float],
) -> None:
    image = processed(gradient((100, 100)))

    with pytest.raises(ValueError, match="focal point"):
        make_rendition(image, rendition_specs()[0], focal=focal)
