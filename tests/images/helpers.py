"""Small builders for the images tests. Every picture is drawn with Pillow."""

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from PIL import ImageDraw

from tests.images.test_processing import encode, gradient

RED = (255, 0, 0)
WHITE = (255, 255, 255)


def stored_files(root: Path) -> list[str]:
    """Every file under ``root``, as sorted relative paths."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


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


def read(root: Path, name: str) -> bytes:
    return (root / name).read_bytes()
