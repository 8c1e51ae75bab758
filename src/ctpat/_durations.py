"""Durations: which ``relativedelta`` values a model holds, and their ISO 8601 text (private).

The models and the wire format share one rule: a duration is a whole number
of years, months and days (weeks are written as days), not negative and not
zero, with nothing else set (no hours, leap days or absolute fields). Every
duration a model accepts is therefore written as ISO 8601 text that reads
back equal, and nothing else is accepted.

>>> from dateutil.relativedelta import relativedelta
>>> to_iso(relativedelta(years=1, months=6))
'P1Y6M'
>>> from_iso("P2W") == relativedelta(days=14)
True
>>> period("within", "6m"), period("within", "P90D")
(relativedelta(months=+6), relativedelta(days=+90))
>>> describe(relativedelta(years=1, months=6))
'1 year and 6 months'
>>> check("expires_after", relativedelta(years=1, leapdays=1))
Traceback (most recent call last):
...
ctpat.errors.DataError: expires_after: only whole years, months and days are allowed (got relativedelta(years=+1, leapdays=+1))
"""

from __future__ import annotations

import datetime as dt
import re

from dateutil.relativedelta import relativedelta

from ctpat.errors import DataError

__all__ = ["Period", "check", "describe", "from_iso", "period", "to_iso"]

#: A period as the API takes it: a ``relativedelta``, a ``timedelta``, or text
#: as people write it ("90d", "6w", "3m", "1y", or ISO 8601 "P3M"), so that a
#: caller need not import dateutil.
Period = relativedelta | dt.timedelta | str

_SHORT = re.compile(r"(\d+)\s*([dwmy])", re.ASCII)
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}

_ISO = re.compile(
    r"P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?",
    re.ASCII,
)
# What a relativedelta may hold beside years, months and days: the wire format
# has no place for any of it.
_RELATIVE_ZERO = ("leapdays", "hours", "minutes", "seconds", "microseconds")
_ABSOLUTE = ("year", "month", "day", "weekday", "hour", "minute", "second", "microsecond")
_ZERO = relativedelta()


def _problem(delta: relativedelta) -> str | None:
    """Why ``delta`` cannot be written and read back equal, or ``None`` if it can."""
    if any(getattr(delta, name) is not None for name in _ABSOLUTE):
        return "absolute fields (a year, a weekday, ...) are not a duration"
    if any(getattr(delta, name) for name in _RELATIVE_ZERO):
        return "only whole years, months and days are allowed"
    years, months, days = delta.years, delta.months, delta.days
    if type(years) is not int or type(months) is not int or type(days) is not int:
        return "only whole years, months and days are allowed"
    if years < 0 or months < 0 or days < 0:
        return "must not be negative"
    return None


def check(field: str, value: object) -> None:
    """Raise :class:`DataError` naming ``field`` unless ``value`` is ``None`` or a
    duration of whole years, months and days that is neither negative nor zero.

    >>> check("review_every", relativedelta(years=1))
    >>> check("review_every", relativedelta(days=-1))
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: review_every: must not be negative (got relativedelta(days=-1))
    """
    if value is None:
        return
    if type(value) is not relativedelta:
        raise DataError.at(field, value, "must be a dateutil relativedelta or None")
    problem = _problem(value)
    if problem is not None:
        raise DataError.at(field, value, problem)
    if value == _ZERO:
        raise DataError.at(field, value, "must not be zero")


def from_iso(text: str) -> relativedelta:
    """Parse an ISO 8601 duration of whole years, months, weeks and days.

    Raises :class:`DataError` for any other text. ``"P0D"`` reads as the zero
    duration, which :func:`check` (and so every model) refuses.

    >>> from_iso("P4Y")
    relativedelta(years=+4)
    >>> from_iso("P1Y6M")
    relativedelta(years=+1, months=+6)
    """
    match = _ISO.fullmatch(text) if type(text) is str else None
    if match is None:
        raise DataError.at("", text, "not an ISO 8601 duration of years, months, weeks, days")
    parts = {key: int(value) for key, value in match.groupdict().items() if value is not None}
    weeks = parts.pop("weeks", 0)
    parts["days"] = parts.get("days", 0) + 7 * weeks
    return relativedelta(**parts)  # type: ignore[arg-type]


def to_iso(delta: relativedelta) -> str:
    """Format a duration of whole years, months and days as ISO 8601.

    Every duration :func:`check` accepts is written so that :func:`from_iso`
    reads it back equal. Raises :class:`DataError` for a value that could not
    be read back equal (hours, leap days, absolute or negative fields).

    >>> to_iso(relativedelta(years=5))
    'P5Y'
    >>> to_iso(relativedelta(days=90))
    'P90D'
    """
    problem = (
        "must be a dateutil relativedelta" if type(delta) is not relativedelta else _problem(delta)
    )
    if problem is not None:
        raise DataError.at("", delta, f"cannot be written as an ISO 8601 duration: {problem}")
    text = "P"
    for value, unit in ((delta.years, "Y"), (delta.months, "M"), (delta.days, "D")):
        if value:
            text += f"{value}{unit}"
    return text if text != "P" else "P0D"


def describe(delta: relativedelta) -> str:
    """A duration as people read it: ``"3 years"``, ``"1 year and 6 months"``, ``"90 days"``.

    Raises :class:`DataError` for a value :func:`to_iso` could not write either.

    >>> describe(relativedelta(years=3)), describe(relativedelta(days=90))
    ('3 years', '90 days')
    >>> describe(relativedelta(years=1, months=2, days=1))
    '1 year, 2 months and 1 day'
    """
    to_iso(delta)  # the same check: only what the wire format can hold is described
    parts = [
        f"{value} {unit}{'' if value == 1 else 's'}"
        for value, unit in ((delta.years, "year"), (delta.months, "month"), (delta.days, "day"))
        if value
    ]
    if not parts:
        return "0 days"
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def period(field: str, value: object) -> relativedelta | dt.timedelta:
    """``value`` as a period: a ``relativedelta`` or ``timedelta`` as it is, text
    ("90d", "6w", "3m", "1y", ISO 8601 "P1Y6M") read as a ``relativedelta``.

    The one rule for durations written as text, the command line's ``--within``
    included. Raises :class:`DataError` naming ``field`` for anything else
    (a zero or negative count in text included).
    """
    if type(value) is relativedelta or type(value) is dt.timedelta:
        return value
    if type(value) is not str:
        raise DataError.at(
            field, value, "must be a period: text such as 90d, 6w, 3m or 1y, or a timedelta"
        )
    text = value.strip().lower()
    short = _SHORT.fullmatch(text)
    if short is not None and int(short.group(1)) > 0:
        return relativedelta(**{_UNITS[short.group(2)]: int(short.group(1))})  # type: ignore[arg-type]
    if text.startswith("p"):
        try:
            found = from_iso(text.upper())
        except DataError:
            found = None
        if found is not None and found != _ZERO:
            return found
    raise DataError.at(field, value, "not a period such as 90d, 6w, 3m, 1y or P1Y6M")
