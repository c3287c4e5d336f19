"""Time people.linking.Linker on a synthetic newsroom-sized entity set.

Run it as ``.venv/bin/python benchmarks/bench_linking.py``. It builds 10,000
people and 10,000 works, then links 1,000 synthetic 600-word articles and
prints articles per second. The data is built to be harder than real text:
people share a few hundred first names, every person has a surname alias, and
work titles are made of common English words, so the words "The", "Love" or
"Night" start hundreds of candidate titles and the matcher has to walk them.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = 10_000
WORKS = 10_000
ARTICLES = 1_000
WORDS_PER_ARTICLE = 600
KINDS = ("film", "short_film", "album", "song", "music_video", "tv_series", "book")

# Word lists read better as prose than as one quoted string per line.
COMMON = (  # noqa: SIM905
    "the a of and to in is was he she it that for on with as his her at by "
    "from they we this but had not are or have an were which one all there "
    "their been has would when who will more no if out so said what up its "
    "about into than them can only other new some could time these two may "
    "then do first any like my now over such our man me even most made after "
    "also did many before must through back years where much your way well "
    "down should because each just those people how too little state good "
    "very make world still own see men work long get here between both life "
    "being under never day same another know while last might us great old "
    "year off come since against go came right used take three love night "
    "light dark heart home road dream fire song girl boy city summer blue"
).split()
SYLLABLES = "ka ne we spi ke jon ze la day ri ta ma ro li sa do mi ve an el".split()  # noqa: SIM905


def synthetic_name(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables)).capitalize()


def build_entities(rng: random.Random) -> list:
    """Return the synthetic people and works."""
    from people.linking import Entity

    first_names = [synthetic_name(rng, 2) for _ in range(300)]
    people = []
    for number in range(PEOPLE):
        first = rng.choice(first_names)
        last = synthetic_name(rng, 3)
        aliases = (last,) if rng.random() < 0.9 else (last, synthetic_name(rng, 2))
        people.append(Entity(("person", number), f"{first} {last}", aliases))
    works = []
    for number in range(WORKS):
        words = [w.capitalize() for w in rng.sample(COMMON, rng.randint(1, 5))]
        credited = frozenset(p.key for p in rng.sample(people, 3))
        works.append(
            Entity(
                ("work", number),
                " ".join(words),
                (" ".join(words[:2]),) if len(words) > 3 else (),
                is_work=True,
                kind=rng.choice(KINDS),
                quoted_only=len(words) == 1,
                credited=credited,
            )
        )
    return people + works


def build_article(rng: random.Random, entities: list) -> str:
    """A 600-word text: common words, punctuation, and about 5% mentions."""
    words: list[str] = []
    while len(words) < WORDS_PER_ARTICLE:
        roll = rng.random()
        if roll < 0.03:
            person = rng.choice(entities[:PEOPLE])
            words.append(rng.choice((person.name, *person.aliases)))
        elif roll < 0.05:
            title = rng.choice(entities[PEOPLE:]).name
            words.append(rng.choice((f"'{title}'", f"“{title},”", title)))
        else:
            word = rng.choice(COMMON)
            words.append(word.capitalize() if rng.random() < 0.1 else word)
        if rng.random() < 0.08:
            words[-1] += rng.choice((".", ",", "’s", ":"))
        if rng.random() < 0.01:
            words[-1] += "\n\n"
    return " ".join(words)


def main() -> None:
    sys.path.insert(0, str(ROOT))  # run as a script, the project isn't on the path
    from people.linking import Linker

    rng = random.Random(2009)
    entities = build_entities(rng)
    articles = [build_article(rng, entities) for _ in range(ARTICLES)]

    started = time.perf_counter()
    linker = Linker(entities)
    built = time.perf_counter() - started

    runs = []
    mentions = 0
    for _ in range(3):
        started = time.perf_counter()
        mentions = sum(len(linker.mentions(text)) for text in articles)
        runs.append(time.perf_counter() - started)
    best = min(runs)

    print(f"entities:        {len(entities):,} ({PEOPLE:,} people, {WORKS:,} works)")
    print(f"index build:     {built * 1000:.0f} ms")
    print(f"articles:        {ARTICLES:,} x {WORDS_PER_ARTICLE} words")
    print(f"mentions found:  {mentions:,}")
    print(f"best of 3:       {best * 1000 / ARTICLES:.2f} ms per article")
    print(f"throughput:      {ARTICLES / best:,.0f} articles/s (one process)")
    print(f"median of 3:     {ARTICLES / statistics.median(runs):,.0f} articles/s")


if __name__ == "__main__":
    main()
