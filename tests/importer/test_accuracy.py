"""The labelled accuracy set (tests/importer/accuracy/): every label holds.

``benchmarks/bench_accuracy.py`` prints precision and recall over the same
set; this test makes each of its labels a regression test: headline, dek,
bylines (name, person or organisation, title, role), dateline, the people
and works found, where the body starts, how many lines were dropped
with a warning, and the caption and credit of each photo to come.
"""

import pytest

from benchmarks.bench_accuracy import fixture_linker, predict, read_set, score

SAMPLES = read_set()


@pytest.fixture(scope="module")
def linker():
    return fixture_linker()


def test_accuracy_set_has_at_least_thirty_texts():
    assert len(SAMPLES) >= 30


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_accuracy_sample_reads_as_labelled(sample, linker):
    got = predict(sample.data, *linker)
    label = sample.label

    assert {
        "headline": got["headline"],
        "dek": got["dek"],
        "bylines": got["bylines"],
        "dateline": got["dateline"],
        "entities": got["entities"],
        "warnings": len(got["warnings"]),
        "photos": got["photos"],
    } == {
        "headline": label["headline"],
        "dek": label["dek"],
        "bylines": label["bylines"],
        "dateline": label["dateline"],
        "entities": label["entities"],
        "warnings": label["warnings"],
        "photos": label.get("photos", []),
    }
    assert got["body"].startswith(label["body_starts"])


def test_accuracy_scores_are_perfect_on_the_set():
    scores = score(SAMPLES)

    assert {field: s[:2] for field, s in scores.items()} == {
        "headline": (1.0, 1.0),
        "bylines": (1.0, 1.0),
        "dateline": (1.0, 1.0),
        "entities": (1.0, 1.0),
    }
