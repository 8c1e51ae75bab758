"""Helpers shared by the identifier modules (private).

Every check here works on ASCII explicitly: ``str.isalnum`` and ``str.upper``
accept or produce non-ASCII characters (``'²'.isalnum()``, ``'ı'.upper() ==
'I'``), which would let junk slip through as a valid-looking identifier.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any, NoReturn

from ctpat.errors import InvalidIdentifier

__all__ = [
    "ALNUM",
    "LETTERS",
    "as_str",
    "check_alnum",
    "check_country_prefix",
    "clean",
    "fail",
    "first_bad",
    "predicate",
    "validate_country_number",
]

LETTERS = frozenset(string.ascii_uppercase)
ALNUM = frozenset(string.ascii_uppercase + string.digits)

# Upper-cases ASCII letters only and deletes the separators people type.
_CLEAN = str.maketrans(string.ascii_lowercase, string.ascii_uppercase, "-.")


def fail(scheme: str, value: object, message: str) -> NoReturn:
    """Raise :class:`InvalidIdentifier` for ``scheme`` with ``value`` attached."""
    raise InvalidIdentifier(message, scheme=scheme, value=value)


def as_str(s: object, scheme: str) -> str:
    """``s`` as a plain ``str``, or raise :class:`InvalidIdentifier` for other types."""
    if not isinstance(s, str):
        fail(scheme, s, f"must be a string, not {type(s).__name__}")
    # A str subclass may override methods; work on an exact str copy.
    return str.__str__(s)


def clean(s: object, scheme: str) -> str:
    """``s`` with all whitespace, dashes and dots removed and ASCII letters upper-cased."""
    return "".join(as_str(s, scheme).split()).translate(_CLEAN)


def first_bad(text: str, allowed: frozenset[str]) -> tuple[int, str] | None:
    """Position and character of the first character of ``text`` not in ``allowed``."""
    for i, c in enumerate(text):
        if c not in allowed:
            return i, c
    return None


def check_alnum(text: str, scheme: str, value: object, *, offset: int = 0, what: str = "") -> None:
    """Raise unless every character of ``text`` is an ASCII letter or digit.

    ``offset`` is added to reported positions so that they count from the start
    of the whole compacted identifier, and ``what`` names the part checked.
    """
    bad = first_bad(text, ALNUM)
    if bad is not None:
        pos, char = bad
        part = f"{what} " if what else ""
        fail(
            scheme,
            value,
            f"{part}has {char!r} at position {pos + offset + 1}; "
            "only letters A-Z and digits 0-9 are allowed",
        )


def check_country_prefix(text: str, scheme: str, value: object) -> None:
    """Raise unless ``text`` starts with two ASCII letters (an ISO 3166-1 alpha-2 shape)."""
    prefix = text[:2]
    if len(prefix) < 2 or first_bad(prefix, LETTERS) is not None:
        fail(
            scheme,
            value,
            f"must start with a two-letter country code (A-Z), got {prefix!r}",
        )


def validate_country_number(s: object, scheme: str, *, max_national: int = 15) -> str:
    """Validate a two-letter country code followed by 1..``max_national`` letters or digits.

    Returns the compacted value; the shape shared by EORI and TCUIN.
    """
    number = clean(s, scheme)
    if not number:
        fail(scheme, s, "is empty")
    check_country_prefix(number, scheme, s)
    if len(number) == 2:
        fail(scheme, s, "has no identifier after the country code")
    if len(number) > 2 + max_national:
        fail(
            scheme,
            s,
            f"is {len(number)} characters long; at most {2 + max_national} "
            f"(country code + up to {max_national}) are allowed",
        )
    check_alnum(number[2:], scheme, s, offset=2)
    return number


def predicate(validate: Callable[[Any], object], s: object) -> bool:
    """Whether ``validate(s)`` succeeds; ``False`` when it raises InvalidIdentifier."""
    try:
        validate(s)
    except InvalidIdentifier:
        return False
    return True
