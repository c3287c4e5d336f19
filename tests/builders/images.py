"""Pictures for tests, every one drawn with Pillow: there are no binary fixtures."""

import io
import struct
import zlib
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, ImageChops, ImageDraw
from PIL import Image as PILImage

from images.models import Image

RED = (255, 0, 0)
WHITE = (255, 255, 255)


def encode(image: PILImage.Image, fmt: str, **options: object) -> bytes:
    """Return ``image`` saved as ``fmt``."""
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def gradient(size: tuple[int, int], mode: str = "RGB") -> PILImage.Image:
    """Return a smooth, non-flat picture, so encoders have something to do."""
    horizontal = PILImage.linear_gradient("L").resize(size)
    vertical = PILImage.linear_gradient("L").rotate(90).resize(size)
    picture = PILImage.merge(
        "RGB", (horizontal, vertical, ImageChops.invert(horizontal))
    )
    return picture.convert(mode)


def jpeg(size: tuple[int, int] = (1600, 1000), **options) -> bytes:
    return encode(gradient(size), "JPEG", **options)


def red_square_right(size=(1600, 800), square=200) -> bytes:
    """A white JPEG with a red square at the middle of its right edge."""
    picture = PILImage.new("RGB", size, WHITE)
    top = (size[1] - square) // 2
    ImageDraw.Draw(picture).rectangle(
        (size[0] - square, top, size[0] - 1, top + square - 1), fill=RED
    )
    return encode(picture, "JPEG", quality=95)


def has_red(data: bytes) -> bool:
    """Whether the picture in ``data`` holds clearly red pixels."""
    pixels = PILImage.open(io.BytesIO(data)).convert("RGB").resize((64, 64))
    raw = pixels.tobytes()
    return any(
        raw[i] > 200 and raw[i + 1] < 80 and raw[i + 2] < 80
        for i in range(0, len(raw), 3)
    )


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (
        struct.pack(">I", len(payload))
        + kind
        + payload
        + struct.pack(">I", zlib.crc32(kind + payload))
    )


def png_header_only(width: int, height: int) -> bytes:
    """Return a PNG that claims ``width`` x ``height`` but holds a few bytes.

    Its pixel data would fail to decode, so being refused for its size (and
    not as damaged) shows the size was checked before any decoding.
    """
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + png_chunk(b"IEND", b"")
    )


def gps_exif() -> PILImage.Exif:
    """Return EXIF with a camera make and a GPS position in it."""
    exif = PILImage.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.5),
        ExifTags.GPS.GPSMapDatum: "SECRET-DATUM",
    }
    return exif


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(root: Path) -> list[str]:
    """Every file under ``root``, as sorted relative paths."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def read(root: Path, name: str) -> bytes:
    return (root / name).read_bytes()


def bare_image(**fields) -> Image:
    """An Image row without real files, for rules that don't need them."""
    values = {
        "file": "images/originals/00/none.jpg",
        "width": 10,
        "height": 10,
        "format": "JPEG",
        "alt_text": "Something",
        **fields,
    }
    return Image(**values)
