"""EORI (Economic Operators Registration and Identification number).

The EORI number identifies an economic operator to the customs authorities of
the EU (Union Customs Code Art. 9). It is the ISO 3166-1 alpha-2 code of the
issuing country followed by up to 15 letters or digits, at most 17 characters
in all. The national part follows each country's own structure (often a VAT
or company-register number) and carries no common check digit, so this is a
format check only, accepting any two-letter prefix. The maximum length is
stated consistently by format guides but was not found in an official text.

The United Kingdom issues ``GB`` numbers and, for Northern Ireland, ``XI``
numbers, and HMRC states their shape: ``GB`` or ``XI`` followed by 12 to 15
digits (HMRC's "Check an EORI number" service rejects anything else). Those
two prefixes are held to that rule; every other prefix keeps the lenient EU
rule above.

More information:

* https://taxation-customs.ec.europa.eu/customs-4/customs-procedures-import-and-export/customs-procedures/economic-operators-registration-and-identification-number-eori_en
* https://www.gov.uk/check-eori-number

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
>>> eori.is_valid('GB12345678901')  # 11 digits: HMRC issues 12 to 15
False
"""

from __future__ import annotations

from ctpat.identifiers._util import clean, fail, predicate, validate_country_number

__all__ = ["NAME", "UK_PREFIXES", "compact", "is_valid", "validate"]

NAME = "eori"

#: The prefixes HMRC issues, held to its rule of 12 to 15 digits.
UK_PREFIXES = ("GB", "XI")
_UK_DIGITS = range(12, 16)


def compact(s: str) -> str:
    """The EORI without whitespace, dashes or dots, upper-cased.

    Raises :class:`~ctpat.errors.InvalidIdentifier` for a value that is not a string.

    >>> compact(' fr 123-456 ')
    'FR123456'
    """
    return clean(s, NAME)


def validate(s: str) -> str:
    """Check the format of an EORI and return it compacted.

    A two-letter country code, then 1 to 15 letters or digits; for ``GB``
    and ``XI`` exactly 12 to 15 digits (HMRC's rule). Raises
    :class:`~ctpat.errors.InvalidIdentifier` naming the first problem found.

    >>> validate('NL 123_456')
    Traceback (most recent call last):
        ...
    ctpat.errors.InvalidIdentifier: invalid eori 'NL 123_456':
        has '_' at position 6; only letters A-Z and digits 0-9 are allowed
    >>> validate('XI12345678901A')
    Traceback (most recent call last):
        ...
    ctpat.errors.InvalidIdentifier: invalid eori 'XI12345678901A':
        an XI EORI is XI and 12 to 15 digits (HMRC); has 'A' at position 14
    """
    number = validate_country_number(s, NAME)
    prefix, national = number[:2], number[2:]
    if prefix in UK_PREFIXES:
        article = "an" if prefix == "XI" else "a"
        rule = f"{article} {prefix} EORI is {prefix} and 12 to 15 digits (HMRC)"
        for position, char in enumerate(national, start=3):
            if not "0" <= char <= "9":
                fail(NAME, s, f"{rule}; has {char!r} at position {position}")
        if len(national) not in _UK_DIGITS:
            fail(NAME, s, f"{rule}; has {len(national)} digits")
    return number


def is_valid(s: object) -> bool:
    """Whether ``s`` is a well-formed EORI; never raises, whatever ``s`` is."""
    return predicate(validate, s)
