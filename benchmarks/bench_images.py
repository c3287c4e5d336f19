"""Time and measure process_upload + make_renditions on a 24-megapixel photo.

Run it as ``.venv/bin/python benchmarks/bench_images.py``. It draws a
6000 x 4000 JPEG with gradients and noise (so it compresses like a photo, not
like a flat colour) and an EXIF Orientation of 6 in a child process, then runs
the work in this one. Peak RSS is a high-water mark that can't be reset (and a
forked child inherits its parent's), so drawing elsewhere keeps it the work's.

Two memory figures are printed because they measure different things:
tracemalloc sees only Python's allocator (the encoded bytes objects), while
Pillow keeps pixels in C memory that only the process's peak RSS shows.
"""

from __future__ import annotations

import io
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from PIL import ExifTags, Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
SIZE = (6000, 4000)


def make_photo(path: Path) -> None:
    """Write a realistic-looking 24-megapixel JPEG with Orientation 6 to ``path``."""
    horizontal = Image.linear_gradient("L").resize(SIZE)
    vertical = Image.linear_gradient("L").rotate(90).resize(SIZE)
    noise = Image.effect_noise(SIZE, 40)
    channels = (
        ImageChops.add(horizontal, noise, scale=1.5),
        ImageChops.add(vertical, noise, scale=1.5),
        ImageChops.blend(ImageChops.invert(horizontal), noise, 0.5),
    )
    photo = Image.merge("RGB", channels)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Benchmark"
    photo.save(path, "JPEG", quality=90, exif=exif)


def max_rss_mb() -> float:
    """Return this process's peak resident set size so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def measure(path: Path) -> None:
    """Run the pipeline on ``path`` and print timings and memory peaks."""
    sys.path.insert(0, str(ROOT))  # run as a script, the project isn't on the path
    from images.processing import make_renditions, process_upload

    data = path.read_bytes()
    rss_before = max_rss_mb()
    tracemalloc.start()

    started = time.perf_counter()
    processed = process_upload(io.BytesIO(data))
    uploaded = time.perf_counter()
    renditions = make_renditions(processed, focal=(0.3, 0.4))
    finished = time.perf_counter()

    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = max_rss_mb()

    print(f"input:            {SIZE[0]}x{SIZE[1]} JPEG, {len(data) / 1e6:.1f} MB")
    print(
        f"output:           {processed.width}x{processed.height} {processed.format}, "
        f"{len(processed.data) / 1e6:.1f} MB"
    )
    print(f"process_upload:   {uploaded - started:.2f} s")
    print(
        f"make_renditions:  {finished - uploaded:.2f} s ({len(renditions)} renditions)"
    )
    print(f"total:            {finished - started:.2f} s")
    print(f"tracemalloc peak: {traced_peak / 1e6:.1f} MB (Python objects only)")
    print(
        f"max RSS:          {rss_after:.0f} MB "
        f"(was {rss_before:.0f} MB after reading the file; "
        f"+{rss_after - rss_before:.0f} MB)"
    )
    for rendition in renditions:
        print(
            f"  {rendition.name:<10} {rendition.width:>5}x{rendition.height:<5} "
            f"{rendition.format:<4} {len(rendition.data) / 1e3:>7.1f} kB"
        )


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--draw":
        make_photo(Path(sys.argv[2]))
        return
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "photo.jpg"
        # Our own script with our own interpreter: nothing untrusted here.
        subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--draw", str(path)], check=True
        )
        measure(path)


if __name__ == "__main__":
    main()
