"""Alphabetical order of member names, Swedish or English.

Code-point order puts Ä (U+00C4) before Å (U+00C5); Swedish puts Å, Ä, Ö
after Z, in that order (Svenska Akademiens ordlista). English ignores the
accents. This module gives a sort key for each.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

_SWEDISH_ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
_SWEDISH_RANK = {letter: rank for rank, letter in enumerate(_SWEDISH_ALPHABET)}
# Letters that Swedish files under another letter (SAOL): é under e, ü under y,
# æ under ä, ø under ö; other accents fall back to their base letter.
_SWEDISH_FOLD = {"æ": "ä", "ø": "ö", "ü": "y"}
LANGUAGES = ("sv", "en")


def _base_letter(char: str) -> str:
    decomposed = unicodedata.normalize("NFD", char)
    return decomposed[0] if decomposed else char


def _swedish_primary(char: str) -> tuple[int, str]:
    if char in _SWEDISH_RANK:
        return (_SWEDISH_RANK[char], "")
    char = _SWEDISH_FOLD.get(char, char)
    if char in _SWEDISH_RANK:
        return (_SWEDISH_RANK[char], "")
    base = _base_letter(char)
    if base in _SWEDISH_RANK:
        return (_SWEDISH_RANK[base], "")
    # Digits, spaces and punctuation sort before letters, by code point.
    return (-1, char)


def collation_key(name: str, language: str) -> tuple[object, ...]:
    """Return a sort key that orders names alphabetically in `language`.

    Args:
        name: a member name, e.g. "Örebro".
        language: "sv" (Å, Ä, Ö after Z) or "en" (accents ignored).

    Raises:
        ValueError: for a language other than "sv" or "en".

    """
    folded = name.casefold()
    if language == "sv":
        primary: tuple[object, ...] = tuple(_swedish_primary(c) for c in folded)
    elif language == "en":
        primary = tuple(_base_letter(c) for c in folded)
    else:
        msg = f"unknown language {language!r}; valid: {', '.join(LANGUAGES)}"
        raise ValueError(msg)
    # Ties (case, accents) are broken by the exact text so the order is total.
    return (primary, name)


def alphabetical(names: Iterable[str], language: str) -> tuple[str, ...]:
    """Return `names` sorted alphabetically in `language`."""
    return tuple(sorted(names, key=lambda n: collation_key(n, language)))
