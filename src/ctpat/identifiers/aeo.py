"""EU AEO authorisation number (Authorised Economic Operator).

An EU Member State that grants AEO status issues a decision whose reference
number is, in the numbers published and seen in practice, the issuing
country's ISO 3166-1 alpha-2 code, the authorisation type (``AEOC`` customs
simplifications, ``AEOS`` security and safety, ``AEOF`` both) and a national
serial. No official text found fixes the format of the serial, so it is treated as opaque: one or more letters or digits, with at
most 35 characters in all (a generous bound chosen here, not an official one).

More information:

* https://taxation-customs.ec.europa.eu/customs-4/aeo-authorised-economic-operator_en

>>> from ctpat.identifiers import aeo
>>> aeo.validate('DE AEOF 123456')
'DEAEOF123456'
>>> aeo.authorisation_type('nl-aeoc-0012345')
'AEOC'
>>> aeo.country('FRAEOS000123')
'FR'
>>> aeo.validate('DEAEOX123')
Traceback (most recent call last):
    ...
ctpat.errors.InvalidIdentifier: invalid aeo 'DEAEOX123':
    authorisation type must be AEOC, AEOS or AEOF after the country code, got 'AEOX'
"""

from __future__ import annotations

from ctpat.identifiers._util import (
    check_alnum,
    check_country_prefix,
    clean,
    fail,
    predicate,
)

__all__ = ["NAME", "TYPES", "authorisation_type", "compact", "country", "is_valid", "validate"]

NAME = "aeo"

#: The authorisation types; ``AEOF`` (full) is the holder of both ``AEOC`` and ``AEOS``.
TYPES = ("AEOC", "AEOS", "AEOF")

MAX_LENGTH = 35


def compact(s: str) -> str:
    """The AEO number without whitespace, dashes or dots, upper-cased.

    >>> compact('it aeof 0001-23')
    'ITAEOF000123'
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
    check_alnum(number[6:], NAME, s, offset=6, what="serial number")
    return number


def is_valid(s: object) -> bool:
    """Whether ``s`` is a well-formed AEO authorisation number; never raises."""
    return predicate(validate, s)


def authorisation_type(s: str) -> str:
    """The authorisation type of a valid AEO number: ``"AEOC"``, ``"AEOS"`` or ``"AEOF"``.

    An ``AEOF`` holder holds both the ``AEOC`` and the ``AEOS`` components.
    """
    return validate(s)[2:6]


def country(s: str) -> str:
    """The two-letter code of the country that issued a valid AEO number."""
    return validate(s)[:2]
