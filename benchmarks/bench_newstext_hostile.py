"""Time the news text parser on hostile input at growing sizes.

Run it as ``.venv/bin/python benchmarks/bench_newstext_hostile.py``. For each
shape of hostile input (nested, unclosed and stray shortcodes, long runs of
brackets and spaces) it parses n = 1,000, 10,000 and 100,000 repetitions and
prints the time per size and the ratio between sizes: a ratio near 10 for a
tenfold size is linear; near 100 would be quadratic.
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from importer.newstext import NewsTextError, parse_news_text  # noqa: E402

SHAPES = {
    "nested [artist]": lambda n: "[artist]" * n + "Kanye" + "[/artist]" * n,
    "unclosed [artist id]": lambda n: '[artist id="1"]' * n,
    "bare [artist] text": lambda n: "[artist]Kanye " * n,
    "stray [/artist]": lambda n: "[/artist]" * n,
    "open brackets": lambda n: "[" * (10 * n),
    "unterminated attribute": lambda n: '[artist id="' * n,
    "paragraphs + unclosed": lambda n: ("x " * 50 + "\n\n") * (n // 4) + "[artist]" * n,
    "spaces before dash": lambda n: " " * (10 * n) + "-Jane Doe",
    "long byline": lambda n: "By " + "Jane, " * n,
}
SIZES = (1_000, 10_000, 100_000)


def best_of(text: bytes, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        with contextlib.suppress(NewsTextError):
            parse_news_text(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    print(f"{'input':<24}" + "".join(f"{n:>12,}" for n in SIZES) + "  ratio 10x/100x")
    for name, build in SHAPES.items():
        times = [best_of(build(n).encode()) for n in SIZES]
        ratios = f"{times[1] / times[0]:5.1f} {times[2] / times[1]:5.1f}"
        cells = "".join(f"{t * 1000:>10.1f}ms" for t in times)
        print(f"{name:<24}{cells}  {ratios}")


if __name__ == "__main__":
    main()
