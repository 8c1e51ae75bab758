"""EORI (Economic Operators Registration and Identification number).

The EORI number identifies an economic operator to the customs authorities of
the EU (Union Customs Code Art. 9). It is the ISO 3166-1 alpha-2 code of the
issuing country followed by up to 15 letters or digits, at most 17 characters
in all. The national part follows each country's own structure (often a VAT
or company-register number) and carries no common check digit, so this is a
format check only. The United Kingdom issues ``GB`` numbers and, for Northern
Ireland, ``XI`` numbers; both are accepted, as is any other two-letter prefix.
The maximum length is stated consistently by format guides but was not found
in an official text.

More information:

* https://taxation-customs.ec.europa.eu/customs-4/customs-procedures-import-and-export/customs-procedures/economic-operators-registration-and-identification-number-eori_en

>>> from ctpat.identifiers import eori
>>> eori.validate('DE 1234567890123')
'DE1234567890123'
>>> eori.compact('gb-123.456.789.000')
'GB123456789000'
>>> eori.is_valid('XI123456789000')
True
>>> eori.validate('123456789')
Traceback (most recent call last):
    ...
ctpat.errors.InvalidIdentifier: invalid eori '123456789':
    must start with a two-letter country code (A-Z), got '12'
"""

from __future__ import annotations

from ctpat.identifiers._util import clean, predicate, validate_country_number

__all__ = ["NAME", "compact", "is_valid", "validate"]

NAME = "eori"


def compact(s: str) -> str:
    """The EORI without whitespace, dashes or dots, upper-cased.

    >>> compact(' fr 123-456 ')
    'FR123456'
    """
    return clean(s, NAME)


def validate(s: str) -> str:
    """Check the format of an EORI and return it compacted.

    A two-letter country code, then 1 to 15 letters or digits. Raises
    :class:`~ctpat.errors.InvalidIdentifier` naming the first problem found.

    >>> validate('NL 123_456')
    Traceback (most recent call last):
        ...
    ctpat.errors.InvalidIdentifier: invalid eori 'NL 123_456':
        has '_' at position 6; only letters A-Z and digits 0-9 are allowed
    """
    return validate_country_number(s, NAME)


def is_valid(s: object) -> bool:
    """Whether ``s`` is a well-formed EORI; never raises, whatever ``s`` is."""
    return predicate(validate, s)
