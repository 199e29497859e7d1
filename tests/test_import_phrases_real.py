"""Constructs of real meeting lists, one each, with the meetings worked out by hand (issue 16)."""

from __future__ import annotations

from datetime import date

import pytest

from calendars._importers import kalendarium


def _dates(
    text: str, **kw: object
) -> list[tuple[str, str, str | None, str | None, tuple[str, ...], str | None]]:
    parsed = kalendarium.parse(text, **kw)  # type: ignore[arg-type]
    assert parsed.problems == [], parsed.problems
    return [
        (b.name, d.first.isoformat(), d.time, d.status, d.hosts, d.title)
        for b in parsed.bodies
        for d in b.dates
    ]


def test_a_week_note_after_a_full_date_is_not_a_meeting() -> None:
    # 29 March 2024 is a Friday in week 13.
    text = "Styrelsen 2024\nFredag 29 mars (v 13)\nFredag 26 april (v 17)\n"
    assert _dates(text) == [
        ("Styrelsen", "2024-03-29", None, None, (), None),
        ("Styrelsen", "2024-04-26", None, None, (), None),
    ]


@pytest.mark.parametrize(
    ("written", "host"),
    [("i Karlsborg", "Karlsborg"), ("i Alingsås kommun", "Alingsås"), ("hos Skövde", "Skövde")],
)
def test_hosts_written_as_places(written: str, host: str) -> None:
    assert _dates(f"Direktionen 2025\n14 mars {written}\n") == [
        ("Direktionen", "2025-03-14", None, None, (host,), None)
    ]


def test_a_lead_sentence_makes_its_list_provisional() -> None:
    text = (
        "Under 2026 sammanträder direktionen preliminärt vid följande tillfällen:\n"
        "13 februari\n10 april\n"
    )
    assert _dates(text) == [
        ("Direktionen", "2026-02-13", None, "provisional", (), None),
        ("Direktionen", "2026-04-10", None, "provisional", (), None),
    ]


def test_status_sentences_mark_the_meeting_they_name_and_make_none() -> None:
    text = (
        "Styrelsen 2025\n10 juni\n21 oktober\n9 december\n"
        "Observera att mötet den 10 juni är preliminärt.\n"
        "Sammanträdet den 21 oktober är inställt på grund av höstlovet.\n"
    )
    assert _dates(text) == [
        ("Styrelsen", "2025-06-10", None, "provisional", (), None),
        ("Styrelsen", "2025-10-21", None, "cancelled", (), None),
        ("Styrelsen", "2025-12-09", None, None, (), None),
    ]


@pytest.mark.parametrize(
    ("written", "time"),
    [
        ("kl. 9–12", "09.00-12.00"),
        ("klockan 9.00–16.00", "09.00-16.00"),
        ("kl 13.15", "13.15"),
        ("från kl 13:00", "13.00"),
        ("fredagar kl 08.30-16:00.", "08.30-16.00"),
    ],
)
def test_times_as_written(written: str, time: str) -> None:
    assert _dates(f"Direktionen 2024\n8 mars {written}\n")[0][2] == time


def test_a_bare_year_line_sets_the_year() -> None:
    text = "Direktionen\n2025\n3 februari\n2026\n2 februari\n"
    assert [d[1] for d in _dates(text)] == ["2025-02-03", "2026-02-02"]


def test_dates_in_sentences_about_something_else_are_not_meetings() -> None:
    text = (
        "Sammanträdesplan för direktionen, antagen av direktionen den 10 december 2026.\n"
        "Direktionen 2027\n4 februari\n"
        "Direktionen fastställer budget för 2028 den 9 december.\n"
    )
    parsed = kalendarium.parse(text)
    assert [(b.name, [d.first for d in b.dates]) for b in parsed.bodies] == [
        ("Direktionen", [date(2027, 2, 4)])
    ]
    assert {n.line for n in parsed.notes} >= {1, 4}


def test_a_weekday_that_fits_another_year_says_the_year_is_wrong() -> None:
    # 2 February is a Thursday in 2023 and a Friday in 2024.
    parsed = kalendarium.parse("Direktionen 2024\nTorsdag 2 februari\n")
    assert len(parsed.problems) == 1
    assert "the weekday fits 2023" in parsed.problems[0].message


def test_word_spaces_soft_hyphens_and_smart_quotes_are_plain() -> None:
    text = "Styrel\u00adsen 2025\n14\u00a0mars kl.\u00a013.00\u201316.00 \u201dBudget\u201d\n"
    assert _dates(text) == [("Styrelsen", "2025-03-14", "13.00-16.00", None, (), '"Budget"')]


def test_an_organisation_or_document_title_is_not_a_body() -> None:
    text = "Sammanträdesplan 2025 – Skaraborgs kommunalförbund\nDirektionen\n7 februari\n"
    assert [d[0] for d in _dates(text)] == ["Direktionen"]


def test_a_year_sentence_before_its_dates_on_the_same_line() -> None:
    text = "Styrelsen\nSammanträdesdagar 2027: 4 februari, 18 mars, 22 april\n"
    assert [d[1] for d in _dates(text)] == ["2027-02-04", "2027-03-18", "2027-04-22"]
    assert {d[5] for d in _dates(text)} == {None}  # "Sammanträdesdagar 2027" is not a title


@pytest.mark.parametrize(
    "heading", ["Sammanträdesplan – Direktionen", "Direktionen – mötesplan 2025", "Direktionen"]
)
def test_plan_words_around_a_dash_are_not_part_of_the_name(heading: str) -> None:
    assert _dates(f"{heading}\n7 februari 2025\n") == [
        ("Direktionen", "2025-02-07", None, None, (), None)
    ]


def test_messages_quote_word_text_plain() -> None:
    parsed = kalendarium.parse("Styrelsen 2025\n31\u00a0februari \u201dBudget\u201d\n")
    assert [(p.line, p.text) for p in parsed.problems] == [(2, '31 februari "Budget"')]


def test_list_sentences_with_their_dates_after_a_colon_are_one_body() -> None:
    # Västra Götalandsregionen's regionstyrelsen, 25 October 2022: one sentence a year.
    text = (
        "• Styrelsen sammanträder under 2026 på följande dagar: 15 januari och 12 mars.\n"
        "• Styrelsen sammanträder under 2027 på följande dagar: 14 januari.\n"
    )
    assert _dates(text) == [
        ("Styrelsen", "2026-01-15", None, None, (), None),
        ("Styrelsen", "2026-03-12", None, None, (), None),
        ("Styrelsen", "2027-01-14", None, None, (), None),
    ]
    assert len(kalendarium.parse(text).bodies) == 1


# A page of minutes (Räddningstjänsten Skåne Nordväst, tests/data/kalendarium/real/44-*):
# the page's title is no body, a document's name is no meeting's title, and the
# minutes and their appendix of one day are one meeting.
_MINUTES = (
    "Politik\n"
    "2020\n"
    "Protokoll direktionen 2020-11-26\n"
    "Protokoll direktionen 2020-11-26 omedelbar justering\n"
    "Protokoll direktionen 2020-10-01\n"
    "Protokollsbilaga direktionen 2020-10-01\n"
    "Kallelse direktionen 2020-05-29\n"
    "Handlingar direktionen 2020-05-29\n"
    "Bilaga direktionen 2020-02-27\n"
)


def test_the_given_body_wins_over_a_page_title() -> None:
    parsed = kalendarium.parse(_MINUTES, body="Direktionen")
    assert [b.name for b in parsed.bodies] == ["Direktionen"]
    assert parsed.read[1] == "a page title, not a body (the dates are Direktionen's)"


def test_a_document_name_is_not_a_meeting_title_and_one_day_is_one_meeting() -> None:
    assert _dates(_MINUTES, body="Direktionen") == [
        ("Direktionen", "2020-11-26", None, None, (), None),
        ("Direktionen", "2020-10-01", None, None, (), None),
        ("Direktionen", "2020-05-29", None, None, (), None),
        ("Direktionen", "2020-02-27", None, None, (), None),
    ]
    read = kalendarium.parse(_MINUTES, body="Direktionen").read
    assert read[3] == "a document of a meeting of Direktionen"
    assert read[4] == "another document of the meeting of 2020-11-26"


def test_a_long_document_line_names_the_meeting_it_belongs_to() -> None:
    text = (
        "Protokoll direktionen 2019-11-28\n"
        "Protokoll direktionen 2019-11-28 §42 Verksamhetsplan och budget 2020 med ekonomisk "
        "plan för 2021 till 2022 omedelbar justering\n"
    )
    parsed = kalendarium.parse(text, body="Direktionen")
    assert _dates(text, body="Direktionen") == [("Direktionen", "2019-11-28", None, None, (), None)]
    assert parsed.notes == []
    assert parsed.read[2] == "another document of the meeting of 2019-11-28"


def test_two_listed_meetings_on_one_day_stay_two() -> None:
    # Not documents: a list may hold a morning and an afternoon meeting of one body.
    text = "Styrelsen 2025\n14 mars kl 9-12 Planering\n14 mars kl 13-16 Sammanträde\n"
    assert [d[1:3] for d in _dates(text)] == [
        ("2025-03-14", "09.00-12.00"),
        ("2025-03-14", "13.00-16.00"),
    ]


def test_och_splits_names_but_not_a_title_or_a_place() -> None:
    # Göteborgsregionen's list (tests/data/kalendarium/real/45-*): "och" inside a title or
    # after "på" joins one part; between two names it still names two hosts.
    text = (
        "Förbundsstyrelsen 2019\n"
        "Fredag 7-8 februari överlämnandekonferens (förbundsstyrelse och styrgrupper)\n"
        "Fredag 29 mars Haninge och Nykvarn\n"
        "Tisdag 18 juni på Ullevi Restaurang och Konferens (kl. 16-17 ca)\n"
    )
    parsed = kalendarium.parse(text)
    dates = parsed.bodies[0].dates
    assert [(d.title, d.location, d.hosts, d.time) for d in dates] == [
        ("överlämnandekonferens, förbundsstyrelse och styrgrupper", None, (), None),
        (None, None, ("Haninge", "Nykvarn"), None),
        (None, "Ullevi Restaurang och Konferens", (), "16.00-17.00"),
    ]


def test_a_heading_naming_a_body_again_is_that_body() -> None:
    text = (
        "Förbundsstyrelsens mötesdagar 2019\nFredag 29 mars i Alingsås kommun\n"
        "Förbundsstyrelsens mötesdagar 2020\nFredag 21 februari i Kungälvs kommun\n"
    )
    assert _dates(text) == [
        ("Förbundsstyrelsen", "2019-03-29", None, None, ("Alingsås",), None),
        ("Förbundsstyrelsen", "2020-02-21", None, None, ("Kungälv",), None),
    ]


def test_held_is_no_title() -> None:
    # Norrbottens kommuner: "28 april 2022 genomfördes sammanträdet i Boden."
    assert _dates("Förbundsfullmäktige\n28 april 2022 genomfördes sammanträdet i Boden.\n") == [
        ("Förbundsfullmäktige", "2022-04-28", None, None, ("Boden",), None)
    ]


def test_a_line_of_only_a_soft_hyphen_is_read_as_markup() -> None:
    # Found by hypothesis (test_kalendarium_properties): "\xad" alone was neither read nor named.
    parsed = kalendarium.parse("Styrelsen\n\xad\n1 januari 2016 (Haninge)\n", year=2020)
    assert parsed.read[2] == "markup without text"


def test_a_date_the_meeting_is_about_is_no_meeting() -> None:
    # Göteborgsregionen's förbundsfullmäktige (real/47-*): "per augusti 2019" made a month meeting.
    text = (
        "Förbundsfullmäktiges mötesdagar 2019\n"
        "17 december - Överlämnande av delårsrapport per augusti 2019.\n"
    )
    assert _dates(text) == [
        (
            "Förbundsfullmäktige",
            "2019-12-17",
            None,
            None,
            (),
            "Överlämnande av delårsrapport per augusti 2019",
        )
    ]


def test_a_lead_sentence_says_where_all_meetings_are() -> None:
    # Räddningstjänsten Syd (real/48-*): the list's place, in the sentence above it.
    text = (
        "Fastställda mötestider för direktionen\n"
        "Följande mötestider för 2018 är fastställda. "
        "Samtliga möten äger rum på Station Lund i Sessionsrummet.\n"
        "08 februari\n14 mars\n"
    )
    parsed = kalendarium.parse(text)
    assert [(b.name, b.location) for b in parsed.bodies] == [
        ("Direktionen", "Station Lund i Sessionsrummet")
    ]
    assert [d.first.isoformat() for d in parsed.bodies[0].dates] == ["2018-02-08", "2018-03-14"]


def test_a_list_sentence_starts_at_its_time_and_names_the_times_it_leaves() -> None:
    # A region's fullmäktige 2020 (real/49-*): "börjar 09:30" is the start; a second time
    # (day 2 of a two-day meeting, itself all day) is named as not used.
    text = (
        "Regionfullmäktige sammanträder följande datum under 2020: 4 februari och 8-9 juni. "
        "Regionfullmäktiges sammanträden börjar 09:30. "
        "Tvådagarssammanträde börjar 09:30 dag 1 och 09:00 dag 2.\n"
    )
    parsed = kalendarium.parse(text)
    assert [(d.first.isoformat(), d.last, d.time) for d in parsed.bodies[0].dates] == [
        ("2020-02-04", None, "09.30"),
        ("2020-06-08", date(2020, 6, 9), "09.30"),
    ]
    assert [n.message for n in parsed.notes] == [
        "a sentence with 2 date(s) of Regionfullmäktige; its meetings start at its first time, "
        "the other times in it are not used (09:00)"
    ]


def test_a_year_before_the_verb_is_the_meetings_year() -> None:
    # Kommunförbundet Västernorrland (real/50-*): "2023 genomförs förbundsmötet den 27 april."
    text = (
        "Förbundsmötet\n2023 genomförs förbundsmötet den 27 april.\n"
        "I samband med det genomförs också en välfärdskonferens.\n"
    )
    parsed = kalendarium.parse(text)
    assert _dates(text) == [("Förbundsmötet", "2023-04-27", None, None, (), None)]
    assert parsed.read[3] == "a sentence"


def test_a_host_then_a_place_and_a_glued_link() -> None:
    # GR 2017 (real/46-*): the stored page glues a link's text to the word before it.
    text = "Förbundsstyrelsen 2017\nTisdag 13 juni (v 24) i Göteborgs stadUllevi Restaurang och konferens\n"
    parsed = kalendarium.parse(text)
    d = parsed.bodies[0].dates[0]
    assert (d.first, d.hosts, d.location, d.title) == (
        date(2017, 6, 13),
        ("Göteborg",),
        "Ullevi Restaurang och konferens",
        None,
    )


def test_a_bodys_first_meeting_shall_be_held() -> None:
    # Söderåsens miljöförbund's minutes (real/53-*): each sentence names its body's meeting.
    text = (
        "Beredningens första sammanträde skall hållas den 24 januari 2023 kl 09.00\n"
        "Direktionens första sammanträde skall hållas den 7 februari 2023 kl 08.30.\n"
    )
    assert _dates(text) == [
        ("Beredningen", "2023-01-24", "09.00", None, (), None),
        ("Direktionen", "2023-02-07", "08.30", None, (), None),
    ]


def test_a_table_whose_header_names_bodies_and_a_footnote() -> None:
    # Söderåsens miljöförbund 2025 (real/54-*): one column a body, "*" a footnote's mark.
    text = (
        "Beredning | Direktionen |\n---|---|\n"
        "21 januari 2025 kl 08.30 | 4 februari 2025 kl 08.30 |\n"
        "25 februari* 2025 kl 08.30 | 18 mars 2025 kl 08.30 |\n"
        "\n* utökad beredning\n"
    )
    assert sorted(_dates(text)) == [
        ("Beredning", "2025-01-21", "08.30", None, (), None),
        ("Beredning", "2025-02-25", "08.30", None, (), "utökad beredning"),
        ("Direktionen", "2025-02-04", "08.30", None, (), None),
        ("Direktionen", "2025-03-18", "08.30", None, (), None),
    ]


def test_a_row_that_does_not_fit_its_header_and_a_mark_without_footnote_are_named() -> None:
    text = (
        "Beredning\tDirektionen\n"
        "21 januari 2025\t4 februari 2025\n"
        "18 mars 2025\t1 april 2025\t6 maj 2025\n"
        "Presidiet\n12 mars* 2025\n"
    )
    parsed = kalendarium.parse(text)
    assert [(n.line, n.message) for n in parsed.notes] == [
        (3, "a table row whose cells are not one for each body of its header; not used"),
        (5, "a date marked * with no footnote below saying what * means; the mark is not used"),
    ]
    assert [(b.name, len(b.dates)) for b in parsed.bodies] == [
        ("Beredning", 1),
        ("Direktionen", 1),
        ("Presidiet", 1),
    ]


def test_the_board_cancels_its_next_meeting_and_its_meeting_is_no_title() -> None:
    # Samordningsförbundet Roslagen (real/55-*): "ställer in" cancels a date the list does not
    # hold (a cancelled meeting); "Styrelsesammanträdet" only says whose meeting it is.
    text = (
        "Styrelsesammanträdet 2022-09-21\n\nÖvrigt\n\n"
        "• Styrelsen ställer in nästa styrelsesammanträde 19 oktober.\n"
    )
    assert _dates(text, body="Styrelsen") == [
        ("Styrelsen", "2022-09-21", None, None, (), None),
        ("Styrelsen", "2022-10-19", None, "cancelled", (), None),
    ]
    assert _dates("Direktionen 2025\n14 mars Direktionsmöte\n15 mars Årsmöte\n") == [
        ("Direktionen", "2025-03-14", None, None, (), None),
        ("Direktionen", "2025-03-15", None, None, (), "Årsmöte"),
    ]


def test_without_body_the_documents_name_the_body() -> None:
    # RSNV's page (real/44-*) read without --body: "Protokoll direktionen …" names Direktionen;
    # the page title "Politik" is a heading with no dates, and named so.
    parsed = kalendarium.parse(_MINUTES)
    assert [(b.name, len(b.dates)) for b in parsed.bodies] == [("Direktionen", 4)]
    assert [(n.line, n.message) for n in parsed.notes] == [(1, "a heading with no dates under it")]


def test_a_list_newest_first_puts_a_yearless_date_between_its_neighbours() -> None:
    # Miljösamverkan Stockholms län (real/57-*): 12 November lies between May 2021 and May 2020.
    text = (
        "Miljöchefsträffar\nTidigare träffar\n"
        "Miljöchefsträff 27 maj 2021\nMiljöchefsträff 12 november\n"
        "Miljöchefsträff 15 maj 2020\nMiljöchefsträff 13 november 2019\n"
    )
    assert [d[1] for d in _dates(text)] == ["2021-05-27", "2020-11-12", "2020-05-15", "2019-11-13"]
    assert {d[5] for d in _dates(text)} == {None}  # "Miljöchefsträff" of Miljöchefsträffar
    # Without the newer neighbour, the two below still say the list runs backwards.
    below = "Miljöchefsträffar\nMiljöchefsträff 12 november\n" + text.split("\n", 4)[4]
    assert [d[1] for d in _dates(below)] == ["2020-11-12", "2020-05-15", "2019-11-13"]
    # A list that runs forwards rolls into the next year as before.
    forwards = "Styrelsen\n15 maj 2020\n12 november\n13 februari 2021\n"
    assert [d[1] for d in _dates(forwards)] == ["2020-05-15", "2020-11-12", "2021-02-13"]


def test_a_sentence_naming_a_listed_meetings_place_is_named() -> None:
    text = (
        "Miljöchefsträffar\nMiljöchefsträff 14-15 maj 2019\n"
        "Deltagare vid miljöchefsträffen 14-15 maj 2019, Bommersviks kursgård, Nykvarns kommun.\n"
    )
    parsed = kalendarium.parse(text)
    assert [n.message for n in parsed.notes] == [
        "a sentence about a listed meeting; the place in it "
        "(Bommersviks kursgård, Nykvarns kommun) is not used"
    ]


def test_the_arbetsutskott_of_a_boards_committees() -> None:
    # Region Värmland (real/56-*): "Patientnämndens utskott", then its arbetsutskott's dates.
    text = "Patientnämndens utskott\nMötesdatum för arbetsutskottet 2021\n19 januari\n"
    assert _dates(text) == [("Patientnämndens arbetsutskott", "2021-01-19", None, None, (), None)]


def test_a_heading_about_a_body_and_a_pointer_to_a_meetings_notes() -> None:
    # Vårdsamverkan i Göteborgsområdet (real/58-*, 59-*).
    text = (
        "Styrgrupp\nBeredningsgruppens uppdrag\n2026\n16 januari kl. 13:00–14:00\n"
        "Politiskt samråd\nKortinfo från möte\nFrån möte 2018-11-30\n"
        "Läs mer i minnesanteckningarna från 2018-11-30\n"
    )
    parsed = kalendarium.parse(text)
    assert [(b.name, [d.first.isoformat() for d in b.dates]) for b in parsed.bodies] == [
        ("Styrgrupp", ["2026-01-16"]),
        ("Politiskt samråd", ["2018-11-30"]),
    ]
    assert parsed.read[8] == "another document of the meeting of 2018-11-30"


def test_a_date_a_few_months_back_is_the_same_year() -> None:
    # real/59-*: "Samverkanstorg Live 4 oktober" two months before "9 december" is 2019, not 2020;
    # five months or more back ("2 februari" after "9 december") starts the next year.
    text = (
        "Politiskt samråd\n2019\n4 oktober kl. 13.00-16.00\n9 december kl. 13.00-16.00\n"
        "Samverkanstorg Live 4 oktober kl. 09.00-12.00\n"
    )
    assert [(d[1], d[2], d[5]) for d in _dates(text)] == [
        ("2019-10-04", "13.00-16.00", None),
        ("2019-12-09", "13.00-16.00", None),
        ("2019-10-04", "09.00-12.00", "Samverkanstorg Live"),
    ]
    spring = "Styrelsen 2019\n9 december\n2 februari\n"
    assert [d[1] for d in _dates(spring)] == ["2019-12-09", "2020-02-02"]


def _starts(text: str) -> tuple[list[tuple[str, str, str | None]], dict[int, str]]:
    parsed = kalendarium.parse(text)
    assert parsed.problems == [], parsed.problems
    when = [(b.name, d.first.isoformat(), d.time or b.time) for b in parsed.bodies for d in b.dates]
    return when, {n.line: n.message for n in parsed.notes}


@pytest.mark.parametrize("before", [True, False])
def test_a_sentence_says_when_each_body_starts(before: bool) -> None:
    # VBU (kommunalförbund), 2017: "Arbetsutskottet börjar sina sammanträden kl
    # 13.15 och direktionen kl 14.00", before or after the two lists; a date
    # with a time of its own keeps it.
    lists = "Arbetsutskott\n2 februari\n17 mars (Obs! Fredag kl 09.00-12.00)\nDirektionen\n23 februari\n"
    sentence = "Arbetsutskottet börjar sina sammanträden kl 13.15 och direktionen kl 14.00.\n"
    text = "Sammanträdestider 2017\n" + (sentence + lists if before else lists + sentence)
    when, notes = _starts(text)
    assert when == [
        ("Arbetsutskott", "2017-02-02", "13.15"),
        ("Arbetsutskott", "2017-03-17", "09.00-12.00"),
        ("Direktionen", "2017-02-23", "14.00"),
    ]
    assert notes == {}


def test_a_start_sentence_naming_a_body_the_list_lacks_is_named_not_used() -> None:
    text = "Direktionen 2017\n23 februari\nStyrelsen börjar kl 13.00.\n"
    when, notes = _starts(text)
    assert when == [("Direktionen", "2017-02-23", None)]
    assert notes == {3: "a sentence that names no meeting date or year; nothing in it was used"}


@pytest.mark.parametrize(
    ("heading", "body", "time", "days"),
    [
        # 27 January and 10 March 2023 are Fridays, 25 January and 8 March Wednesdays.
        ("Direktionen 2023, fredagar kl 08.30-16:00.", "Direktionen", "08.30-16.00", (27, 10)),
        ("Kommunstyrelsen 2023, onsdagar 13.00-16.00.", "Kommunstyrelsen", "13.00-16.00", (25, 8)),
    ],
)
def test_a_heading_whose_time_ends_in_a_full_stop_is_a_heading(
    heading: str, body: str, time: str, days: tuple[int, int]
) -> None:
    # It was read as a sentence, and every date under it had no body (exit 2).
    when, notes = _starts(f"{heading}\n{days[0]} januari\n{days[1]} mars\n")
    assert when == [
        (body, f"2023-01-{days[0]:02d}", time),
        (body, f"2023-03-{days[1]:02d}", time),
    ]
    assert notes == {}


@pytest.mark.parametrize("before", [True, False])
def test_a_sentence_on_all_meetings_gives_the_list_its_start(before: bool) -> None:
    # Sydnärkes utbildningsförbund, 2022: "Samtliga sammanträden fredagar kl
    # 09:00." after the list; its meetings were all-day, the time only named in
    # a warning. 4 March and 1 April 2022 are Fridays.
    sentence = "Samtliga sammanträden fredagar kl 09:00.\n"
    dates = "4 mars\n1 april\n"
    text = "Direktionssammanträden 2022:\n" + (sentence + dates if before else dates + sentence)
    when, notes = _starts(text)
    assert when == [("Direktion", "2022-03-04", "09.00"), ("Direktion", "2022-04-01", "09.00")]
    assert notes == {}


def test_a_sentence_on_all_meetings_checks_the_weekday_it_names() -> None:
    # 5 March 2022 is a Saturday, not a Friday.
    parsed = kalendarium.parse("Direktionen 2022\n4 mars\n5 mars\nAlla möten fredagar kl 09.00.\n")
    assert [(p.line, p.message) for p in parsed.problems] == [
        (3, "2022-03-05 is a lördag, but Direktionen meets on fredagar")
    ]


@pytest.mark.parametrize(
    ("heading", "body"),
    [
        ("Direktionssammanträden 2022:", "Direktion"),
        ("Styrelsemöten 2024", "Styrelse"),
        ("Nämndsammanträden 2023", "Nämnd"),
    ],
)
def test_a_body_and_a_list_word_in_one_word_name_the_body(heading: str, body: str) -> None:
    # It was the body "Direktionssammanträden".
    when, _ = _starts(f"{heading}\n4 mars\n")
    assert [name for name, _, _ in when] == [body]


def test_a_board_decision_on_its_days_in_dotted_dates() -> None:
    # Egentliga Finlands regionala räddningsnämnd, spring 2017: "1.2.2017" was
    # no date (every line a heading with no dates, 0 meetings), the body was
    # "… räddningsnämnd beslutar att våren", and the proposal's author and
    # date ("Räddningschef Mika Kontio 13.12.2016:") a meeting. 1 February
    # 2017 is a Wednesday, 2 March a Thursday.
    text = (
        "Räddningschef Mika Kontio 13.12.2016:\n"
        "Egentliga Finlands regionala räddningsnämnd beslutar att under våren 2017 "
        "sammanträda enligt följande:\n"
        "onsdag 1.2.2017 kl. 17.00\n"
        "torsdag 2.3.2017 kl. 17.00\n"
    )
    parsed = kalendarium.parse(text)
    assert parsed.problems == []
    body = "Egentliga Finlands regionala räddningsnämnd"
    assert [(b.name, d.first.isoformat(), d.time) for b in parsed.bodies for d in b.dates] == [
        (body, "2017-02-01", "17.00"),
        (body, "2017-03-02", "17.00"),
    ]
    assert {n.line: n.message for n in parsed.notes} == {1: "a document date; not a meeting"}


@pytest.mark.parametrize(
    ("written", "day"), [("13.12.2016", "2016-12-13"), ("1.2.2017", "2017-02-01")]
)
def test_dotted_dates_need_their_year(written: str, day: str) -> None:
    assert _dates(f"Direktionen\n{written}\n") == [("Direktionen", day, None, None, (), None)]
    # Without a year, "13.12" is a time, never a date.
    assert _dates("Direktionen 2017\n1 februari kl 13.12\n")[0][2] == "13.12"


def test_a_genitive_heading_of_several_words_names_the_body() -> None:
    # It was the body "Den regionala räddningsnämndens".
    text = "Den regionala räddningsnämndens mötesdagar 2017\n1 februari\n"
    assert _dates(text)[0][0] == "Den regionala räddningsnämnden"


def test_a_document_named_in_the_genitive_is_its_bodys_meeting() -> None:
    # Medelpads räddningstjänstförbund, "Direktionens protokoll 9 december 2022":
    # "a date before any heading naming a body" (exit 2), though "Protokoll
    # direktionen 9 december 2022" was read.
    text = "Direktionens protokoll 9 december 2022\nDirektionens protokoll 17 februari 2023\n"
    assert [(d[0], d[1], d[5]) for d in _dates(text)] == [
        ("Direktionen", "2022-12-09", None),
        ("Direktionen", "2023-02-17", None),
    ]


@pytest.mark.parametrize(
    ("line", "body", "day"),
    [
        ("Styrelseprotokoll 2023-01-25 PDF", "Styrelse", "2023-01-25"),
        ("Direktionsprotokoll 2013-09-20", "Direktion", "2013-09-20"),
    ],
)
def test_a_document_named_with_its_body_in_one_word(line: str, body: str, day: str) -> None:
    # Samordningsförbundet Roslagen, "Styrelseprotokoll 2023-01-25 PDF" under
    # "För dig som vill veta mer": it was a meeting of "Dig som vill veta mer"
    # titled "Styrelseprotokoll, PDF".
    text = f"För dig som vill veta mer\n{line}\n"
    assert [(d[0], d[1], d[5]) for d in _dates(text)] == [(body, day, None)]


def test_a_minutes_notice_gives_one_meeting() -> None:
    # Söderåsens miljöförbund, the minutes of 6 February 2024: the checking
    # (9 February) and the notice's dates (9 February, 4 March) were meetings,
    # of "Agneta Sörensson (M" and of "Organ: Direktionen för Söderåsens
    # Miljöförbund", and the meeting's own date a second meeting that day.
    text = (
        "Direktionens protokoll 6 februari 2024\n"
        "Söderåsens Miljöförbund, Storgatan 50 C, Klippan kl 08.30 - 11.45\n"
        "Utses att justera:\n"
        "Agneta Sörensson (M)\n"
        "Justeringens plats:\n"
        "Fredag den 9 februari 2024 - Digital justering\n"
        "Organ: Direktionen för Söderåsens Miljöförbund\n"
        "Sammanträdesdatum: 2024-02-06\n"
        "Datum då anslaget sätts upp: 2024-02-09\n"
        "Datum då anslaget tas ner: 2024-03-04\n"
        "Protokollet justeras fredag den 9 februari 2024 - digital justering.\n"
    )
    assert [(d[0], d[1]) for d in _dates(text)] == [("Direktionen", "2024-02-06")]
    notes = {n.line: n.message for n in kalendarium.parse(text).notes}
    assert notes[2].endswith("the time in it is not used")
    assert [n for n, m in notes.items() if m == "a document date; not a meeting"] == [6, 9, 10, 11]


def test_a_minutes_date_whose_notice_names_no_body_is_refused() -> None:
    # Samordningsförbundet Sydnärke, 16 December 2016: "Organ och §§:" has the
    # organisation below it, no body; the date was a meeting of the person's
    # name above it ("Utdragsbestyrkande", "Inger Trodell Dahl").
    text = (
        "Inger Trodell Dahl\nUtdragsbestyrkande\nOrgan och §§:\n"
        "Samordningsförbundet Sydnärke\nSammanträdesdatum: 2016-12-16\n"
    )
    parsed = kalendarium.parse(text)
    assert [(p.line, p.message.split(";")[0]) for p in parsed.problems] == [
        (5, "the date of a meeting whose minutes name no body (no 'Organ: …' line above)")
    ]
    given = kalendarium.parse(text, body="Styrelsen")
    assert given.problems == []
    assert [(b.name, d.first) for b in given.bodies for d in b.dates] == [
        ("Styrelsen", date(2016, 12, 16))
    ]
    # Under a body's heading, "Sammanträdesdatum: …" is that body's date, as before.
    assert _dates("Direktionen\nSammanträdesdatum: 2024-02-06\n")[0][:2] == (
        "Direktionen",
        "2024-02-06",
    )


def test_a_joint_committee_with_its_members_and_host() -> None:
    # Älmhult's sammanträdesplan 2019: "Gemensam överförmyndarnämnd - Ljungby,
    # Älmhult, Markaryd" over "Värdkommun: Ljungby"; the dates were a body
    # "Värdkommun: Ljungby" with no host.
    text = (
        "Sammanträdestider 2019\n"
        "Gemensam överförmyndarnämnd - Ljungby, Älmhult, Markaryd\n"
        "Värdkommun: Ljungby\n"
        "24 januari\n14 mars\n"
    )
    assert [(d[0], d[1], d[4]) for d in _dates(text)] == [
        ("Gemensam överförmyndarnämnd", "2019-01-24", ("Ljungby",)),
        ("Gemensam överförmyndarnämnd", "2019-03-14", ("Ljungby",)),
    ]
    notes = {n.line: n.message for n in kalendarium.parse(text).notes}
    assert notes == {
        2: "the heading of a body; the municipalities it is of are not used as members "
        "(Ljungby, Älmhult, Markaryd; give them with --members)"
    }
    # A host that is no municipality is no host: the line is a heading, as before.
    assert _dates("Styrelsen 2019\nVärd: Stadshuset\n24 januari\n")[0][4] == ()


def test_a_sub_heading_saying_which_meetings_is_their_title() -> None:
    # Älmhult 2019: "Sammanträden endast i utskottet" under "Socialnämnden och
    # socialnämndens utskott" was a body "Endast i utskottet", and its
    # February date (below 18 December) fell in 2020.
    text = (
        "Socialnämnden och socialnämndens utskott 2019\n"
        "Sammanträden i både nämnd och utskott\n18 december\n"
        "Sammanträden endast i utskottet\n6 februari\n"
    )
    body = "Socialnämnden och socialnämndens utskott"
    assert [(d[0], d[1], d[5]) for d in _dates(text)] == [
        (body, "2019-12-18", "Sammanträden i både nämnd och utskott"),
        (body, "2019-02-06", "Sammanträden endast i utskottet"),
    ]


def test_a_minutes_label_is_no_body_and_gives_the_place() -> None:
    # Medelpads räddningstjänstförbund, ägarrådets protokoll: the date under
    # "Datum, tid och plats" was a meeting of the body "Tid och plat", titled
    # with its place.
    text = (
        "Ägarrådet\nOrgan\nÄgarråd.\nDatum, tid och plats\n"
        "30 oktober 2023, klockan 13.00-15.00. Hotell Höga Kusten respektive digitalt.\n"
    )
    parsed = kalendarium.parse(text)
    assert parsed.problems == []
    assert [
        (b.name, d.first, d.time, d.title, d.location) for b in parsed.bodies for d in b.dates
    ] == [
        (
            "Ägarrådet",
            date(2023, 10, 30),
            "13.00-15.00",
            None,
            "Hotell Höga Kusten respektive digitalt",
        )
    ]


def test_a_news_headline_and_its_text_are_one_meeting() -> None:
    # Region Kronoberg's news: "Den 19 maj klockan 9 sammanträder
    # regionstyrelsen." was a body "Den maj klockan" (a second meeting that
    # day); "Regionstyrelsen sammanträder den 24 augusti" below a
    # regionfullmäktige item went to Regionfullmäktige; "Tisdag och onsdag den
    # 15-16 juni sammanträder regionfullmäktige." was no meeting, and made
    # Regionfullmäktige meet on Tuesdays. 19 May 2021 is a Wednesday.
    text = (
        "Regionstyrelsen sammanträder den 19 maj 2021\n"
        "Den 19 maj klockan 9 sammanträder regionstyrelsen. Samtliga deltar digitalt.\n"
        "Regionfullmäktige sammanträder den 8 september 2021\n"
        "Regionstyrelsen sammanträder den 24 augusti 2021\n"
        "Budgetbeslut när regionfullmäktige sammanträder\n"
        "Tisdag och onsdag den 15-16 juni 2021 sammanträder regionfullmäktige. Mötet direktsänds.\n"
    )
    parsed = kalendarium.parse(text)
    assert parsed.problems == []
    got = sorted(
        (b.name, d.first.isoformat(), d.time or b.time) for b in parsed.bodies for d in b.dates
    )
    assert got == [
        ("Regionfullmäktige", "2021-06-15", None),
        ("Regionfullmäktige", "2021-09-08", None),
        ("Regionstyrelsen", "2021-05-19", "09.00"),
        ("Regionstyrelsen", "2021-08-24", "09.00"),
    ]


def test_a_sentence_moving_a_listed_meeting() -> None:
    # The sentence is a region's demokratiberedning's (moten.lg.se, 6
    # March 2024); the list around it is made up. The sentence was "a
    # sentence that mentions a date": the list kept 15 May, and 7 May was lost.
    sentence = (
        "Demokratiberedningen behöver ändra datum för sammanträdet den 15 maj 2024 till den "
        "7 maj 2024 för att hinna ta del av eftersändningen av Demokratidagen 2024.\n"
    )
    text = "Demokratiberedningen 2024\n13 mars kl 13.00\n15 maj kl 13.00\n" + sentence
    got = [(d[1], d[2], d[3]) for d in _dates(text)]
    assert got == [
        ("2024-03-13", "13.00", None),
        ("2024-05-15", "13.00", "cancelled"),
        ("2024-05-07", "13.00", None),
    ]
    # A move of a day the list does not hold is named, not read.
    notes = {
        n.line: n.message for n in kalendarium.parse("Demokratiberedningen 2024\n" + sentence).notes
    }
    assert notes[2].startswith("a sentence that mentions a date")


def test_a_weekday_after_one_date_of_several_is_that_dates() -> None:
    # A party group's meeting days, Uddevalla 2019: "28 jan, 25 feb, 25 mars, 23
    # april (OBS tisdag), 27 maj": the weekday was the line's, checked against
    # 28 January (a Monday), and the whole line refused. 23 April 2019 is a
    # Tuesday (22 April was Easter Monday).
    text = "Gruppmöten inför Kommunstyrelsen 2019\n28 jan, 25 feb, 23 april (OBS tisdag), 27 maj\n"
    assert [d[1] for d in _dates(text)] == ["2019-01-28", "2019-02-25", "2019-04-23", "2019-05-27"]
    wrong = kalendarium.parse("Styrelsen 2019\n28 jan, 24 april (OBS tisdag), 27 maj\n")
    assert [p.message.split(";")[0] for p in wrong.problems] == [
        "2019-04-24 is a onsdag, not a tisdag"
    ]


def test_a_sentence_with_a_date_written_in_six_digits_is_named() -> None:
    # Finnvedens samordningsförbund's news (finsamjonkopingslan.se, 28 September
    # 2020) writes its meeting days yymmdd: "vid mötet 200924", "det möte som
    # styrelsen planerat 201126". The sentence also names "Verksamhetsplan 2021",
    # so it was "a sentence naming 2021": used for the year, its two dates lost
    # without a word (exit 0, no meeting). 24 September 2020 is a Thursday.
    sentence = (
        "Tankar från strategidagen finns med i det förslag till Verksamhetsplan 2021 som "
        "styrelsen fastställde vid mötet 200924. Planen kommer att tas upp vid det möte "
        "som styrelsen planerat 201126. Detta möte är offentligt.\n"
    )
    parsed = kalendarium.parse("Styrelsen\n" + sentence, year=2020)
    assert parsed.bodies == []
    notes = {n.line: n.message for n in parsed.notes}
    assert notes[2].startswith("a sentence that mentions a date")
    # Six digits that are no date (month 00, 34) are not one: a sentence with nothing used.
    amounts = (
        "Styrelsen 2020\n3 mars\nUnder året fördelar styrelsen 250000 kr till 123456 insatser.\n"
    )
    assert _dates(amounts) == [("Styrelsen", "2020-03-03", None, None, (), None)]
    notes = {n.line: n.message for n in kalendarium.parse(amounts).notes}
    assert notes[3].startswith("a sentence that names no meeting date")


def test_a_welcome_page_to_one_meeting_with_the_period_and_the_papers_sent() -> None:
    # Storsthlm's page on its förbundsmöte (stage.storsthlm.se, 2023): the heading
    # "Mandatperioden 2023-2026" was a body, and the welcome line its meeting; the
    # papers "skickades … den 9 mars" were a meeting of "Så här går det till".
    # By hand: one meeting, förbundsmötet on 23 March 2023 (a Thursday).
    text = (
        "Förbundsmötet\n"
        "Mandatperioden 2023-2026\n"
        "Välkommen till förbundsmötet den 23 mars\n"
        "Den 23 mars 2023 sammanträder förbundsmötet för att anta den strategiska "
        "inriktningen och besluta om serviceavgiften för mandatperioden 2023-2026.\n"
        "Så här går det till:\n"
        "Handlingarna skickades till dig från Easymeet (digitalt mötesverktyg) den 9 mars.\n"
    )
    parsed = kalendarium.parse(text)
    assert parsed.problems == []
    got = [(b.name, d.first.isoformat(), d.title) for b in parsed.bodies for d in b.dates]
    assert got == [("Förbundsmötet", "2023-03-23", None)]
    notes = {n.line: n.message for n in parsed.notes}
    assert notes[6].startswith("a document date")
    assert notes[5].startswith("a heading with no dates")


def test_a_weekday_in_its_definite_form_is_checked() -> None:
    # Sydarkivera's förbundsfullmäktige (sydarkivera.se, 2023): "Tid: Fredagen den
    # 11 november 2023 kl. 10.00" under "Kallelse förbundsfullmäktige 2023-11-10".
    # "Fredagen" was no weekday: it became the title, and the page's slip (11
    # November 2023 is a Saturday; the 10th is the Friday) passed without a word.
    text = "Förbundsfullmäktige\nFredagen den 31 mars 2023 kl. 10.00\n"
    assert _dates(text) == [("Förbundsfullmäktige", "2023-03-31", "10.00", None, (), None)]
    wrong = kalendarium.parse("Förbundsfullmäktige\nFredagen den 11 november 2023 kl. 10.00\n")
    assert [p.message.split(";")[0] for p in wrong.problems] == [
        "2023-11-11 is a lördag, not a fredag"
    ]


def test_a_body_proposed_to_meet_is_the_body() -> None:
    # Region Västmanland's regionfullmäktige, its agenda of 19 June 2018 (item 5,
    # docplayer.se): the body was "Fullmäktige föreslås", the verb glued to it.
    text = (
        "Fullmäktige föreslås sammanträda följande datum under år 2019: 20 februari, "
        "17 april, 18 juni, 18 september, 23 oktober och 20 november.\n"
    )
    got = [(d[0], d[1]) for d in _dates(text)]
    days = ["02-20", "04-17", "06-18", "09-18", "10-23", "11-20"]
    assert got == [("Fullmäktige", f"2019-{day}") for day in days]
