"""CTPAT SVI number (Status Verification Interface identifier).

CBP's Status Verification Interface lets certified CTPAT partners confirm one
another's participation. Each partner was given an SVI number in the CTPAT
Portal to quote to its business partners; CBP has never published a format
for it, and verification in the Portal has reportedly moved to
connection requests between partners. The number is therefore treated as
opaque: 1 to 35 letters or digits once whitespace, dashes and dots are
removed, upper-cased. No pattern or check digit is enforced.

More information:

* https://www.cbp.gov/border-security/ports-entry/cargo-security/ctpat

>>> from ctpat.identifiers import svi
>>> svi.validate('abc-1234-x')
'ABC1234X'
>>> svi.is_valid('12345678')
True
>>> svi.validate('ABC/123')
Traceback (most recent call last):
    ...
ctpat.errors.InvalidIdentifier: invalid svi 'ABC/123':
    has '/' at position 4; only letters A-Z and digits 0-9 are allowed
"""

from __future__ import annotations

from ctpat.identifiers._util import check_alnum, clean, fail, predicate

__all__ = ["NAME", "compact", "is_valid", "validate"]

NAME = "svi"

MAX_LENGTH = 35


def compact(s: str) -> str:
    """The SVI number without whitespace, dashes or dots, upper-cased.

    Raises :class:`~ctpat.errors.InvalidIdentifier` for a value that is not a string.

    >>> compact(' ab-12.cd ')
    'AB12CD'
    """
    return clean(s, NAME)


def validate(s: str) -> str:
    """Check that ``s`` is a plausible SVI number and return it compacted.

    Raises :class:`~ctpat.errors.InvalidIdentifier` naming the first problem found.
    """
    number = compact(s)
    if not number:
        fail(NAME, s, "is empty")
    if len(number) > MAX_LENGTH:
        fail(NAME, s, f"is {len(number)} characters long; at most {MAX_LENGTH} are allowed")
    check_alnum(number, NAME, s)
    return number


def is_valid(s: object) -> bool:
    """Whether ``s`` is a plausible SVI number; never raises, whatever ``s`` is."""
    return predicate(validate, s)
