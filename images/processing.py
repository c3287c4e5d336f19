"""Make uploaded images safe to store and serve, and cut renditions from them.

This module is plain Python on top of Pillow, with no Django in it: the
``images`` app calls it and turns :class:`ImageRejected` into a form error.

An upload is the most dangerous input the CMS takes, so :func:`process_upload`
trusts nothing about it. It decides the format from the bytes, refuses anything
too big (in bytes or in pixels) before decoding it, and re-encodes every image
it accepts, so what we store is pixels Pillow wrote itself: no metadata, no
embedded profile, nothing appended after the image data.

The renditions (``srcset`` widths, the Open Graph image and the 1:1, 4:3 and
16:9 crops Google asks for) are cut from that clean image around the editor's
focal point, and are never scaled up.
"""

from __future__ import annotations

import contextlib
import io
import math
import struct
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import BinaryIO

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PIXELS",
    "ImageRejected",
    "ProcessedImage",
    "Rendition",
    "RenditionSpec",
    "focal_crop_box",
    "make_rendition",
    "make_renditions",
    "process_upload",
    "rendition_specs",
    "too_large",
]

MEGABYTE = 1024 * 1024
DEFAULT_MAX_BYTES = 25 * MEGABYTE
DEFAULT_MAX_PIXELS = 50_000_000

SRCSET_WIDTHS = (320, 640, 960, 1280, 1920)
OG_SIZE = (1200, 630)
CROP_WIDTH = 1200
CROP_RATIOS = ((1, 1), (4, 3), (16, 9))

NOT_ACCEPTED = "This file is not an image we accept (JPEG, PNG, WebP or GIF)."
ANIMATED = "Animated images are not accepted."
DAMAGED = "The image file is damaged or incomplete."
EMPTY = "The file is empty."

# What Pillow's decoders raise on malformed input. Pillow documents OSError and
# SyntaxError; the others come out of its parsers on hostile headers. Catching
# this list rather than Exception keeps our own bugs visible.
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
    struct.error,
)

# Only these plugins may parse an upload, so a file that merely resembles
# some exotic format never reaches that format's parser.
_PILLOW_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")

# Pillow reports a JPEG carrying several pictures (phones store depth maps and
# HDR gain maps this way) as MPO. It is still a JPEG photo; we keep the first
# picture, which is the one every viewer shows.
_FAMILY = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "GIF"}

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))

_WHITE = (255, 255, 255)


class ImageRejected(Exception):
    """An upload we refuse. ``str()`` of it is a sentence written for editors."""


@dataclass(frozen=True)
class _Encoding:
    """How we write one output format."""

    format: str
    mime_type: str
    extension: str
    options: Mapping[str, object]


_ENCODINGS = MappingProxyType(
    {
        "JPEG": _Encoding(
            "JPEG",
            "image/jpeg",
            "jpg",
            MappingProxyType({"quality": 85, "optimize": True, "progressive": True}),
        ),
        # Pillow's default zlib level. ``optimize`` (level 9) was slower and no
        # smaller on a noisy 12-megapixel test image.
        "PNG": _Encoding("PNG", "image/png", "png", MappingProxyType({})),
        "WEBP": _Encoding(
            "WEBP", "image/webp", "webp", MappingProxyType({"quality": 85, "method": 4})
        ),
    }
)

# GIF becomes PNG: lossless, smaller, and we refuse animation anyway.
_OUTPUT_FOR = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}


@dataclass(frozen=True)
class ProcessedImage:
    """A re-encoded upload: sRGB pixels with no metadata.

    ``format`` is Pillow's name (``"JPEG"``, ``"PNG"`` or ``"WEBP"``) and
    ``extension`` has no dot (``"jpg"``). ``width`` and ``height`` are after
    EXIF orientation has been applied.
    """

    data: bytes
    format: str
    mime_type: str
    extension: str
    width: int
    height: int


@dataclass(frozen=True)
class RenditionSpec:
    """One rendition to cut from an image.

    With ``height`` None the whole image is scaled to ``width``, keeping its
    aspect ratio. With a height, the largest ``width``:``height`` crop around
    the focal point is scaled to exactly ``width`` x ``height``. Either way the
    size is a ceiling: an image too small is never scaled up.
    """

    name: str
    width: int
    height: int | None
    format: str

    def __post_init__(self) -> None:
        if self.width < 1 or (self.height is not None and self.height < 1):
            msg = f"Rendition {self.name!r} needs a positive size."
            raise ValueError(msg)
        if self.format not in _ENCODINGS:
            msg = f"Rendition {self.name!r} has unknown format {self.format!r}."
            raise ValueError(msg)


@dataclass(frozen=True)
class Rendition:
    """An encoded rendition, named after the spec it was made from."""

    data: bytes
    format: str
    mime_type: str
    extension: str
    width: int
    height: int
    name: str


# --------------------------------------------------------------------------
# Uploads
# --------------------------------------------------------------------------


def process_upload(
    fileobj: BinaryIO,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> ProcessedImage:
    """Check an uploaded image and return a clean re-encoding of it.

    Reads at most ``max_bytes + 1`` bytes from the current position of
    ``fileobj`` (none at all when a seekable file is plainly too big), leaving
    it positioned wherever reading stopped. The format is decided by content
    alone. JPEG, PNG, WebP and single-frame GIF are accepted; everything else,
    including animations, files over ``max_bytes``, images over ``max_pixels``
    and damaged files, raises :class:`ImageRejected` and no other exception.

    The result is upright (EXIF orientation applied), in sRGB, and carries no
    metadata: no EXIF or GPS, XMP, ICC profile, comments or text chunks. JPEG,
    PNG and WebP keep their format; GIF becomes PNG. Transparency survives in
    PNG and WebP.

    Pillow's own decompression-bomb ceiling (``Image.MAX_IMAGE_PIXELS`` x 2)
    still applies above ``max_pixels``; this function does not change it.
    """
    data = _read_limited(fileobj, max_bytes)
    if not data:
        raise ImageRejected(EMPTY)
    family = _sniff(data)
    if family is None:
        raise ImageRejected(NOT_ACCEPTED)

    # verify() walks the file's structure (PNG chunk checksums, for one) without
    # decoding pixels, and leaves the image unusable, hence the second open.
    image = _open_upload(data, family, max_pixels)
    try:
        image.verify()
    except _DECODE_ERRORS as exc:
        raise ImageRejected(DAMAGED) from exc
    image = _open_upload(data, family, max_pixels)
    try:
        image.load()
    except _DECODE_ERRORS as exc:
        raise ImageRejected(DAMAGED) from exc

    upright = _apply_orientation(image)
    clean = _to_srgb(upright)
    encoding = _ENCODINGS[_OUTPUT_FOR[family]]
    return ProcessedImage(
        data=_encode(clean, encoding),
        format=encoding.format,
        mime_type=encoding.mime_type,
        extension=encoding.extension,
        width=clean.width,
        height=clean.height,
    )


def _read_limited(fileobj: BinaryIO, max_bytes: int) -> bytes:
    """Return the rest of ``fileobj``, refusing it once it passes ``max_bytes``."""
    size = _remaining_size(fileobj)
    if size is not None and size > max_bytes:
        raise ImageRejected(
            f"The file is {_megabytes(size, up=True)} MB; "
            f"the limit is {_megabytes(max_bytes, up=False)} MB."
        )
    # Read in pieces: one read() on a pipe or socket may return less than
    # asked, and the size above may be missing (streams) or wrong.
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = fileobj.read(min(MEGABYTE, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > max_bytes:
        raise too_large(max_bytes)
    return b"".join(chunks)


def too_large(max_bytes: int) -> ImageRejected:
    """The refusal for a file known only to be larger than ``max_bytes``.

    For callers that stopped reading an upload at the limit (the web layer
    does, as the file streams in) and so cannot say how big it really was.
    """
    return ImageRejected(
        f"The file is larger than {_megabytes(max_bytes, up=False)} MB, the limit."
    )


def _remaining_size(fileobj: BinaryIO) -> int | None:
    """Return how many bytes are left in ``fileobj``, or None if it can't seek."""
    try:
        start = fileobj.tell()
        end = fileobj.seek(0, io.SEEK_END)
        fileobj.seek(start)
    except (AttributeError, OSError):  # io.UnsupportedOperation is an OSError
        return None
    return end - start


def _megabytes(size: int, *, up: bool) -> str:
    """Format ``size`` in MB to one decimal, e.g. ``"31.2"`` or ``"25"``.

    Rounding the file's size up and the limit down means a file one byte over
    never reads as "25 MB; the limit is 25 MB".
    """
    tenths = size * 10 / MEGABYTE
    tenths = math.ceil(tenths) if up else math.floor(tenths)
    whole, tenth = divmod(tenths, 10)
    return f"{whole}" if tenth == 0 else f"{whole}.{tenth}"


def _sniff(data: bytes) -> str | None:
    """Name the accepted format ``data`` starts with, from its magic bytes."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _open_upload(data: bytes, family: str, max_pixels: int) -> ImageFile.ImageFile:
    """Open ``data`` lazily and refuse it on anything its header gives away.

    Only the header is read here, so a decompression bomb is refused before a
    single pixel is decoded.
    """
    try:
        image = Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own ceiling; the warning only arrives here when warnings are
        # turned into errors, as in the test suite.
        raise ImageRejected(
            f"The image has too many pixels; the limit is "
            f"{_megapixels(max_pixels)} megapixels."
        ) from exc
    except UnidentifiedImageError as exc:
        raise ImageRejected(NOT_ACCEPTED) from exc
    except _DECODE_ERRORS as exc:
        raise ImageRejected(DAMAGED) from exc

    # The magic bytes and Pillow must agree, or something is being smuggled.
    if _FAMILY.get(image.format or "") != family:
        raise ImageRejected(NOT_ACCEPTED)

    width, height = image.size
    if width < 1 or height < 1:
        raise ImageRejected(DAMAGED)
    if width * height > max_pixels:
        raise ImageRejected(
            f"The image is {width:,} × {height:,} pixels "
            f"({_megapixels(width * height)} megapixels); "
            f"the limit is {_megapixels(max_pixels)} megapixels."
        )

    if family != "JPEG":
        try:
            frames = getattr(image, "n_frames", 1)
        except _DECODE_ERRORS as exc:
            raise ImageRejected(DAMAGED) from exc
        if frames > 1:
            raise ImageRejected(ANIMATED)
    return image


def _megapixels(pixels: int) -> str:
    """Format a pixel count in megapixels, e.g. ``"50"``, ``"64.1"``, ``"10,000"``."""
    return f"{pixels / 1_000_000:,.1f}".removesuffix(".0")


def _apply_orientation(image: Image.Image) -> Image.Image:
    """Turn ``image`` upright according to its EXIF Orientation tag."""
    # EXIF we can't parse can't tell us the orientation; refusing a photo for
    # unreadable metadata we are about to delete would only annoy editors.
    with contextlib.suppress(*_DECODE_ERRORS):
        # In place: otherwise Pillow copies the whole image even when there is
        # nothing to turn.
        ImageOps.exif_transpose(image, in_place=True)
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        "transparency" in image.info
    )


def _to_srgb(image: Image.Image) -> Image.Image:
    """Return ``image`` as RGB, or RGBA if it has any transparency, in sRGB.

    An embedded ICC profile is honoured, then dropped. An image without one
    is taken to be sRGB already, as browsers do.
    """
    target = "RGBA" if _has_alpha(image) else "RGB"
    converted = None
    profile = image.info.get("icc_profile")
    if profile:
        converted = _convert_with_profile(image, profile, target)
    if converted is None:
        converted = _convert_mode(image, target)
    # A fully opaque alpha channel (common in screenshots) only makes files
    # bigger.
    if converted.mode == "RGBA" and converted.getchannel("A").getextrema() == (
        255,
        255,
    ):
        converted = converted.convert("RGB")
    return converted


def _convert_with_profile(
    image: Image.Image, profile: bytes, target: str
) -> Image.Image | None:
    """Convert ``image`` from its embedded profile to sRGB, or return None.

    None means the profile is unusable (malformed, or made for another colour
    space than the pixels); the caller then falls back to a plain conversion,
    since a bad profile is no reason to refuse a photo.
    """
    try:
        source_profile = ImageCms.ImageCmsProfile(io.BytesIO(profile))
    except (ImageCms.PyCMSError, *_DECODE_ERRORS):
        return None
    # LittleCMS reads these modes directly; palettes and grey+alpha are
    # expanded first, their values being in the profile's space too.
    if image.mode in ("RGB", "RGBA", "CMYK") or (image.mode == "L" and target == "RGB"):
        source = image
    else:
        source = _convert_mode(image, target)
    try:
        return ImageCms.profileToProfile(
            source,
            source_profile,
            _SRGB,
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            outputMode=target,
        )
    except ImageCms.PyCMSError:
        return None


def _convert_mode(image: Image.Image, target: str) -> Image.Image:
    """Convert ``image`` to ``target`` ("RGB" or "RGBA") without colour management."""
    if image.mode == target:
        return image
    if image.mode.startswith("I"):
        # 16-bit greyscale PNGs; a plain convert() would clip them to white.
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    return image.convert(target)


def _flatten(image: Image.Image) -> Image.Image:
    """Return ``image`` as RGB, laying any transparency over white."""
    if image.mode == "RGB":
        return image
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, _WHITE)
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _encode(image: Image.Image, encoding: _Encoding) -> bytes:
    """Encode ``image`` with no metadata at all."""
    if encoding.format == "JPEG":
        image = _flatten(image)
    # Pillow's savers fall back to image.info for some metadata (the JPEG
    # comment, the PNG ICC profile and transparency), so emptying it is what
    # guarantees nothing from the upload is written back out.
    image.info = {}
    buffer = io.BytesIO()
    image.save(buffer, format=encoding.format, **encoding.options)
    return buffer.getvalue()


# --------------------------------------------------------------------------
# Renditions
# --------------------------------------------------------------------------


def rendition_specs(*, original_width: int | None = None) -> tuple[RenditionSpec, ...]:
    """Return the renditions every image gets.

    Without ``original_width``, all of them. With it, ``srcset`` widths wider
    than the original are left out (at least the smallest always stays), since
    they would only repeat a narrower one. The fixed-size crops always stay;
    :func:`make_rendition` shrinks them to what the original can fill.
    """
    widths = SRCSET_WIDTHS
    if original_width is not None:
        widths = tuple(w for w in SRCSET_WIDTHS if w <= original_width) or (
            SRCSET_WIDTHS[0],
        )
    specs = [RenditionSpec(f"webp-{w}", w, None, "WEBP") for w in widths]
    specs += [RenditionSpec(f"jpeg-{w}", w, None, "JPEG") for w in widths]
    specs.append(RenditionSpec("og", *OG_SIZE, "JPEG"))
    specs += [
        RenditionSpec(f"{w}x{h}", CROP_WIDTH, CROP_WIDTH * h // w, "JPEG")
        for w, h in CROP_RATIOS
    ]
    return tuple(specs)


def focal_crop_box(
    size: tuple[int, int],
    aspect: tuple[int, int],
    focal: tuple[float, float] = (0.5, 0.5),
) -> tuple[int, int, int, int]:
    """Return the largest ``aspect`` box in ``size`` centred on ``focal``.

    ``focal`` is (x, y) as fractions of the width and height. The box is
    (left, upper, right, lower), lies within the image, contains the focal
    point, and is centred on it unless that would cross an edge, in which case
    it sits against that edge.
    """
    _check_focal(focal)
    width, height = size
    aspect_w, aspect_h = aspect
    # Integer arithmetic, rounding halves up, so sizes are exact and stable.
    if width * aspect_h > height * aspect_w:
        crop_h = height
        crop_w = min(
            width, max(1, (2 * height * aspect_w + aspect_h) // (2 * aspect_h))
        )
    else:
        crop_w = width
        crop_h = min(
            height, max(1, (2 * width * aspect_h + aspect_w) // (2 * aspect_w))
        )
    left = _clamp(math.floor(focal[0] * width - crop_w / 2 + 0.5), 0, width - crop_w)
    top = _clamp(math.floor(focal[1] * height - crop_h / 2 + 0.5), 0, height - crop_h)
    return (left, top, left + crop_w, top + crop_h)


def make_rendition(
    image: ProcessedImage | bytes,
    spec: RenditionSpec,
    *,
    focal: tuple[float, float] = (0.5, 0.5),
) -> Rendition:
    """Cut and encode one rendition of an image made by :func:`process_upload`.

    ``focal`` is (x, y) in 0..1 of the upright image. A width-only spec scales
    the whole image to ``spec.width``, or keeps it at its own width if that is
    narrower. A fixed-size spec takes the largest crop of its aspect ratio
    around ``focal`` (see :func:`focal_crop_box`) and scales it down to exactly
    ``spec.width`` x ``spec.height``, or leaves it unscaled if it is smaller.
    The rendition carries no metadata. Raises ValueError for a focal point
    outside 0..1.
    """
    _check_focal(focal)
    with _open_processed(image) as source:
        original = source.size
        plan = _plan(original, spec, focal)
        scale = _draft(source, original, [plan])
        return _rendition(_resize(source, scale, plan), spec)


def make_renditions(
    image: ProcessedImage | bytes,
    *,
    focal: tuple[float, float] = (0.5, 0.5),
) -> list[Rendition]:
    """Make every rendition in :func:`rendition_specs` for this image.

    Returns them in the order of :func:`rendition_specs`, leaving out
    ``srcset`` widths wider than the image. Same result as calling
    :func:`make_rendition` for each, but the image is decoded once (at the
    smallest JPEG scale the biggest rendition allows) and each distinct crop
    and size is resampled once for all its formats.
    """
    _check_focal(focal)
    with _open_processed(image) as source:
        original = source.size
        specs = rendition_specs(original_width=original[0])
        plans = [_plan(original, spec, focal) for spec in specs]
        scale = _draft(source, original, plans)
        source.load()
        renditions: dict[str, Rendition] = {}
        for plan in dict.fromkeys(plans):
            resized = _resize(source, scale, plan)
            for spec, spec_plan in zip(specs, plans, strict=True):
                if spec_plan == plan:
                    renditions[spec.name] = _rendition(resized, spec)
        return [renditions[spec.name] for spec in specs]


@dataclass(frozen=True)
class _Plan:
    """Where a rendition comes from in the original, and how big it ends up."""

    box: tuple[int, int, int, int]
    size: tuple[int, int]


def _plan(
    original: tuple[int, int], spec: RenditionSpec, focal: tuple[float, float]
) -> _Plan:
    width, height = original
    if spec.height is None:
        out_w = min(spec.width, width)
        out_h = max(1, (2 * height * out_w + width) // (2 * width))
        return _Plan(box=(0, 0, width, height), size=(out_w, out_h))
    box = focal_crop_box(original, (spec.width, spec.height), focal)
    crop_w, crop_h = box[2] - box[0], box[3] - box[1]
    if crop_w >= spec.width and crop_h >= spec.height:
        return _Plan(box=box, size=(spec.width, spec.height))
    return _Plan(box=box, size=(crop_w, crop_h))


# Decode JPEGs at no less than twice the final size, then resample: DCT scaling
# alone is coarse, this keeps LANCZOS quality (the same gap Image.thumbnail
# uses).
_DRAFT_GAP = 2


def _draft(source: Image.Image, original: tuple[int, int], plans: list[_Plan]) -> int:
    """Ask a JPEG to decode at a reduced scale that still serves ``plans``.

    Returns the scale chosen (1, 2, 4 or 8); 1 for other formats. Decoding a
    24-megapixel photo at 1/4 is many times faster and smaller in memory.
    """
    needed_w = needed_h = 1
    for plan in plans:
        crop_w = plan.box[2] - plan.box[0]
        crop_h = plan.box[3] - plan.box[1]
        needed_w = max(
            needed_w, math.ceil(original[0] * plan.size[0] * _DRAFT_GAP / crop_w)
        )
        needed_h = max(
            needed_h, math.ceil(original[1] * plan.size[1] * _DRAFT_GAP / crop_h)
        )
    drafted = source.draft("RGB", (needed_w, needed_h))
    if drafted is None:
        return 1
    return round(original[0] / drafted[1][2])


def _resize(source: Image.Image, scale: int, plan: _Plan) -> Image.Image:
    """Resample ``plan.box`` of ``source``, decoded at 1/``scale``, to ``plan.size``."""
    box = tuple(edge / scale for edge in plan.box)
    # reducing_gap: a fast integer reduce() first, then LANCZOS over at least
    # 3x the output, which Pillow documents as indistinguishable from LANCZOS
    # over the whole image.
    return source.resize(plan.size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)


def _rendition(resized: Image.Image, spec: RenditionSpec) -> Rendition:
    """Encode ``resized`` as ``spec`` asks."""
    encoding = _ENCODINGS[spec.format]
    return Rendition(
        data=_encode(resized, encoding),
        format=encoding.format,
        mime_type=encoding.mime_type,
        extension=encoding.extension,
        width=resized.width,
        height=resized.height,
        name=spec.name,
    )


def _open_processed(image: ProcessedImage | bytes) -> ImageFile.ImageFile:
    """Open our own output; anything else there is a programming error."""
    data = image.data if isinstance(image, ProcessedImage) else image
    source = Image.open(io.BytesIO(data), formats=tuple(_ENCODINGS))
    if source.mode not in ("RGB", "RGBA"):
        msg = f"Expected an image from process_upload, got mode {source.mode!r}."
        raise ValueError(msg)
    return source


def _check_focal(focal: tuple[float, float]) -> None:
    # Written so NaN fails too.
    if not all(0.0 <= value <= 1.0 for value in focal) or len(focal) != 2:
        msg = f"The focal point must be (x, y) between 0 and 1, got {focal!r}."
        raise ValueError(msg)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high))
