"""MID (CBP Manufacturer Identification Code).

U.S. Customs and Border Protection identifies the manufacturer of imported
goods on the entry summary (CBP Form 7501) by a code of up to 15 letters and
digits built from the manufacturer's name and address, by the rules in the
Appendix to 19 CFR Part 102 ("Textile and Apparel Manufacturer
Identification"). CBP's targeting system knows foreign manufacturers, and the
AEOs of mutual-recognition partners, by their MIDs (CBP asks EU and UK AEOs for them under the
mutual recognition arrangements). In order,
the parts are:

1. the ISO 3166-1 alpha-2 code of the country of origin, except that ``CA`` is
   not used: a Canadian manufacturer gets its province's code (``XO`` Ontario,
   ``XQ`` Quebec, ... see :data:`PROVINCE_CODES`);
2. the first three characters of each of the first two words of the name, one
   word giving three characters; two or more initials together count as one
   word and the English words "a", "an", "and", "of" and "the" are ignored;
3. the first four digits of the largest number on the street address line,
   nothing when it has no number;
4. the first three letters of the city.

Parts 1 and 2 and their examples were checked against the Appendix; the
details of parts 3 and 4 follow CBP's guidance as carriers restate it.

:func:`build` applies these rules; :func:`validate` checks only the shape (a
two-letter code other than ``CA``, then 3 to 13 letters or digits), since a
code cannot be checked without the address it was built from.

More information:

* https://www.ecfr.gov/current/title-19/chapter-I/part-102 (Appendix to Part 102;
  copy read at https://ecfr.io/Title-19/Part-102/Appendix)
* https://www.cbp.gov/trade/programs-administration/entry-summary/cbp-form-7501

>>> from ctpat.identifiers import mid
>>> mid.build('Ozrock', '92, Alice Springs Road', 'Melbourne', 'AU')
'AUOZR92MEL'
>>> mid.build('A.B.C. Company', '1200 King St W', 'Toronto', 'CA', province='ON')
'XOABCCOM1200TOR'
>>> mid.validate('myamapla 1234 kua')
'MYAMAPLA1234KUA'
>>> mid.validate('CAABCCOM1200TOR')
Traceback (most recent call last):
    ...
ctpat.errors.InvalidIdentifier: invalid mid 'CAABCCOM1200TOR':
    'CA' is not a valid MID country code; a Canadian manufacturer takes its
    province's code (XA, XB, XC, XM, XN, XO, XP, XQ, XS, XT, XV, XW, XY)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from ctpat.identifiers._util import (
    ALNUM,
    LETTERS,
    check_alnum,
    check_country_prefix,
    clean,
    fail,
    predicate,
)

__all__ = ["NAME", "PROVINCE_CODES", "build", "compact", "is_valid", "validate"]

NAME = "mid"

MAX_LENGTH = 15

#: The codes that replace ``CA`` for each Canadian province and territory, with
#: the names the Appendix to 19 CFR Part 102 gives them.
PROVINCE_CODES: Mapping[str, str] = MappingProxyType(
    {
        "XA": "Alberta",
        "XB": "New Brunswick",
        "XC": "British Columbia",
        "XM": "Manitoba",
        "XN": "Nova Scotia",
        "XO": "Ontario",
        "XP": "Prince Edward Island",
        "XQ": "Quebec",
        "XS": "Saskatchewan",
        "XT": "Northwest Territories",
        "XV": "Nunavut",
        "XW": "Newfoundland (Labrador)",
        "XY": "Yukon Territory",
    }
)

# Other ways callers write a province: Canada Post abbreviations (with the
# retired NF and PQ), current official English names and the French names.
_PROVINCE_ALIASES = {
    "XA": ("AB", "Alberta"),
    "XB": ("NB", "New Brunswick", "Nouveau-Brunswick"),
    "XC": ("BC", "British Columbia", "Colombie-Britannique"),
    "XM": ("MB", "Manitoba"),
    "XN": ("NS", "Nova Scotia", "Nouvelle-Ecosse"),
    "XO": ("ON", "Ontario"),
    "XP": ("PE", "Prince Edward Island", "Ile-du-Prince-Edouard"),
    "XQ": ("QC", "PQ", "Quebec"),
    "XS": ("SK", "Saskatchewan"),
    "XT": ("NT", "Northwest Territories", "Territoires du Nord-Ouest"),
    "XV": ("NU", "Nunavut"),
    "XW": (
        "NL",
        "NF",
        "Newfoundland",
        "Labrador",
        "Newfoundland and Labrador",
        "Terre-Neuve-et-Labrador",
    ),
    "XY": ("YT", "Yukon"),
}

# The words of a name the Appendix says to ignore.
_IGNORED_WORDS = frozenset({"A", "AN", "AND", "OF", "THE"})

# Parts 3 and 4 follow CBP's guidance as FedEx restates it, because the Appendix's
# own paragraphs on them could not be read when this was written: the number is
# the largest on the street line, digits split by a comma or hyphen are one
# number ("12-34" is 1234), and "12th" names the street rather than numbering it.
_NUMBER_SEPARATOR = re.compile(r"(?<=[0-9])[,-](?=[0-9])")
# A whole run of digits that is not an ordinal such as the "12" of "12th Street".
_NUMBER = re.compile(r"(?<![0-9])[0-9]+(?![0-9])(?!(?:ST|ND|RD|TH)(?![A-Z]))")


def _fold(text: str) -> str:
    """``text`` upper-cased with accents removed, so that "Québec" reads "QUEBEC"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def _keep(text: str, allowed: frozenset[str]) -> str:
    return "".join(c for c in text if c in allowed)


def _province_key(text: str) -> str:
    return _keep(_fold(text), LETTERS)


_PROVINCES: Mapping[str, str] = MappingProxyType(
    {
        _province_key(alias): code
        for code, aliases in _PROVINCE_ALIASES.items()
        for alias in (code, PROVINCE_CODES[code], *aliases)
    }
)


def compact(s: str) -> str:
    """The MID without whitespace, dashes or dots, upper-cased.

    Raises :class:`~ctpat.errors.InvalidIdentifier` for a value that is not a string.

    >>> compact('xo-abccom 1200.tor')
    'XOABCCOM1200TOR'
    """
    return clean(s, NAME)


def validate(s: str) -> str:
    """Check the shape of an MID and return it compacted.

    Raises :class:`~ctpat.errors.InvalidIdentifier` naming the first problem found.
    """
    number = compact(s)
    if not number:
        fail(NAME, s, "is empty")
    check_country_prefix(number, NAME, s)
    if number[:2] == "CA":
        fail(
            NAME,
            s,
            "'CA' is not a valid MID country code; a Canadian manufacturer takes its "
            f"province's code ({', '.join(PROVINCE_CODES)})",
        )
    if len(number) < 5:
        fail(
            NAME,
            s,
            f"needs at least 3 characters after the country code, got {len(number) - 2}",
        )
    if len(number) > MAX_LENGTH:
        fail(NAME, s, f"is {len(number)} characters long; at most {MAX_LENGTH} are allowed")
    check_alnum(number[2:], NAME, s, offset=2)
    return number


def is_valid(s: object) -> bool:
    """Whether ``s`` has the shape of an MID; never raises, whatever ``s`` is."""
    return predicate(validate, s)


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        fail(NAME, value, f"{field} must be a string, not {type(value).__name__}")
    return str.__str__(value)


def _country_code(country: object, province: object) -> str:
    code = clean(_text(country, "country"), NAME)
    if len(code) != 2 or _keep(code, LETTERS) != code:
        fail(NAME, country, "country must be a two-letter ISO 3166-1 code")
    if code != "CA":
        return code
    if province is None:
        fail(NAME, province, "province is required when country is 'CA'")
    found = _PROVINCES.get(_province_key(_text(province, "province")))
    if found is None:
        fail(NAME, province, "province is not a Canadian province or territory")
    return found


def _name_words(name: str) -> list[str]:
    """The words of a manufacturer's name that count, as the Appendix reads it."""
    # Each word carries whether it may be one of the ignored English words.
    words: list[tuple[str, bool]] = []
    initials: list[tuple[str, bool]] = []  # (letter, written with a period)

    def flush() -> None:
        if len(initials) > 1:
            # Two or more initials together are one word, even "A N" or "A.N.".
            words.append(("".join(letter for letter, _ in initials), False))
        elif initials:
            # A lone bare "A" is the English article; written "A." it is an initial.
            letter, dotted = initials[0]
            words.append((letter, not dotted))
        initials.clear()

    for token in _fold(name).split():
        # Punctuation is ignored, so "Rawles-Aden" is one word and "A.B.C." is "ABC".
        word = _keep(token, ALNUM)
        if len(word) == 1 and word in LETTERS:
            initials.append((word, "." in token))
        elif word:
            flush()
            words.append((word, True))
    flush()
    return [word for word, ignorable in words if not (ignorable and word in _IGNORED_WORDS)]


def _name_part(name: str) -> str:
    words = _name_words(name)
    if not words:
        fail(NAME, name, "name has no letters or digits to take the name part from")
    return "".join(word[:3] for word in words[:2])


def _street_part(street: str) -> str:
    text = _NUMBER_SEPARATOR.sub("", _fold(street))
    numbers = [m.group().lstrip("0") or "0" for m in _NUMBER.finditer(text)]
    if not numbers:
        return ""
    # Compare by length first: int() of a very long digit string is slow or refused.
    return max(numbers, key=lambda n: (len(n), n))[:4]


def _city_part(city: str) -> str:
    letters = _keep(_fold(city), LETTERS)
    if not letters:
        fail(NAME, city, "city has no letters to take the city part from")
    return letters[:3]


def build(name: str, street: str, city: str, country: str, *, province: str | None = None) -> str:
    """Construct the MID of a manufacturer from its name and address.

    ``street`` is the street address line, ``city`` the city and ``country`` the
    ISO 3166-1 alpha-2 code of the country of origin; for Canada (``"CA"``)
    ``province`` is required and may be a province code (``"XO"``), a Canada
    Post abbreviation (``"ON"``) or a name (``"Ontario"``, ``"Québec"``). It is
    not consulted for other countries. Accents are dropped (``"Müller"`` reads
    ``"MULLER"``); characters with no Latin letter or digit in them are ignored.
    A street line without a number contributes nothing.

    Raises :class:`~ctpat.errors.InvalidIdentifier` naming the field that
    cannot be used, with that field's value attached.

    >>> build(
    ...     'The Garment and Textiles Company Co. Ltd',
    ...     'No. 12345, Jalan Raya',
    ...     'Kuala Lumpur',
    ...     'my',
    ... )
    'MYGARTEX1234KUA'
    >>> build('Rawles-Aden Corp.', '7 12th Street', 'St. Michael', 'BB')
    'BBRAWCOR7STM'
    >>> build('Bergstrom', 'Hauptstrasse', 'Ulm', 'DE')
    'DEBERULM'
    """
    code = _country_code(country, province)
    name_part = _name_part(_text(name, "name"))
    street_part = _street_part(_text(street, "street"))
    city_part = _city_part(_text(city, "city"))
    return validate(code + name_part + street_part + city_part)
