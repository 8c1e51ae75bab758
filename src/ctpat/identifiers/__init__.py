"""Identifier schemes: one small module per scheme, in the python-stdnum style.

Each module (:mod:`~ctpat.identifiers.eori`, :mod:`~ctpat.identifiers.aeo`,
:mod:`~ctpat.identifiers.svi`, :mod:`~ctpat.identifiers.mid`,
:mod:`~ctpat.identifiers.lei`, :mod:`~ctpat.identifiers.tcuin`) has a
``NAME``, ``compact(s)`` (separators removed, upper-cased), ``validate(s)``
(the normalised value, or :class:`~ctpat.errors.InvalidIdentifier` naming the
precise problem) and ``is_valid(s)``, which never raises. :class:`IdentifierScheme`
describes that shape and :data:`SCHEMES` maps each ``NAME`` to its module.

>>> from ctpat.identifiers import SCHEMES, normalize
>>> sorted(SCHEMES)
['aeo', 'eori', 'lei', 'mid', 'svi', 'tcuin']
>>> normalize('eori', 'de 123456789')
'DE123456789'
>>> normalize('duns', ' 15-048-3782 ')
'15-048-3782'
>>> normalize('lei', '5493001KJTIIGC8Y1R13')
Traceback (most recent call last):
    ...
ctpat.errors.InvalidIdentifier: invalid lei '5493001KJTIIGC8Y1R13':
    check digits do not match (expected '12', got '13')
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Protocol

from ctpat.identifiers import aeo, eori, lei, mid, svi, tcuin
from ctpat.identifiers._util import as_str, fail

__all__ = [
    "SCHEMES",
    "IdentifierScheme",
    "aeo",
    "eori",
    "lei",
    "mid",
    "normalize",
    "svi",
    "tcuin",
]


class IdentifierScheme(Protocol):
    """The shape of an identifier module such as :mod:`ctpat.identifiers.eori`.

    A module is accepted wherever an ``IdentifierScheme`` is expected, so code
    (and tests) can treat every scheme alike:

    >>> from ctpat.identifiers import IdentifierScheme, lei
    >>> scheme: IdentifierScheme = lei
    >>> scheme.is_valid(None)
    False
    """

    @property
    def NAME(self) -> str:
        """The scheme's name, also its key in :data:`SCHEMES`."""

    def compact(self, s: str) -> str:
        """``s`` with separators removed and letters upper-cased, unchecked."""

    def validate(self, s: str) -> str:
        """The normalised identifier, or raise :class:`~ctpat.errors.InvalidIdentifier`."""

    def is_valid(self, s: object) -> bool:
        """Whether ``s`` is a valid identifier of this scheme; never raises."""


_SCHEMES: dict[str, IdentifierScheme] = {
    aeo.NAME: aeo,
    eori.NAME: eori,
    lei.NAME: lei,
    mid.NAME: mid,
    svi.NAME: svi,
    tcuin.NAME: tcuin,
}

#: Every scheme this package checks, keyed by its ``NAME``.
SCHEMES: Mapping[str, IdentifierScheme] = MappingProxyType(_SCHEMES)


def normalize(scheme: str, value: str) -> str:
    """``value`` validated and normalised by the scheme called ``scheme``.

    ``scheme`` is matched case-insensitively against :data:`SCHEMES`. A scheme
    this package does not know (``"duns"``, ``"scac"``, ...) is stored as given,
    upper-cased with all whitespace removed; only an empty value is refused.
    Raises :class:`~ctpat.errors.InvalidIdentifier`, also for a ``scheme``
    that is not a non-empty string.
    """
    if type(scheme) is not str or not scheme.strip():
        fail("identifier", scheme, "the scheme must be a non-empty name such as 'eori'")
    known = SCHEMES.get(scheme.lower())
    if known is not None:
        return known.validate(value)
    text = "".join(as_str(value, scheme).split()).upper()
    if not text:
        fail(scheme, value, "is empty")
    return text
