"""Validators shared by every app's text fields."""

import re

from django.core.exceptions import ValidationError

# Lone UTF-16 surrogates: not characters at all. They cannot be encoded as
# UTF-8, so PostgreSQL (and any page showing them) would fail on them.
_SURROGATE = re.compile("[\ud800-\udfff]")


def validate_clean_text(value: str) -> None:
    """Refuse NUL characters and unpaired surrogates, on every database.

    PostgreSQL rejects a NUL in text with an error while SQLite stores it, so
    the rule lives here rather than in whatever the database happens to do.
    """
    if not isinstance(value, str):
        return
    if "\x00" in value:
        raise ValidationError(
            "Remove the NUL character (an invisible control character, usually "
            "pasted from a binary file).",
            code="null_characters_not_allowed",
        )
    match = _SURROGATE.search(value)
    if match:
        raise ValidationError(
            "Contains a broken character (U+%(code)04X, half of an emoji or "
            "symbol) at position %(position)d; type or paste it again.",
            code="unpaired_surrogate",
            params={"code": ord(match.group()), "position": match.start() + 1},
        )
