"""Alphabetical order: Swedish puts Å, Ä, Ö after Z, in that order."""

from __future__ import annotations

from rotations import alphabetical


def test_swedish_order() -> None:
    names = ["Örebro", "Älvdalen", "Ystad", "Åre", "Arboga", "Eskilstuna"]
    assert alphabetical(names, "sv") == (
        "Arboga",
        "Eskilstuna",
        "Ystad",
        "Åre",
        "Älvdalen",
        "Örebro",
    )


def test_code_point_order_would_be_wrong() -> None:
    # Ä (U+00C4) comes before Å (U+00C5) by code point: the bug we avoid.
    assert sorted(["Åre", "Älvdalen"]) == ["Älvdalen", "Åre"]
    assert alphabetical(["Älvdalen", "Åre"], "sv") == ("Åre", "Älvdalen")


def test_english_ignores_accents() -> None:
    assert alphabetical(["Örebro", "Åre", "Ystad", "Älvdalen"], "en") == (
        "Älvdalen",
        "Åre",
        "Örebro",
        "Ystad",
    )


def test_swedish_files_e_acute_under_e_and_u_umlaut_under_y() -> None:
    assert alphabetical(["Ewa", "Éva", "Eva"], "sv") == ("Eva", "Éva", "Ewa")
    assert alphabetical(["Müller", "Myra", "Mz"], "sv") == ("Müller", "Myra", "Mz")
