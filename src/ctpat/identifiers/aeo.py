"""EU AEO authorisation number (Authorised Economic Operator).

An EU Member State that grants AEO status issues a decision whose reference
number is, in the numbers published and seen in practice, the issuing
country's ISO 3166-1 alpha-2 code, the authorisation type (``AEOC`` customs
simplifications, ``AEOS`` security and safety, ``AEOF`` both) and a national
serial. The EU's model AEO authorisation (Annex 7 of Delegated Regulation
(EU) 2016/341, the UCC transitional rules; before it Annex 1D of Regulation
(EEC) No 2454/93) says that the number "always starts with the ISO alpha-2
code of the issuing Member State" followed by AEOC, AEOS or AEOF, and that
the abbreviation "should be followed by the Member State's authorisation
number"; it does not fix the format of that national part. It is therefore
treated as opaque: letters and digits, which may be grouped by single slashes
as some published numbers are (``DE AEOF 00025/08``, a serial and what looks
like a two-digit year), with at most 35 characters in all (a generous bound
chosen here, not an official one).

More information:

* https://taxation-customs.ec.europa.eu/customs-4/aeo-authorised-economic-operator_en
* https://eur-lex.europa.eu/eli/reg_del/2016/341/oj (Annex 7)
* https://findok.bmf.gv.at/findok?execution=e100000s1&segmentId=482cf243-2a3c-4636-af58-ce65da3eab51

>>> from ctpat.identifiers import aeo
>>> aeo.validate('DE AEOF 123456')
'DEAEOF123456'
>>> aeo.authorisation_type('nl-aeoc-0012345')
'AEOC'
>>> aeo.country('FRAEOS000123')
'FR'
>>> aeo.validate('DE AEOF 00025/08')
'DEAEOF00025/08'
>>> aeo.validate('DEAEOX123')
Traceback (most recent call last):
    ...
ctpat.errors.InvalidIdentifier: invalid aeo 'DEAEOX123':
    authorisation type must be AEOC, AEOS or AEOF after the country code, got 'AEOX'
"""

from __future__ import annotations

from ctpat.identifiers._util import (
    ALNUM,
    check_country_prefix,
    clean,
    fail,
    first_bad,
    predicate,
)

__all__ = ["NAME", "TYPES", "authorisation_type", "compact", "country", "is_valid", "validate"]

NAME = "aeo"

#: The authorisation types; ``AEOF`` (full) is the holder of both ``AEOC`` and ``AEOS``.
TYPES = ("AEOC", "AEOS", "AEOF")

MAX_LENGTH = 35

_SERIAL = ALNUM | {"/"}


def compact(s: str) -> str:
    """The AEO number without whitespace, dashes or dots, upper-cased; slashes stay.

    Raises :class:`~ctpat.errors.InvalidIdentifier` for a value that is not a string.

    >>> compact('it aeof 0001-23')
    'ITAEOF000123'
    >>> compact('de aeof 00025/08')
    'DEAEOF00025/08'
    """
    return clean(s, NAME)


def validate(s: str) -> str:
    """Check the format of an AEO authorisation number and return it compacted.

    Raises :class:`~ctpat.errors.InvalidIdentifier` naming the first problem found.
    """
    number = compact(s)
    if not number:
        fail(NAME, s, "is empty")
    check_country_prefix(number, NAME, s)
    kind = number[2:6]
    if kind not in TYPES:
        fail(
            NAME,
            s,
            f"authorisation type must be AEOC, AEOS or AEOF after the country code, got {kind!r}",
        )
    if len(number) == 6:
        fail(NAME, s, "has no serial number after the authorisation type")
    if len(number) > MAX_LENGTH:
        fail(NAME, s, f"is {len(number)} characters long; at most {MAX_LENGTH} are allowed")
    serial = number[6:]
    # Slashes separate groups of the national number (serial/year); a slash
    # at either end or two in a row is a typing error, not a real number.
    if serial.startswith("/") or serial.endswith("/"):
        fail(NAME, s, "serial number must not start or end with '/'")
    if "//" in serial:
        fail(NAME, s, "serial number has '//'; slashes separate groups one at a time")
    bad = first_bad(serial, _SERIAL)
    if bad is not None:
        position, char = bad
        fail(
            NAME,
            s,
            f"serial number has {char!r} at position {position + 7}; "
            "only letters A-Z, digits 0-9 and single '/' are allowed",
        )
    return number


def is_valid(s: object) -> bool:
    """Whether ``s`` is a well-formed AEO authorisation number; never raises."""
    return predicate(validate, s)


def authorisation_type(s: str) -> str:
    """The authorisation type of a valid AEO number: ``"AEOC"``, ``"AEOS"`` or ``"AEOF"``.

    An ``AEOF`` holder holds both the ``AEOC`` and the ``AEOS`` components.
    Raises :class:`~ctpat.errors.InvalidIdentifier` for an invalid number.
    """
    return validate(s)[2:6]


def country(s: str) -> str:
    """The two-letter code of the country that issued a valid AEO number.

    Raises :class:`~ctpat.errors.InvalidIdentifier` for an invalid number.
    """
    return validate(s)[:2]
