"""TCUIN (third-country unique identification number).

Under its mutual recognition agreements the EU receives data about the partner
country's trusted traders keyed by a "third-country unique identification
number": the identifier the partner's customs administration gives the
operator, recorded alongside (or instead of) an EORI. No official text found
fixes its format, so this module assumes the EORI shape and checks that only:
the ISO 3166-1 alpha-2 code of the partner country, then 1 to 15 letters or
digits (at most 17 in all). That is a modelling choice, not an official rule;
relax it when a real number breaks it. The WCO guidelines below discuss a
common trader identification number for exchanging AEO data.

More information:

* https://taxation-customs.ec.europa.eu/customs-4/customs-procedures-import-and-export/customs-procedures/economic-operators-registration-and-identification-number-eori_en
* WCO Guidelines on Trader Identification Number (June 2018), copy at
  https://fdocuments.in/document/guidelines-on-trader-identification-number-en.html

>>> from ctpat.identifiers import tcuin
>>> tcuin.validate('JP 151-1234567890')
'JP1511234567890'
>>> tcuin.is_valid('US12-3456789')
True
>>> tcuin.validate('CN')
Traceback (most recent call last):
    ...
ctpat.errors.InvalidIdentifier: invalid tcuin 'CN': has no identifier after the country code
"""

from __future__ import annotations

from ctpat.identifiers._util import clean, predicate, validate_country_number

__all__ = ["NAME", "compact", "is_valid", "validate"]

NAME = "tcuin"


def compact(s: str) -> str:
    """The TCUIN without whitespace, dashes or dots, upper-cased.

    Raises :class:`~ctpat.errors.InvalidIdentifier` for a value that is not a string.

    >>> compact('ch.123.456')
    'CH123456'
    """
    return clean(s, NAME)


def validate(s: str) -> str:
    """Check the format of a TCUIN and return it compacted.

    Raises :class:`~ctpat.errors.InvalidIdentifier` naming the first problem found.
    """
    return validate_country_number(s, NAME)


def is_valid(s: object) -> bool:
    """Whether ``s`` is a well-formed TCUIN; never raises, whatever ``s`` is."""
    return predicate(validate, s)
