"""Every Swedish and English word the package writes or reads, in one place.

Event texts are Swedish by default (SPEC §3); `Language` selects the words.
Nothing here depends on anything else in the package.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType
from typing import Final


class Language(StrEnum):
    """The language of event texts, listings and alphabetical order."""

    SV = "sv"
    """Swedish (the default)."""
    EN = "en"
    """English."""


def _frozen(
    table: dict[Language, dict[str, str]],
) -> MappingProxyType[Language, MappingProxyType[str, str]]:
    return MappingProxyType({lang: MappingProxyType(words) for lang, words in table.items()})


MONTHS: Final = MappingProxyType({
    Language.SV: ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                  "september", "oktober", "november", "december"),
    Language.EN: ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December"),
})  # fmt: skip
"""Month names, January first."""

MONTHS_SHORT: Final = MappingProxyType({
    Language.SV: ("jan", "feb", "mar", "apr", "maj", "jun",
                  "jul", "aug", "sep", "okt", "nov", "dec"),
    Language.EN: ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
})  # fmt: skip
"""Abbreviated month names, as tables write them."""

WEEKDAYS_SHORT: Final = MappingProxyType({
    Language.SV: ("mån", "tis", "ons", "tors", "fre", "lör", "sön"),
    Language.EN: ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
})  # fmt: skip
"""Abbreviated weekday names, Monday first."""

WEEKDAYS: Final = MappingProxyType({
    Language.SV: ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    Language.EN: ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
})  # fmt: skip
"""Weekday names, Monday first."""

WEEKDAY_NAMES: Final = MappingProxyType(
    {name.lower(): number for names in WEEKDAYS.values() for number, name in enumerate(names)}
)
"""Weekday names a cooperation file may use, in either language, Monday = 0."""

EVENT: Final = _frozen(
    {
        Language.SV: {
            "provisional": "Preliminärt",
            "cancelled": "Inställt",
            "host": "Värd",
            "hosts": "Värdar",
            "chair": "Ordförande",
            "vice_chair": "Vice ordförande",
            "month_only": "Datum ej fastställt, preliminärt under {month}.",
            "off_rule": "Flyttat i år: den vanliga regeln gick inte att följa, så mötet ligger "
            "på närmaste möjliga dag.",
            "and": " och ",
            "deputy": "vice",
            "rotations": "rotationer",
            "conference": "Delta via länk",
            "agenda": "Dagordning",
            "minutes": "Protokoll",
            "url": "Mer information",
        },
        Language.EN: {
            "provisional": "Provisional",
            "cancelled": "Cancelled",
            "host": "Host",
            "hosts": "Hosts",
            "chair": "Chair",
            "vice_chair": "Vice chair",
            "month_only": "Date not set; provisionally in {month}.",
            "off_rule": "Moved this year: the usual rule could not be kept, so the meeting is on "
            "the nearest day possible.",
            "and": " and ",
            "deputy": "deputy",
            "rotations": "rotations",
            "conference": "Join online",
            "agenda": "Agenda",
            "minutes": "Minutes",
            "url": "More information",
        },
    }
)
"""The words of event texts (summaries and descriptions) and feed names."""

MUNICIPALITIES: Final = frozenset(
    name.replace("_", " ")
    for name in """
    Botkyrka Danderyd Ekerö Haninge Huddinge Järfälla Lidingö Nacka Norrtälje Nykvarn Nynäshamn
    Salem Sigtuna Sollentuna Solna Stockholm Sundbyberg Södertälje Tyresö Täby Upplands_Väsby
    Upplands-Bro Vallentuna Vaxholm Värmdö Österåker
    Enköping Heby Håbo Knivsta Tierp Uppsala Älvkarleby Östhammar
    Eskilstuna Flen Gnesta Katrineholm Nyköping Oxelösund Strängnäs Trosa Vingåker
    Boxholm Finspång Kinda Linköping Mjölby Motala Norrköping Söderköping Vadstena Valdemarsvik
    Ydre Åtvidaberg Ödeshög
    Aneby Eksjö Gislaved Gnosjö Habo Jönköping Mullsjö Nässjö Sävsjö Tranås Vaggeryd Vetlanda
    Värnamo
    Alvesta Lessebo Ljungby Markaryd Tingsryd Uppvidinge Växjö Älmhult
    Borgholm Emmaboda Hultsfred Högsby Kalmar Mönsterås Mörbylånga Nybro Oskarshamn Torsås
    Vimmerby Västervik
    Gotland
    Karlshamn Karlskrona Olofström Ronneby Sölvesborg
    Bjuv Bromölla Burlöv Båstad Eslöv Helsingborg Hässleholm Höganäs Hörby Höör Klippan
    Kristianstad Kävlinge Landskrona Lomma Lund Malmö Osby Perstorp Simrishamn Sjöbo Skurup
    Staffanstorp Svalöv Svedala Tomelilla Trelleborg Vellinge Ystad Åstorp Ängelholm
    Örkelljunga Östra_Göinge
    Falkenberg Halmstad Hylte Kungsbacka Laholm Varberg
    Ale Alingsås Bengtsfors Bollebygd Borås Dals-Ed Essunga Falköping Färgelanda Grästorp
    Gullspång Göteborg Götene Herrljunga Hjo Härryda Karlsborg Kungälv Lerum Lidköping
    Lilla_Edet Lysekil Mariestad Mark Mellerud Munkedal Mölndal Orust Partille Skara Skövde
    Sotenäs Stenungsund Strömstad Svenljunga Tanum Tibro Tidaholm Tjörn Tranemo Trollhättan
    Töreboda Uddevalla Ulricehamn Vara Vårgårda Vänersborg Åmål Öckerö
    Arvika Eda Filipstad Forshaga Grums Hagfors Hammarö Karlstad Kil Kristinehamn Munkfors
    Storfors Sunne Säffle Torsby Årjäng
    Askersund Degerfors Hallsberg Hällefors Karlskoga Kumla Laxå Lekeberg Lindesberg
    Ljusnarsberg Nora Örebro
    Arboga Fagersta Hallstahammar Kungsör Köping Norberg Sala Skinnskatteberg Surahammar Västerås
    Avesta Borlänge Falun Gagnef Hedemora Leksand Ludvika Malung-Sälen Mora Orsa Rättvik
    Smedjebacken Säter Vansbro Älvdalen
    Bollnäs Gävle Hofors Hudiksvall Ljusdal Nordanstig Ockelbo Ovanåker Sandviken Söderhamn
    Härnösand Kramfors Sollefteå Sundsvall Timrå Ånge Örnsköldsvik
    Berg Bräcke Härjedalen Krokom Ragunda Strömsund Åre Östersund
    Bjurholm Dorotea Lycksele Malå Nordmaling Norsjö Robertsfors Skellefteå Sorsele Storuman Umeå
    Vilhelmina Vindeln Vännäs Åsele
    Arjeplog Arvidsjaur Boden Gällivare Haparanda Jokkmokk Kalix Kiruna Luleå Pajala Piteå
    Älvsbyn Överkalix Övertorneå
    """.split()  # noqa: SIM905 - a list of 290 names reads better as text
)
"""Sweden's 290 municipalities: a name among them after a date is a host, without --members."""
AGENCIES: Final = frozenset({"Försäkringskassan", "Arbetsförmedlingen"})
"""Members of a samordningsförbund besides municipalities and regions."""

END_NOT_STATED: Final = "Sluttiden är inte angiven."
"""Said in a meeting's description when its time was given as a start only."""
STATUS: Final = _frozen(
    {
        Language.SV: {"provisional": "preliminärt", "cancelled": "inställt", "confirmed": ""},
        Language.EN: {"provisional": "provisional", "cancelled": "cancelled", "confirmed": ""},
    }
)
"""A meeting's status as listings write it (confirmed says nothing)."""

FEED_KINDS: Final = _frozen({
    Language.SV: {"cooperation": "Hela samarbetet", "body": "Organ", "member": "Kommun",
                  "rotations": "Rotationer"},
    Language.EN: {"cooperation": "Whole cooperation", "body": "Body", "member": "Municipality",
                  "rotations": "Rotations"},
})  # fmt: skip
"""What each kind of feed is called on the index page."""

INDEX: Final = _frozen(
    {
        Language.SV: {
            "title": "Kalendrar att prenumerera på",
            "calendar": "Kalender",
            "events": "Händelser",
            "subscribe": "Prenumerera",
            "download": "Ladda ner",
            "apple": "Apple, Outlook, Thunderbird",
            "google": "Google (klistra in adressen)",
            "timeline": "Vem är ordförande och värd när",
            "help": (
                "Prenumerera så uppdateras kalendern av sig själv; ladda ner för en engångskopia."
            ),
            "members": "Medlemmar",
            "next": "Nästa möten",
            "date": "Datum",
            "time": "Tid",
            "meeting": "Möte",
            "host": "Värd",
            "place": "Plats",
            "chair": "Ordförande",
            "no_meetings": "Inga fler möten är planerade.",
            "now": "Vem är ordförande och värd nu och härnäst",
            "role": "Uppdrag",
            "current": "Nu",
            "following": "Härnäst",
            "legend": "Färgförklaring",
            "feeds": "Kalendrar",
            "kind": "Slag",
            "copy": "Kopiera länk",
            "copied": "Kopierad",
            "kalendarium": "Kalendarium",
            "cooperations": "Samarbeten",
            "mine": "Vilken kalender är min?",
            "mine_board": "Förtroendevald i {body}",
            "mine_management": "Direktör i {body}",
            "mine_member": "Tjänsteperson i en av kommunerna",
            "mine_all": "Allt i {coop}",
            "mine_more": "Alla kalendrar finns längre ned.",
            "google_short": "Google",
            "vice_chair": "vice ordförande",
            "vice": "vice",
            "provisional": "preliminärt",
            "cancelled": "inställt",
            "turns": "Tur för tur",
        },
        Language.EN: {
            "title": "Calendars to subscribe to",
            "calendar": "Calendar",
            "events": "Events",
            "subscribe": "Subscribe",
            "download": "Download",
            "apple": "Apple, Outlook, Thunderbird",
            "google": "Google (paste the address)",
            "timeline": "Who chairs and hosts when",
            "help": "Subscribe and the calendar updates itself; download for a one-off copy.",
            "members": "Members",
            "next": "Next meetings",
            "date": "Date",
            "time": "Time",
            "meeting": "Meeting",
            "host": "Host",
            "place": "Place",
            "chair": "Chair",
            "no_meetings": "No more meetings are planned.",
            "now": "Who chairs and hosts now and next",
            "role": "Role",
            "current": "Now",
            "following": "Next",
            "legend": "Legend",
            "feeds": "Calendars",
            "kind": "Kind",
            "copy": "Copy link",
            "copied": "Copied",
            "kalendarium": "Calendar",
            "cooperations": "Cooperations",
            "mine": "Which calendar is mine?",
            "mine_board": "Elected member of {body}",
            "mine_management": "Director in {body}",
            "mine_member": "Officer in one of the municipalities",
            "mine_all": "Everything in {coop}",
            "mine_more": "Every calendar is listed further down.",
            "google_short": "Google",
            "vice_chair": "vice chair",
            "vice": "vice",
            "provisional": "provisional",
            "cancelled": "cancelled",
            "turns": "Turn by turn",
        },
    }
)
"""The words of the index page."""

CHANGES: Final = _frozen(
    {
        Language.SV: {
            "new": "nytt möte",
            "moved": "flyttat",
            "cancelled": "inställt",
            "host": "ny värd",
            "chair": "ny ordförande",
            "vice_chair": "ny vice ordförande",
            "and": " och ",
            "feed": "Ändringar",
            "latest": "Senaste ändringarna",
            "none": "Inga ändringar ännu.",
            "concerns": "Berör",
            "change": "ändring",
            "changes": "ändringar",
        },
        Language.EN: {
            "new": "new meeting",
            "moved": "moved",
            "cancelled": "cancelled",
            "host": "new host",
            "chair": "new chair",
            "vice_chair": "new vice chair",
            "and": " and ",
            "feed": "Changes",
            "latest": "Latest changes",
            "none": "No changes yet.",
            "concerns": "Concerns",
            "change": "change",
            "changes": "changes",
        },
    }
)
"""The words of the change log."""

HANDOUT: Final = _frozen(
    {
        Language.SV: {
            "title": "Kalendarium",
            "body": "Organ",
            "date": "Datum",
            "day": "Dag",
            "time": "Tid",
            "place": "Plats",
            "host": "Värd",
            "chair": "Ordförande",
            "note": "Anmärkning",
            "vice_chair": "vice ordförande",
        },
        Language.EN: {
            "title": "Calendar",
            "body": "Body",
            "date": "Date",
            "day": "Day",
            "time": "Time",
            "place": "Place",
            "host": "Host",
            "chair": "Chair",
            "note": "Note",
            "vice_chair": "vice chair",
        },
    }
)
"""The words of the kalendarium hand-out (`samverkan kalendarium`)."""

DATES: Final = _frozen(
    {
        Language.SV: {
            "day": "{d} {mon} {y}",
            "weekday": "{wd} {d} {mon} {y}",
            "long": "{wd} {d} {month} {y}",
            "month": "{month} {y}",
            "span_in_month": "{d}–{last_d} {mon} {y}",
            "span": "{first}–{last}",
            "handout_day": "{d} {month}",
            "handout_month": "{month}",
            "handout_span_in_month": "{d}–{last_d} {month}",
            "handout_span": "{first} – {last}",
        },
        Language.EN: {
            "day": "{iso}",
            "weekday": "{iso}",
            "long": "{iso}",
            "month": "{y}-{mm} (month)",
            "span_in_month": "{iso}–{last_dd}",
            "span": "{first}–{last}",
            "handout_day": "{d} {month}",
            "handout_month": "{month}",
            "handout_span_in_month": "{d}–{last_d} {month}",
            "handout_span": "{first} – {last}",
        },
    }
)
"""How listings write a day, a month and two days of one meeting (`str.format` forms).

Fields: ``d`` the day, ``mon``/``month`` the short/long month name, ``wd``
the short weekday, ``y`` the year, ``mm`` the month as two digits, ``iso``
the ISO date; ``last_d``/``last_dd`` the last day of a span in one month;
``first``/``last`` a span's days as "day" writes them. The ``handout_``
forms are the kalendarium hand-out's, whose title says the year.
"""
