"""Where the repository's own test data lives, and the seed articles' keys."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"
PEOPLE_JSON = FIXTURES / "people.json"
SEED_TEXTS = FIXTURES / "articles"

# The three seed articles, by the key the importer gives them (the file name).
SEED_000 = "000_abe5955fdd561f21"
SEED_001 = "001_b0fedd82ad9e3230"
SEED_002 = "002_a9bcb9ffb146848a"
