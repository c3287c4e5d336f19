"""How well the news-text parser reads texts in the shapes wires and sites use.

Run it as ``.venv/bin/python benchmarks/bench_accuracy.py``. It parses every
text of the labelled set in ``tests/importer/accuracy/`` (``labels.json``
says, for each file, the headline, dek, bylines, dateline and the people and
works it names), links each against the people and works of
``fixtures/people.json`` (no database: the linker is plain Python), and
prints precision and recall for headlines, bylines, datelines and entities.

Precision is the share of what the parser found that is right; recall the
share of what the labels hold that the parser found. A headline or a
dateline counts once per text, when the label or the prediction has one; a
byline counts once per credit (name, person or organisation, title, role);
an entity once per name. ``tests/importer/test_accuracy.py`` asserts every
label, so the set is also a regression test.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCURACY_SET = ROOT / "tests" / "importer" / "accuracy"
PEOPLE_FIXTURE = ROOT / "fixtures" / "people.json"
FIELDS = ("headline", "bylines", "dateline", "entities")


@dataclass(frozen=True)
class Sample:
    name: str
    data: bytes
    label: dict


def read_set(folder: Path = ACCURACY_SET) -> list[Sample]:
    """The labelled texts, in file order."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    return [
        Sample(name, (folder / f"{name}.txt").read_bytes(), label)
        for name, label in sorted(labels.items())
    ]


def fixture_linker():
    """A linker over the people and works of the fixture, and their names."""
    from people.entities import person_entity, work_entity
    from people.linking import Linker

    objects = json.loads(PEOPLE_FIXTURE.read_text(encoding="utf-8"))
    credited: dict[int, set] = {}
    for obj in objects:
        if obj["model"] == "people.credit":
            fields = obj["fields"]
            credited.setdefault(fields["work"], set()).add(("person", fields["person"]))
    entities = []
    for obj in objects:
        fields = obj["fields"]
        if obj["model"] == "people.person":
            entities.append(person_entity(obj["pk"], fields["name"], fields["aliases"]))
        elif obj["model"] == "people.work":
            entities.append(
                work_entity(
                    obj["pk"],
                    fields["name"],
                    fields["aliases"],
                    fields["kind"],
                    fields["link_only_when_quoted"],
                    credited=credited.get(obj["pk"], ()),
                )
            )
    names: dict[Hashable, str] = {entity.key: entity.name for entity in entities}
    return Linker(entities), names


def predict(data: bytes, linker, names: dict[Hashable, str]) -> dict:
    """What the importer reads in ``data``, in the labels' terms."""
    from importer.newstext import WORK_SHORTCODES, parse_news_text

    NAME_SHORTCODES = {"artist", *WORK_SHORTCODES}

    parsed = parse_news_text(data)
    text = "\n\n".join(p for p in (parsed.headline, parsed.dek, parsed.body) if p)
    entities = {names[key] for key in linker.link(text)}
    # What the writer does with them: an [artist] is a person, a [movie] (or
    # [film], [album], [song]) the work of that name (by name here: the
    # fixture has no publisher ids that the set uses).
    known = set(names.values())
    entities |= {
        sc.text
        for sc in parsed.shortcodes
        if sc.name in NAME_SHORTCODES and sc.text in known
    }
    # A byline is not a mention.
    entities -= {credit.name for credit in parsed.bylines}
    return {
        "headline": parsed.headline,
        "dek": parsed.dek,
        "bylines": [
            [c.name, "organisation" if c.organisation else "person", c.title, c.role]
            for c in parsed.bylines
        ],
        "dateline": parsed.dateline,
        "entities": sorted(entities),
        "body": parsed.body,
        "warnings": list(parsed.warnings),
        # Caption and credit of each photo to come, in the body's order.
        "photos": [[photo.caption, photo.credit] for photo in parsed.photos],
    }


def _counts(field: str, label: dict, got: dict) -> tuple[int, int, int]:
    """(right, found, labelled) for one field of one text."""
    if field in ("headline", "dateline"):
        want, have = label[field], got[field]
        return int(bool(have) and have == want), int(bool(have)), int(bool(want))
    want_set = {tuple(x) if isinstance(x, list) else x for x in label[field]}
    have_set = {tuple(x) if isinstance(x, list) else x for x in got[field]}
    return len(want_set & have_set), len(have_set), len(want_set)


def score(samples: list[Sample]) -> dict[str, tuple[float, float, int, int, int]]:
    """Per field: (precision, recall, right, found, labelled) over ``samples``."""
    linker, names = fixture_linker()
    totals = {field: [0, 0, 0] for field in FIELDS}
    for sample in samples:
        got = predict(sample.data, linker, names)
        for field in FIELDS:
            for i, n in enumerate(_counts(field, sample.label, got)):
                totals[field][i] += n
    result = {}
    for field, (right, found, labelled) in totals.items():
        precision = right / found if found else 1.0
        recall = right / labelled if labelled else 1.0
        result[field] = (precision, recall, right, found, labelled)
    return result


def main() -> None:
    sys.path.insert(0, str(ROOT))  # run as a script, the project isn't on the path
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    samples = read_set()
    print(f"parsing accuracy: {len(samples)} labelled texts in {ACCURACY_SET}")
    print(f"{'':10} {'precision':>9} {'recall':>7}  right / found / labelled")
    for field, (precision, recall, right, found, labelled) in score(samples).items():
        print(
            f"{field:10} {precision:9.1%} {recall:7.1%}  {right} / {found} / {labelled}"
        )


if __name__ == "__main__":
    main()
