"""The seed articles in fixtures/ are the original seed texts, byte for byte.

The expected SHA-256 of each original text is written here, so a plain clone
checks itself with nothing beside it.
"""

import hashlib

from tests.builders.seeds import SEED_TEXTS

SEED_SHA256 = {
    "000_abe5955fdd561f21.txt": (
        "c74dec6c954dd11b1e94d37e0859118dd9fabd98cd9101d240c0155da47abde9"
    ),
    "001_b0fedd82ad9e3230.txt": (
        "13f7d8ea4be67126298cac0b332844d8a17298a06a02269097dcc2d051c806cd"
    ),
    "002_a9bcb9ffb146848a.txt": (
        "e827003ea0da01fb61d7dd9812f76f4d0224edebf052e99cca2038fb4f704249"
    ),
}


def test_import_fixture_files_are_the_seeds_byte_for_byte():
    found = {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(SEED_TEXTS.glob("*.txt"))
    }

    assert found == SEED_SHA256
