"""Reading a text file and its sidecar: what a refusal carries."""

import pickle

from importer.reading import ImportRefused


def test_import_refusal_survives_the_trip_from_a_worker_process(tmp_path):
    refusal = ImportRefused(tmp_path / "a.txt", 3, "file is empty")

    copy = pickle.loads(pickle.dumps(refusal))  # noqa: S301 - our own bytes

    assert (str(copy), copy.path, copy.line, copy.message) == (
        f"{tmp_path / 'a.txt'}:3: file is empty",
        tmp_path / "a.txt",
        3,
        "file is empty",
    )
