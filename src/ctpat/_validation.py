"""Field validators shared by the model classes (private).

Each raises :class:`ctpat.errors.DataError` naming the field and the value, so
that the same message reaches a caller who builds a model by hand and one who
loads it from JSON (where the converter prefixes the path).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable
from enum import Enum
from typing import Any, TypeVar

from ctpat._countries import COUNTRIES, TERRITORIES
from ctpat.errors import DataError

E = TypeVar("E", bound=Enum)


def text(field: str, value: object) -> None:
    """A non-empty string without surrounding white space."""
    if type(value) is not str or not value or value.strip() != value:
        raise DataError.at(field, value, "must be a non-empty string without surrounding spaces")


def optional_text(field: str, value: object) -> None:
    if value is not None:
        text(field, value)


def date(field: str, value: object) -> None:
    """A ``datetime.date`` that is not a ``datetime``."""
    if type(value) is not dt.date:
        kind = "a datetime" if isinstance(value, dt.datetime) else type(value).__name__
        raise DataError.at(field, value, f"must be a datetime.date, not {kind}")


def optional_date(field: str, value: object) -> None:
    if value is not None:
        date(field, value)


def country(field: str, value: object) -> None:
    if type(value) is not str or value not in COUNTRIES:
        raise DataError.at(field, value, "must be an ISO 3166-1 alpha-2 country code")


def territory(field: str, value: object) -> None:
    if type(value) is not str or value not in TERRITORIES:
        raise DataError.at(field, value, "must be an ISO 3166-1 alpha-2 code or 'EU'")


def member(field: str, value: object, enum: type[E]) -> None:
    if not isinstance(value, enum):
        allowed = ", ".join(repr(m.value) for m in enum)
        raise DataError.at(field, value, f"must be a {enum.__name__} ({allowed})")


def members(field: str, values: Iterable[Any], enum: type[E]) -> None:
    for value in values:
        member(field, value, enum)


def frozen_set(field: str, value: object) -> frozenset[Any]:
    """Accept any set or sequence but a string; keep it as a frozenset."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise DataError.at(field, value, "must be a set or a sequence, not a single value")
    try:
        return frozenset(value)
    except TypeError:  # a member that cannot be in a set: a list, a dict
        members = list(value)
        bad = next(m for m in members if not isinstance(m, Hashable) or _unhashable(m))
        raise DataError.at(field, bad, "each member must be a single value") from None


def _unhashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return True
    return False


def a_tuple(field: str, value: object) -> tuple[Any, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise DataError.at(field, value, "must be a sequence, not a single value")
    return tuple(value)
