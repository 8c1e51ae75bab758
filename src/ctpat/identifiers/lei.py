"""LEI (Legal Entity Identifier, ISO 17442).

The LEI identifies a legal entity taking part in financial transactions. It
has 20 characters: 18 letters or digits assigned by the issuing Local
Operating Unit, then two check digits computed with ISO 7064 MOD 97-10 over
the whole string, letters counting as two-digit numbers (``A`` = 10 ... ``Z``
= 35), as in an IBAN. A valid LEI leaves remainder 1 when divided by 97, and
its check digits lie between 02 and 98.

More information:

* https://www.gleif.org/en/about-lei/iso-17442-the-lei-code-structure
* https://www.iso.org/standard/78829.html

>>> from ctpat.identifiers import lei
>>> lei.validate('5493 001K JTII GC8Y 1R12')
'5493001KJTIIGC8Y1R12'
>>> lei.calc_check_digits('7LTWFZYICNSX8D621K')
'86'
>>> lei.format('hwupkr0mpou8fgxbt394')
'HWUP KR0M POU8 FGXB T394'
>>> lei.validate('5493001KJTIIGC8Y1R13')
Traceback (most recent call last):
    ...
ctpat.errors.InvalidIdentifier: invalid lei '5493001KJTIIGC8Y1R13':
    check digits do not match (expected '12', got '13')
"""

from __future__ import annotations

from ctpat.identifiers._util import check_alnum, clean, fail, predicate

__all__ = ["NAME", "calc_check_digits", "compact", "format", "is_valid", "validate"]

NAME = "lei"

LENGTH = 20


def compact(s: str) -> str:
    """The LEI without whitespace, dashes or dots, upper-cased.

    Raises :class:`~ctpat.errors.InvalidIdentifier` for a value that is not a string.

    >>> compact('5493-001k-jtii-gc8y-1r12')
    '5493001KJTIIGC8Y1R12'
    """
    return clean(s, NAME)


def _mod97(text: str) -> int:
    """``text`` read as a number (letters as 10..35) modulo 97.

    ``text`` must be ASCII letters and digits only: the caller has checked.
    """
    # Folding digit by digit keeps the numbers small and never builds a huge int.
    remainder = 0
    for char in text:
        value = int(char, 36)
        remainder = (remainder * (100 if value > 9 else 10) + value) % 97
    return remainder


def calc_check_digits(base: str) -> str:
    """The two check digits for the first 18 characters of an LEI.

    Raises :class:`~ctpat.errors.InvalidIdentifier` for a ``base`` that is not
    18 ASCII letters and digits (once compacted).

    >>> calc_check_digits('HWUPKR0MPOU8FGXBT3')
    '94'
    """
    text = compact(base)
    if len(text) != LENGTH - 2:
        fail(
            NAME,
            base,
            f"needs exactly {LENGTH - 2} characters to compute check digits, got {len(text)}",
        )
    check_alnum(text, NAME, base)
    return f"{98 - _mod97(text + '00'):02d}"


def validate(s: str) -> str:
    """Check an LEI's length, characters and check digits and return it compacted.

    Raises :class:`~ctpat.errors.InvalidIdentifier` naming the first problem found.
    """
    number = compact(s)
    if len(number) != LENGTH:
        fail(NAME, s, f"must be {LENGTH} characters long, got {len(number)}")
    check_alnum(number, NAME, s)
    digits = number[18:]
    if not digits.isdigit():
        fail(NAME, s, f"the last two characters must be check digits, got {digits!r}")
    expected = calc_check_digits(number[:18])
    if digits != expected:
        fail(NAME, s, f"check digits do not match (expected {expected!r}, got {digits!r})")
    return number


def is_valid(s: object) -> bool:
    """Whether ``s`` is a valid LEI; never raises, whatever ``s`` is."""
    return predicate(validate, s)


def format(s: str) -> str:
    """The LEI in groups of four characters, as printed on many registers.

    Raises :class:`~ctpat.errors.InvalidIdentifier` for an invalid LEI.
    """
    number = validate(s)
    return " ".join(number[i : i + 4] for i in range(0, LENGTH, 4))
